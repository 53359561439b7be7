// excerpt() collapses the whitespace of a prefix only when that settles the cut (issue 15: author
// pages excerpt fifty posts each); it must give exactly what collapsing the whole text gives.
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

// Words, runs of white space of every kind (a whole prefix of it too), and characters outside the BMP,
// whose halves a cut may separate.
const piece = fc.oneof(
  fc.constantFrom("word", "longerword", "a", "\u00a0", "\u3000", "😀", "é", "\n\n", "\t"),
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
