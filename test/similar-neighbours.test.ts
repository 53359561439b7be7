// nearestNeighbours' candidate walk against the rule it implements, written out plainly: each
// thread's partial sums over the heads (maxPostings heaviest, ties by index) of its terms' postings,
// the `candidates` best sums (ties: the smaller index) scored exactly.
import { describe, expect, it } from "vitest";
import { nearestNeighbours, type SimilarOptions } from "../src/archive/similar.ts";
import type { ThreadVector, ThreadVectors } from "../src/archive/similar-vectors.ts";
import type { Thread } from "../src/model.ts";

/** Vectors from term → weight lists (weights used as given: the walk never normalises). */
function vectorsOf(lists: [number, number][][], termCount: number): ThreadVectors {
  const vectors: ThreadVector[] = lists.map((list) => {
    const sorted = [...list].sort((a, b) => a[0] - b[0]);
    return {
      terms: Int32Array.from(sorted, ([term]) => term),
      weights: Float64Array.from(sorted, ([, weight]) => weight),
      language: "en",
    };
  });
  const threads = lists.map((_, index) => ({ id: `t${String(index).padStart(3, "0")}` }) as Thread);
  const stems = Array.from({ length: termCount }, (_, term) => `s${term}`);
  return { threads, vectors, stems, displayForms: stems, documentFrequency: new Int32Array(termCount) };
}

function reference(
  vectors: ThreadVectors,
  settings: Omit<SimilarOptions, "titleWeight" | "termsPerThread" | "maxDocumentShare">,
) {
  const weightOf = (index: number, term: number): number => {
    const vector = vectors.vectors[index]!;
    const at = vector.terms.indexOf(term);
    return at < 0 ? 0 : vector.weights[at]!;
  };
  const heads = new Map<number, number[]>();
  for (let term = 0; term < vectors.stems.length; term++) {
    const holders = vectors.vectors.map((_, index) => index).filter((index) => weightOf(index, term) > 0);
    holders.sort((a, b) => weightOf(b, term) - weightOf(a, term) || a - b);
    heads.set(term, holders.slice(0, settings.maxPostings));
  }
  return vectors.vectors.map((vector, index) => {
    const partial = new Map<number, number>();
    vector.terms.forEach((term, position) => {
      for (const other of heads.get(term)!) {
        if (other !== index)
          partial.set(other, (partial.get(other) ?? 0) + vector.weights[position]! * weightOf(other, term));
      }
    });
    const best = [...partial].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, settings.candidates);
    const scored = best
      .map(([other]) => {
        const exact = vector.terms.reduce((sum, term, at) => sum + vector.weights[at]! * weightOf(other, term), 0);
        return { index: other, score: Math.round(exact * 10_000) / 10_000 };
      })
      .filter((neighbour) => neighbour.score >= settings.threshold)
      .sort((a, b) => b.score - a.score || a.index - b.index);
    const floor = (scored[0]?.score ?? 0) * settings.relativeThreshold;
    return scored.slice(0, settings.limit).filter((neighbour) => neighbour.score >= floor);
  });
}

/** A small deterministic generator (mulberry32), so the lists are the same every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("nearestNeighbours' candidate walk", () => {
  const settings = { limit: 5, threshold: 0.01, maxPostings: 6, candidates: 3, relativeThreshold: 0.2 };

  it("keeps the smaller index when partial sums tie and only some candidates are scored", () => {
    // Threads 1–4 hold term 0 alike; thread 0 touches all four with equal sums, and only 3 are scored.
    // Thread 4 alone also holds term 1, so exactly, it is thread 0's best, but its partial sum ties.
    const vectors = vectorsOf(
      [
        [
          [0, 0.5],
          [2, 0.5],
        ],
        [[0, 0.5]],
        [[0, 0.5]],
        [[0, 0.5]],
        [
          [0, 0.5],
          [1, 0.1],
        ],
        [
          [1, 0.9],
          [2, 0.1],
        ],
      ],
      3,
    );
    const lists = nearestNeighbours(vectors, { ...settings, candidates: 3 });
    // Thread 0 walks term 0 (1, 2, 3, 4 at 0.25 each) and term 2 (thread 5 at 0.05): the three best
    // sums are 1, 2, 3 (4 ties with them but has the larger index).
    expect(lists[0]!.map((neighbour) => neighbour.index)).toEqual([1, 2, 3]);
    expect(lists).toEqual(reference(vectors, { ...settings, candidates: 3 }));
  });

  it("lists nothing when no candidate is to be scored", () => {
    const vectors = vectorsOf([[[0, 0.5]], [[0, 0.5]], [[0, 0.5]]], 1);
    expect(nearestNeighbours(vectors, { ...settings, candidates: 0 })).toEqual([[], [], []]);
  });

  it("lists what the plain rule lists, on random vectors with more holders than the walked head", () => {
    const next = random(15);
    const termCount = 25;
    const lists = Array.from({ length: 120 }, () => {
      const terms = new Set<number>();
      while (terms.size < 6) terms.add(Math.floor(next() * termCount));
      // Weights on a coarse grid, so that partial sums tie now and then.
      return [...terms].map((term): [number, number] => [term, Math.ceil(next() * 8) / 8]);
    });
    const vectors = vectorsOf(lists, termCount);
    expect(nearestNeighbours(vectors, settings)).toEqual(reference(vectors, settings));
  });
});
