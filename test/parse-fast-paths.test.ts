// Issue 15 (speed): rules the parser now answers without the slower code they stand in for must
// give that code's answers. mayBeHtml lets a file skip looksLikeHtml (a copy of its first kilobyte,
// decoded and lower-cased) only where looksLikeHtml says no; isTrimmedSpace is the set of code units
// String.prototype.trim removes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { looksLikeHtml } from "../src/parse/html/detect.ts";
import { mayBeHtml } from "../src/parse/index.ts";
import { matchCardField, matchOnlineStatus } from "../src/parse/phrases.ts";
import { wordsOf } from "../src/parse/similar-rows.ts";
import { isTrimmedSpace, splitLines } from "../src/parse/text-lines.ts";

const NUM_RUNS = process.env.CI ? 2000 : 500;

describe("isTrimmedSpace", () => {
  it("is true for exactly the code units trim removes, all 65,536 of them", () => {
    const wrong: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      if (isTrimmedSpace(code) !== (`${char}x`.trim() === "x")) wrong.push(code);
    }
    expect(wrong).toEqual([]);
  });
});

/** The openings that decide: byte order marks, NULs, white space, "<" and the tags, letters. */
const piece = fc.constantFrom(
  "\uFEFF",
  "\u00EF\u00BB\u00BF",
  "\u00FF\u00FE",
  "\u00FE\u00FF",
  "\u00EF",
  "\u0000",
  " ",
  "\t",
  "\r\n",
  "\u00a0",
  "\u2003",
  "\u0085",
  "<",
  "<!DOCTYPE html>",
  "<html>",
  "<HEAD ",
  "<!--",
  "<?xml",
  "<p>",
  "Old ",
  "Iron Commons",
  "-",
  "x",
);
const opening = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(""));
/** As the parser gets files: bytes (Latin-1 here, so each character is one byte) or text. */
const asBytes = (text: string): Uint8Array | undefined =>
  [...text].every((char) => char.charCodeAt(0) <= 0xff)
    ? Uint8Array.from(text, (char) => char.charCodeAt(0))
    : undefined;

