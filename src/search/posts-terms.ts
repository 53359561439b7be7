// What a thread's posts are after the search pipeline, kept between builds (thread-cache.ts) and
// added again without their text (postings.ts, PostingsBuilder#addTerms): a module of its own, so
// that the main thread, which reads the cache's keys (worker.ts), loads no lunr.

/**
 * Posts after the pipeline, in a form that can be kept (search/thread-cache.ts) and added again
 * without their text: the terms, and per (post, field), post-major, one after another in one flat
 * list (no array a field to make or parse: a rebuild adds every kept thread's), the field's length
 * in terms (lunr's field length), its number of distinct terms, then the place in `terms` and the
 * frequency of each, in the order they first occur there (which decides term indexes, and so float
 * sums in scores).
 */
export interface PostsTerms {
  terms: string[];
  fields: ArrayLike<number>;
}

/** The (post, field) pairs `recorded` holds, or undefined when its list is not whole: a field's terms
 *  past its end, or a place past its terms (a kept entry edited by hand; see PostsTerms). Its terms may
 *  be given as ids (term-ids.ts): only their count is read. */
export function fieldsIn({
  terms,
  fields,
}: {
  terms: ArrayLike<unknown>;
  fields: ArrayLike<number>;
}): number | undefined {
  let count = 0;
  for (let at = 0; at < fields.length; count++) {
    const distinct = fields[at + 1]!;
    const end = at + 2 + 2 * distinct;
    if (!(distinct >= 0 && end <= fields.length)) return undefined;
    for (at += 2; at < end; at += 2) if (!(fields[at]! < terms.length)) return undefined;
  }
  return count;
}
