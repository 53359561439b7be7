// The base URL every link goes under, and the posts a thread page shows: a module of its own, without
// paths.ts's slugs, so the search worker (search/write.ts, shards.ts), which needs only these, loads no
// transliteration tables (@sindresorhus/transliterate builds its pattern when loaded: ~20 CPU ms).

/** Posts a thread page shows: the site's pages and the search index's links both follow it. */
export const POSTS_PER_PAGE = 40;

/** Normalises a base URL to "/" or "/prefix/" (leading and trailing slash, no doubles). */
export function normaliseBaseUrl(baseUrl: string | undefined): string {
  const trimmed = (baseUrl ?? "/").trim().replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "/" : `/${trimmed}/`;
}
