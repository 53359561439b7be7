// Property tests for saved HTML pages: however a page is damaged (cut short, pieces deleted or
// repeated, stray tags and comments inserted, attributes mangled: bad % escapes, data: URIs,
// missing quotes), parseDumps returns a well-formed result and never throws; a page that still
// holds every post's markup still yields its posts.
import "./helpers/html-reader.ts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDumps } from "../src/parse/index.ts";
import { fixtureBytes } from "./fixtures/helpers.ts";

/** Under CI (one fixed seed, test/setup-fast-check.ts) the key properties run 1,000 cases each;
 *  locally 200 fresh random cases a run. A case parses one fixture page of 2 to 16 KB. */
const NUM_RUNS = process.env.CI ? 1000 : 200;
const PAGES = [
  "vb38-legacy.html",
  "vb42-friendly-p1.html",
  "vb55-nodes.html",
  "vb23-classic.html",
  "wayback-vb42-p2.html",
  "httrack-vb38-vbseo.html",
];
const texts = PAGES.map((name) => new TextDecoder("latin1").decode(fixtureBytes(`html/${name}`)));
const STRAY = [
  "</div>",
  "</table>",
  "<table>",
  "<td>",
  "</tr>",
  "<!--",
  "-->",
  "<blockquote>",
  "</li>",
  '<li id="post_9">',
  '<a href="showthread.php?p=',
  "<b><i>",
  "&",
  "<",
  "\u0000",
  "<script>",
  '<div class="bbcode_container">',
  '<img src="a%zz.jpg">',
  '<img src="Bild%E4.jpg">',
  '<img src="data:image/png;base64,iVBORw0KGgo=">',
  '<a href="%"><img src=%E4></a>',
  '<object data="http://www.youtube.com/v/x%zz"><param name="movie" value="%"><embed src="data:x"></object>',
  "<embed src=>",
  '<iframe src="//[::1">',
  "<textarea>a &lt; b</textarea>",
  "<pre>  \n  </pre>",
  "<span></span> <span></span> ",
];

/** An attribute value of the page replaced by a damaged one: `%` escapes that do not decode,
 *  `data:` and `javascript:` URIs, addresses that are not URLs, quotes missing or unclosed. */
const ATTRIBUTE = /\b(?:href|src|data|value|action|name|id|class)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;
const DAMAGED_VALUES: ((value: string) => string)[] = [
  (value) => `"${value.slice(0, value.length >> 1)}%zz${value.slice(value.length >> 1)}"`,
  (value) => `"${value}%E4%"`,
  (value) => `"%${value}%C3"`,
  () =>
    `"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="`,
  () => `"javascript:alert(1)"`,
  (value) => value.replace(/ /g, "%20"),
  (value) => `${value} tail=x`,
  (value) => `"${value}`,
  (value) => `'${value}"`,
  () => `"http://[::1/web/2014%zz/x"`,
  () => `"/web/20140105093012%zz_/http:/%E4.example/t-1.html"`,
  () => "",
];

function damageAttribute(text: string, at: number, how: number): string {
  const matches = [...text.matchAll(ATTRIBUTE)];
  if (matches.length === 0) return text;
  const match = matches[at % matches.length]!;
  const [whole] = match;
  const equals = whole.indexOf("=");
  const value = whole
    .slice(equals + 1)
    .trim()
    .replace(/^["']|["']$/g, "");
  const damaged = whole.slice(0, equals + 1) + DAMAGED_VALUES[how % DAMAGED_VALUES.length]!(value);
  return text.slice(0, match.index) + damaged + text.slice(match.index + whole.length);
}

type Edit = { kind: "cut" | "delete" | "repeat" | "insert" | "attribute"; at: number; length: number; stray: number };
const edit = fc.record({
  kind: fc.constantFrom("cut", "delete", "repeat", "insert", "attribute", "attribute"),
  at: fc.nat(),
  length: fc.nat({ max: 400 }),
  stray: fc.nat(),
}) as fc.Arbitrary<Edit>;

function damage(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const { kind, at, length, stray } of edits) {
    const start = at % (out.length + 1);
    if (kind === "cut") out = out.slice(0, start);
    else if (kind === "delete") out = out.slice(0, start) + out.slice(start + length);
    else if (kind === "repeat")
      out = out.slice(0, start + length) + out.slice(start, start + length) + out.slice(start + length);
    else if (kind === "attribute") out = damageAttribute(out, at, stray);
    else out = out.slice(0, start) + STRAY[stray % STRAY.length]! + out.slice(start);
  }
  return out;
}

describe("damaged HTML pages", () => {
  it("never throw: a thread or a failure for the file, warnings well formed", () => {
    fc.assert(
      fc.property(fc.nat({ max: PAGES.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (page, edits) => {
        const file = `damaged-${PAGES[page]}`;
        const result = parseDumps([{ file, bytes: Buffer.from(damage(texts[page]!, edits), "latin1") }]);
        const inThread = result.threads.some((thread) => thread.source.files.includes(file));
        const failed = result.failures.some((failure) => failure.file === file);
        expect(inThread !== failed).toBe(true);
        // The parser's own safety net (an exception turned into a failure) must never be what caught it.
        for (const failure of result.failures) expect(failure.reason).not.toMatch(/could not be (?:read|decoded)/);
        for (const warning of result.warnings) {
          expect(typeof warning.message).toBe("string");
          expect(Number.isInteger(warning.line)).toBe(true);
        }
        for (const thread of result.threads) {
          const numbers = thread.posts.map((post) => post.number);
          expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("random bytes after an HTML opening never reach the parser's safety net", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const result = parseDumps([
          {
            file: "noise.html",
            bytes: Buffer.concat([Buffer.from("<!DOCTYPE html><html><body>"), Buffer.from(bytes)]),
          },
        ]);
        expect(result.threads.length + result.failures.length).toBe(1);
        for (const failure of result.failures) expect(failure.reason).not.toMatch(/could not be (?:read|decoded)/);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("cut short after the last post's markup, a page keeps all its posts", () => {
    // The vBulletin 3 page ends its last post at "<!-- / post #1005 -->": anything cut after it costs no post.
    const text = texts[0]!;
    const end = text.indexOf("<!-- / post #1005 -->") + "<!-- / post #1005 -->".length;
    fc.assert(
      fc.property(fc.integer({ min: end, max: text.length }), (cut) => {
        const result = parseDumps([{ file: "cut.html", bytes: Buffer.from(text.slice(0, cut), "latin1") }]);
        expect(result.threads[0]?.posts.map((post) => post.number)).toEqual([1, 2, 3, 4, 5]);
      }),
      { numRuns: 20 },
    );
  });
});
