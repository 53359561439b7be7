// TF-IDF term vectors of threads, shared by similar threads and clusters. Each thread keeps
// only its most telling terms (a fixed number), so everything downstream grows linearly.
import type { Thread } from "../model.ts";
import {
  forEachPostWord,
  forEachWord,
  languageOfLean,
  stemWord,
  stopWordLean,
  type TextLanguage,
} from "./similar-text.ts";
import { compareText } from "../order.ts";
import { takePostWords } from "./post-words.ts";

export interface VectorOptions {
  /** How many times a title word counts against a body word. */
  titleWeight: number;
  /** Terms kept per thread (the highest TF-IDF weights). */
  termsPerThread: number;
  /** Terms in more than this share of threads say nothing (applied from 20 threads on). */
  maxDocumentShare: number;
}

export const defaultVectorOptions: VectorOptions = {
  titleWeight: 3,
  termsPerThread: 40,
  maxDocumentShare: 0.4,
};

export interface ThreadVector {
  /** The thread's most telling terms that other threads share (ids ascending), with TF-IDF
   *  weights divided by the norm of the whole vector: dot products are cosines over these terms. */
  terms: Int32Array;
  weights: Float64Array;
  language: TextLanguage;
}

export interface ThreadVectors {
  /** The threads sorted by id: every index below points into this. */
  threads: Thread[];
  vectors: ThreadVector[];
  /** Stem of each term id; ids follow the stems' sort order. */
  stems: string[];
  /** The form each term was most often written in, for labels. */
  displayForms: string[];
  /** Threads each term occurs in (before pruning). */
  documentFrequency: Int32Array;
}

/** The form a stem was most often written in; ties go to the shorter, then the first in order.
 *  A capital that only starts sentences ("False grip" against "false grip") gives way to the
 *  lower-case form when that is written at least a quarter as often. */
function mostCommonForm(forms: Map<string, number>): string {
  const best = mostFrequent(forms);
  const lowered = best.charAt(0).toLowerCase() + best.slice(1);
  if (
    lowered !== best &&
    best.slice(1) === best.slice(1).toLowerCase() &&
    (forms.get(lowered) ?? 0) * 4 >= forms.get(best)!
  ) {
    return lowered;
  }
  return best;
}

function mostFrequent(forms: Map<string, number>): string {
  let best = "";
  let bestCount = -1;
  for (const [form, count] of forms) {
    if (
      count > bestCount ||
      (count === bestCount &&
        (form.length < best.length || (form.length === best.length && compareText(form, best) < 0)))
    ) {
      best = form;
      bestCount = count;
    }
  }
  return best;
}

/** A thread's distinct words as written and how often each occurs (a title word counting
 *  `titleWeight` times), in the order they first occur: title, then posts. That order decides the
 *  order of float sums later, so it is kept. */
export interface WrittenWords {
  words: readonly string[];
  counts: readonly number[];
}

export function writtenWords(thread: Thread, titleWeight: number): WrittenWords {
  const words: string[] = [];
  const counts: number[] = [];
  // Counted as the words are read (no list of every word first), one look-up a word.
  const placeOf = new Map<string, number>();
  const counter = (weight: number) => (word: string) => {
    const at = placeOf.get(word);
    if (at !== undefined) counts[at]! += weight;
    else {
      placeOf.set(word, words.length);
      words.push(word);
      counts.push(weight);
    }
  };
  forEachWord(thread.title, counter(titleWeight));
  // Counted before the bodies were packed (post-words.ts), or else read from the posts now. A word met
  // `count` times adds 1 as often, so the sums are those of the words read one by one.
  const counted = takePostWords(thread.posts, (word, count) => {
    const at = placeOf.get(word);
    if (at === undefined) {
      placeOf.set(word, words.length);
      words.push(word);
      counts.push(count);
    } else for (let n = 0; n < count; n++) counts[at]! += 1;
  });
  if (!counted) forEachPostWord(thread, counter(1));
  return { words, counts };
}

/** A thread's written words as WrittenWords has them, each given as its index into a vocabulary that
 *  many threads share (the similar-words cache's): pass 1 looks a vocabulary's word up once a build. */
export interface IndexedWords {
  vocabulary: readonly string[];
  ids: ArrayLike<number>;
  counts: ArrayLike<number>;
}

/** Where a thread's written words come from: writtenWords, or a cache of its results (similar-cache.ts). */
export interface WrittenWordsSource {
  writtenOf(thread: Thread, titleWeight: number): WrittenWords | IndexedWords;
}

/** A word's stem in a language not yet worked out (-1: a stop word, or none). */
const UNKNOWN_STEM = -2;

