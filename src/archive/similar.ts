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

/** Every thread's kept terms and weights end to end, thread after thread: `start[index]` to
 *  `start[index + 1]`. Scoring reads 30 candidates' vectors a thread, spread over the heap as objects
 *  and two arrays each; laid out together they are read from the cache (issue 15: ~30 % of the step). */
interface FlatVectors {
  start: Int32Array;
  terms: Int32Array;
  weights: Float64Array;
}

function flatVectors(vectors: readonly ThreadVector[]): FlatVectors {
  const start = new Int32Array(vectors.length + 1);
  for (let index = 0; index < vectors.length; index++) {
    start[index + 1] = start[index]! + vectors[index]!.terms.length;
  }
  const terms = new Int32Array(start[vectors.length]!);
  const weights = new Float64Array(start[vectors.length]!);
  for (let index = 0; index < vectors.length; index++) {
    terms.set(vectors[index]!.terms, start[index]!);
    weights.set(vectors[index]!.weights, start[index]!);
  }
  return { start, terms, weights };
}

/** Cosine of a thread's pruned vector, spread out by term in `own` (0 where it has no weight), and
 *  thread `other`'s: one pass over the other's terms instead of a merge of both lists. The products of
 *  shared terms are added in ascending term order as a merge adds them, and a term not shared adds +0,
 *  which leaves a sum of non-negative products as it is, so the sum is the merge's to the last bit. */
