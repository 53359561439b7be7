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

/** Cosine of a thread's pruned vector, spread out by term in `own` (0 where it has no weight), and
 *  another's: one pass over the other's terms instead of a merge of both lists. The products of shared
 *  terms are added in ascending term order as a merge adds them, and a term not shared adds +0, which
 *  leaves a sum of non-negative products as it is, so the sum is the merge's to the last bit. */
function dotWithSpread(own: Float64Array, other: ThreadVector): number {
  const { terms, weights } = other;
  let sum = 0;
  for (let at = 0; at < terms.length; at++) sum += own[terms[at]!]! * weights[at]!;
  return sum;
}

interface Postings {
  offsets: Int32Array;
  threads: Int32Array;
  weights: Float64Array;
}

/** The head of every term's postings as flat arrays: the `maxPostings` threads that weigh the term
 *  most (ties: the smaller index), heaviest first. The walk reads no further, so the rest is never
 *  placed. A term's holders lie in index order; each of the head is put straight at its rank: the
 *  count of heavier holders (one numeric sort of the term's weights, then a binary search) plus the
 *  ties met before it. That is the place a sort by weight desc, then index asc gives it, with no
 *  comparator called (issue 15: the comparator sorts were ~10 % of nearestNeighbours). */
function buildPostings(vectors: ThreadVectors, maxPostings: number): Postings {
  const termCount = vectors.stems.length;
  const starts = new Int32Array(termCount + 1);
  for (const vector of vectors.vectors) for (const term of vector.terms) starts[term + 1]!++;
  let most = 0;
  for (let term = 0; term < termCount; term++) {
    most = Math.max(most, starts[term + 1]!);
    starts[term + 1]! += starts[term]!;
  }
  const total = starts[termCount]!;
  const allThreads = new Int32Array(total);
  const allWeights = new Float64Array(total);
  const fill = starts.slice(0, termCount);
  // Plain loops: forEach's callbacks over the typed arrays were a third of this step.
  for (let index = 0; index < vectors.vectors.length; index++) {
    const { terms, weights } = vectors.vectors[index]!;
    for (let position = 0; position < terms.length; position++) {
      const slot = fill[terms[position]!]!++;
      allThreads[slot] = index;
      allWeights[slot] = weights[position]!;
    }
  }
  const offsets = new Int32Array(termCount + 1);
  const threads = new Int32Array(total);
  const weights = new Float64Array(total);
  // Ties met so far at each place of the sorted weights; valid where tieTerm holds the term.
  const tiesMet = new Int32Array(most + 1);
  const tieTerm = new Int32Array(most + 1).fill(-1);
  for (let term = 0; term < termCount; term++) {
    const start = starts[term]!;
    const holders = starts[term + 1]! - start;
    const kept = Math.min(holders, maxPostings);
    const at = offsets[term]!;
    offsets[term + 1] = at + kept;
    if (kept === 0) continue;
    const sorted = allWeights.slice(start, start + holders).sort();
    const floor = sorted[holders - kept]!;
    for (let slot = start; slot < start + holders; slot++) {
      const weight = allWeights[slot]!;
      if (weight < floor) continue;
      // The first place above the weight (weights at or above the floor sit in the last `kept`).
      let low = holders - kept;
      let high = holders;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (sorted[middle]! > weight) high = middle;
        else low = middle + 1;
      }
      if (tieTerm[low] !== term) {
        tieTerm[low] = term;
        tiesMet[low] = 0;
      }
      const rank = holders - low + tiesMet[low]!++;
      if (rank >= kept) continue;
      threads[at + rank] = allThreads[slot]!;
      weights[at + rank] = weight;
    }
  }
  return { offsets, threads, weights };
}

/** The `count` indexes of `touched` (its first `length`) with the largest partial sums (ties: the
 *  smaller index), via a bounded min-heap: touched lists can run to thousands, and sorting each one
 *  would dominate. Most candidates lose to the heap's worst, so that comparison is made first, inline. */
