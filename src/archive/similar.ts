// Computed similar threads (issue 4). Placeholder until that work lands: no suggestions.
import type { SimilarRef, Thread } from "../model.ts";

/** For every thread id, its most similar archived threads, best first. */
export function computeSimilar(threads: readonly Thread[]): Map<string, SimilarRef[]> {
  return new Map(threads.map((thread) => [thread.id, []]));
}
