// The Archive reshaped into what the templates paginate over: one array per kind of page,
// every item knowing its own URL. All ordering is decided here (never by input order), so
// the same archive always gives the same pages.
import type {
  Archive,
  Attachment,
  Author,
  AuthorSummary,
  Block,
  Cluster,
  Failure,
  ForumSummary,
  Poll,
  Post,
  Thread,
} from "../model.ts";
import { dateValue, formatDate, isIsoDate, withZone } from "./format.ts";
import { anchorId, chunk, pagePath, permalinkFor, POSTS_PER_PAGE } from "./paths.ts";
import { excerpt, isSafeHref, plainText, type QuoteTarget } from "./render.ts";
import { CSP_HEADER, CSP_META } from "./security.ts";

export { POSTS_PER_PAGE };
export const THREADS_PER_PAGE = 50;
export const AUTHOR_POSTS_PER_PAGE = 50;
export const SITEMAP_URL_LIMIT = 50_000;
export const FEED_ENTRIES = 30;
export const HOME_LATEST = 15;
export const CLUSTERS_PER_PAGE = 25;

/** A Markdown page from `<input>/pages/*.md`, already rendered (it is the archivist's own text). */
/** A post with its body and signature read once. */
interface ReadPost {
  post: Post;
  body: Block[];
  signature: Block[] | undefined;
}

export interface MarkdownPage {
  title: string;
  url: string;
  html: string;
  file: string;
}

export interface Crumb {
  name: string;
  url?: string;
}

export interface PagerLink {
  n: number;
  url: string;
  current: boolean;
}

export interface Pager {
  page: number;
  count: number;
  /** Page links; `null` marks a gap in a long run of pages. */
  links: (PagerLink | null)[];
  prev?: string;
  next?: string;
}

export interface DateView {
  /** Value for `<time datetime>`, absent when the date could not be read. */
  iso?: string;
  text: string;
}

export interface PostView {
  number: number;
  /** The thread's language (a `lang` for the post's own text), when the archive detected one. */
  language?: string;
  anchor: string;
  /** Site-relative URL of the post including its anchor. */
  href: string;
  author: Author;
  authorUrl?: string;
  date: DateView;
  title?: string;
  icon?: string;
  body: Block[];
  signature?: Block[];
  edited?: { by: string; byUrl?: string; date: DateView; reason?: string };
  attachments?: AttachmentView[];
  /** HTML pages: a soft-deleted post's placeholder, and a post awaiting moderation. */
  deleted?: { by?: string; reason?: string; text: string };
  moderated?: boolean;
}

/** An attachment block; its links (HTML pages) keep an href only when it is http(s). */
export interface AttachmentView {
  label: string;
  lines: string[];
  links?: { href?: string; text: string }[];
}

/** A thread as one line of a listing. */
export interface ThreadRow {
  id: string;
  title: string;
  url: string;
  forumName: string;
  forumUrl?: string;
  starter: string;
  starterUrl?: string;
  replies: number;
  firstPost: DateView;
  lastPost: DateView;
  lastPostBy: string;
  lastPostByUrl?: string;
  lastPostHref: string;
}

export interface ListedView {
  title: string;
  url?: string;
  starter: string;
  forum: string;
  replies: number;
  lastPost: DateView;
  split: "known" | "guessed";
  /** The archive's own computation found this thread too. */
  alsoComputed: boolean;
}

export interface ComputedView {
  title: string;
  url: string;
  /** The forum's own "Similar Threads" table listed this thread too. */
  listedByForum: boolean;
}

export interface ThreadPageView {
  url: string;
  permalink: string;
  title: string;
  /** For <meta name="description">: the start of the page's first post. */
  description: string;
  thread: {
    id: string;
    title: string;
    url: string;
    site: string;
    forumName: string;
    forumDescription?: string;
    forumUrl?: string;
    postCount: number;
    sourceUrl?: string;
    /** Its detected language, for the `lang` of its title and posts. */
    language?: string;
    captured?: string;
    /** HTML pages: the thread's poll results. */
    poll?: Poll;
    timezone?: string;
    /** The dump's footer lines (copyright, trademark notes), kept as text. */
    footer: string[];
  };
  crumbs: Crumb[];
  pager: Pager;
  posts: PostView[];
  /** Site-relative hrefs of every post of the thread, by number: where quotes link to. */
  quoteTargets: Record<string, QuoteTarget>;
  listed: ListedView[];
  computed: ComputedView[];
}

export interface ForumPageView {
  url: string;
  permalink: string;
  title: string;
  forum: { name: string; site: string; description?: string; url: string; threads: number; posts: number };
  crumbs: Crumb[];
  pager: Pager;
  rows: ThreadRow[];
  clusterUrl?: string;
}

