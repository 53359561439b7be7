// Fuzzing the text-dump parser with generated dumps: whole threads written in the sample's shape
// (cards, titles, quotes of earlier posts, signatures, edit notes) from words that include HTML,
// script, template syntax, entities, bidi controls and CJK; then the same dumps damaged line by
// line and byte by byte. For every case: no throw, no hang (the catastrophic-backtracking guard),
// a failure or a thread for the file, no word lost, and post bodies rendered by
// src/site/render.ts hold only the elements and attributes render.ts makes, with every "<" of the
// text still text.
import { load } from "cheerio";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Block } from "../src/model.ts";
import { parseDumps, type ParseResult } from "../src/parse/index.ts";
import { renderBlocks } from "../src/site/render.ts";
import { generatedThread, HOSTILE, writeDump } from "./fixtures/generated-dump.ts";
import { sampleBytes } from "./fixtures/helpers.ts";
import { expectWellFormed, mutate, mutation } from "./fixtures/properties.ts";
import { lostWords, resultWords } from "./fixtures/word-check.ts";

/** 1,000 cases a property under CI (fixed seed); 200 fresh ones locally. */
const NUM_RUNS = process.env.CI ? 1000 : 200;
/** Catastrophic-backtracking net for inputs of a few kilobytes that parse in milliseconds: CPU time
 *  (a busy machine's waiting does not count), and so far above healthy that only a hang reaches it.
 *  The growth of each expression is tested by ratio in parse-safety.test.ts. */
const GUARD_CPU_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// Escaping

/** Every element and attribute src/site/render.ts writes (text dumps use a subset). */
const RENDER_ELEMENTS = new Set([
  "p",
  "br",
  "a",
  "span",
  "figure",
  "figcaption",
  "blockquote",
  "bdi",
  "strong",
  "em",
  "u",
  "s",
  "ul",
  "ol",
  "li",
  "pre",
  "code",
]);
const RENDER_ATTRIBUTES = new Set(["href", "rel", "class"]);

/** "<" in the text render.ts shows of some blocks: inline texts (a link without text shows its href), quote authors, code. */
function lessThanSigns(blocks: readonly Block[] | undefined): number {
  let count = 0;
  const inText = (text: string | undefined) => (text ?? "").split("<").length - 1;
  for (const block of blocks ?? []) {
    if (block.type === "paragraph")
      for (const inline of block.inlines)
        count += inText(inline.type === "link" ? inline.text || inline.href : inline.text);
    else if (block.type === "quote") count += inText(block.author) + lessThanSigns(block.blocks);
    else if (block.type === "list") for (const item of block.items) count += lessThanSigns(item);
    else count += inText(block.text) + inText(block.label);
  }
  return count;
}

/** Renders every post's body and signature and checks the HTML holds nothing from the dump as markup. */
function expectEscaped(result: ParseResult): void {
  for (const thread of result.threads) {
    for (const post of thread.posts) {
      for (const blocks of [post.body, post.signature]) {
        if (!blocks) continue;
        const html = renderBlocks(blocks);
        const $ = load(html, null, false);
        $("*").each((_, node) => {
          const element = node as unknown as { tagName: string; attribs: Record<string, string> };
          const tag = element.tagName.toLowerCase();
          expect(RENDER_ELEMENTS.has(tag), `<${tag}> in ${html}`).toBe(true);
          for (const name of Object.keys(element.attribs))
            expect(RENDER_ATTRIBUTES.has(name), `${name}= on <${tag}> in ${html}`).toBe(true);
        });
        $("a[href]").each((_, element) => {
          expect(new URL($(element).attr("href")!).protocol, html).toMatch(/^https?:$/);
        });
        // A "<" of the text that became markup would be missing from the page's text.
        expect($.root().text().split("<").length - 1, html).toBe(lessThanSigns(blocks));
      }
    }
  }
}

function guardedParse(file: string, bytes: Uint8Array | string): ParseResult {
  const started = process.cpuUsage();
  const result = parseDumps([{ file, bytes }]);
  const used = process.cpuUsage(started);
  expect((used.user + used.system) / 1000, "catastrophic-backtracking net").toBeLessThan(GUARD_CPU_MS);
  expectWellFormed(result, [file]);
  return result;
}

