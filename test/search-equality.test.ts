// The split index must answer exactly like one unsplit lunr index of the same documents:
// same documents, same order, bit-identical scores, for a few hundred varied queries.
import { describe, expect, it } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { syntheticThreads } from "../bench/similar-corpus.ts";
import type { Thread } from "../src/model.ts";
import { parseDumps } from "../src/parse/index.ts";
import { buildIndex } from "../src/search/build-index.ts";
import { createSearcher, UnhelpfulQueryError } from "../src/search/client/engine.js";
import { searchCorpus } from "../src/search/documents.ts";
import { lunr } from "../src/search/lunr.ts";
import { isSeparator } from "../src/search/postings.ts";
import { indexFiles, streamIndexFiles } from "../src/search/shards.ts";

// Two corpora: vBulletin dumps from the corpus generator, parsed (realistic words, English);
// planted-topic Thread objects with pseudo-words, some threads German (many distinct terms).
const CORPORA: [string, () => Thread[]][] = [
  [
    "generated dumps, parsed",
    () =>
      parseDumps([...generateCorpus({ threads: 200, seed: 5 })].map((f) => ({ file: f.file, bytes: f.text }))).threads,
  ],
  ["planted-topic threads", () => syntheticThreads({ threads: 400, seed: 20260527 }).threads],
];

describe.each(CORPORA)("split index equals one lunr index: %s", (_name, makeThreads) => {
  const corpus = searchCorpus({ threads: makeThreads() });
  const built = buildIndex(corpus);
  const files = new Map(indexFiles(corpus, built, "/").map((f) => [f.path, f.content]));
  const manifest = JSON.parse(files.get("manifest.json")!);

  function searcher() {
    const fetched: string[] = [];
    const engine = createSearcher({
      lunr,
      manifest,
      fetchJson: async (path) => {
        fetched.push(path);
        const content = files.get(path);
        if (content === undefined) throw new Error(`no file ${path}`);
        return JSON.parse(content);
      },
    });
    return { engine, fetched };
  }

  /** Deterministic word picks from the documents' own text (raw words, so the pipeline runs). */
  function queries(): string[] {
    const words = [...new Set(corpus.documents.flatMap((d) => d.text.toLowerCase().match(/\p{L}+/gu) ?? []))].sort();
    const titles = [...new Set(corpus.threads.flatMap((t) => t.title.toLowerCase().split(" ")))].sort();
    let state = 12345;
    const pick = <T>(items: readonly T[]): T => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return items[state % items.length]!;
    };
    const out: string[] = [];
    for (let i = 0; i < 80; i++) out.push(pick(words));
    for (let i = 0; i < 80; i++) out.push(`${pick(words)} ${pick(words)}`);
    for (let i = 0; i < 30; i++) out.push(`${pick(words)} ${pick(titles)} ${pick(words)}`);
    for (let i = 0; i < 20; i++) out.push(`+${pick(words)} ${pick(words)} -${pick(words)}`);
    for (let i = 0; i < 20; i++) out.push(`title:${pick(titles)} ${pick(words)}`);
    for (let i = 0; i < 10; i++) out.push(`author:member${i * 7} ${pick(words)}`);
    for (let i = 0; i < 25; i++) out.push(`${pick(words).slice(0, 2 + (i % 3))}*`);
    for (let i = 0; i < 20; i++) out.push(`${pick(words)}~1`);
    for (let i = 0; i < 10; i++) out.push(`*${pick(words).slice(-3)}`);
    for (let i = 0; i < 15; i++) out.push(`${pick(words)}^3 ${pick(words)}`);
    for (let i = 0; i < 10; i++) out.push(`+${pick(words)} +${pick(words)}`);
    for (let i = 0; i < 10; i++) out.push(`+title:${pick(titles)} -body:${pick(words)} ${pick(words)}`);
    for (let i = 0; i < 5; i++) out.push(`${pick(words)} ${pick(words)}^2 ${pick(words)}`);
    for (let i = 0; i < 5; i++) out.push(`-${pick(words)} -${pick(words)} ${pick(words)}`);
    for (let i = 0; i < 5; i++) out.push(`${pick(words).slice(0, 3)}* +${pick(words)}`);
    const w = pick(words);
    out.push(`${w} ${w}`, `${w}^2 ${w}`, `+zzzznotaword ${w}`, `zzzznotaword ${w}`, `+${w} +zzzznotaword`);
    out.push("zzzznotaword", "hip flexors", "und die der", "Übungen", "stretching runners");
    return out;
  }

  const all = queries();

  it("returns the same documents with the same scores for every query", async () => {
    expect(all.length).toBeGreaterThanOrEqual(300);
    const { engine } = searcher();
    let nonEmpty = 0;
    for (const q of all) {
      const whole = built.index.search(q).map((r) => [r.ref, r.score]);
      const split = (await engine.search(q)).results.map((r) => [r.ref, r.score]);
      expect(split, q).toEqual(whole);
      if (whole.length > 0) nonEmpty++;
    }
    // The comparison means something only if most queries find documents.
    expect(nonEmpty).toBeGreaterThan(all.length * 0.8);
  });

  it("the build's streamed files (postings without lunr.Builder) are byte for byte the files above", async () => {
    const streamed = new Map<string, string>();
    const summary = await streamIndexFiles({ threads: makeThreads() }, "/", (path, content) => {
      expect(streamed.has(path), path).toBe(false);
      streamed.set(path, content.toString()); // docs/ files come as their bytes
    });
    expect([...streamed.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [path, content] of files) expect(streamed.get(path), path).toBe(content);
    expect(summary.files).toBe(files.size);
  });

  it("loads one shard for a one-word query and nothing else", async () => {
    const { engine, fetched } = searcher();
    const word = corpus.documents[5]!.text.split(/\s+/)
      .find((w) => w.length > 5)!
      .replace(/\W/g, "");
    const { results, shards } = await engine.search(word);
    expect(results.length).toBeGreaterThan(0);
    expect(shards).toHaveLength(1);
    expect(fetched).toEqual([`shards/${shards[0]}.json`]);
  });

  it("expands a fuzzy word on the lexicon files of nearby lengths only", async () => {
    const { engine, fetched } = searcher();
    const word = "stretching";
    await engine.search(`${word}~1`);
    // The search pipeline stems "stretching" to "stretch" (7 letters): lengths 6 to 8.
    const lengths = fetched.filter((p) => p.startsWith("lexicon/")).map((p) => Number(p.slice(8, -5)));
    expect(lengths.length).toBeGreaterThan(0);
    expect(lengths.every((n) => n >= 6 && n <= 8)).toBe(true);
  });

  it("refuses a query of excluded words only, which lunr would answer with every post at score 0", async () => {
    const { engine } = searcher();
    await expect(engine.search("-stretch")).rejects.toBeInstanceOf(UnhelpfulQueryError);
  });

  it("throws lunr's QueryParseError on bad syntax", async () => {
    const { engine } = searcher();
    for (const q of ["foo:", "~", "title:", "knee^"]) {
      await expect(engine.search(q), q).rejects.toMatchObject({ name: "QueryParseError" });
    }
  });
});

