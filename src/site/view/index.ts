// The Archive reshaped into what the templates paginate over: one array per kind of page, every
// item knowing its own URL. All ordering is decided here (never by input order), so the same
// archive always gives the same pages. Each kind of page has its own module; this one composes them.
import { englishLocale } from "../../i18n/locale.ts";
import type { Archive } from "../../model.ts";
import { permalinkFor, POSTS_PER_PAGE } from "../paths.ts";
import { CSP_HEADER, CSP_META } from "../security.ts";
import {
  authorIndexPages,
  authorPage,
  authorPageContext,
  authorPageStubs,
  AUTHORS_URL,
  postsByAuthor,
} from "./author.ts";
import { clusterPages } from "./clusters.ts";
import { feedData } from "./feed.ts";
import { forumPages } from "./forum.ts";
import { homeData, siteTitle, siteTotals } from "./home.ts";
import { PostTable } from "./post-table.ts";
import { PostViews } from "./posts.ts";
import { threadRows } from "./rows.ts";
import { compareText } from "../../order.ts";
import { SITEMAP_URL_LIMIT } from "./shared.ts";
import { indexSite, UrlClaims } from "./site-index.ts";
import { sitemapFiles } from "./sitemap.ts";
import { threadNeighbours, threadPage, threadPageContext, threadPageInputs, threadPageStubs } from "./thread.ts";
import type {
  AuthorPageContext,
  AuthorPageStub,
  AuthorPageView,
  FullSiteData,
  MarkdownPage,
  NavItem,
  SiteData,
  SiteDataOptions,
  ThreadPageContext,
  ThreadPageInputs,
  ThreadPageStub,
  ThreadPageView,
} from "./types.ts";

export * from "./shared.ts";
export { isSafeSitePath, RESERVED_URLS } from "./site-index.ts";
export type * from "./types.ts";

/** Every page of the site built up front (tests and small archives; the build uses buildSiteData). */
export function buildFullSiteData(archive: Archive, options: SiteDataOptions): FullSiteData {
  const { threadPage, authorPage, ...site } = buildSiteData(archive, options);
  return {
    ...site,
    threadPages: site.threadPages.map((stub) => threadPage(stub)),
    authorPages: site.authorPages.map((stub) => authorPage(stub)),
  };
}

/** What a thread page's view is made from, and its maker: the site's index (which claims the
 *  threads' and authors' URLs before any other page does), thread rows, post views and neighbours.
 *  buildSiteData makes the rest of the site from the same; a render worker needs only this. */
export function threadPageViews(archive: Archive, options: SiteDataOptions, claims: UrlClaims) {
  const locale = options.locale ?? englishLocale();
  const index = indexSite(archive, claims, locale, options.postsPerPage ?? POSTS_PER_PAGE);
  const rows = threadRows(index);
  const postViews = new PostViews(index.authorUrl, locale, index.postsPerPage);
  const neighbours = threadNeighbours(index, rows);
  function threadPageOf(stub: ThreadPageStub): ThreadPageView;
  function threadPageOf(stub: ThreadPageStub, options: { pager: false }): ThreadPageContext;
  function threadPageOf(stub: ThreadPageStub, options: { inputs: true }): ThreadPageInputs;
  function threadPageOf(
    stub: ThreadPageStub,
    options?: { pager: false } | { inputs: true },
  ): ThreadPageView | ThreadPageContext | ThreadPageInputs {
    if (options && "inputs" in options)
      return threadPageInputs(index, neighbours, stub.threadId, stub.page === stub.pages);
    return options?.pager === false
      ? threadPageContext(index, postViews, neighbours, stub)
      : threadPage(index, postViews, neighbours, stub);
  }
  return { locale, index, rows, postViews, neighbours, threadPage: threadPageOf };
}

