// TF-IDF term vectors of threads, shared by similar threads and clusters. Each thread keeps
// only its most telling terms (a fixed number), so everything downstream grows linearly.
import type { Thread } from "../model.ts";
import { detectLanguageOfCounts, stemWord, threadWords, type TextLanguage } from "./similar-text.ts";
import { compareText } from "../order.ts";

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

/** A thread's words as written, each with how often it occurs (a title word counting `titleWeight`
 *  times), in the order they first occur: title, then posts. */
export function writtenWords(thread: Thread, titleWeight: number): Map<string, number> {
  const { title, body } = threadWords(thread);
  const written = new Map<string, number>();
  for (const word of title) written.set(word, (written.get(word) ?? 0) + titleWeight);
  for (const word of body) written.set(word, (written.get(word) ?? 0) + 1);
  return written;
}

/** Where a thread's written words come from: writtenWords, or a cache of its results (similar-cache.ts). */
export interface WrittenWordsSource {
  writtenOf(thread: Thread, titleWeight: number): Map<string, number>;
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
  const forms = new Map<string, Map<string, number>>();
  const counts: Map<string, number>[] = [];
  const languages: TextLanguage[] = [];
  for (const thread of threads) {
    const written = words ? words.writtenOf(thread, settings.titleWeight) : writtenWords(thread, settings.titleWeight);
    const language = detectLanguageOfCounts(written);
    const termCounts = new Map<string, number>();
    for (const [word, count] of written) {
      const stem = stemWord(word.toLowerCase(), language);
      if (stem === null) continue;
      termCounts.set(stem, (termCounts.get(stem) ?? 0) + count);
      let stemForms = forms.get(stem);
      if (stemForms === undefined) forms.set(stem, (stemForms = new Map()));
      stemForms.set(word, (stemForms.get(word) ?? 0) + count);
    }
    counts.push(termCounts);
    languages.push(language);
  }

  // Term ids in stem order, so that vectors (and float sums over them) never depend on input order.
  const stems = [...forms.keys()].sort(compareText);
  const termId = new Map(stems.map((stem, id) => [stem, id]));
  const displayForms = stems.map((stem) => mostCommonForm(forms.get(stem)!));
  const documentFrequency = new Int32Array(stems.length);
  for (const termCounts of counts) {
    for (const stem of termCounts.keys()) documentFrequency[termId.get(stem)!]++;
  }

  const threadCount = threads.length;
  const maxDocuments = threadCount >= 20 ? Math.floor(settings.maxDocumentShare * threadCount) : threadCount;
  const vectors: ThreadVector[] = counts.map((termCounts, index) => {
    const weighted: { id: number; weight: number }[] = [];
    let norm = 0;
    for (const [stem, count] of termCounts) {
      const id = termId.get(stem)!;
      const df = documentFrequency[id]!;
      // A term of most threads says nothing about any of them.
      if (df > maxDocuments) continue;
      const weight = (1 + Math.log(count)) * Math.log(threadCount / df);
      norm += weight * weight;
      // A term of one thread alone can never make two threads alike: it counts in the norm
      // (a thread mostly about other things is less like anything) but is not kept.
      if (df >= 2 && weight > 0) weighted.push({ id, weight });
    }
    norm = Math.sqrt(norm);
    weighted.sort((a, b) => b.weight - a.weight || a.id - b.id);
    const kept = weighted.slice(0, settings.termsPerThread);
    kept.sort((a, b) => a.id - b.id);
    return {
      terms: Int32Array.from(kept, (term) => term.id),
      weights: Float64Array.from(kept, (term) => term.weight / norm),
      language: languages[index]!,
    };
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
