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
import { vbulletinEscaped, vbulletinFragment } from "../vbulletin-url.ts";

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
  // vBulletin 4's "advanced" friendly address (showthread.php/123-title) is a path of its own.
  if (classic) return { root: classic, ...(/\/showthread\.php\/\d+/.test(path) ? { own } : {}), vb5: false };
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

/** Old ids by board root and kind ("/forum/ t123", " f12", " u5") to archive hrefs: nginx finds any
 *  friendly address (whatever its slug) by the id it starts with. */
type IdTargets = Map<string, string>;

/** vBulletin 4's friendly addresses of the thread's forum and its posts' authors, in the style the
 *  thread's own address shows (`/threads/…`: forums/, members/; `showthread.php/…`: forumdisplay.php/,
 *  member.php/), slugged as vBulletin made them from the names. */
function friendlyRules(thread: Thread, root: string, own: string | undefined, places: Places, baseUrl: string) {
  const style = own?.startsWith(`${root}threads/`) ? "rewrite" : own?.includes("/showthread.php/") ? "advanced" : "";
  if (!style) return [];
  const [forums, members] = style === "rewrite" ? ["forums/", "members/"] : ["forumdisplay.php/", "member.php/"];
  const rules: Redirect[] = [];
  const forumUrl = places.forumUrl(thread);
  if (thread.source.forumId && forumUrl) {
    const fragment = vbulletinFragment(thread.source.forumId, vbulletinEscaped(thread.forum.name));
    rules.push({ path: `${root}${forums}${fragment}`, to: withBase(baseUrl, forumUrl) });
  }
  for (const post of thread.posts) {
    const authorUrl = post.author.userId ? places.authorUrl(post.author.name) : undefined;
    if (!authorUrl) continue;
    const fragment = vbulletinFragment(post.author.userId!, vbulletinEscaped(post.author.name));
    rules.push({ path: `${root}${members}${fragment}`, to: withBase(baseUrl, authorUrl) });
  }
  return rules;
}

function rulesOf(
  thread: Thread,
  baseUrl: string,
  places: Places,
  postsPerPage = POSTS_PER_PAGE,
  ids: IdTargets = new Map(),
): Redirect[] {
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
  const byId = (kind: string, id: string, target: string) => {
    if (isLiteralPath(root) && /^\d+$/.test(id) && !ids.has(`${root} ${kind}${id}`))
      ids.set(`${root} ${kind}${id}`, target);
  };
  if (threadId) byId("t", threadId, to);
  const forumId = /^\d+$/.test(thread.source.forumId ?? "") ? thread.source.forumId! : undefined;
  const forumUrl = forumId ? places.forumUrl(thread) : undefined;
  if (forumId && forumUrl) {
    const forumTo = withBase(baseUrl, forumUrl);
    rules.push({ path: `${root}forumdisplay.php`, query: { name: "f", value: forumId }, to: forumTo });
    rules.push({ path: `${root}archive/index.php/f-${forumId}.html`, to: forumTo });
    byId("f", forumId, forumTo);
  }
  if (threadId) rules.push(...friendlyRules(thread, root, own, places, baseUrl));
  thread.posts.forEach((post, index) => {
    if (!post.id) return;
    const href = withBase(baseUrl, `${pagePath(thread.url, Math.floor(index / postsPerPage) + 1)}#post-${post.number}`);
    rules.push({ path: `${root}showthread.php`, query: { name: "p", value: post.id }, to: href });
    rules.push({ path: `${root}showpost.php`, query: { name: "p", value: post.id }, to: href });
    if (vb5) rules.push({ path: `/node/${post.id}`, to: href });
    const userId = post.author.userId;
    const authorUrl = userId !== undefined && /^\d+$/.test(userId) ? places.authorUrl(post.author.name) : undefined;
    if (authorUrl) {
      rules.push({ path: `${root}member.php`, query: { name: "u", value: userId! }, to: withBase(baseUrl, authorUrl) });
      byId("u", userId!, withBase(baseUrl, authorUrl));
    }
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
  const ids: IdTargets = new Map();
  for (const thread of threads) {
    for (const rule of rulesOf(thread, baseUrl, places, options.postsPerPage, ids)) {
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
    ...bucketSizeNote(rules.map(keyOf)),
    "map $request_uri $forum_archive_redirect {",
    ids.size ? "    default $forum_archive_by_id;" : '    default "";',
    ...rules.map((rule) => `    ${quote(keyOf(rule))} ${quote(rule.to)};`),
    "}",
    ...nginxIdMaps(ids, quote),
  ].join("\n");
  return { rules, netlify: `${netlify}\n`, nginx: `${nginx}\n`, conflicts };
}

/** nginx stores a map's exact keys in hash buckets of 64 bytes unless told otherwise, and refuses
 *  to start when a key does not fit (long friendly and vBulletin 5 paths): say the size needed. */
function bucketSizeNote(keys: string[]): string[] {
  const longest = Math.max(0, ...keys.map((key) => Buffer.byteLength(key)));
  // One element (pointer, length, key aligned to 8 bytes) and the bucket's end marker.
  const needed = 8 + Math.ceil((longest + 2) / 8) * 8 + 8;
  if (needed <= 64) return [];
  const size = 2 ** Math.ceil(Math.log2(needed));
  return [`# Some old addresses are long: in the http block, also  map_hash_bucket_size ${size};`];
}

/**
 * Friendly addresses by the id they start with, whatever their slug: vBulletin 4's
 * `threads/123-…`, `showthread.php/123-…`, `showthread.php?123-…` (also `/page2`), `forums/12-…`,
 * `forumdisplay.php/12-…`, `members/5-…`, `member.php/5-…` and vBulletin 5's `member/5-…`, under
 * each board's path: a few regular expressions find the id, then an exact map the page.
 */
function nginxIdMaps(ids: IdTargets, quote: (text: string) => string): string[] {
  if (ids.size === 0) return [];
  const roots = [...new Set([...ids.keys()].map((key) => key.slice(0, key.lastIndexOf(" "))))].sort(compareText);
  const patterns = roots.flatMap((root) => {
    const at = `^${root.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
    const end = "(\\d+)(?:[-/?&]|$)";
    return [
      [`~${at}(?:threads/|showthread\\.php[/?])${end}`, `${root} t$1`],
      [`~${at}(?:forums/|forumdisplay\\.php[/?])${end}`, `${root} f$1`],
      [`~${at}(?:members?/|member\\.php[/?])${end}`, `${root} u$1`],
    ];
  });
  return [
    "# Friendly addresses (vBulletin 4 and 5), found by the id they start with.",
    "map $request_uri $forum_archive_id {",
    '    default "";',
    ...patterns.map(([pattern, value]) => `    ${quote(pattern!)} ${quote(value!)};`),
    "}",
    "map $forum_archive_id $forum_archive_by_id {",
    '    default "";',
    ...[...ids].map(([key, to]) => `    ${quote(key)} ${quote(to)};`),
    "}",
  ];
}