describe("mayBeHtml", () => {
  it("is false only where looksLikeHtml is false, for text and for bytes", () => {
    fc.assert(
      fc.property(opening, fc.string({ maxLength: 20 }), (start, rest) => {
        const text = start + rest;
        expect(looksLikeHtml(text) && !mayBeHtml(text)).toBe(false);
        const bytes = asBytes(text);
        if (bytes) expect(looksLikeHtml(bytes) && !mayBeHtml(bytes)).toBe(false);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("answers as looksLikeHtml for any one code unit before a page's first tag (but '<', a maybe)", () => {
    const wrong: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const text = `${String.fromCharCode(code)}<html><body>`;
      if (mayBeHtml(text) !== (code === 0x3c || looksLikeHtml(text))) wrong.push(code);
    }
    expect(wrong).toEqual([]);
  });

  it("reads no further than looksLikeHtml: white space to the 1,024th unit, then a page", () => {
    expect(looksLikeHtml(`${" ".repeat(1024)}<html>`)).toBe(false);
    expect(mayBeHtml(`${" ".repeat(1024)}<html>`)).toBe(false);
    expect(mayBeHtml(`${" ".repeat(1023)}<html>`)).toBe(true);
  });

  it("is false for a text dump and true for a saved page", () => {
    expect(mayBeHtml(new TextEncoder().encode("Iron Commons Discussion Board\nGo Back"))).toBe(false);
    expect(mayBeHtml(new TextEncoder().encode("\uFEFF\n  <!DOCTYPE html><html>"))).toBe(true);
  });
});

/** The rule splitLines replaced, as it was: no-break spaces replaced in the whole text, split, each line trimmed. */
function splitLinesAsBefore(text: string): string[] {
  let spaced = text;
  for (const space of ["\u00a0", "\u2007", "\u202f"]) spaced = spaced.replaceAll(space, " ");
  return spaced.split(/\r\n|\r|\n/).map((line) => line.trim());
}

const lineText = fc
  .array(
    fc.oneof(
      fc.constantFrom("\n", "\r", "\r\n", "\n\r", " ", "  ", "\t", "\u00a0", "\u2007", "\u202f", "\u3000", "\u2028"),
      fc.constantFrom("\ufeff", "\u000b", "\u0085", "\u180e", "x", "Old 05-09-2009", "Reply With Quote", "é", "東京"),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 30 },
  )
  .map((pieces) => pieces.join(""));

describe("splitLines", () => {
  it("gives the lines the replace, split and trim it stands in for gave", () => {
    fc.assert(
      fc.property(lineText, (text) => {
        expect(splitLines(text)).toEqual(splitLinesAsBefore(text));
      }),
      { numRuns: NUM_RUNS * 5 },
    );
  });

  it("keeps an empty last line and tells each kind of line break", () => {
    expect(splitLines("a \u00a0b\r\nc\rd\n")).toEqual(["a  b", "c", "d", ""]);
    expect(splitLines("")).toEqual([""]);
  });

  it("gives a dump its own lines only, after a longer dump and after an outsized one", () => {
    // The lines are gathered in one scratch array shared by every call (issue 15).
    expect(splitLines("one\ntwo\nthree\nfour")).toHaveLength(4);
    expect(splitLines("five\nsix")).toEqual(["five", "six"]);
    const outsized = Array.from({ length: 70_000 }, (_, index) => `line ${index}`).join("\n");
    expect(splitLines(outsized).at(-1)).toBe("line 69999");
    expect(splitLines("seven")).toEqual(["seven"]);
  });

  it("makes every kind of no-break space a space, whichever kinds a text holds", () => {
    // Each search for the next one looks only for the kinds the text holds: one kind, or several.
    expect(splitLines("a\u00a0b\nplain\nc\u2007d\n\u00a0\ne\u202ff\u00a0g")).toEqual([
      "a b",
      "plain",
      "c d",
      "",
      "e f g",
    ]);
    expect(splitLines("x\n\u202fy\u202fz\u202f\nw\u202fv")).toEqual(["x", "y z", "w v"]);
  });
});

/** The status and card-field readers as they were before they read in place (issue 15), for the tails and
 *  labels of the English pack. */
function onlineStatusAsBefore(text: string, name: string): { title?: string; online: boolean } | undefined {
  for (const [tail, online] of [
    [" is online", true],
    [" is offline", false],
  ] as const) {
    if (!text.endsWith(tail)) continue;
    const before = text.slice(0, -tail.length);
    if (before === name) return { online };
    if (before.endsWith(` ${name}`)) return { title: before.slice(0, -name.length - 1).trim() || undefined, online };
  }
  return undefined;
}

const cardPiece = fc.oneof(
  fc.constantFrom(" ", "  ", "\t", "\u00a0", "\u2028", "\n", ":", "Join Date", "Posts", "Kieran", "Member"),
  fc.constantFrom(" is offline", " is online", " is online now", "Apr 2008", "12,221", "a", "é"),
  fc.string({ maxLength: 4 }),
);
const cardText = fc.array(cardPiece, { maxLength: 8 }).map((pieces) => pieces.join(""));

describe("author card readers", () => {
  it("read a status line as the copies of its parts did", () => {
    const name = fc.oneof(fc.constantFrom("", "Kieran", "Kieran Barry", " ", "a"), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(cardText, name, (text, who) => {
        expect(matchOnlineStatus(text, who)).toEqual(onlineStatusAsBefore(text, who));
        expect(matchOnlineStatus(`${text} ${who} is offline`, who)).toEqual(
          onlineStatusAsBefore(`${text} ${who} is offline`, who),
        );
      }),
      { numRuns: NUM_RUNS * 5 },
    );
  });

  it("read a field's value from where trimStart would start it", () => {
    fc.assert(
      fc.property(cardText, (text) => {
        const field = matchCardField(text);
        if (!field) return;
        const value = text.slice(text.indexOf(":") + 1).trimStart();
        expect(field.value).toBe(value.trimEnd());
      }),
      { numRuns: NUM_RUNS * 5 },
    );
    expect(matchCardField("Join Date:\u00a0 Apr 2008")).toEqual({
      field: "joinDate",
      label: "Join Date",
      value: "Apr 2008",
    });
    // A line terminator where trimStart would not remove it: no field.
    expect(matchCardField("Posts: 1\u2028 2")).toBeUndefined();
    expect(matchCardField("Posts: \u2028 12")).toEqual({ field: "posts", label: "Posts", value: "12" });
  });
});

describe("wordsOf", () => {
  /** Every code unit `\s` matches (ECMAScript white space and line terminators), letters and a "-". */
  const spaces = [..."\t\n\v\f\r \u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"];
  const char = fc.constantFrom(...spaces, "\u180e", "\u200b", "a", "Z", "7", "-", "é");

  it("gives the words split(/\\s+/).filter(Boolean) gives", () => {
    fc.assert(
      fc.property(fc.array(char, { maxLength: 24 }), (chars) => {
        const text = chars.join("");
        expect(wordsOf(text)).toEqual(text.split(/\s+/).filter(Boolean));
      }),
      { numRuns: NUM_RUNS },
    );
    expect(wordsOf("  Back Spasms\u00a0Keith\tWiggins  Injuries 2 ")).toEqual([
      "Back",
      "Spasms",
      "Keith",
      "Wiggins",
      "Injuries",
      "2",
    ]);
  });
});
