// Old forum addresses to archive permalinks: for every thread whose original thread id (and
// posts whose original post ids) a saved page told, the paths the forum used for them
// (`showthread.php?t=123`, `?threadid=123`, `showthread.php?p=456`, `showpost.php?p=456`,
// `archive/index.php/t-123.html`, `printthread.php?t=123`, the page's own friendly, vBSEO or
// vBulletin 5 path, vBulletin 5's `/node/456`) as a
// Netlify `_redirects` file and an nginx map. Pure: archive in, file texts out.
import type { Archive, Thread } from "../model.ts";
import { threadIdOf } from "../parse/html/urls.ts";
import { POSTS_PER_PAGE, pagePath, withBase } from "./paths.ts";
import { compareText } from "../order.ts";

/**
 * A redirect source is a literal path: `/`, then letters, digits and the few punctuation marks
 * forum addresses use. Nothing a host reads as a pattern (`*` splats, `:placeholder`s, a `!` that
 * forces a rule), no white space or control characters that would end a line or a field, no
 * quotes, `$` or braces an nginx map could read, no `?` or `#`.
 */
const LITERAL_PATH = /^\/[A-Za-z0-9\-._~/%+,;=&@]*$/;
/** Whether `path` can stand as a redirect source in `_redirects` and `nginx-redirects.conf`. */
export const isLiteralPath = (path: string): boolean => LITERAL_PATH.test(path) && !/%(?![0-9A-Fa-f]{2})/.test(path);

export interface Redirect {
  /** The old path, without query ("/forum/showthread.php"). */
  path: string;
  /** The one query parameter the old address carries ("t=123"), if any. */
  query?: { name: string; value: string };
  /** The archive's href (base URL applied), with the post's fragment for post addresses. */
  to: string;
}

export interface RedirectMap {
  rules: Redirect[];
  /** Netlify `_redirects` (query parameters matched; Cloudflare Pages ignores those lines' queries, see the README). */
  netlify: string;
  /** An nginx `map $request_uri $forum_archive_redirect { … }` block, exact addresses. */
  nginx: string;
  /** Old addresses two threads claim: the first (by archive URL) keeps them; these say which were skipped. */
  conflicts: string[];
}

export interface RedirectOptions {
  /** The archive's base URL ("/" or "/archive/"). */
  baseUrl?: string;
  /** Whether an address without query is one the archive itself serves (a page or file of the
   *  build): no old address may shadow it, whatever a dump's front matter claims. */
  isArchivePath?: (path: string) => boolean;
  /** Posts on a thread page (default POSTS_PER_PAGE): which page a post's redirect goes to. */
  postsPerPage?: number;
}

/** The thread's original URL, parsed once: every path below comes from this one reading. */
function parsedUrl(url: string | undefined): URL | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The old board's root path and how its thread address looked, from the thread's original URL.
 *  Its own path only when that same parsed address names the thread id (`/threads/5-x/../../*`
 *  names 5 as written, but is `/*` once read: no own path). */
function boardOf(parsed: URL | undefined, threadId: string | undefined): { root: string; own?: string; vb5: boolean } {
  if (!parsed) return { root: "/", vb5: false };
  const path = parsed.pathname;
  const namesThread = threadId !== undefined && threadIdOf(parsed.href) === threadId;
  const own = parsed.search === "" && namesThread ? path.replace(/\/page\d+$/, "") : undefined;
  const cut = (marker: RegExp) => {
    const match = marker.exec(path);
    return match ? path.slice(0, match.index + 1) : undefined;
  };
  const classic = cut(/\/(?:showthread|printthread|showpost)\.php/);
  if (classic) return { root: classic, vb5: false };
  const friendly = cut(/\/threads\/\d+/);
  if (friendly) return { root: friendly, own, vb5: false };
  const archived = cut(/\/archive\/index\.php/);
  if (archived) return { root: archived, own, vb5: false };
  if (/\.html?$/.test(path))
    return { root: path.slice(0, path.lastIndexOf("/", path.lastIndexOf("/") - 1) + 1) || "/", own, vb5: false };
  // vBulletin 5: /forum/<channels>/123-title; node addresses live at the site root.
  return { root: "/", own, vb5: /\/\d+-[^/]+$/.test(path) };
}

/** Where forum and author pages are (the archive's indexes), for the forum and member addresses of database inputs. */
interface Places {
  forumUrl(thread: Thread): string | undefined;
  authorUrl(name: string): string | undefined;
}

function placesOf(archive: Pick<Archive, "threads"> & Partial<Pick<Archive, "forums" | "authors">>): Places {
  const forums = new Map((archive.forums ?? []).map((forum) => [JSON.stringify([forum.site, forum.name]), forum.url]));
  const authors = new Map((archive.authors ?? []).map((author) => [author.name.toLowerCase(), author.url]));
  return {
    forumUrl: (thread) => forums.get(JSON.stringify([thread.site, thread.forum.name])),
    authorUrl: (name) => authors.get(name.toLowerCase()),
  };
}