/** Lines a damaged save may hold anywhere: random text, the parser's own phrases out of place, hostile words. */
const strayLine = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    "Quote:",
    "Zitat:",
    "Originally Posted by  View Post",
    "Zitat von  Beitrag anzeigen",
    "Last edited by ; at ..",
    "Geändert von  ()",
    "Posts: n/a",
    "Guest",
    "Gast",
    "Default",
    "Attached Files",
    "Page 1 of 0",
    "__________________",
    "Reply With Quote",
    "Old Today, 09:27 AM \u00a0 #1",
    "Alt 31.02.2009, 25:61 \u00a0 #3",
    "All times are GMT +99.",
    "Similar Threads",
    "Join Date:",
    "Profile:",
  ),
  fc.constantFrom(...HOSTILE),
);
const insertion = fc.record({ at: fc.nat(), line: strayLine });

describe("generated dumps", () => {
  it("the generator writes what it says (a fixed thread, read back by the parser)", () => {
    const text = writeDump({
      language: "en",
      site: "Forum & Co",
      forum: "<b>Nutrition</b>",
      title: "why? <script>alert(1)</script>",
      posts: [
        {
          author: "Ann & Co",
          userTitle: "Member",
          joined: 2005,
          posts: 1234,
          location: "London England",
          avatar: true,
          quoteBack: 0,
          body: [["hip <p> flexor", "pain"], ["rest"]],
        },
        {
          author: "李小龍",
          userTitle: "<i>Admin</i>",
          joined: 2008,
          posts: 3,
          avatar: false,
          quoteBack: 1,
          body: [["yes."]],
          signature: "{{ title }}",
          editReason: "a<b",
        },
      ],
    });
    const thread = guardedParse("fixed.txt", text).threads[0]!;
    expect(thread.title).toBe("why? <script>alert(1)</script>");
    expect(thread.forum.name).toBe("<b>Nutrition</b>");
    expect(thread.posts.map((post) => post.author.name)).toEqual(["Ann & Co", "李小龍"]);
    expect(thread.posts[0]!.author).toMatchObject({
      title: "Member",
      postCount: 1234,
      hasAvatar: true,
      location: "London England",
    });
    expect(thread.posts[1]!.body[0]).toMatchObject({ type: "quote", author: "Ann & Co", postNumber: 1 });
    expect(thread.posts[1]!.edited?.reason).toBe("a<b");
    expect(renderBlocks(thread.posts[0]!.body)).toBe("<p>hip &lt;p&gt; flexor<br>\npain</p>\n<p>rest</p>");
  });

  it("read back whole: every post with its number and author, every word kept, bodies escaped", () => {
    fc.assert(
      fc.property(generatedThread, (generated) => {
        const text = writeDump(generated);
        const result = guardedParse("generated.txt", text);
        expect(result.failures).toEqual([]);
        expect(result.threads).toHaveLength(1);
        const thread = result.threads[0]!;
        expect(thread.posts.map((post) => `#${post.number} ${post.author.name}`)).toEqual(
          generated.posts.map((post, index) => `#${index + 1} ${post.author}`),
        );
        expect(thread.title).toBe(generated.title);
        expect(lostWords(text, resultWords(result)).map((lost) => `${lost.line}: ${lost.word}`)).toEqual([]);
        expectEscaped(result);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("damaged line by line, stray lines added: no throw, no word lost, bodies escaped", () => {
    fc.assert(
      fc.property(
        generatedThread,
        fc.array(mutation, { maxLength: 4 }),
        fc.array(insertion, { maxLength: 3 }),
        (generated, mutations, insertions) => {
          const lines = mutate(writeDump(generated).split("\n"), mutations);
          for (const { at, line } of insertions) lines.splice(at % (lines.length + 1), 0, line);
          const text = lines.join("\n");
          const result = guardedParse("damaged.txt", text);
          if (result.threads.length > 0) {
            expect(lostWords(text, resultWords(result)).map((lost) => `${lost.line}: ${lost.word}`)).toEqual([]);
          }
          expectEscaped(result);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it("damaged byte by byte (flipped, inserted, deleted bytes; stray non-UTF-8): no throw, bodies escaped", () => {
    const edit = fc.record({
      at: fc.nat(),
      byte: fc.integer({ min: 0, max: 255 }),
      kind: fc.constantFrom("set", "insert", "delete"),
    });
    fc.assert(
      fc.property(generatedThread, fc.array(edit, { minLength: 1, maxLength: 8 }), (generated, edits) => {
        const bytes = [...new TextEncoder().encode(writeDump(generated))];
        for (const { at, byte, kind } of edits) {
          const where = at % (bytes.length + 1);
          if (kind === "insert") bytes.splice(where, 0, byte);
          else if (kind === "delete") bytes.splice(where, 1);
          else bytes[Math.min(where, bytes.length - 1)] = byte;
        }
        expectEscaped(guardedParse("bytes.txt", Uint8Array.from(bytes)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("two generated dumps with the same title stay apart or merge, never lose a post", () => {
    fc.assert(
      fc.property(generatedThread, generatedThread, (a, b) => {
        const second = { ...b, site: a.site, forum: a.forum, title: a.title };
        const result = parseDumps([
          { file: "a.txt", bytes: writeDump(a) },
          { file: "b.txt", bytes: writeDump(second) },
        ]);
        expectWellFormed(result, ["a.txt", "b.txt"]);
        // Each file's posts are all somewhere, under its own thread or merged with the other's where they agree.
        for (const [file, generated] of [
          ["a.txt", a],
          ["b.txt", second],
        ] as const) {
          const thread = result.threads.find((candidate) => candidate.source.files.includes(file))!;
          const numbers = new Set(thread.posts.map((post) => post.number));
          for (let n = 1; n <= generated.posts.length; n++) expect(numbers.has(n), `${file} #${n}`).toBe(true);
        }
      }),
      { numRuns: Math.round(NUM_RUNS / 4) },
    );
  });
});

describe("cases the fuzzing found: two status lines in a card", () => {
  it("a card with two status lines keeps both user titles (the second in a warning)", () => {
    const lines = new TextDecoder().decode(sampleBytes()).split("\n");
    expect(lines[12]).toBe("Member Kieran Barry is offline");
    lines.splice(12, 0, "<i>Admin</i> Kieran Barry is offline");
    const text = lines.join("\n");
    const result = guardedParse("two-status-lines.txt", text);
    expect(result.threads[0]!.posts[0]!.author).toMatchObject({
      name: "Kieran Barry",
      title: "<i>Admin</i>",
      online: false,
    });
    expect(result.warnings).toContainEqual({
      file: "two-status-lines.txt",
      line: 14,
      message: "author card line repeated, kept as a warning: Member Kieran Barry is offline",
    });
    expect(lostWords(text, resultWords(result))).toEqual([]);
  });
});

describe("cases the fuzzing found: a second time zone line", () => {
  it("is kept in a warning; the page's own (last) zone line still gives the zone and starts the footer", () => {
    const lines = new TextDecoder().decode(sampleBytes()).split("\n");
    const text = ["All times are GMT +99.", ...lines].join("\n");
    const result = guardedParse("two-zones.txt", text);
    const thread = result.threads[0]!;
    expect(thread.timezone).toEqual({ label: "GMT -7", offsetMinutes: -420 });
    expect(result.warnings).toContainEqual({
      file: "two-zones.txt",
      line: 1,
      message: "time zone line before the page's last one, kept here: All times are GMT +99.",
    });
    expect(thread.footer).toEqual(parseDumps([{ file: "sample.txt", bytes: sampleBytes() }]).threads[0]!.footer);
    expect(lostWords(text, resultWords(result))).toEqual([]);
  });
});

describe("the escaping check itself", () => {
  it("counts the '<' that markup leaking from the text would swallow", () => {
    const blocks: Block[] = [{ type: "paragraph", inlines: [{ type: "text", text: "<b>x</b>" }] }];
    expect(lessThanSigns(blocks)).toBe(2);
    // Escaped (what render.ts does): both still text. Unescaped: both gone into a <b> element.
    expect(load(renderBlocks(blocks), null, false).root().text().split("<").length - 1).toBe(2);
    expect(load("<p><b>x</b></p>", null, false).root().text().split("<").length - 1).toBe(0);
  });
});
