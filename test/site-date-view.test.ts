// dateView (site/view/shared.ts) keeps each locale's formatted dates: a site shows one date in many
// places (a thread's last post in its row and in every Similar Threads table that lists it), and
// every thread page's fingerprint makes those tables. Each date is checked and formatted once.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { loadCatalogue } from "../src/i18n/catalogue.ts";
import { Locale } from "../src/i18n/locale.ts";
import { isIsoDate } from "../src/site/format.ts";
import { dateView, postDateView } from "../src/site/view/shared.ts";

describe("dateView", () => {
  it("formats a date once per locale, however often it is shown", () => {
    const english = new Locale("en", loadCatalogue("en").catalogue);
    const german = new Locale("de", loadCatalogue("de").catalogue);
    const formatted = vi.spyOn(english, "date");
    for (let i = 0; i < 3; i++) {
      // A string made anew each time, as each record's date is.
      expect(dateView(english, ["2009-05-09", "T09:27"].join(""))).toEqual({
        iso: "2009-05-09T09:27",
        text: "9 May 2009, 09:27",
      });
    }
    expect(formatted).toHaveBeenCalledTimes(1);
    // Another locale's own month names, not the first's text.
    expect(dateView(german, "2009-05-09T09:27")).toEqual({ iso: "2009-05-09T09:27", text: "9. Mai 2009, 09:27" });
  });

  it("shows what it cannot read as written, or the fallback, every time", () => {
    const english = new Locale("en", loadCatalogue("en").catalogue);
    for (let i = 0; i < 2; i++) {
      expect(dateView(english, "Yesterday, 09:27 PM")).toEqual({ text: "Yesterday, 09:27 PM" });
      expect(dateView(english, "2009-13-45")).toEqual({ text: "2009-13-45" });
      expect(dateView(english, undefined, "05-09-2009")).toEqual({ text: "05-09-2009" });
      expect(dateView(english, "", "05-09-2009")).toEqual({ text: "05-09-2009" });
    }
  });
});

describe("dateView of a date-time as posts have it", () => {
  // Digits of every value, out-of-range months, days, hours, minutes, seconds and zones included.
  const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, "0"));
  const value = fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, "0")),
      fc.tuple(two, two, two, two, two),
      fc.oneof(
        fc.constant("Z"),
        fc.tuple(fc.constantFrom("+", "-"), two, two).map(([sign, h, m]) => `${sign}${h}:${m}`),
        fc.constantFrom("", "z", "+0530", ".000Z", "+05:3x"),
      ),
    )
    .map(
      ([year, [month, day, hours, minutes, seconds], zone]) =>
        `${year}-${month}-${day}T${hours}:${minutes}:${seconds}${zone}`,
    );

  it("shows what checking and formatting the whole date shows, for any digits and zone", () => {
    const english = new Locale("en", loadCatalogue("en").catalogue);
    const german = new Locale("de", loadCatalogue("de").catalogue);
    fc.assert(
      fc.property(value, fc.boolean(), (date, inGerman) => {
        const locale = inGerman ? german : english;
        const expected = isIsoDate(date) ? { iso: date, text: locale.date(date) } : { text: date };
        expect(dateView(locale, date)).toEqual(expected);
        expect(postDateView(locale, { postedAt: date, postedAtText: "as written" })).toEqual(
          isIsoDate(date) ? expected : { text: date },
        );
      }),
      { numRuns: process.env.CI ? 2000 : 500 },
    );
    expect(dateView(english, "2009-05-09T09:27:00-05:00")).toEqual({
      iso: "2009-05-09T09:27:00-05:00",
      text: "9 May 2009, 09:27",
    });
    expect(postDateView(english, { postedAt: "yesterday", postedAtText: "Yesterday, 09:27" })).toEqual({
      text: "yesterday",
    });
  });
});
