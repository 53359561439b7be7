// parseForumDate reads the common numeric dates ("05-09-2009, 09:27 AM") with a scanner instead of
// its regular expressions (issue 15, speed). The scanner must answer exactly as the expressions do:
// on generated date-like text (numeric dates near and off the narrow form it reads, with other
// white space, separators, prefixes, times and junk) both paths give the same result, in every
// context, and looksLikeDate agrees with the expressions alone.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  looksLikeDate,
  looksLikeDateByShapes,
  parseForumDate,
  parseForumDateByShapes,
  type DateContext,
} from "../src/parse/dates.ts";

const NUM_RUNS = process.env.CI ? 1000 : 300;

/** A number as a board or damage may write it: 1 to 5 digits, leading zeros or not, sometimes out of range. */
const digits = (max: number) =>
  fc.oneof(
    fc.integer({ min: 0, max }).map(String),
    fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0")),
    fc.stringMatching(/^\d{1,5}$/),
  );
const year = fc.oneof(fc.integer({ min: 1900, max: 2099 }).map(String), fc.stringMatching(/^\d{3,5}$/));
const mark = fc.constantFrom("-", ".", "/", "-", "-", ":", " ");
const numericDay = fc.oneof(
  fc.tuple(digits(40), mark, digits(40), mark, year).map((parts) => parts.join("")),
  // Year first ("2016-02-01"), with other marks now and then.
  fc.tuple(year, mark, digits(14), mark, digits(40)).map((parts) => parts.join("")),
);
const separator = fc.constantFrom(", ", " ", ",", ",  ", "  ", "\t", " at ", " um ", " around ", " à ", "at", ", at ");
const clock = fc.oneof(
  fc.tuple(digits(25), fc.constantFrom(":", ":", "h", "."), digits(70)).map((parts) => parts.join("")),
  fc.tuple(digits(25), fc.constantFrom(":"), digits(70), fc.constantFrom(":"), digits(70)).map((p) => p.join("")),
);
const half = fc.constantFrom(
  "",
  "",
  " AM",
  " PM",
  "AM",
  "pm",
  " am",
  " aM",
  " A.M.",
  " p.m.",
  " Uhr",
  " xm",
  " AMM",
  "  PM",
);
const time = fc.tuple(separator, clock, half).map((parts) => parts.join(""));
const around = fc.constantFrom("", "", "", " ", "\u00a0", "Posted ", "Posted: ", "Geschrieben am ", "Old ", "x", ".");
const dateLike = fc.oneof(
  fc.tuple(around, numericDay, fc.option(time, { nil: "" }), around).map((parts) => parts.join("")),
  // Narrow-form dates exactly, so the scanner answers often.
  fc
    .tuple(digits(31), fc.constantFrom("-", ".", "/"), digits(31), year, fc.option(time, { nil: "" }))
    .map(([a, m, b, y, t]) => `${a}${m}${b}${m}${y}${t}`),
  fc.string({ unit: fc.constantFrom(..."0123456789-./:, APMapm\t"), maxLength: 30 }),
);
const context: fc.Arbitrary<DateContext> = fc.record(
  {
    offsetMinutes: fc.integer({ min: -720, max: 840 }),
    captured: fc.constantFrom("2020-03-02", "2009-05-09", "not a date"),
    dayFirstDashes: fc.boolean(),
    slashDates: fc.constantFrom("dmy" as const, "mdy" as const),
  },
  { requiredKeys: [] },
);

describe("the numeric date scanner answers as the date shapes' expressions do", () => {
  it("parseForumDate equals parseForumDateByShapes on date-like text in any context", () => {
    fc.assert(
      fc.property(dateLike, context, (text, dates) => {
        expect(parseForumDate(text, dates)).toEqual(parseForumDateByShapes(text, dates));
      }),
      { numRuns: NUM_RUNS * 10 },
    );
  });

  it("looksLikeDate equals looksLikeDateByShapes", () => {
    fc.assert(
      fc.property(dateLike, (text) => {
        expect(looksLikeDate(text)).toBe(looksLikeDateByShapes(text));
      }),
      { numRuns: NUM_RUNS * 10 },
    );
  });

  it("reads the dump's own shapes (written from the dates themselves)", () => {
    expect(parseForumDate("05-09-2009, 09:27 AM", { offsetMinutes: -420 })).toEqual({
      ok: true,
      iso: "2009-05-09T09:27:00-07:00",
    });
    expect(parseForumDate("12-20-2009 at 07:25 PM")).toEqual({ ok: true, iso: "2009-12-20T19:25:00" });
    expect(parseForumDate("10-11-2012, 14:21", { dayFirstDashes: true })).toEqual({
      ok: true,
      iso: "2012-11-10T14:21:00",
    });
    expect(parseForumDate("2016-02-01, 02:21:09")).toEqual({ ok: true, iso: "2016-02-01T02:21:09" });
    expect(parseForumDate("09.05.2009")).toEqual({ ok: true, iso: "2009-05-09T00:00:00" });
    expect(parseForumDate("13:45 PM 05-09-2009").ok).toBe(false);
    expect(parseForumDate("05-09-2009, 13:27 PM")).toEqual({
      ok: false,
      problem: '"05-09-2009, 13:27 PM" has hour 13 with PM',
    });
    expect(parseForumDate("02-30-2009, 09:27 AM")).toEqual({
      ok: false,
      problem: '"02-30-2009, 09:27 AM" is not a valid date',
    });
  });
});
