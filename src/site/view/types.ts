// The data the templates read, one type per kind of page. Thread and author pages exist twice: as
// stubs (enough for the page's file, title and sitemap entry) and as the page's full data, built
// only when the page is rendered.
import type { Message } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { Author, Block, Failure, Poll } from "../../model.ts";
import type { QuoteTarget } from "../render.ts";

/** A Markdown page from `<input>/pages/*.md`, already rendered (it is the archivist's own text). */
export interface MarkdownPage {
  title: string;
  url: string;
  html: string;
  file: string;
  /** Front matter `nav`: false leaves the page out of the navigation; a text is its link's title. */
  nav?: boolean | string;
  /** Front matter `order`: its place among the pages in the navigation (lower first, then by URL). */
  order?: number;
  /** Front matter `description`: its <meta name="description">. */
  description?: string;
}

/** A link of the site's navigation; `url` is a site path, or an http(s) address (config links). */
export interface NavItem {
  title: string;
  url: string;
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
  /** Database inputs: the post's attached files its text shows where it names them ([ATTACH]), by id. */
  inlineFiles?: Record<string, AttachedFileView>;
  /** HTML pages: a soft-deleted post's placeholder, and a post awaiting moderation. */
  deleted?: { by?: string; reason?: string; text: string };
  moderated?: boolean;
}

/** An attachment block; its links (HTML pages) keep an href only when it is http(s). */
export interface AttachmentView {
  label: string;
  lines: string[];
  links?: { href?: string; text: string }[];
  /** Database inputs: the files shown under the post (those its text does not show). */
  files?: AttachedFileView[];
}

/** An attached file as a page shows it: an image, a link to the file, or (not in the archive) its name. */
export interface AttachedFileView {
  name: string;
  /** "13 bytes", "42 KB", in the site's language. */
  size?: string;
  /** Site-relative address of the archive's copy. */
  url?: string;
  image?: { width: number; height: number };
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
  /** Pinned on the original board: the row says so in words. */
  sticky?: true;
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
  /** Site-relative hrefs of every post of the thread, by number: where quotes link to. */
  quoteTargets: Record<string, QuoteTarget>;
  posts: (PostView & { quotedBy: { number: number; href: string }[] })[];
  /** The thread started before and after this one in its forum. */
  neighbours: { older?: ThreadNeighbour; newer?: ThreadNeighbour };
  /** Shown on the thread's last page only (empty on the others). */
  listed: ListedView[];
  computed: ComputedView[];
}

export interface ThreadNeighbour {
  title: string;
  url: string;
}

export interface ForumPageView {
  url: string;
  permalink: string;
  title: string;
  forum: { name: string; site: string; description?: string; url: string; threads: number; posts: number };
  crumbs: Crumb[];
  pager: Pager;
  rows: ThreadRow[];
  /** The order of this page's rows, the orders it can switch to, and its table's caption. */
  sort: ForumSort["key"];
  sorts: ForumSort[];
  caption: string;
  clusterUrl?: string;
}

export interface ForumSort {
  key: "last-post" | "replies" | "title";
  label: string;
  url: string;
  current: boolean;
}

/** One post on its author's page: where it is, when, and how it starts (quotes left out). */
export interface AuthorPostView {
  threadTitle: string;
  threadUrl: string;
  forumName: string;
  forumUrl?: string;
  number: number;
  /** Site-relative href of the post on its thread's page. */
  href: string;
  date: DateView;
  excerpt: string;
}

/** A page of the /authors/ index, in one of its two orders. */
export interface AuthorIndexPage {
  url: string;
  permalink: string;
  title: string;
  sort: "posts" | "name";
  sorts: { label: string; url: string; current: boolean }[];
  pager: Pager;
  /** The number of the page's first author in the whole list. */
  first: number;
  authors: { name: string; url: string; posts: number }[];
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
  /** The title of the group's most central thread, and telling words it does not say itself. */
  name: string;
  terms: string[];
  /** The forums of a group that spans more than one, with their thread counts, most first. */
  crossForum?: { forum: string; count: number }[];
  /** Where the cluster is shown in full: its page and anchor. */
  href: string;
  threads: ThreadRow[];
}

