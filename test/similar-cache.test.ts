// The similar-words cache (archive/similar-cache.ts): each thread's written words kept between builds in
// one file, as indexes into one vocabulary of the words the kept threads use.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { checksumOf } from "../src/archive/cache-file.ts";
import { SimilarWordsCache } from "../src/archive/similar-cache.ts";
import { type IndexedWords, type WrittenWords, writtenWords } from "../src/archive/similar-vectors.ts";
import type { Thread } from "../src/model.ts";
import { parseDumps } from "../src/parse/index.ts";

const work = mkdtempSync(join(tmpdir(), "fa-similar-cache-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const threadsOf = (): Thread[] =>
  parseDumps([...generateCorpus({ threads: 5, seed: 9 })].map((f) => ({ file: f.file, bytes: f.text }))).threads;

/** The words and counts as lists, whichever form the cache gave them in. */
function listed(written: WrittenWords | IndexedWords): { words: string[]; counts: number[] } {
  if (!("ids" in written)) return { words: [...written.words], counts: [...written.counts] };
  return { words: Array.from(written.ids, (id) => written.vocabulary[id]!), counts: [...Array.from(written.counts)] };
}

const vocabularyOf = (written: WrittenWords | IndexedWords) => ("ids" in written ? written.vocabulary : []);

describe("the similar-words cache", () => {
  const root = join(work, "cache");
  const dir = join(root, "similar-words");
  const threads = threadsOf();

  it("gives a thread's words back from one vocabulary in the next build, as they were read", async () => {
    const first = await SimilarWordsCache.open(root);
    for (const thread of threads) expect(listed(first.writtenOf(thread, 3))).toEqual(listed(writtenWords(thread, 3)));
    expect([first.hits, first.misses]).toEqual([0, threads.length]);
    await first.save();

    const again = await SimilarWordsCache.open(root);
    const given = threads.map((thread) => again.writtenOf(thread, 3));
    expect([again.hits, again.misses]).toEqual([threads.length, 0]);
    given.forEach((written, index) => {
      expect("ids" in written).toBe(true);
      expect(listed(written)).toEqual(listed(writtenWords(threads[index]!, 3)));
    });
    // One vocabulary for all, each word in it once, and no word no thread uses.
    const vocabulary = vocabularyOf(given[0]!);
    expect(given.every((written) => vocabularyOf(written) === vocabulary)).toBe(true);
    expect(new Set(vocabulary).size).toBe(vocabulary.length);
    const used = new Set(threads.flatMap((thread) => writtenWords(thread, 3).words));
    expect(new Set(vocabulary)).toEqual(used);
    // Another title weight is another key.
    again.writtenOf(threads[0]!, 2);
    expect(again.misses).toBe(1);
  });

  it("keeps only the threads a build used, with a changed one's new words, in one file", async () => {
    writeFileSync(join(dir, "0a.json"), "{}"); // the former layout's file: removed by the next write
    const [dropped, changed, ...kept] = threads;
    const retold = structuredClone(changed!);
    retold.posts[0]!.body.push({ type: "paragraph", inlines: [{ type: "text", text: "Quuxzanzibarian rhubarb" }] });
    const cache = await SimilarWordsCache.open(root);
    for (const thread of [...kept, retold]) cache.writtenOf(thread, 3);
    expect([cache.hits, cache.misses]).toEqual([kept.length, 1]);
    await cache.save();
    expect(readdirSync(dir)).toEqual(["words.bin"]);

    const next = await SimilarWordsCache.open(root);
    const given = [...kept, retold].map((thread) => next.writtenOf(thread, 3));
    expect([next.hits, next.misses]).toEqual([kept.length + 1, 0]);
    given.forEach((written, index) => {
      expect(listed(written)).toEqual(listed(writtenWords([...kept, retold][index]!, 3)));
    });
    expect(listed(given.at(-1)!).words).toContain("Quuxzanzibarian");
    const used = new Set([...kept, retold].flatMap((thread) => writtenWords(thread, 3).words));
    expect(new Set(vocabularyOf(given[0]!))).toEqual(used);
    next.writtenOf(dropped!, 3);
    expect(next.misses).toBe(1);
  });

  it("reads every thread afresh from a damaged file", async () => {
    const path = join(dir, "words.bin");
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] ^= 1;
    writeFileSync(path, bytes);
    const cache = await SimilarWordsCache.open(root);
    for (const thread of threads.slice(1)) {
      expect(listed(cache.writtenOf(thread, 3))).toEqual(listed(writtenWords(thread, 3)));
    }
    expect([cache.hits, cache.misses]).toEqual([0, threads.length - 1]);
  });

  /** The file rewritten with `forge` applied to its payload's numbers (after the header, the vocabulary
   *  and the keys: the entries' offsets, then the word ids), under a checksum that matches. */
  function forged(forge: (numbers: Int32Array, entries: number, vocabularySize: number) => void): void {
    const path = join(dir, "words.bin");
    const file = readFileSync(path);
    const payload = Buffer.from(file.subarray(file.indexOf(10) + 1));
    const header = new Int32Array(payload.buffer, payload.byteOffset, 6);
    const padded = (bytes: number) => Math.ceil(bytes / 4) * 4;
    const at = 24 + padded(header[2]!) + padded(header[5]!);
    const numbers = new Int32Array(payload.buffer, payload.byteOffset + at, (payload.length - at) / 4);
    forge(numbers, header[3]!, header[1]!);
    writeFileSync(path, Buffer.concat([Buffer.from(`${checksumOf(payload)}\n`), payload]));
  }

  for (const [what, forge] of [
    ["a word id past the vocabulary", (n: Int32Array, entries: number, size: number) => (n[entries + 1] = size + 7)],
    ["a negative word id", (n: Int32Array, entries: number) => (n[entries + 1] = -1)],
    ["entries' offsets that fall", (n: Int32Array) => (n[1] = n[2]! + 1)],
  ] as const) {
    it(`reads every thread afresh from a file of a matching checksum with ${what}`, async () => {
      const first = await SimilarWordsCache.open(root);
      for (const thread of threads) first.writtenOf(thread, 3);
      await first.save();
      forged(forge);
      const cache = await SimilarWordsCache.open(root);
      for (const thread of threads) expect(listed(cache.writtenOf(thread, 3))).toEqual(listed(writtenWords(thread, 3)));
      expect(cache.hits).toBe(0);
    });
  }

  it("writes the file again only when more than 1 entry in 128 is new or unused", async () => {
    const many = parseDumps(
      [...generateCorpus({ threads: 140, seed: 4 })].map((f) => ({ file: f.file, bytes: f.text })),
    ).threads.slice(0, 130);
    const root = join(work, "share");
    const path = join(root, "similar-words", "words.bin");
    const first = await SimilarWordsCache.open(root);
    for (const thread of many) first.writtenOf(thread, 3);
    await first.save();
    const written = readFileSync(path);

    // One thread new in 130: the file stays; that thread is read afresh (and right) next time too.
    const added = { ...many[0]!, title: "Quuxzanzibarian rhubarb" };
    const one = await SimilarWordsCache.open(root);
    for (const thread of [...many, added]) one.writtenOf(thread, 3);
    await one.save();
    expect(readFileSync(path).equals(written)).toBe(true);
    const again = await SimilarWordsCache.open(root);
    expect(listed(again.writtenOf(added, 3))).toEqual(listed(writtenWords(added, 3)));
    expect([again.hits, again.misses]).toEqual([0, 1]);

    // One new and one no longer used: 2 in 130 is more than 1 in 128, so the file holds this build's.
    const two = await SimilarWordsCache.open(root);
    for (const thread of [...many.slice(1), added]) two.writtenOf(thread, 3);
    await two.save();
    expect(readFileSync(path).equals(written)).toBe(false);
    const last = await SimilarWordsCache.open(root);
    expect(listed(last.writtenOf(added, 3))).toEqual(listed(writtenWords(added, 3)));
    last.writtenOf(many[0]!, 3);
    expect([last.hits, last.misses]).toEqual([1, 1]);
  });
});
