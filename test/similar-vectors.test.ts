import { describe, expect, it } from "vitest";
import type { Thread } from "../src/model.ts";
import {
  buildThreadVectors,
  type IndexedWords,
  type WrittenWords,
  type WrittenWordsSource,
} from "../src/archive/similar-vectors.ts";

/** Written words given per thread id, so the test states each thread's counts outright. */
function wordsFrom(byId: Record<string, WrittenWords>): WrittenWordsSource {
  return { writtenOf: (thread) => byId[thread.id]! };
}

const threadOf = (id: string) => ({ id, title: id, posts: [] }) as unknown as Thread;

describe("buildThreadVectors: the terms a thread keeps", () => {
  // Three threads: a and b share every word, c shares none, so every word of a has 2 of 3 threads
  // (idf ln 1.5); "zeta", written twice in a, weighs more than a's four words written once, which tie.
  const idf = Math.log(3 / 2);
  const words = wordsFrom({
    a: { words: ["gamma", "zeta", "delta", "beta", "alpha"], counts: [1, 2, 1, 1, 1] },
    b: { words: ["alpha", "beta", "gamma", "delta", "zeta"], counts: [1, 1, 1, 1, 1] },
    c: { words: ["omega"], counts: [1] },
  });
  const threads = ["a", "b", "c"].map(threadOf);

  it("keeps the heaviest, then of the tied the smallest terms, not the first written, in term order", () => {
    const vectors = buildThreadVectors(threads, { termsPerThread: 3 }, words);
    const a = vectors.vectors[0]!;
    expect([...a.terms].map((term) => vectors.stems[term])).toEqual(["alpha", "beta", "zeta"]);
    // Weights are divided by the norm of all five terms, kept or not.
    const heavy = (1 + Math.log(2)) * idf;
    const norm = Math.sqrt(heavy * heavy + 4 * idf * idf);
    expect([...a.weights]).toEqual([idf / norm, idf / norm, heavy / norm]);
  });

  it("keeps every term when a thread has no more than termsPerThread, and none at 0", () => {
    const all = buildThreadVectors(threads, { termsPerThread: 5 }, words);
    expect([...all.vectors[1]!.terms].map((term) => all.stems[term])).toEqual([
      "alpha",
      "beta",
      "delta",
      "gamma",
      "zeta",
    ]);
    // c's only word is in no other thread: counted in its norm, never kept.
    expect([...all.vectors[2]!.terms]).toEqual([]);
    const none = buildThreadVectors(threads, { termsPerThread: 0 }, words);
    expect(none.vectors.map((vector) => vector.terms.length)).toEqual([0, 0, 0]);
  });

  it("keeps each thread's terms apart when threads keep more than 64 terms each", () => {
    // a and b share 100 words written once each (idf ln 1.5 each, so every weight is 1/10 of the norm);
    // the picked terms of all threads lie in shared arrays, which grow past 64 a thread.
    const hundred = Array.from({ length: 100 }, (_, n) => `kettle${n}`);
    const many = wordsFrom({
      a: { words: hundred, counts: hundred.map(() => 1) },
      b: { words: [...hundred].reverse(), counts: hundred.map(() => 1) },
      c: { words: ["omega"], counts: [1] },
    });
    const vectors = buildThreadVectors(threads, { termsPerThread: 100 }, many);
    const [a, b, c] = vectors.vectors;
    expect([...a!.terms].map((term) => vectors.stems[term]).sort()).toEqual([...hundred].sort());
    expect([...b!.terms]).toEqual([...a!.terms]);
    for (const weight of [...a!.weights, ...b!.weights]) expect(weight).toBeCloseTo(0.1, 12);
    expect([...c!.terms]).toEqual([]);
  });
});

describe("buildThreadVectors: words given as indexes into a shared vocabulary", () => {
  it("makes the vectors it makes of the same words written out", () => {
    const threads = ["a", "b", "c", "d"].map(threadOf);
    const written: Record<string, WrittenWords> = {
      a: { words: ["Squat", "rack", "squat", "the"], counts: [3, 2, 1, 4] },
      b: { words: ["rack", "Squat", "bar"], counts: [1, 1, 2] },
      c: { words: ["Knie", "und", "der", "Squat"], counts: [2, 3, 3, 1] },
      d: { words: ["bar", "rack", "squats"], counts: [1, 1, 5] },
    };
    const vocabulary = ["bar", "Squat", "the", "rack", "und", "squat", "squats", "der", "Knie"];
    const indexed: Record<string, IndexedWords> = Object.fromEntries(
      Object.entries(written).map(([id, { words, counts }]) => [
        id,
        {
          vocabulary,
          ids: Int32Array.from(words, (word) => vocabulary.indexOf(word)),
          counts: Int32Array.from(counts),
        },
      ]),
    );
    const fromIndexes = buildThreadVectors(threads, {}, { writtenOf: (thread) => indexed[thread.id]! });
    const fromWords = buildThreadVectors(threads, {}, wordsFrom(written));
    expect(fromIndexes.stems).toEqual(fromWords.stems);
    expect(fromIndexes.displayForms).toEqual(fromWords.displayForms);
    expect(fromIndexes.vectors).toEqual(fromWords.vectors);
    expect(fromIndexes.stems).toContain("squat");
    expect(fromIndexes.displayForms[fromIndexes.stems.indexOf("squat")]).toBe("Squat");
    expect(fromIndexes.vectors.map((vector) => vector.language)).toEqual(["en", "en", "de", "en"]);
  });
});