/** One line of the /similar/ index: a page of clusters, summarised. */
export interface ClusterGroup {
  heading: string;
  forumUrl?: string;
  pageUrl: string;
  clusters: { label: string[]; name: string; terms: string[]; href: string; threadCount: number }[];
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
  /** The forum's thread with the newest post (home page only). */
  lastPost?: ThreadRow;
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
 *  (SiteData.threadPage / authorPage), so the whole site never sits in memory as page views. */
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

/** What the templates read as `site`: FullSiteData with thread and author pages as stubs, each page
 *  built when it is rendered (SiteData.threadPage / authorPage). */
export interface SiteData extends Omit<FullSiteData, "threadPages" | "authorPages"> {
  threadPages: ThreadPageStub[];
  authorPages: AuthorPageStub[];
  threadPage(stub: ThreadPageStub): ThreadPageView;
  /** With `{ pager: false }`, the page's view but its pager (which the stub decides): what a page
   *  fingerprint takes of a page past the last post (build/page-inputs.ts). */
  threadPage(stub: ThreadPageStub, options: { pager: false }): ThreadPageContext;
  /** With `{ inputs: true }`, what the page's view holds besides its stub, its posts and its
   *  thread's own fields (site/view/thread.ts threadPageInputs): what its fingerprint takes of the
   *  site's index. Only the stub's thread and whether it is its last page count. */
  threadPage(stub: ThreadPageStub, options: { inputs: true }): ThreadPageInputs;
  authorPage(stub: AuthorPageStub): AuthorPageView;
  /** With `{ pager: false }`, the page's view but its pager, as threadPage's. */
  authorPage(stub: AuthorPageStub, options: { pager: false }): AuthorPageContext;
}

/** What a thread page shows beyond its stub, posts and thread's own fields, as JSON text, and its
 *  forum's page. */
export interface ThreadPageInputs {
  forumUrl: string | undefined;
  text: string;
}

/** A thread page's view without its pager. */
export type ThreadPageContext = Omit<ThreadPageView, "pager">;
/** An author page's view without its pager. */
export type AuthorPageContext = Omit<AuthorPageView, "pager">;

/** Every page of the site as data, thread and author pages included (tests and small archives). */
export interface FullSiteData {
  baseUrl: string;
  /** Origin for absolute URLs in sitemap, feed and robots.txt ("https://example.org"), if known. */
  siteUrl: string;
  title: string;
  /** False when the build leaves search out (--no-search). */
  hasSearch: boolean;
  /** The Content-Security-Policy of every page: for the <meta> tag, and for the `_headers` file. */
  csp: { meta: string; header: string };
  nav: NavItem[];
  /** The language of the site's own words: `<html lang>`, and the catalogue the `t` filter reads. */
  language: string;
  /** The site's description: the home page's <meta name="description">. */
  description: string;
  /** The owner's own description (config), shown as the home page's first paragraph. */
  intro?: string;
  /** The logo's site path ("assets/logo.svg"), when the config gives one. */
  logo?: string;
  /** Stylesheets after assets/style.css, as site paths (assets/theme.css: the config's colours). */
  stylesheets: string[];
  /** The search page script's messages (data-messages on the results element). */
  searchMessages: Record<string, Message>;
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
  authorIndexPages: AuthorIndexPage[];
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

export interface SiteDataOptions {
  baseUrl: string;
  siteUrl?: string;
  pages?: MarkdownPage[];
  /** False when the build leaves search out (--no-search): no search page, index or link. Default true. */
  hasSearch?: boolean;
  /** URLs per sitemap file (the protocol's limit unless a test lowers it). */
  sitemapLimit?: number;
  /** The site's language (default English). */
  locale?: Locale;
  /** Posts on one thread page (default POSTS_PER_PAGE). */
  postsPerPage?: number;
  /** The owner's configuration: title, description, logo path, extra links, stylesheets. */
  title?: string;
  description?: string;
  logo?: string;
  nav?: NavItem[];
  stylesheets?: string[];
}