export interface AuthorPostView {
  threadTitle: string;
  threadUrl: string;
  forumName: string;
  forumUrl?: string;
  post: PostView;
  quoteTargets: Record<string, QuoteTarget>;
}

export interface AuthorPageView {
  url: string;
  permalink: string;
  title: string;
  name: string;
  profile: Author;
  postsInArchive: number;
  pager: Pager;
  items: AuthorPostView[];
}

export interface ClusterView {
  id: string;
  anchor: string;
  label: string[];
  /** Where the cluster is shown in full: its page and anchor. */
  href: string;
  threads: ThreadRow[];
}

/** One line of the /similar/ index: a page of clusters, summarised. */
export interface ClusterGroup {
  heading: string;
  forumUrl?: string;
  pageUrl: string;
  clusters: { label: string[]; href: string; threadCount: number }[];
}

export interface ClusterPageView {
  url: string;
  permalink: string;
  title: string;
  /** The page's heading (the title without the page number). */
  heading: string;
  pager: Pager;
  /** The forum the page is about; absent on the page of archive-wide clusters. */
  forumName?: string;
  forumUrl?: string;
  clusters: ClusterView[];
}

export interface HomeForum {
  name: string;
  description?: string;
  url: string;
  threads: number;
  posts: number;
}

export interface HomeSite {
  name: string;
  id: string;
  categories: { name: string; id: string; forums: HomeForum[] }[];
}

export interface SitemapFile {
  url: string;
  permalink: string;
  entries: { loc: string; lastmod?: string }[];
}

export interface FeedEntry {
  id: string;
  title: string;
  url: string;
  author: string;
  published: string;
  updated: string;
  summary: string;
}

/** What Eleventy paginates over for thread and author pages: enough for the page's file, its
 *  <title> and description and its sitemap entry. The page itself is built when it is rendered
 *  (SiteModel.threadPage / authorPage), so the whole site never sits in memory as page views. */
export interface PageStub {
  url: string;
  permalink: string;
  title: string;
  description?: string;
  /** Newest post date on the page, for the sitemap. */
  lastmod?: string;
  /** 1-based page number and page count of this thread's or author's pages. */
  page: number;
  pages: number;
}

export interface ThreadPageStub extends PageStub {
  threadId: string;
}

export interface AuthorPageStub extends PageStub {
  /** Index into the model's (sorted) authors. */
  author: number;
}

/** The SiteView with thread and author pages as stubs, built on demand. */
export interface SiteModel extends Omit<SiteView, "threadPages" | "authorPages"> {
  threadPages: ThreadPageStub[];
  authorPages: AuthorPageStub[];
  threadPage(stub: ThreadPageStub): ThreadPageView;
  authorPage(stub: AuthorPageStub): AuthorPageView;
}

export interface SiteView {
  baseUrl: string;
  /** Origin for absolute URLs in sitemap, feed and robots.txt ("https://example.org"), if known. */
  siteUrl: string;
  title: string;
  hasSearch: boolean;
  /** The Content-Security-Policy of every page: for the <meta> tag, and for the `_headers` file. */
  csp: { meta: string; header: string };
  nav: { title: string; url: string }[];
  totals: { threads: number; posts: number; authors: number; forums: number };
  home: { sites: HomeSite[]; latest: ThreadRow[] };
  threadPages: ThreadPageView[];
  forumPages: ForumPageView[];
  authorPages: AuthorPageView[];
  clusters: { url: string; groups: ClusterGroup[] } | null;
  /** The /similar/ index as a list of zero or one page, for pagination (nothing written without clusters). */
  clusterIndexPages: { url: string; permalink: string; groups: ClusterGroup[] }[];
  clusterPages: ClusterPageView[];
  markdownPages: (MarkdownPage & { permalink: string })[];
  sitemaps: SitemapFile[];
  /** Present when the URLs need more than one sitemap file: sitemap.xml is then an index. */
  sitemapIndex: SitemapFile[] | null;
  /** sitemap.xml as an index, as a list of zero or one page (for pagination). */
  sitemapIndexPages: { permalink: string; files: SitemapFile[] }[];
  /** The Atom feed; its text holds only characters XML can write (see xmlText). */
  feed: { title: string; updated: string; entries: FeedEntry[] };
  /** Pages left out because their URL was unusable or already taken (reported as build failures). */
  problems: Failure[];
}

export interface ViewOptions {
  baseUrl: string;
  siteUrl?: string;
  pages?: MarkdownPage[];
  /** Whether a search page will be written (the search work ships templates/search.njk). */
  hasSearch?: boolean;
  /** URLs per sitemap file (the protocol's limit unless a test lowers it). */
  sitemapLimit?: number;
}

