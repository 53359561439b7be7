// dateValue() reads a date with one regular expression and one Date.parse (issue 15: every post is
// sorted by it); it must give what the rule it replaces gives: isIsoDate first, then the parse.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dateValue, isIsoDate } from "../src/site/format.ts";

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function reference(value: string | undefined): number {
  if (!value || !isIsoDate(value)) return Number.NEGATIVE_INFINITY;
  const m = ISO_LOCAL.exec(value);
  return Date.parse(m && m[4] !== undefined && m[6] === undefined ? `${value}Z` : value);
}

const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, "0"));
// Fields in and out of range (month 13, 30 February, hour 24, minute 60), zones real and not.
const iso = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, "0")),
    two,
    two,
    fc.option(fc.tuple(two, two, fc.option(fc.tuple(two, fc.option(fc.constantFrom(".5", ".123", ".0000001")))))),
    fc.option(fc.constantFrom("Z", "+00:00", "-07:00", "+14:00", "+99:99", "-24:00", "+05:30")),
  )
  .map(([y, mo, d, time, zone]) => {
    if (!time) return `${y}-${mo}-${d}`;
    const [h, mi, sec] = time;
    const seconds = sec ? `:${sec[0]}${sec[1] ?? ""}` : "";
    return `${y}-${mo}-${d}T${h}:${mi}${seconds}${zone ?? ""}`;
  });

describe("dateValue", () => {
  it("reads a zone-less date-time as UTC and an unreadable one as the oldest", () => {
    expect(dateValue("2009-12-20T10:00")).toBe(Date.UTC(2009, 11, 20, 10, 0));
    expect(dateValue("2009-13-20T10:00")).toBe(Number.NEGATIVE_INFINITY);
    expect(dateValue(undefined)).toBe(Number.NEGATIVE_INFINITY);
  });

  it("gives what isIsoDate and Date.parse give, for dates in and out of range", () => {
    fc.assert(
      fc.property(fc.oneof(iso, fc.string({ maxLength: 20 })), (value) => {
        expect(dateValue(value)).toBe(reference(value));
      }),
      { numRuns: process.env.CI ? 1000 : 500 },
    );
  });
});