/** Pass 1 of buildThreadVectors: each thread's stems (indexes in order of first sight, each thread's in
 *  the order its words first occur) with their counts, and every stem's written forms. Each word as
 *  written gets a number in order of first sight, and what pass 1 knows of it, looked up once a build
 *  (forum text repeats its words), is kept in arrays by that number (objects keyed by the thread's
 *  language were most of this step: issue 15). */
class StemCounter {
  readonly stems: string[] = [];
  /** Every thread's stems and their counts end to end, thread after thread: thread `t`'s from
   *  `threadStart[t]` to `threadStart[t + 1]`. Two typed arrays a thread (20,000 at 10,000 threads, each
   *  with a backing store of its own) were most of this step's garbage (issue 15). */
  stemsFlat = new Int32Array(1 << 16);
  countsFlat = new Float64Array(1 << 16);
  readonly threadStart: number[] = [0];
  readonly languages: TextLanguage[] = [];
  private readonly stemIndex = new Map<string, number>();
  private readonly numberOfWord = new Map<string, number>();
  /** By word number: the word as written, in lower case, its stop-word lean, its stem in each language
   *  (an index into stems) and how often it was counted under each language's stem. */
  private readonly written: string[] = [];
  private readonly lower: string[] = [];
  private readonly leans: number[] = [];
  private readonly stemIn: Record<TextLanguage, number[]> = { en: [], de: [] };
  private readonly countedIn: Record<TextLanguage, number[]> = { en: [], de: [] };
  private readonly lastThread: number[] = [];
  private readonly countOf: number[] = [];
  /** The word numbers of the thread being added (its first so many), reused from thread to thread. An
   *  array emptied by `length = 0` lets its backing store go, and growing it again a thread was most of
   *  this step's garbage (issue 15: ~40 MB at 10,000 threads). */
  private threadWords = new Int32Array(1024);
  /** The last shared vocabulary met, and its words' numbers by index (-1 until met). */
  private vocabulary: readonly string[] = [];
  private numberOfId = new Int32Array(0);

  add(written: WrittenWords | IndexedWords): void {
    const thread = this.languages.length;
    const counts = written.counts;
    const length = "ids" in written ? written.ids.length : written.words.length;
    if (length > this.threadWords.length)
      this.threadWords = new Int32Array(Math.max(length, 2 * this.threadWords.length));
    // Plain loops into the typed arrays: a thread's temporary arrays were most of this step's garbage (issue 15).
    const words = this.threadWords;
    if ("ids" in written) this.addNumbersOfIds(written);
    else for (let at = 0; at < length; at++) words[at] = this.numberOf(written.words[at]!);
    let lean = 0;
    for (let at = 0; at < length; at++) lean += this.leans[words[at]!]! * counts[at]!;
    const language = languageOfLean(lean);
    const stemOf = this.stemIn[language];
    const counted = this.countedIn[language];
    // The thread's stems go straight into the flat array, in the order first met (at most one a word).
    const start = this.threadStart[thread]!;
    this.roomFor(start + length);
    const { stemsFlat, countsFlat } = this;
    let end = start;
    for (let at = 0; at < length; at++) {
      const word = words[at]!;
      let stem = stemOf[word]!;
      if (stem === UNKNOWN_STEM) stem = this.stemOfWord(word, language);
      if (stem < 0) continue;
      const count = counts[at]!;
      counted[word]! += count;
      if (this.lastThread[stem] === thread) this.countOf[stem]! += count;
      else {
        this.lastThread[stem] = thread;
        this.countOf[stem] = count;
        stemsFlat[end++] = stem;
      }
    }
    for (let at = start; at < end; at++) countsFlat[at] = this.countOf[stemsFlat[at]!]!;
    this.threadStart.push(end);
    this.languages.push(language);
  }

  /** The flat arrays grown (doubled) to hold `length` entries. */
  private roomFor(length: number): void {
    if (length <= this.stemsFlat.length) return;
    let size = this.stemsFlat.length * 2;
    while (size < length) size *= 2;
    const stems = new Int32Array(size);
    stems.set(this.stemsFlat);
    this.stemsFlat = stems;
    const counts = new Float64Array(size);
    counts.set(this.countsFlat);
    this.countsFlat = counts;
  }

  /** Each stem's written forms with their counts (words in order of first sight). */
  forms(): Map<string, number>[] {
    const forms = this.stems.map(() => new Map<string, number>());
    for (let word = 0; word < this.written.length; word++) {
      for (const language of ["en", "de"] as const) {
        const stem = this.stemIn[language][word]!;
        const counted = this.countedIn[language][word]!;
        if (stem < 0 || counted === 0) continue;
        const stemForms = forms[stem]!;
        const form = this.written[word]!;
        stemForms.set(form, (stemForms.get(form) ?? 0) + counted);
      }
    }
    return forms;
  }