/** Text for XML 1.0, which has no way to write most control characters (BEL, ESC, NUL…) or
 *  U+FFFE/U+FFFF: each becomes U+FFFD, so one such character in a dump cannot make the feed unreadable. */
export function xmlText(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "\ufffd");
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dateView(value: string | undefined, fallback?: string): DateView {
  if (isIsoDate(value)) return { iso: value, text: formatDate(value) };
  return { text: value ?? fallback ?? "" };
}

function makePager(rootPath: string, page: number, count: number): Pager {
  const wanted = new Set<number>([1, count]);
  for (let n = page - 3; n <= page + 3; n++) if (n >= 1 && n <= count) wanted.add(n);
  const links: (PagerLink | null)[] = [];
  let last = 0;
  for (const n of [...wanted].sort((a, b) => a - b)) {
    if (n - last > 1) links.push(null);
    links.push({ n, url: pagePath(rootPath, n), current: n === page });
    last = n;
  }
  return {
    page,
    count,
    links,
    prev: page > 1 ? pagePath(rootPath, page - 1) : undefined,
    next: page < count ? pagePath(rootPath, page + 1) : undefined,
  };
}

/** Newest-first order of threads by last post, ties by title then id. */
function compareByLastPost(a: ThreadRow, b: ThreadRow): number {
  return (
    dateValue(b.lastPost.iso) - dateValue(a.lastPost.iso) || byText(a.title, b.title) || byText(a.id, b.id)
  );
}

