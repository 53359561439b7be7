// Similar threads' words of an ASCII text (archive/similar-text.ts, forEachWord) are read by character codes,
// not the Unicode pattern: the words must be the pattern's, in order, for any text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { words } from "../src/archive/similar-text.ts";

/** The words as the Unicode pattern finds them (forEachWord's rule, written out): letters and digits,
 *  contractions cut at the apostrophe, URLs dropped, a word of 2 to 40 characters with a letter in it. */
function patternWords(text: string): string[] {
  const withoutUrls = text.replace(/\b(?:https?:\/\/|www\.)\S+/giu, " ");
  const found: string[] = [];
  for (const match of withoutUrls.matchAll(/([\p{L}\p{N}]+)(?:['’][\p{L}]+)*/gu)) {
    const word = match[1]!;
    if (word.length >= 2 && word.length <= 40 && /\p{L}/u.test(word)) found.push(word);
  }
  return found;
}

describe("the words of an ASCII text", () => {
  it("are its runs of letters and digits with a letter, contractions cut, numbers, URLs and single letters dropped", () => {
    expect(words("I don't think 42 is x9's answer, see http://a.example/x or rock'n'roll 3rd")).toEqual([
      "don",
      "think",
      "is",
      "x9",
      "answer",
      "see",
      "or",
      "rock",
      "3rd",
    ]);
    // An apostrophe not followed by a letter ends the word; the digits after a contraction start the next.
    expect(words("it' s can't5x o'")).toEqual(["it", "can", "5x"]);
    expect(words(`${"a".repeat(40)} ${"b".repeat(41)}`)).toEqual(["a".repeat(40)]);
  });

  it("are the Unicode pattern's words, for any text of ASCII (and with a curly apostrophe or an umlaut)", () => {
    const pieces = fc.constantFrom(..."aZm09 '’.-_,!\n\t".split(""), "ü", "http://", "www.", "x1", "'t", "’s");
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (list) => {
        const text = list.join("");
        expect(words(text)).toEqual(patternWords(text));
      }),
      { numRuns: 2000 },
    );
    const ascii = fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((code) => String.fromCharCode(code)) });
    fc.assert(
      fc.property(ascii, (text) => {
        expect(words(text)).toEqual(patternWords(text));
      }),
      { numRuns: 2000 },
    );
  });
});