  /** The numbers of an indexed thread's words into threadWords (room made): a word of the vocabulary is
   *  looked up by its string once, then by its index (the same number as a look-up of the string would give). */
  private addNumbersOfIds({ vocabulary, ids }: IndexedWords): void {
    if (vocabulary !== this.vocabulary) {
      this.vocabulary = vocabulary;
      this.numberOfId = new Int32Array(vocabulary.length).fill(-1);
    }
    const numbers = this.numberOfId;
    for (let at = 0; at < ids.length; at++) {
      const id = ids[at]!;
      let word = numbers[id]!;
      if (word < 0) numbers[id] = word = this.numberOf(vocabulary[id]!);
      this.threadWords[at] = word;
    }
  }

  private numberOf(word: string): number {
    let number = this.numberOfWord.get(word);
    if (number === undefined) {
      number = this.written.length;
      this.numberOfWord.set(word, number);
      const lower = word.toLowerCase();
      this.written.push(word);
      this.lower.push(lower);
      this.leans.push(stopWordLean(lower));
      this.stemIn.en.push(UNKNOWN_STEM);
      this.stemIn.de.push(UNKNOWN_STEM);
      this.countedIn.en.push(0);
      this.countedIn.de.push(0);
    }
    return number;
  }

  private stemOfWord(word: number, language: TextLanguage): number {
    const stem = stemWord(this.lower[word]!, language);
    let index = -1;
    if (stem !== null) {
      index = this.stemIndex.get(stem) ?? this.stems.length;
      if (index === this.stems.length) {
        this.stems.push(stem);
        this.stemIndex.set(stem, index);
      }
    }
    this.stemIn[language][word] = index;
    return index;
  }
}

/** A thread's kept terms: of the terms added, the `limit` heaviest (ties: the smaller id), as a sort by
 *  weight descending then id cut at `limit` keeps them, in ascending id order with their weights divided
 *  by the norm. Found from the limit-th heaviest weight (one numeric sort of the weights), with no
 *  object a term and no sort by a comparator: this ran for every term of every thread. */
class TermPicker {
  private readonly ids: Int32Array;
  private readonly weights: Float64Array;
  /** The weight of each term added since reset, by id (read only for those). */
  private readonly weightOf: Float64Array;
  /** The weights added, sorted to find the floor (a copy: `weights` keeps the order added). */
  private readonly sorting: Float64Array;
  private count = 0;
  /** The picked terms and weights of threads, each thread's a view on them from `used` on (grown into new
   *  arrays when full: the views made before keep theirs). A thread's own typed arrays, each with a
   *  backing store of its own, were garbage the GC swept at 10,000 threads (issue 15). */
  private keptTerms: Int32Array;
  private keptWeights: Float64Array;
  private used = 0;

  /** Room at first for `threads` threads of `limit` terms (termsPerThread: what pick keeps at most). */
  constructor(termCount: number, threads: number, limit: number) {
    this.ids = new Int32Array(termCount);
    this.weights = new Float64Array(termCount);
    this.weightOf = new Float64Array(termCount);
    this.sorting = new Float64Array(termCount);
    // A limit past 64 (none is set so) still starts small: take grows the room.
    const room = threads * Math.min(termCount, 64, Math.max(0, Math.trunc(limit)) || 0);
    this.keptTerms = new Int32Array(room);
    this.keptWeights = new Float64Array(room);
  }

  /** Views of `length` entries from `used` on. */
  private take(length: number): { terms: Int32Array; weights: Float64Array } {
    if (this.used + length > this.keptTerms.length) {
      const room = Math.max(1024, 2 * this.keptTerms.length, length);
      this.keptTerms = new Int32Array(room);
      this.keptWeights = new Float64Array(room);
      this.used = 0;
    }
    const start = this.used;
    this.used += length;
    return { terms: this.keptTerms.subarray(start, this.used), weights: this.keptWeights.subarray(start, this.used) };
  }

  reset(): void {
    this.count = 0;
  }

  /** Each id at most once between resets. */
  add(id: number, weight: number): void {
    this.ids[this.count] = id;
    this.weights[this.count++] = weight;
    this.weightOf[id] = weight;
  }

  pick(limit: number, norm: number): { terms: Int32Array; weights: Float64Array } {
    const { ids, weights, count } = this;
    const kept = Math.max(0, Math.min(count, Math.trunc(limit)));
    const { terms, weights: normed } = this.take(kept);
    if (kept === count) terms.set(ids.subarray(0, count));
    else {
      // At most kept - 1 weights are above the kept-th heaviest; the rest are the ties at it with the smallest ids.
      let floor = Number.POSITIVE_INFINITY;
      if (kept > 0) {
        const sorted = this.sorting.subarray(0, count);
        sorted.set(weights.subarray(0, count));
        floor = sorted.sort()[count - kept]!;
      }
      let length = 0;
      const ties: number[] = [];
      for (let at = 0; at < count; at++) {
        if (weights[at]! > floor) terms[length++] = ids[at]!;
        else if (weights[at] === floor) ties.push(ids[at]!);
      }
      ties.sort((a, b) => a - b);
      for (let at = 0; length < kept; at++) terms[length++] = ties[at]!;
    }
    terms.sort();
    for (let at = 0; at < terms.length; at++) normed[at] = this.weightOf[terms[at]!]! / norm;
    return { terms, weights: normed };
  }
}