function rulesOf(thread: Thread, baseUrl: string, places: Places, postsPerPage = POSTS_PER_PAGE): Redirect[] {
  // Forum ids are numbers; anything else a page claims is not one.
  const threadId = /^\d+$/.test(thread.source.threadId ?? "") ? thread.source.threadId : undefined;
  const { root, own, vb5 } = boardOf(parsedUrl(thread.source.url), threadId);
  const to = withBase(baseUrl, thread.url);
  const rules: Redirect[] = [];
  if (threadId) {
    rules.push({ path: `${root}showthread.php`, query: { name: "t", value: threadId }, to });
    // vBulletin 2 wrote "threadid=".
    rules.push({ path: `${root}showthread.php`, query: { name: "threadid", value: threadId }, to });
    rules.push({ path: `${root}printthread.php`, query: { name: "t", value: threadId }, to });
    rules.push({ path: `${root}archive/index.php/t-${threadId}.html`, to });
  }
  // The page's own path only for a thread the forum numbered: a path alone proves nothing.
  if (threadId && own && own !== "/") rules.push({ path: own, to });
  const forumId = /^\d+$/.test(thread.source.forumId ?? "") ? thread.source.forumId! : undefined;
  const forumUrl = forumId ? places.forumUrl(thread) : undefined;
  if (forumId && forumUrl) {
    const forumTo = withBase(baseUrl, forumUrl);
    rules.push({ path: `${root}forumdisplay.php`, query: { name: "f", value: forumId }, to: forumTo });
    rules.push({ path: `${root}archive/index.php/f-${forumId}.html`, to: forumTo });
  }
  thread.posts.forEach((post, index) => {
    if (!post.id) return;
    const href = withBase(baseUrl, `${pagePath(thread.url, Math.floor(index / postsPerPage) + 1)}#post-${post.number}`);
    rules.push({ path: `${root}showthread.php`, query: { name: "p", value: post.id }, to: href });
    rules.push({ path: `${root}showpost.php`, query: { name: "p", value: post.id }, to: href });
    if (vb5) rules.push({ path: `/node/${post.id}`, to: href });
    const userId = post.author.userId;
    const authorUrl = userId !== undefined && /^\d+$/.test(userId) ? places.authorUrl(post.author.name) : undefined;
    if (authorUrl)
      rules.push({ path: `${root}member.php`, query: { name: "u", value: userId! }, to: withBase(baseUrl, authorUrl) });
  });
  return rules;
}

const keyOf = (rule: Redirect) => (rule.query ? `${rule.path}?${rule.query.name}=${rule.query.value}` : rule.path);

export function redirectMap(
  archive: Pick<Archive, "threads"> & Partial<Pick<Archive, "forums" | "authors">>,
  options: RedirectOptions = {},
): RedirectMap {
  const baseUrl = options.baseUrl ?? "/";
  const threads = [...archive.threads].sort((a, b) => compareText(a.url, b.url));
  const claimed = new Map<string, Redirect>();
  const conflicts: string[] = [];
  const places = placesOf(archive);
  for (const thread of threads) {
    for (const rule of rulesOf(thread, baseUrl, places, options.postsPerPage)) {
      // Ids and paths come from pages, which are data: a value that is no number or a path that is
      // no literal path could write rules of its own, or a pattern covering the whole site.
      if ((rule.query && !/^\d+$/.test(rule.query.value)) || !isLiteralPath(rule.path)) {
        conflicts.push(`${JSON.stringify(keyOf(rule))} is not a plain forum address; not redirected`);
        continue;
      }
      const key = keyOf(rule);
      // Also with a query: Cloudflare Pages ignores queries, so such a rule covers its whole path.
      if (options.isArchivePath?.(rule.path)) {
        conflicts.push(`${key} is a page of the archive; not redirected to ${rule.to}`);
        continue;
      }
      const known = claimed.get(key);
      if (!known) claimed.set(key, rule);
      else if (known.to !== rule.to)
        conflicts.push(`${key} is claimed by ${known.to} and ${rule.to}; kept for ${known.to}`);
    }
  }
  const rules = [...claimed.values()];
  const netlify = [
    "# Old forum addresses to the archive (forum-archive). Netlify matches the query parameter;",
    "# Cloudflare Pages ignores queries, so there only the lines without one apply.",
    ...rules.map((rule) =>
      rule.query ? `${rule.path} ${rule.query.name}=${rule.query.value} ${rule.to} 301` : `${rule.path} ${rule.to} 301`,
    ),
  ].join("\n");
  const quote = (text: string) => `"${text.replace(/["\\]/g, "\\$&")}"`;
  const nginx = [
    "# Old forum addresses to the archive (forum-archive). In the server block:",
    "#   if ($forum_archive_redirect) { return 301 $forum_archive_redirect; }",
    "map $request_uri $forum_archive_redirect {",
    '    default "";',
    ...rules.map((rule) => `    ${quote(keyOf(rule))} ${quote(rule.to)};`),
    "}",
  ].join("\n");
  return { rules, netlify: `${netlify}\n`, nginx: `${nginx}\n`, conflicts };
}
