// excerpt() collapses only as much of a text's white space as the cut needs (issue 15: author pages
// excerpt every post of the archive); it must give exactly what collapsing the whole text gives.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { excerpt } from "../src/site/render.ts";

/** The rule over the whole text, as written before the fast path. */
function reference(text: string, max = 280): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

// Every character `\s` matches (ECMAScript's white space and line terminators) and some it does not
// (U+180E, U+200B: no longer or never white space).
const SPACES = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
const NOT_SPACES = ["\u180e", "\u200b", "\u0085", "\u0008", "\u000e", "\u001f", "\u2060"];

// Words, runs of white space of every kind (a whole prefix of it too), and characters outside the BMP,
// whose halves a cut may separate.
const piece = fc.oneof(
  fc.constantFrom("word", "longerword", "a", "\u00a0", "\u3000", "😀", "é", "\n\n", "\t", ...NOT_SPACES),
  fc.string({ unit: fc.constantFrom(...SPACES), maxLength: 6 }),
  fc.string({ unit: fc.constantFrom(" ", "\n", "\r", "\t", "\u2028"), maxLength: 40 }),
  fc.string({ maxLength: 12 }),
);
const text = fc.array(piece, { maxLength: 400 }).map((parts) => parts.join(""));

describe("excerpt", () => {
  it("cuts a long text on a word boundary, white space collapsed", () => {
    const long = `  First   words\n\nof a post ${"padding ".repeat(200)}`;
    expect(excerpt(long, 20)).toBe("First words of a…");
    expect(excerpt(`${" ".repeat(500)}short`, 20)).toBe("short");
  });

  it("gives what collapsing the whole text gives, for any text and length", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 300 }), (t, max) => {
        expect(excerpt(t, max)).toBe(reference(t, max));
      }),
      { numRuns: process.env.CI ? 1000 : 300 },
    );
  });
});