/** A site-relative directory URL Eleventy may write to: "/a/b/", no "." or ".." segments, nothing odd. */
export function isSafeSitePath(url: string): boolean {
  if (!/^\/(?:[^/\\?#\s]+\/)*$/.test(url)) return false;
  return url.split("/").every((segment) => segment !== "." && segment !== "..");
}

/** Every page of the site as a view (tests and small archives; the build uses buildSiteModel). */
export function buildSiteView(archive: Archive, options: ViewOptions): SiteView {
  const { threadPage, authorPage, ...model } = buildSiteModel(archive, options);
  return { ...model, threadPages: model.threadPages.map(threadPage), authorPages: model.authorPages.map(authorPage) };
}

export function buildSiteModel(archive: Archive, options: ViewOptions): SiteModel {
  const baseUrl = options.baseUrl;
  const siteUrl = (options.siteUrl ?? "").replace(/\/+$/, "");

  // Every page root URL is claimed once: a URL that is unusable, or already taken, leaves its
  // page out and says so, instead of writing outside the output or over another page.
  const problems: Failure[] = [];
  const claimed = new Map<string, string>([["/", "the home page"], ["/similar/", "the similar-threads index"], ["/search/", "the search page"]]);
  const claim = (url: string, owner: string, file: string): boolean => {
    if (!isSafeSitePath(url) || url === "/") {
      problems.push({ file, reason: `${owner} left out: unusable URL ${JSON.stringify(url)}` });
      return false;
    }
    const prior = claimed.get(url);
    if (prior !== undefined) {
      problems.push({ file, reason: `${owner} left out: its URL ${url} is already used by ${prior}` });
      return false;
    }
    claimed.set(url, owner);
    return true;
  };

  const threads = [...archive.threads]
    .sort((a, b) => byText(a.url, b.url) || byText(a.id, b.id))
    .filter((t) => claim(t.url, `thread "${t.title}"`, t.source.files[0] ?? t.id));
  const threadById = new Map(threads.map((t) => [t.id, t]));
  const threadByUrl = new Map(threads.map((t) => [t.url, t]));
  const authorByName = new Map<string, AuthorSummary>();
  const authors = [...archive.authors]
    .sort((a, b) => byText(a.url, b.url) || byText(a.name, b.name))
    .filter((a) => claim(a.url, `author page of ${a.name}`, a.url));
  for (const author of authors) {
    // The archive keys authors by name without case (vBulletin names are unique that way).
    const key = author.name.toLowerCase();
    if (!authorByName.has(key)) authorByName.set(key, author);
  }
  const authorUrl = (name: string): string | undefined => authorByName.get(name.toLowerCase())?.url;

  const forums = [...archive.forums]
    .sort(
      (a, b) =>
        byText(a.site, b.site) || byText(a.parents.join("\u0000"), b.parents.join("\u0000")) || byText(a.name, b.name) || byText(a.url, b.url),
    )
    .filter((f) => claim(f.url, `forum "${f.name}"`, f.url));
  const forumByThread = new Map<string, ForumSummary>();
  for (const forum of forums) for (const id of forum.threadIds) if (!forumByThread.has(id)) forumByThread.set(id, forum);
  const forumOf = (thread: Thread): ForumSummary | undefined =>
    forumByThread.get(thread.id) ?? forums.find((f) => f.site === thread.site && f.name === thread.forum.name);

  // Where every post lives: the page of its thread, so quotes and author pages link to the right
  // page. Built per thread when a page needs it (O(thread)), never for the whole archive at once.
  const postHref = (thread: Thread, index: number, number: number): string =>
    `${pagePath(thread.url, Math.floor(index / POSTS_PER_PAGE) + 1)}#post-${number}`;
  // A page needs the targets of the posts it shows and of the posts they quote only, not of whole
  // threads (a long thread would cost 400 per post shown).
  const numberedInOrder = new WeakMap<Thread, boolean>();
  const indexOfPost = (thread: Thread, number: number): number => {
    let inOrder = numberedInOrder.get(thread);
    if (inOrder === undefined) numberedInOrder.set(thread, (inOrder = thread.posts.every((p, i) => p.number === i + 1)));
    // The last post of a number wins when a thread repeats one.
    return inOrder ? (number >= 1 && number <= thread.posts.length ? number - 1 : -1) : thread.posts.findLastIndex((p) => p.number === number);
  };
  // A loaded post decodes its body and signature on every read (archive/packed-bodies.ts), so a
  // page reads them once per post and hands them on.
  const readPost = (post: Post): ReadPost => ({ post, body: post.body, signature: post.signature });
  const quoteTargetsFor = (thread: Thread, { post, body, signature }: ReadPost): Record<string, QuoteTarget> => {
    const targets: Record<string, QuoteTarget> = {};
    const add = (number: number) => {
      const i = indexOfPost(thread, number);
      const target = thread.posts[i];
      if (target) targets[String(number)] = { href: postHref(thread, i, number), author: target.author.name };
    };
    const walk = (blocks: readonly Block[] | undefined) => {
      for (const block of blocks ?? []) {
        if (block.type !== "quote") continue;
        if (block.postNumber !== undefined) add(block.postNumber);
        walk(block.blocks);
      }
    };
    add(post.number);
    walk(body);
    walk(signature);
    return targets;
  };

  const postView = ({ post, body, signature }: ReadPost, targets: Record<string, QuoteTarget>, thread: Thread): PostView => ({
    number: post.number,
    language: thread.language,
    anchor: `post-${post.number}`,
    href: targets[String(post.number)]?.href ?? `${thread.url}#post-${post.number}`,
    author: post.author,
    authorUrl: authorUrl(post.author.name),
    date: dateView(post.postedAt, post.postedAtText),
    title: post.title,
    icon: post.icon,
    body,
    signature: signature && signature.length > 0 ? signature : undefined,
    edited: post.edited
      ? {
          by: post.edited.by,
          byUrl: authorUrl(post.edited.by),
          date: dateView(post.edited.at, post.edited.atText),
          reason: post.edited.reason,
        }
      : undefined,
    attachments: post.attachments && post.attachments.length > 0 ? post.attachments.map(attachmentView) : undefined,
    deleted: post.deleted,
    moderated: post.moderated,
  });

  const rowOf = (thread: Thread): ThreadRow => {
    const first = thread.posts[0];
    const last = thread.posts[thread.posts.length - 1];
    const forum = forumOf(thread);
    return {
      id: thread.id,
      title: thread.title,
      url: thread.url,
      forumName: thread.forum.name,
      forumUrl: forum?.url,
      starter: first?.author.name ?? "",
      starterUrl: first ? authorUrl(first.author.name) : undefined,
      replies: Math.max(0, thread.posts.length - 1),
      firstPost: dateView(first?.postedAt, first?.postedAtText),
      lastPost: dateView(last?.postedAt, last?.postedAtText),
      lastPostBy: last?.author.name ?? "",
      lastPostByUrl: last ? authorUrl(last.author.name) : undefined,
      lastPostHref: last ? postHref(thread, thread.posts.length - 1, last.number) : thread.url,
    };
  };
  const rows = new Map(threads.map((t) => [t.id, rowOf(t)]));

  // Home: site → category (the breadcrumbs between site and forum) → forum. Fragment ids are
  // made unique, since different names can slug alike (or to nothing, in non-Latin scripts).
  const sites: HomeSite[] = [];
  const usedIds = new Set<string>(["main", "latest-h"]);
  const uniqueId = (base: string): string => {
    let id = base;
    for (let n = 2; usedIds.has(id) || usedIds.has(`${id}-h`); n++) id = `${base}-${n}`;
    usedIds.add(id);
    usedIds.add(`${id}-h`);
    return id;
  };
  const siteIds = new Map<string, string>();
  const categoryIds = new Map<string, string>();
  const categoryKey = (site: string, path: string) => `${site}\u0000${path}`;
  for (const forum of forums) {
    let site = sites.find((s) => s.name === forum.site);
    if (!site) {
      site = { name: forum.site, id: uniqueId(anchorId("site", forum.site)), categories: [] };
      sites.push(site);
      siteIds.set(forum.site, site.id);
    }
    const categoryName = forum.parents.slice(1).join(" › ");
    let category = site.categories.find((c) => c.name === categoryName);
    if (!category) {
      category = { name: categoryName, id: uniqueId(anchorId("cat", `${forum.site} ${categoryName}`)), forums: [] };
      site.categories.push(category);
      categoryIds.set(categoryKey(forum.site, categoryName), category.id);
    }
    category.forums.push({
      name: forum.name,
      description: forum.description,
      url: forum.url,
      threads: forum.threadIds.filter((id) => threadById.has(id)).length,
      posts: forum.postCount,
    });
  }

  const crumbsOf = (site: string, trail: string[]): Crumb[] => {
    const siteAnchor = siteIds.get(site);
    const crumbs: Crumb[] = [];
    trail.forEach((name, i) => {
      if (i === 0) {
        const id = siteIds.get(name);
        crumbs.push({ name, url: id ? `/#${id}` : "/" });
        return;
      }
      const forum = forums.find((f) => f.site === site && f.name === name);
      if (forum) {
        crumbs.push({ name, url: forum.url });
        return;
      }
      const id = categoryIds.get(categoryKey(site, trail.slice(1, i + 1).join(" › "))) ?? siteAnchor;
      crumbs.push({ name, url: id ? `/#${id}` : "/" });
    });
    return crumbs;
  };

  // Thread pages, POSTS_PER_PAGE posts each: stubs now, the page view when it is rendered.
  const threadPages: ThreadPageStub[] = [];
  for (const thread of threads) {
    const pages = chunk(thread.posts, POSTS_PER_PAGE);
    pages.forEach((posts, i) => {
      const url = pagePath(thread.url, i + 1);
      const lastPosted = posts[posts.length - 1]?.postedAt;
      threadPages.push({
        threadId: thread.id,
        url,
        permalink: permalinkFor(url),
        title: i === 0 ? thread.title : `${thread.title} (page ${i + 1})`,
        description: excerpt(plainText(posts[0]?.body), 160),
        lastmod: isIsoDate(lastPosted) ? lastPosted : undefined,
        page: i + 1,
        pages: pages.length,
      });
    });
  }

  const threadPage = (stub: ThreadPageStub): ThreadPageView => {
    const thread = threadById.get(stub.threadId);
    if (!thread) throw new Error(`no thread ${stub.threadId} for page ${stub.url}`);
    const forum = forumOf(thread);
    // Only threads this build actually has become links: a row or suggestion naming a thread
    // that is not here (or was left out) is shown as text.
    const archivedOf = (l: Thread["similarListed"][number]): Thread | undefined =>
      (l.archivedId ? threadById.get(l.archivedId) : undefined) ?? (l.archivedUrl ? threadByUrl.get(l.archivedUrl) : undefined);
    const listedIds = new Set(thread.similarListed.map((l) => archivedOf(l)?.id).filter((x): x is string => !!x));
    const similar = (thread.similar ?? []).map((s) => threadById.get(s.id) ?? threadByUrl.get(s.url)).filter((t): t is Thread => !!t && t.id !== thread.id);
    const computed: ComputedView[] = similar.map((t) => ({ title: t.title, url: t.url, listedByForum: listedIds.has(t.id) }));
    const computedIds = new Set(similar.map((t) => t.id));
    const listed: ListedView[] = thread.similarListed.map((l) => {
      const archived = archivedOf(l);
      return {
        title: l.title,
        url: archived?.url,
        starter: l.starter,
        forum: l.forum,
        replies: l.replies,
        lastPost: dateView(l.lastPostAt),
        split: l.split,
        alsoComputed: !!archived && computedIds.has(archived.id),
      };
    });
    const trail = thread.breadcrumbs.length > 0 ? thread.breadcrumbs : [thread.site, thread.forum.name];
    const crumbs = crumbsOf(thread.site, trail);
    if (forum && !crumbs.some((c) => c.url === forum.url)) crumbs.push({ name: forum.name, url: forum.url });
    const posts = thread.posts.slice((stub.page - 1) * POSTS_PER_PAGE, stub.page * POSTS_PER_PAGE).map(readPost);
    // Targets of this page's posts and the posts they quote only: a page's view (and its
    // fingerprint) stays the size of the page, not of the whole thread.
    const targets: Record<string, QuoteTarget> = Object.assign({}, ...posts.map((p) => quoteTargetsFor(thread, p)));
    return {
      url: stub.url,
      permalink: stub.permalink,
      title: stub.title,
      description: stub.description ?? "",
      thread: {
        id: thread.id,
        title: thread.title,
        url: thread.url,
        site: thread.site,
        forumName: thread.forum.name,
        forumDescription: thread.forum.description,
        forumUrl: forum?.url,
        postCount: thread.posts.length,
        sourceUrl: thread.source.url,
        language: thread.language,
        captured: thread.source.captured,
        poll: thread.poll,
        timezone: thread.timezone?.label,
        footer: thread.footer ?? [],
      },
      crumbs,
      pager: makePager(thread.url, stub.page, stub.pages),
      posts: posts.map((p) => postView(p, targets, thread)),
      quoteTargets: targets,
      listed,
      computed,
    };
  };

  // Cluster pages: the /similar/ index (labels only, so it stays small), one page per forum that
  // has clusters, and one for the clusters that span forums.
  const clusters: Cluster[] = [...(archive.clusters ?? [])].filter((c) => c.threadIds.some((id) => threadById.has(id)));
  const clusterView = (cluster: Cluster, pageUrl: string): ClusterView => {
    // pageUrl: the cluster page (or page N of it) this cluster is shown on.
    const anchor = anchorId("cluster", cluster.id);
    return {
      id: cluster.id,
      anchor,
      label: cluster.label,
      href: `${pageUrl}#${anchor}`,
      threads: cluster.threadIds
        .map((id) => rows.get(id))
        .filter((r): r is ThreadRow => !!r)
        .sort(compareByLastPost),
    };
  };
  const clusterPages: ClusterPageView[] = [];
  let clusterIndex: SiteView["clusters"] = null;
  const forumClusterUrl = new Map<string, string>();
  if (clusters.length > 0) {
    const groups: ClusterGroup[] = [];
    const addPage = (page: Omit<ClusterPageView, "permalink" | "clusters" | "pager" | "heading">, own: Cluster[], heading: string) => {
      const chunks = chunk(own.sort((a, b) => byText(a.id, b.id)), CLUSTERS_PER_PAGE);
      const views: ClusterView[] = [];
      chunks.forEach((part, i) => {
        const url = pagePath(page.url, i + 1);
        const pageViews = part.map((c) => clusterView(c, url));
        views.push(...pageViews);
        clusterPages.push({
          ...page,
          url,
          title: i === 0 ? page.title : `${page.title} (page ${i + 1})`,
          heading: page.title,
          permalink: permalinkFor(url),
          pager: makePager(page.url, i + 1, chunks.length),
          clusters: pageViews,
        });
      });
      groups.push({
        heading,
        forumUrl: page.forumUrl,
        pageUrl: page.url,
        clusters: views.map((v) => ({ label: v.label, href: v.href, threadCount: v.threads.length })),
      });
    };
    // "Across the archive" shows the groups that span forums; a group inside one forum is on that forum's page.
    const forumsOf = (c: Cluster) => new Set(c.threadIds.map((id) => { const t = threadById.get(id); return t ? `${t.site}\u0000${t.forum.name}` : ""; }));
    const siteWide = clusters.filter((c) => !c.forum && forumsOf(c).size > 1);
    const acrossUrl = "/similar/across-the-archive/";
    if (siteWide.length > 0 && claim(acrossUrl, "similar threads across the archive", acrossUrl)) {
      addPage({ url: acrossUrl, title: "Similar threads across the archive" }, siteWide, "Across the archive");
    }
    for (const forum of forums) {
      const own = clusters.filter((c) => c.forum && c.forum.site === forum.site && c.forum.name === forum.name);
      if (own.length === 0) continue;
      const url = `/similar${forum.url}`;
      if (!claim(url, `similar threads of forum "${forum.name}"`, forum.url)) continue;
      forumClusterUrl.set(forum.url, url);
      addPage({ url, title: `Similar threads in ${forum.name}`, forumName: forum.name, forumUrl: forum.url }, own, `${forum.name} (${forum.site})`);
    }
    clusterIndex = { url: "/similar/", groups };
  }

  // Forum pages, THREADS_PER_PAGE threads each, newest last post first.
  const forumPages: ForumPageView[] = [];
  for (const forum of forums) {
    const forumRows = forum.threadIds
      .map((id) => rows.get(id))
      .filter((r): r is ThreadRow => !!r)
      .sort(compareByLastPost);
    const pages = chunk(forumRows, THREADS_PER_PAGE);
    const crumbs = crumbsOf(forum.site, [...forum.parents, forum.name]);
    pages.forEach((pageRows, i) => {
      const url = pagePath(forum.url, i + 1);
      forumPages.push({
        url,
        permalink: permalinkFor(url),
        title: i === 0 ? forum.name : `${forum.name} (page ${i + 1})`,
        forum: {
          name: forum.name,
          site: forum.site,
          description: forum.description,
          url: forum.url,
          threads: forumRows.length,
          posts: forum.postCount,
        },
        crumbs,
        pager: makePager(forum.url, i + 1, pages.length),
        rows: pageRows,
        clusterUrl: forumClusterUrl.get(forum.url),
      });
    });
  }

  // Author pages: every post in the archive, newest first. The order is settled here (small
  // references); the posts are shaped into views when the page is rendered.
  const postsByAuthor: { thread: Thread; post: Post; when: number }[][] = authors.map((author) => {
    const refs: { thread: Thread; post: Post; when: number }[] = [];
    for (const ref of author.posts) {
      const thread = threadById.get(ref.threadId);
      // Post N is nearly always at index N-1; the search is for threads that skip numbers.
      const guess = thread?.posts[ref.number - 1];
      const post = guess?.number === ref.number ? guess : thread?.posts.find((p) => p.number === ref.number);
      if (!thread || !post) continue;
      refs.push({ thread, post, when: dateValue(post.postedAt) });
    }
    return refs.sort((a, b) => b.when - a.when || byText(a.thread.url, b.thread.url) || a.post.number - b.post.number);
  });
  const authorPages: AuthorPageStub[] = [];
  authors.forEach((author, index) => {
    const refs = postsByAuthor[index] ?? [];
    const pages = Math.max(1, Math.ceil(refs.length / AUTHOR_POSTS_PER_PAGE));
    for (let i = 0; i < pages; i++) {
      const url = pagePath(author.url, i + 1);
      const newest = refs[i * AUTHOR_POSTS_PER_PAGE]?.post.postedAt;
      authorPages.push({
        author: index,
        url,
        permalink: permalinkFor(url),
        title: i === 0 ? author.name : `${author.name} (page ${i + 1})`,
        lastmod: isIsoDate(newest) ? newest : undefined,
        page: i + 1,
        pages,
      });
    }
  });

  const authorPage = (stub: AuthorPageStub): AuthorPageView => {
    const author = authors[stub.author];
    const refs = postsByAuthor[stub.author];
    if (!author || !refs) throw new Error(`no author for page ${stub.url}`);
    const items: AuthorPostView[] = refs
      .slice((stub.page - 1) * AUTHOR_POSTS_PER_PAGE, stub.page * AUTHOR_POSTS_PER_PAGE)
      .map(({ thread, post }) => {
        const read = readPost(post);
        const targets = quoteTargetsFor(thread, read);
        return {
          threadTitle: thread.title,
          threadUrl: thread.url,
          forumName: thread.forum.name,
          forumUrl: forumOf(thread)?.url,
          post: postView(read, targets, thread),
          quoteTargets: targets,
        };
      });
    return {
      url: stub.url,
      permalink: stub.permalink,
      title: stub.title,
      name: author.name,
      profile: author.profile,
      postsInArchive: refs.length,
      pager: makePager(author.url, stub.page, stub.pages),
      items,
    };
  };

  const markdownPages = [...(options.pages ?? [])]
    .sort((a, b) => byText(a.url, b.url))
    .filter((p) => claim(p.url, `page "${p.title}"`, p.file))
    .map((p) => ({ ...p, permalink: permalinkFor(p.url) }));

  const nav = [
    { title: "Home", url: "/" },
    ...markdownPages.map((p) => ({ title: p.title, url: p.url })),
    ...(clusterIndex ? [{ title: "Similar threads", url: clusterIndex.url }] : []),
    ...(options.hasSearch === false ? [] : [{ title: "Search", url: "/search/" }]),
  ];

  const allRows = [...rows.values()];
  const latest = [...allRows].sort(compareByLastPost).slice(0, HOME_LATEST);

  // Sitemap: every HTML page but the 404; split into files of SITEMAP_URL_LIMIT.
  const abs = (path: string) => `${siteUrl}${baseUrl}${path.replace(/^\/+/, "")}`;
  const lastmodOf = (iso: string | undefined) => (iso ? withZone(iso) : undefined);
  const entries: { loc: string; lastmod?: string }[] = [{ loc: abs("/") }];
  for (const p of markdownPages) entries.push({ loc: abs(p.url) });
  if (options.hasSearch !== false) entries.push({ loc: abs("/search/") });
  if (clusterIndex) entries.push({ loc: abs(clusterIndex.url) });
  for (const p of clusterPages) entries.push({ loc: abs(p.url) });
  for (const p of forumPages) entries.push({ loc: abs(p.url), lastmod: lastmodOf(p.rows[0]?.lastPost.iso) });
  for (const p of threadPages) entries.push({ loc: abs(p.url), lastmod: lastmodOf(p.lastmod) });
  for (const p of authorPages) entries.push({ loc: abs(p.url), lastmod: lastmodOf(p.lastmod) });
  const sitemapChunks = chunk(entries, options.sitemapLimit ?? SITEMAP_URL_LIMIT);
  const sitemaps: SitemapFile[] =
    sitemapChunks.length === 1
      ? [{ url: "/sitemap.xml", permalink: "sitemap.xml", entries: sitemapChunks[0] ?? [] }]
      : sitemapChunks.map((e, i) => ({ url: `/sitemap-${i + 1}.xml`, permalink: `sitemap-${i + 1}.xml`, entries: e }));

  // Feed: newest threads by first post; `updated` is the newest post of the archive (never the build time).
  let newest = "";
  let newestValue = Number.NEGATIVE_INFINITY;
  for (const thread of threads) {
    for (const post of thread.posts) {
      const v = dateValue(post.postedAt);
      if (v > newestValue) {
        newestValue = v;
        newest = post.postedAt;
      }
    }
  }
  const feedEntries: FeedEntry[] = threads
    .filter((t) => t.posts.length > 0)
    .map((t) => ({ t, row: rows.get(t.id)! }))
    .sort(
      (a, b) =>
        dateValue(b.row.firstPost.iso) - dateValue(a.row.firstPost.iso) || byText(a.t.title, b.t.title) || byText(a.t.id, b.t.id),
    )
    .slice(0, FEED_ENTRIES)
    .map(({ t, row }) => ({
      id: `urn:forum-archive:thread:${t.id}`,
      title: xmlText(t.title),
      url: abs(t.url),
      author: xmlText(row.starter),
      published: withZone(row.firstPost.iso ?? newest),
      updated: withZone(row.lastPost.iso ?? row.firstPost.iso ?? newest),
      summary: xmlText(excerpt(plainText(t.posts[0]?.body))),
    }));

  const siteNames = [...new Set(threads.map((t) => t.site).filter(Boolean))].sort(byText);
  const title = siteNames.length === 1 ? `${siteNames[0]} archive` : "Forum archive";
  const totals = {
    threads: threads.length,
    posts: threads.reduce((n, t) => n + t.posts.length, 0),
    authors: authors.length,
    forums: forums.length,
  };

  return {
    baseUrl,
    siteUrl,
    title,
    hasSearch: options.hasSearch !== false,
    csp: { meta: CSP_META, header: CSP_HEADER },
    nav,
    totals,
    home: { sites, latest },
    threadPages,
    threadPage,
    forumPages,
    authorPages,
    authorPage,
    clusters: clusterIndex,
    clusterIndexPages: clusterIndex ? [{ ...clusterIndex, permalink: permalinkFor(clusterIndex.url) }] : [],
    clusterPages,
    markdownPages,
    sitemaps,
    sitemapIndex: sitemaps.length > 1 ? sitemaps : null,
    sitemapIndexPages: sitemaps.length > 1 ? [{ permalink: "sitemap.xml", files: sitemaps }] : [],
    feed: { title: xmlText(title), updated: newest ? withZone(newest) : "1970-01-01T00:00:00Z", entries: feedEntries },
    problems,
  };
}

/** How many files the templates will write for this view (for progress and the summary). */
export function expectedPageCount(view: SiteView | SiteModel, hasSearch: boolean): number {
  return (
    view.threadPages.length +
    view.forumPages.length +
    view.authorPages.length +
    view.clusterPages.length +
    (view.clusters ? 1 : 0) +
    view.markdownPages.length +
    view.sitemaps.length +
    (view.sitemapIndex ? 1 : 0) +
    5 + // home, 404, robots.txt, feed, _headers
    (hasSearch ? 1 : 0)
  );
}

/** Attachment links of HTML pages: only http(s) addresses stay links; others are shown as text. */
function attachmentView(attachment: Attachment): AttachmentView {
  if (!attachment.links) return attachment;
  return { ...attachment, links: attachment.links.map((link) => (isSafeHref(link.href) ? link : { text: link.text })) };
}