export function buildThreadVectors(
  input: readonly Thread[],
  options: Partial<VectorOptions> = {},
  words?: WrittenWordsSource,
): ThreadVectors {
  const settings = { ...defaultVectorOptions, ...options };
  const threads = [...input].sort((a, b) => compareText(a.id, b.id));

  // Pass 1: stem counts per thread, with the written forms of each stem. Words are counted as
  // written first: a thread repeats its words, so stemming and form counting run per distinct word.
  const counter = new StemCounter();
  for (const thread of threads) {
    counter.add(words ? words.writtenOf(thread, settings.titleWeight) : writtenWords(thread, settings.titleWeight));
  }

  // Term ids in stem order, so that vectors (and float sums over them) never depend on input order.
  const byStem = counter.stems
    .map((_, index) => index)
    .sort((a, b) => compareText(counter.stems[a]!, counter.stems[b]!));
  const stems = byStem.map((index) => counter.stems[index]!);
  const termOf = new Int32Array(stems.length);
  byStem.forEach((index, id) => (termOf[index] = id));
  const forms = counter.forms();
  const displayForms = byStem.map((index) => mostCommonForm(forms[index]!));
  const documentFrequency = new Int32Array(stems.length);
  const { stemsFlat, countsFlat, threadStart } = counter;
  for (let at = 0; at < threadStart[threads.length]!; at++) documentFrequency[termOf[stemsFlat[at]!]!]++;

  const threadCount = threads.length;
  const maxDocuments = threadCount >= 20 ? Math.floor(settings.maxDocumentShare * threadCount) : threadCount;
  const picker = new TermPicker(stems.length, threads.length, settings.termsPerThread);
  // Each term's idf, and 1 + ln of each small whole count, worked out once, not for every term of every
  // thread (two logarithms each, issue 15): the same expressions of the same numbers, so the same weights.
  const idf = new Float64Array(stems.length);
  for (let id = 0; id < stems.length; id++) idf[id] = Math.log(threadCount / documentFrequency[id]!);
  const countWeights = new Float64Array(256).fill(Number.NaN);
  const countWeightOf = (count: number): number => {
    if (!(count >= 0 && count < 256 && Number.isInteger(count))) return 1 + Math.log(count);
    const known = countWeights[count]!;
    return Number.isNaN(known) ? (countWeights[count] = 1 + Math.log(count)) : known;
  };
  const vectors: ThreadVector[] = counter.languages.map((language, index) => {
    picker.reset();
    let norm = 0;
    for (let at = threadStart[index]!; at < threadStart[index + 1]!; at++) {
      const id = termOf[stemsFlat[at]!]!;
      const df = documentFrequency[id]!;
      // A term of most threads says nothing about any of them.
      if (df > maxDocuments) continue;
      const weight = countWeightOf(countsFlat[at]!) * idf[id]!;
      norm += weight * weight;
      // A term of one thread alone can never make two threads alike: it counts in the norm
      // (a thread mostly about other things is less like anything) but is not kept.
      if (df >= 2 && weight > 0) picker.add(id, weight);
    }
    return { ...picker.pick(settings.termsPerThread, Math.sqrt(norm)), language };
  });

  return { threads, vectors, stems, displayForms, documentFrequency };
}

const recent = new WeakMap<readonly Thread[], { snapshot: Thread[]; optionsKey: string; vectors: ThreadVectors }>();

/** buildThreadVectors, remembered for the same array of the same thread objects: the archive
 *  computes similar threads and then clusters from one list, and the vectors are most of the cost.
 *  Threads must not be edited in between (only `similar` and `language` may be set: they are not read here). */
export function threadVectorsFor(
  threads: readonly Thread[],
  options: Partial<VectorOptions> = {},
  words?: WrittenWordsSource,
): ThreadVectors {
  const settings = { ...defaultVectorOptions, ...options };
  const optionsKey = JSON.stringify([settings.titleWeight, settings.termsPerThread, settings.maxDocumentShare]);
  const known = recent.get(threads);
  if (
    known !== undefined &&
    known.optionsKey === optionsKey &&
    known.snapshot.length === threads.length &&
    known.snapshot.every((thread, index) => thread === threads[index])
  ) {
    return known.vectors;
  }
  const vectors = buildThreadVectors(threads, settings, words);
  recent.set(threads, { snapshot: [...threads], optionsKey, vectors });
  return vectors;
}