describe("streamed files equal lunr.Builder's on awkward text", () => {
  const post = (number: number, author: string, text: string): Thread["posts"][number] => ({
    number,
    postedAt: "2009-05-10T09:27:00-07:00",
    postedAtText: "05-10-2009, 09:27 AM",
    author: { name: author, hasAvatar: false },
    body: text === "" ? [] : [{ type: "paragraph", inlines: [{ type: "text", text }] }],
    source: { file: "t.txt", line: number },
  });
  const thread = (id: string, title: string, posts: Thread["posts"]): Thread => ({
    id,
    title,
    url: `/board/f/${id}/`,
    site: "Board",
    breadcrumbs: ["Board"],
    forum: { name: "F" },
    posts,
    similarListed: [],
    source: { files: ["t.txt"] },
    warnings: [],
  });
  const threads = [
    // Tokens of punctuation only (the trimmer leaves "", which lunr indexes), hyphens and
    // no-break spaces as separators, words that are Object.prototype names or lunr's "_index".
    thread("a", "Knee -- pain?!", [
      post(1, "Ann", "... !!! knee-pain\u00a0knee constructor __proto__ _index toString 123 0"),
      post(2, "", ""),
      post(3, "Bob", "Knee, knee; KNEE. (knee)"),
    ]),
    // One word so often in one post that its frequency passes 65,535.
    thread("b", "", [post(1, "Ann", "squat ".repeat(70_000) + "depth")]),
    // German, and Greek capitals (lowercasing picks σ or ς by context).
    thread("c", "Übungen für die Hüfte", [
      post(1, "Jürgen", "Die Übungen helfen bei Rückenschmerzen und Hüftbeugern."),
      post(2, "Γιώργος", "ΟΔΟΣ ΟΔΟΣ οδός"),
    ]),
    // Every kind of white space JavaScript's \s holds between words (an em space, an ideographic space,
    // a byte order mark, a line separator...), and characters near them that are not white space.
    thread("d", "Squat\u3000depth", [
      post(1, "Ann", "knee\u2003pain\u3000squat\ufeffdepth\tknee\u000bpain\u2028hip\u205fflexor\u1680rack\u200aplate"),
      post(2, "Bob", "knee\u200bpain squat\u2060depth hip\u00adflexor rack\u2212plate"),
    ]),
  ];
  const corpus = searchCorpus({ threads });
  const built = buildIndex(corpus);
  const files = new Map(indexFiles(corpus, built, "/").map((f) => [f.path, f.content]));

  it("writes the same bytes", async () => {
    const streamed = new Map<string, string>();
    await streamIndexFiles({ threads }, "/", (path, content) => {
      streamed.set(path, content.toString()); // docs/ files come as their bytes
    });
    expect([...streamed.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [path, content] of files) expect(streamed.get(path), path).toBe(content);
    // The empty term and the very frequent word are in the index at all (else this proves less).
    expect(Object.keys((built.index as unknown as { invertedIndex: object }).invertedIndex)).toEqual(
      expect.arrayContaining(["", "squat", "_index"]),
    );
  });

  it("answers as lunr does", async () => {
    const manifest = JSON.parse(files.get("manifest.json")!);
    const engine = createSearcher({ lunr, manifest, fetchJson: async (path) => JSON.parse(files.get(path)!) });
    for (const q of [
      "knee",
      "squat depth",
      "constructor",
      "_index",
      "übungen",
      "οδος",
      "123 0",
      "title:knee",
      "author:jürgen",
      "kn*",
    ]) {
      const whole = built.index.search(q).map((r) => [r.ref, r.score]);
      const split = (await engine.search(q)).results.map((r) => [r.ref, r.score]);
      expect(split, q).toEqual(whole);
    }
  });
});

describe("isSeparator", () => {
  it("is lunr's token separator for every UTF-16 code unit", () => {
    const differing: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const separates = lunr.tokenizer.separator.test(String.fromCharCode(code));
      if (isSeparator(code) !== separates) differing.push(code.toString(16));
    }
    expect(differing).toEqual([]);
  });
});
