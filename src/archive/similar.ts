// Computed similar threads: cosine similarity of the threads' pruned TF-IDF vectors
// (title weighted up, quotes and signatures left out). Candidates come from postings lists of
// the kept terms, never from all pairs: each list is ordered by weight and only its head is
// walked, so the cost grows with threads × kept terms × walked postings, linearly in threads.
// The best candidates are then scored exactly.
import type { SimilarRef, Thread } from "../model.ts";
import {
  threadVectorsFor,
  type ThreadVector,
  type ThreadVectors,
  type VectorOptions,
  type WrittenWordsSource,
} from "./similar-vectors.ts";

export interface SimilarOptions extends VectorOptions {
  /** At most this many similar threads per thread. */
  limit: number;
  /** Scores below this are not similar enough to list. */
  threshold: number;
  /** Postings walked per term: the threads that weigh the term most. A term many threads share
   *  would otherwise make the cost quadratic, and it tells less about each of them. */
  maxPostings: number;
  /** Candidates (best by the partial sums of the walk) that are scored exactly. */
  candidates: number;
  /** A listed thread scores at least this share of the best one: when a thread has close
   *  matches, loosely related ones (shared forum small talk) stay off its list. */
  relativeThreshold: number;
}

export const defaultSimilarOptions: Omit<SimilarOptions, keyof VectorOptions> = {
  limit: 5,
  threshold: 0.05,
  maxPostings: 200,
  candidates: 30,
  relativeThreshold: 0.4,
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

/** Cosine of two pruned vectors: a merge of their ascending term ids. */
function dot(a: ThreadVector, b: ThreadVector): number {
  let sum = 0;
  let i = 0;
  let j = 0;
  while (i < a.terms.length && j < b.terms.length) {
    const ta = a.terms[i]!;
    const tb = b.terms[j]!;
    if (ta === tb) sum += a.weights[i++]! * b.weights[j++]!;
    else if (ta < tb) i++;
    else j++;
  }
  return sum;
}

/** Postings of every term as flat arrays: thread indexes and weights, heaviest first (then by index). */
function buildPostings(vectors: ThreadVectors): { offsets: Int32Array; threads: Int32Array; weights: Float64Array } {
  const termCount = vectors.stems.length;
  const offsets = new Int32Array(termCount + 1);
  for (const vector of vectors.vectors) for (const term of vector.terms) offsets[term + 1]!++;
  for (let term = 0; term < termCount; term++) offsets[term + 1]! += offsets[term]!;
  const total = offsets[termCount]!;
  const threads = new Int32Array(total);
  const weights = new Float64Array(total);
  const fill = offsets.slice(0, termCount);
  vectors.vectors.forEach((vector, index) => {
    vector.terms.forEach((term, position) => {
      const slot = fill[term]!++;
      threads[slot] = index;
      weights[slot] = vector.weights[position]!;
    });
  });
  const order: number[] = [];
  for (let term = 0; term < termCount; term++) {
    const start = offsets[term]!;
    const end = offsets[term + 1]!;
    if (end - start < 2) continue;
    order.length = 0;
    for (let slot = start; slot < end; slot++) order.push(slot);
    order.sort((x, y) => weights[y]! - weights[x]! || threads[x]! - threads[y]!);
    const sortedThreads = order.map((slot) => threads[slot]!);
    const sortedWeights = order.map((slot) => weights[slot]!);
    threads.set(sortedThreads, start);
    weights.set(sortedWeights, start);
  }
  return { offsets, threads, weights };
}

/** The `count` indexes with the largest partial sums (ties: the smaller index), via a bounded
 *  min-heap: touched lists can run to thousands, and sorting each one would dominate. */
function topByPartial(touched: readonly number[], partial: Float64Array, count: number): number[] {
  const heap: number[] = [];
  // "a below b": a is the worse candidate (smaller sum, or equal sum and larger index).
  const below = (a: number, b: number): boolean => partial[a]! < partial[b]! || (partial[a] === partial[b] && a > b);
  const siftDown = (from: number): void => {
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let least = at;
      if (left < heap.length && below(heap[left]!, heap[least]!)) least = left;
      if (right < heap.length && below(heap[right]!, heap[least]!)) least = right;
      if (least === at) return;
      [heap[at], heap[least]] = [heap[least]!, heap[at]!];
      at = least;
    }
  };
  for (const candidate of touched) {
    if (heap.length < count) {
      heap.push(candidate);
      let at = heap.length - 1;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!below(heap[at]!, heap[parent]!)) break;
        [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
        at = parent;
      }
    } else if (below(heap[0]!, candidate)) {
      heap[0] = candidate;
      siftDown(0);
    }
  }
  return heap;
}

/** For every thread (index into `vectors.threads`), its best neighbours: score desc, then id asc. */
export function nearestNeighbours(vectors: ThreadVectors, options: Partial<SimilarOptions> = {}): ScoredNeighbour[][] {
  const settings = { ...defaultSimilarOptions, ...options };
  const threadCount = vectors.threads.length;
  const postings = buildPostings(vectors);

  const partial = new Float64Array(threadCount);
  const touched: number[] = [];
  const result: ScoredNeighbour[][] = [];
  for (let index = 0; index < threadCount; index++) {
    const vector = vectors.vectors[index]!;
    for (let position = 0; position < vector.terms.length; position++) {
      const term = vector.terms[position]!;
      const start = postings.offsets[term]!;
      const end = Math.min(postings.offsets[term + 1]!, start + settings.maxPostings);
      const weight = vector.weights[position]!;
      for (let slot = start; slot < end; slot++) {
        const other = postings.threads[slot]!;
        if (other === index) continue;
        if (partial[other] === 0) touched.push(other);
        partial[other]! += weight * postings.weights[slot]!;
      }
    }
    const best = touched.length <= settings.candidates ? touched : topByPartial(touched, partial, settings.candidates);
    const neighbours: ScoredNeighbour[] = [];
    for (const other of best) {
      const score = roundScore(dot(vector, vectors.vectors[other]!));
      if (score >= settings.threshold) neighbours.push({ index: other, score });
    }
    for (const other of touched) partial[other] = 0;
    touched.length = 0;
    neighbours.sort((a, b) => b.score - a.score || a.index - b.index);
    const floor = (neighbours[0]?.score ?? 0) * settings.relativeThreshold;
    result.push(neighbours.slice(0, settings.limit).filter((neighbour) => neighbour.score >= floor));
  }
  return result;
}

/** For every thread id, its most similar archived threads, best first (score desc, then id asc). */
export function computeSimilar(
  threads: readonly Thread[],
  options: Partial<SimilarOptions> = {},
  words?: WrittenWordsSource,
): Map<string, SimilarRef[]> {
  const vectors = threadVectorsFor(threads, options, words);
  const neighbours = nearestNeighbours(vectors, options);
  const similar = new Map<string, SimilarRef[]>();
  vectors.threads.forEach((thread, index) => {
    similar.set(
      thread.id,
      neighbours[index]!.map(({ index: other, score }) => {
        const { id, url, title } = vectors.threads[other]!;
        return { id, url, title, score };
      }),
    );
  });
  return similar;
}
