// Site-relative paths and how they become hrefs under a base URL.
// Every internal link goes through withBase so a prefix ("/archive/") works everywhere.
import { slug } from "../slug.ts";
import { normaliseBaseUrl } from "./base-url.ts";

export { normaliseBaseUrl, POSTS_PER_PAGE } from "./base-url.ts";

/** A site-relative path ("/a/b/", "/a/b/#post-3", "feed.xml") as an href under the base URL. */
export function withBase(baseUrl: string, path: string): string {
  return normaliseBaseUrl(baseUrl) + path.replace(/^\/+/, "");
}

/** The path of page `n` (1-based) of a paginated listing rooted at `rootPath`. Page 1 is the root itself. */
export function pagePath(rootPath: string, n: number): string {
  return n <= 1 ? rootPath : `${rootPath}page/${n}/`;
}

/** The file Eleventy should write for a site-relative directory path. */
export function permalinkFor(path: string): string {
  const clean = path.replace(/^\/+/, "");
  return clean.endsWith("/") || clean === "" ? `${clean}index.html` : clean;
}

/** Splits `items` into chunks of `size` (at least one chunk, so an empty listing still gets page 1). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks.length > 0 ? chunks : [[]];
}

/** A fragment id safe for HTML from any text. */
export function anchorId(prefix: string, text: string): string {
  return `${prefix}-${slug(text) || "x"}`;
}
