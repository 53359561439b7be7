// isoOf writes every post's date: its digit-by-digit fast path says what the Date's own ISO text
// says, for any time and zone (years outside 0–9999 take the Date's extended form).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoOf, isoOfSlow } from "../src/input/vbulletin-db/threads.ts";

describe("isoOf", () => {
  it("gives the Date's ISO text in the zone for any Unix time and offset", () => {
    const zone = fc.integer({ min: -14 * 60, max: 14 * 60 }).map((offsetMinutes) => ({ label: "", offsetMinutes }));
    const seconds = fc.oneof(
      fc.integer({ min: -62_200_000_000, max: 253_500_000_000 }),
      fc.integer({ min: 0, max: 2_000_000_000 }),
      fc.double({ min: -1e10, max: 1e10, noNaN: true }),
    );
    fc.assert(
      fc.property(seconds, zone, (time, at) => {
        expect(isoOf(time, at)).toBe(isoOfSlow(time, at));
      }),
      { numRuns: 2000 },
    );
    expect(isoOf(1241886420, { label: "GMT -5", offsetMinutes: -300 })).toBe("2009-05-09T11:27:00-05:00");
    expect(isoOf(0, { label: "GMT", offsetMinutes: 0 })).toBe("1970-01-01T00:00:00Z");
  });
});