function dotWithSpread(own: Float64Array, flat: FlatVectors, other: number): number {
  const { start, terms, weights } = flat;
  const end = start[other + 1]!;
  let sum = 0;
  for (let at = start[other]!; at < end; at++) sum += own[terms[at]!]! * weights[at]!;
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

/** The walk's scratch, by thread index: each touched thread's partial sum and `seen` (1: touched by
 *  the current walk). Both are 0 between walks: the candidates' selection clears what the walk set. */
interface WalkScratch {
  partial: Float64Array;
  seen: Uint8Array;
  /** The threads touched by the current walk, in the order first touched. */
  touched: Int32Array;
}

/** The candidates, best by partial sum: a bounded min-heap of indexes, with their sums kept beside them. */
interface Candidates {
  index: Int32Array;
  sum: Float64Array;
}

/** Into `best`, the `best.index.length` touched threads (`touched`'s first `length`) with the largest partial
 *  sums (ties: the smaller index), in heap order; returns how many. Touched lists run to thousands, and
 *  sorting each one would dominate: most lose to the heap's worst, so that comparison comes first, inline.
 *  Each touched thread's sum and mark are cleared as they are read, for the next walk; the heap keeps its
 *  own copies of the sums, so it never reads a cleared one. */
function topByPartial(scratch: WalkScratch, length: number, best: Candidates): number {
  const { partial, seen, touched } = scratch;
  const { index: heap, sum: sums } = best;
  const count = heap.length;
  let size = 0;
  let at = 0;
  for (; at < length && size < count; at++) {
    const candidate = touched[at]!;
    const sum = partial[candidate]!;
    partial[candidate] = 0;
    seen[candidate] = 0;
    // Up from the new leaf while the candidate is below ("worse than": smaller sum, or equal and larger index).
    let place = size++;
    while (place > 0) {
      const parent = (place - 1) >> 1;
      const parentSum = sums[parent]!;
      if (!(sum < parentSum || (sum === parentSum && candidate > heap[parent]!))) break;
      heap[place] = heap[parent]!;
      sums[place] = parentSum;
      place = parent;
    }
    heap[place] = candidate;
    sums[place] = sum;
  }
  if (size === 0) {
    // No room (no candidate scored): only the clearing.
    for (; at < length; at++) {
      partial[touched[at]!] = 0;
      seen[touched[at]!] = 0;
    }
    return 0;
  }
  for (; at < length; at++) {
    const candidate = touched[at]!;
    const sum = partial[candidate]!;
    partial[candidate] = 0;
    seen[candidate] = 0;
    if (sum < sums[0]! || (sum === sums[0]! && candidate > heap[0]!)) continue;
    siftDownFromRoot(best, size, candidate, sum);
  }
  return size;
}

/** Puts (candidate, sum) at the root of the full heap `best` (its first `size`) in place of its worst,
 *  and moves it down to its place. */
function siftDownFromRoot(best: Candidates, size: number, candidate: number, sum: number): void {
  const { index: heap, sum: sums } = best;
  let place = 0;
  for (;;) {
    const left = 2 * place + 1;
    if (left >= size) break;
    let child = left;
    let childSum = sums[left]!;
    const right = left + 1;
    if (right < size) {
      const rightSum = sums[right]!;
      if (rightSum < childSum || (rightSum === childSum && heap[right]! > heap[left]!)) {
        child = right;
        childSum = rightSum;
      }
    }
    if (!(childSum < sum || (childSum === sum && heap[child]! > candidate))) break;
    heap[place] = heap[child]!;
    sums[place] = childSum;
    place = child;
  }
  heap[place] = candidate;
  sums[place] = sum;
}

/** Partial sums of thread `index`'s walk over the heads of its terms' postings, into `partial` for
 *  the threads it touches, listed in `touched` in the order first touched; returns how many. With no
 *  branch a posting (issue 15: whether a thread was touched before is a coin toss the CPU mispredicts):
 *  every posting adds its product to a sum that starts at 0 (0 + p is p to the bit, and the products
 *  are added in the same order as before, so each sum is the same), writes the thread at the end of the
 *  touched list and moves the end on by 1 only at the first touch. The thread itself is marked up front,
 *  so it is never listed; its own sum is cleared by the caller. */
function walkPostings(index: number, vector: ThreadVector, postings: Postings, scratch: WalkScratch): number {
  const { partial, touched, seen } = scratch;
  const { offsets, threads, weights } = postings;
  const { terms, weights: own } = vector;
  let length = 0;
  seen[index] = 1;
  for (let position = 0; position < terms.length; position++) {
    const term = terms[position]!;
    const end = offsets[term + 1]!;
    const weight = own[position]!;
    for (let slot = offsets[term]!; slot < end; slot++) {
      const other = threads[slot]!;
      partial[other]! += weight * weights[slot]!;
      touched[length] = other;
      length += 1 - seen[other]!;
      seen[other] = 1;
    }
  }
  return length;
}

/** For every thread (index into `vectors.threads`), its best neighbours: score desc, then id asc. */
export function nearestNeighbours(vectors: ThreadVectors, options: Partial<SimilarOptions> = {}): ScoredNeighbour[][] {
  const settings = { ...defaultSimilarOptions, ...options };
  const threadCount = vectors.threads.length;
  const postings = buildPostings(vectors, settings.maxPostings);
  const scratch: WalkScratch = {
    partial: new Float64Array(threadCount),
    seen: new Uint8Array(threadCount),
    touched: new Int32Array(threadCount),
  };
  // A heap's room: as many as a thread could have (a list of `candidates` took the first whole number at or above).
  const candidateCount = Math.min(threadCount, Math.max(0, Math.ceil(settings.candidates)));
  const best: Candidates = { index: new Int32Array(candidateCount), sum: new Float64Array(candidateCount) };
  // The scored thread's weights by term, set and cleared around its candidates' scoring.
  const spread = new Float64Array(vectors.stems.length);
  const flat = flatVectors(vectors.vectors);
  const result: ScoredNeighbour[][] = [];
  for (let index = 0; index < threadCount; index++) {
    const vector = vectors.vectors[index]!;
    const length = walkPostings(index, vector, postings, scratch);
    const size = topByPartial(scratch, length, best);
    scratch.partial[index] = 0;
    scratch.seen[index] = 0;
    for (let at = 0; at < vector.terms.length; at++) spread[vector.terms[at]!] = vector.weights[at]!;
    const neighbours: ScoredNeighbour[] = [];
    for (let at = 0; at < size; at++) {
      const other = best.index[at]!;
      const score = roundScore(dotWithSpread(spread, flat, other));
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
