// Issue 15 (speed): an author card's "Label: value" lines are read in place (the label found without a copy,
// the post count read digit by digit). What the card gives must be what the rule says, written out here
// with regular expressions: a post count is digits, or one to three digits then groups of three after
// `,` `.` `'` `’` or a space; "n/a" (and the packs' other words for it) makes the author a guest; anything
// else is kept in a warning.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LANGUAGE_PACKS } from "../src/parse/language.ts";
import { matchCardField, matchCardFieldSpan } from "../src/parse/phrases.ts";
import { parseVbulletinText, postCountOf } from "../src/parse/vbulletin-text.ts";

const NUM_RUNS = process.env.CI ? 2000 : 500;

/** The rule, as the parser stated it before it read counts in place. */
function countByRule(value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  if (/^\d{1,3}(?:[,.'’ ]\d{3})+$/.test(value)) return Number(value.replace(/\D/g, ""));
  return undefined;
}

const countPiece = fc.oneof(
  fc.constantFrom("0", "7", "12", "221", "1234", "9999999999999999999", ",", ".", "'", "’", " ", "-", "+"),
  fc.constantFrom("n/a", "N/A", "k.A.", "e3", "x", "٣", "\u00a0"),
  fc.integer({ min: 0, max: 999 }).map(String),
);
const countText = fc.array(countPiece, { maxLength: 7 }).map((pieces) => pieces.join(""));

/** A one-post dump whose card shows `cardLines`. */
const dumpWithCard = (...cardLines: string[]): string =>
  [
    "Iron Commons",
    "Go Back   Iron Commons > Training > Running",
    "Old 05-09-2009, 09:27 AM   #1",
    "Kieran Barry",
    "Member Kieran Barry is offline",
    ...cardLines,
    "Default Back spasms",
    "",
    "My back hurts.",
    "Reply With Quote",
  ].join("\n");

describe("post counts read in place", () => {
  it("are what the rule gives, or -1 where it gives none", () => {
    fc.assert(
      fc.property(countText, fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), (value, before, after) => {
        const text = `${before}${value}${after}`;
        const expected = countByRule(value);
        expect(postCountOf(text, before.length, before.length + value.length)).toBe(expected ?? -1);
      }),
      { numRuns: NUM_RUNS * 5 },
    );
    expect(postCountOf("Posts: 12,221", 7, 13)).toBe(12221);
    expect(postCountOf("1’234 567", 0, 9)).toBe(1234567);
    expect(postCountOf("12,34", 0, 5)).toBe(-1);
    expect(postCountOf("1234,567", 0, 8)).toBe(-1);
    expect(postCountOf("1,234,", 0, 6)).toBe(-1);
    expect(postCountOf("", 0, 0)).toBe(-1);
    // Past 15 digits, what Number() of the digits gives.
    expect(postCountOf("12,345,678,901,234,567", 0, 22)).toBe(Number("12345678901234567"));
  });

  it("give the card's count, guest mark or warning as the rule says", () => {
    fc.assert(
      fc.property(countText, (value) => {
        const page = parseVbulletinText(dumpWithCard(`Posts: ${value}`), "card.txt");
        const author = page.posts[0]!.author;
        // The dump's lines have their no-break spaces made spaces (text-lines.ts).
        const trimmed = value.replaceAll("\u00a0", " ").trim();
        const notApplicable = LANGUAGE_PACKS.some((pack) => pack.notApplicable.includes(trimmed));
        const count = countByRule(trimmed);
        expect(author.postCount).toBe(notApplicable ? undefined : count);
        expect(author.guest).toBe(notApplicable ? true : undefined);
        const warned = page.warnings.some((warning) => warning.message.startsWith(`post count "${trimmed}"`));
        expect(warned).toBe(!notApplicable && count === undefined);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("never stand for a pack's 'not applicable' word (those are read first in the rule)", () => {
    for (const pack of LANGUAGE_PACKS) for (const word of pack.notApplicable) expect(countByRule(word)).toBeUndefined();
  });
});

describe("card labels found in place", () => {
  const labels = LANGUAGE_PACKS.flatMap((pack) => [
    ...pack.joinDate,
    ...pack.location,
    ...pack.posts,
    ...pack.profile,
    ...pack.otherCardFields,
  ]);
  const labelPiece = fc.oneof(
    fc.constantFrom(...labels),
    fc.constantFrom(...labels).map((label) => label.toUpperCase()),
    fc.constantFrom(" ", "\t", "\u00a0", ":", "x", "\u2028"),
  );

  it("tell the field, colon and value that the copies of them did", () => {
    fc.assert(
      fc.property(fc.array(labelPiece, { maxLength: 5 }), fc.string({ maxLength: 8 }), (pieces, rest) => {
        const text = `${pieces.join("")}${rest}`;
        const colon = text.indexOf(":");
        const label = colon < 0 ? "" : text.slice(0, colon).trim();
        const byRule = labels.find((known) => known.toLowerCase() === label.toLowerCase());
        const value = text.slice(colon + 1).trimStart();
        const field = matchCardField(text);
        if (colon < 2 || colon > 40 || byRule === undefined || /[\n\r\u2028\u2029]/.test(value)) {
          expect(field).toBeUndefined();
          expect(matchCardFieldSpan(text)).toBeUndefined();
          return;
        }
        expect(field).toMatchObject({ label, value: value.trimEnd() });
      }),
      { numRuns: NUM_RUNS * 5 },
    );
  });

  it("read a join date and a location from the card", () => {
    const page = parseVbulletinText(dumpWithCard("Join Date: Apr 2008", "Location:\tBrooklyn\u00a0 NY "), "card.txt");
    expect(page.posts[0]!.author).toMatchObject({ joinDate: "2008-04", location: "Brooklyn NY" });
  });
});