function topByPartial(touched: Int32Array, length: number, partial: Float64Array, count: number): number[] {
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
      // Swaps through a local, not a destructuring: that made a two-element array per swap (issue 15).
      const moved = heap[least]!;
      heap[least] = heap[at]!;
      heap[at] = moved;
      at = least;
    }
  };
  if (count <= 0) return heap; // no candidate scored; the shortcut below assumes a full heap
  let worst = -1;
  let worstSum = 0;
  for (let at = 0; at < length; at++) {
    const candidate = touched[at]!;
    if (heap.length < count) {
      heap.push(candidate);
      let place = heap.length - 1;
      while (place > 0) {
        const parent = (place - 1) >> 1;
        if (!below(heap[place]!, heap[parent]!)) break;
        const moved = heap[parent]!;
        heap[parent] = heap[place]!;
        heap[place] = moved;
        place = parent;
      }
      if (heap.length === count) {
        worst = heap[0]!;
        worstSum = partial[worst]!;
      }
      continue;
    }
    const sum = partial[candidate]!;
    if (sum < worstSum || (sum === worstSum && candidate > worst)) continue;
    heap[0] = candidate;
    siftDown(0);
    worst = heap[0]!;
    worstSum = partial[worst]!;
  }
  return heap;
}

/** Partial sums of thread `index`'s walk over the heads of its terms' postings, into `partial` for
 *  the threads it touches, listed in `touched` in the order first touched; returns how many.
 *  `touchedBy` marks a thread touched by this walk (its value is the walking index), so a sum is
 *  set at first touch and never needs clearing; the thread itself is marked up front and never listed. */
function walkPostings(
  index: number,
  vector: ThreadVector,
  postings: Postings,
  scratch: { partial: Float64Array; touched: Int32Array; touchedBy: Int32Array },
): number {
  const { partial, touched, touchedBy } = scratch;
  const { offsets, threads, weights } = postings;
  const { terms, weights: own } = vector;
  let length = 0;
  touchedBy[index] = index;
  for (let position = 0; position < terms.length; position++) {
    const term = terms[position]!;
    const end = offsets[term + 1]!;
    const weight = own[position]!;
    for (let slot = offsets[term]!; slot < end; slot++) {
      const other = threads[slot]!;
      if (touchedBy[other] === index) partial[other]! += weight * weights[slot]!;
      else {
        touchedBy[other] = index;
        touched[length++] = other;
        partial[other] = weight * weights[slot]!;
      }
    }
  }
  return length;
}

/** For every thread (index into `vectors.threads`), its best neighbours: score desc, then id asc. */
export function nearestNeighbours(vectors: ThreadVectors, options: Partial<SimilarOptions> = {}): ScoredNeighbour[][] {
  const settings = { ...defaultSimilarOptions, ...options };
  const threadCount = vectors.threads.length;
  const postings = buildPostings(vectors, settings.maxPostings);
  const scratch = {
    partial: new Float64Array(threadCount),
    touched: new Int32Array(threadCount),
    touchedBy: new Int32Array(threadCount).fill(-1),
  };
  // The scored thread's weights by term, set and cleared around its candidates' scoring.
  const spread = new Float64Array(vectors.stems.length);
  const result: ScoredNeighbour[][] = [];
  for (let index = 0; index < threadCount; index++) {
    const vector = vectors.vectors[index]!;
    const length = walkPostings(index, vector, postings, scratch);
    const best =
      length <= settings.candidates
        ? scratch.touched.subarray(0, length)
        : topByPartial(scratch.touched, length, scratch.partial, settings.candidates);
    for (let at = 0; at < vector.terms.length; at++) spread[vector.terms[at]!] = vector.weights[at]!;
    const neighbours: ScoredNeighbour[] = [];
    for (const other of best) {
      const score = roundScore(dotWithSpread(spread, vectors.vectors[other]!));
      if (score >= settings.threshold) keepAmongBest(neighbours, other, score, settings.limit);
    }
    for (let at = 0; at < vector.terms.length; at++) spread[vector.terms[at]!] = 0;
    // The best is the first of all scored (the order is total), so the floor is the full sort's.
    const floor = (neighbours[0]?.score ?? 0) * settings.relativeThreshold;
    while (neighbours.length > 0 && neighbours.at(-1)!.score < floor) neighbours.pop();
    result.push(neighbours);
  }
  return result;
}

/** Puts (other, score) in `kept`, the best `limit` met so far (score desc, then index asc), if it is
 *  one of them: a candidate list runs to `candidates` (30) a thread, and an object for each, sorted,
 *  then sliced to 5, was garbage (issue 15). */
function keepAmongBest(kept: ScoredNeighbour[], other: number, score: number, limit: number): void {
  let place = kept.length;
  while (
    place > 0 &&
    (score > kept[place - 1]!.score || (score === kept[place - 1]!.score && other < kept[place - 1]!.index))
  ) {
    place--;
  }
  if (place >= limit) return;
  const entry = { index: other, score };
  kept.push(entry);
  for (let at = kept.length - 1; at > place; at--) kept[at] = kept[at - 1]!;
  kept[place] = entry;
  if (kept.length > limit) kept.pop();
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
