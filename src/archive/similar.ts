// Computed similar threads (issue 4): cosine similarity of the threads' pruned TF-IDF vectors
// (title weighted up, quotes and signatures left out). Candidates come from postings lists of
// the kept terms, never from all pairs, so the cost grows with threads × terms × postings cap.
import type { SimilarRef, Thread } from "../model.ts";
import { threadVectorsFor, type ThreadVectors, type VectorOptions } from "./similar-vectors.ts";

export interface SimilarOptions extends VectorOptions {
  /** At most this many similar threads per thread. */
  limit: number;
  /** Scores below this are not similar enough to list. */
  threshold: number;
  /** A term kept by more threads than this finds no candidates: it would cost quadratic time
   *  and is too common to tell threads apart anyway. */
  maxPostings: number;
}

export const defaultSimilarOptions: Omit<SimilarOptions, keyof VectorOptions> = {
  limit: 5,
  threshold: 0.1,
  maxPostings: 1000,
};

/** Scores are rounded so that tie-breaks (then by id) do not hang on the last bits of a float. */
const scoreDecimals = 4;
function roundScore(score: number): number {
  const factor = 10 ** scoreDecimals;
  return Math.round(score * factor) / factor;
}

export interface ScoredNeighbour {
  /** Index into ThreadVectors.threads. */
  index: number;
  score: number;
}

/** For every thread (index into `vectors.threads`), its best neighbours: score desc, then id asc. */
export function nearestNeighbours(vectors: ThreadVectors, options: Partial<SimilarOptions> = {}): ScoredNeighbour[][] {
  const settings = { ...defaultSimilarOptions, ...options };
  const threadCount = vectors.threads.length;

  const postingsCount = new Int32Array(vectors.stems.length);
  for (const vector of vectors.vectors) for (const term of vector.terms) postingsCount[term]!++;
  // Postings as flat arrays (thread index, weight), filled in thread order: ascending index.
  const offsets = new Int32Array(vectors.stems.length + 1);
  for (let term = 0; term < vectors.stems.length; term++) offsets[term + 1] = offsets[term]! + postingsCount[term]!;
  const postingThread = new Int32Array(offsets[vectors.stems.length]!);
  const postingWeight = new Float64Array(offsets[vectors.stems.length]!);
  const fill = offsets.slice(0, vectors.stems.length);
  vectors.vectors.forEach((vector, index) => {
    vector.terms.forEach((term, position) => {
      const slot = fill[term]!++;
      postingThread[slot] = index;
      postingWeight[slot] = vector.weights[position]!;
    });
  });

  const accumulator = new Float64Array(threadCount);
  const touched: number[] = [];
  const result: ScoredNeighbour[][] = [];
  for (let index = 0; index < threadCount; index++) {
    const vector = vectors.vectors[index]!;
    for (let position = 0; position < vector.terms.length; position++) {
      const term = vector.terms[position]!;
      const start = offsets[term]!;
      const end = offsets[term + 1]!;
      if (end - start > settings.maxPostings) continue;
      const weight = vector.weights[position]!;
      for (let slot = start; slot < end; slot++) {
        const other = postingThread[slot]!;
        if (other === index) continue;
        if (accumulator[other] === 0) touched.push(other);
        accumulator[other]! += weight * postingWeight[slot]!;
      }
    }
    const neighbours: ScoredNeighbour[] = [];
    for (const other of touched) {
      const score = roundScore(accumulator[other]!);
      accumulator[other] = 0;
      if (score >= settings.threshold) neighbours.push({ index: other, score });
    }
    touched.length = 0;
    // Indexes follow id order, so "then by index" is "then by id".
    neighbours.sort((a, b) => b.score - a.score || a.index - b.index);
    result.push(neighbours.slice(0, settings.limit));
  }
  return result;
}

/** For every thread id, its most similar archived threads, best first (score desc, then id asc). */
export function computeSimilar(threads: readonly Thread[], options: Partial<SimilarOptions> = {}): Map<string, SimilarRef[]> {
  const vectors = threadVectorsFor(threads, options);
  const neighbours = nearestNeighbours(vectors, options);
  const similar = new Map<string, SimilarRef[]>();
  vectors.threads.forEach((thread, index) => {
    similar.set(thread.id, neighbours[index]!.map(({ index: other, score }) => {
      const { id, url, title } = vectors.threads[other]!;
      return { id, url, title, score };
    }));
  });
  return similar;
}