/** The site's data with thread and author pages as stubs, each built when its page is rendered. */
export function buildSiteData(archive: Archive, options: SiteDataOptions): SiteData {
  const baseUrl = options.baseUrl;
  const siteUrl = (options.siteUrl ?? "").replace(/\/+$/, "");
  const hasSearch = options.hasSearch !== false;
  const claims = new UrlClaims();
  const { locale, index, rows, postViews, neighbours, threadPage } = threadPageViews(archive, options, claims);
  // Every post's number and date, read once for author pages and the feed.
  const posts = new PostTable(index.threads);
  const authored = postsByAuthor(index, posts);
  function authorPageOf(stub: AuthorPageStub): AuthorPageView;
  function authorPageOf(stub: AuthorPageStub, options: { pager: false }): AuthorPageContext;
  function authorPageOf(stub: AuthorPageStub, options?: { pager: false }): AuthorPageView | AuthorPageContext {
    return options?.pager === false
      ? authorPageContext(index, authored, postViews, stub)
      : authorPage(index, authored, postViews, stub);
  }
  // Cluster pages claim their URLs before Markdown pages do.
  const clusters = clusterPages(index, rows, archive.clusters ?? []);
  const markdownPages = [...(options.pages ?? [])]
    .sort((a, b) => compareText(a.url, b.url))
    .filter((p) => claims.claim(p.url, `page "${p.title}"`, p.file))
    .map((p) => ({ ...p, permalink: permalinkFor(p.url) }));
  const nav: NavItem[] = [
    { title: locale.t("nav.home"), url: "/" },
    ...pagesInNav(markdownPages),
    ...(clusters.index ? [{ title: locale.t("nav.similar"), url: clusters.index.url }] : []),
    ...(index.authors.length > 0 ? [{ title: locale.t("nav.authors"), url: AUTHORS_URL }] : []),
    ...(hasSearch ? [{ title: locale.t("nav.search"), url: "/search/" }] : []),
    ...(options.nav ?? []),
  ];
  const absolute = (path: string) => `${siteUrl}${baseUrl}${path.replace(/^\/+/, "")}`;
  const title = options.title ?? siteTitle(index.threads, locale);
  const pages = {
    threadPages: threadPageStubs(index),
    forumPages: forumPages(index, rows, clusters.forumClusterUrls),
    authorPages: authorPageStubs(index, authored),
    clusters: clusters.index,
    clusterPages: clusters.pages,
    markdownPages,
    authorIndexPages: index.authors.length > 0 ? authorIndexPages(index, authored) : [],
  };
  const sitemaps = sitemapFiles({ ...pages, hasSearch }, absolute, options.sitemapLimit ?? SITEMAP_URL_LIMIT);
  return {
    baseUrl,
    siteUrl,
    title,
    hasSearch,
    csp: { meta: CSP_META, header: CSP_HEADER },
    nav,
    language: locale.language,
    description: options.description ?? locale.t("site.description"),
    ...(options.description !== undefined ? { intro: options.description } : {}),
    ...(options.logo !== undefined ? { logo: options.logo } : {}),
    stylesheets: options.stylesheets ?? [],
    searchMessages: locale.clientMessages(),
    totals: siteTotals(index),
    home: homeData(index, rows),
    ...pages,
    threadPage,
    authorPage: authorPageOf,
    clusterIndexPages: clusters.index ? [{ ...clusters.index, permalink: permalinkFor(clusters.index.url) }] : [],
    sitemaps,
    sitemapIndex: sitemaps.length > 1 ? sitemaps : null,
    sitemapIndexPages: sitemaps.length > 1 ? [{ permalink: "sitemap.xml", files: sitemaps }] : [],
    feed: feedData(posts, rows, title, absolute),
    problems: claims.problems,
  };
}

/** The Markdown pages the navigation lists: by front matter `order` (default 0), then by URL. */
function pagesInNav(pages: readonly MarkdownPage[]): NavItem[] {
  return pages
    .filter((p) => p.nav !== false)
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.order ?? 0) - (b.p.order ?? 0) || a.i - b.i)
    .map(({ p }) => ({ title: typeof p.nav === "string" ? p.nav : p.title, url: p.url }));
}

/** How many files the templates will write for this site (for progress and the summary). */
export function expectedPageCount(site: FullSiteData | SiteData, hasSearch: boolean): number {
  const listed =
    site.threadPages.length +
    site.forumPages.length +
    site.authorPages.length +
    site.clusterPages.length +
    site.authorIndexPages.length;
  const single = (site.clusters ? 1 : 0) + (site.sitemapIndex ? 1 : 0) + (hasSearch ? 1 : 0);
  const always = 5; // home, 404, robots.txt, feed, _headers
  return listed + single + site.markdownPages.length + site.sitemaps.length + always;
}
