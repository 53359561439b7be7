// What every kind of page looks things up in: the URLs already claimed, the threads, authors and
// forums that got a page (sorted, so input order never matters), the forum tree of the home page
// and the breadcrumbs that point into it.
import type { Archive, AuthorSummary, Failure, ForumSummary, Thread } from "../../model.ts";
import { anchorId } from "../paths.ts";
import { byText } from "./shared.ts";
import type { Crumb, HomeSite } from "./types.ts";

/** URLs no thread, forum, author or Markdown page may take, and what they belong to. */
export const RESERVED_URLS: ReadonlyMap<string, string> = new Map([
  ["/", "the home page"],
  ["/similar/", "the similar-threads index"],
  ["/search/", "the search page"],
  ["/authors/", "the author pages"],
]);

/** A site-relative directory URL Eleventy may write to: "/a/b/", no "." or ".." segments, nothing odd. */
export function isSafeSitePath(url: string): boolean {
  if (!/^\/(?:[^/\\?#\s]+\/)*$/.test(url)) return false;
  return url.split("/").every((segment) => segment !== "." && segment !== "..");
}

/** Every page root URL is claimed once: a URL that is unusable, or already taken, leaves its page
 *  out and says so, instead of writing outside the output or over another page. */
export class UrlClaims {
  readonly problems: Failure[] = [];
  private readonly owners = new Map(RESERVED_URLS);

  claim(url: string, owner: string, file: string): boolean {
    if (!isSafeSitePath(url) || url === "/") {
      this.problems.push({ file, reason: `${owner} left out: unusable URL ${JSON.stringify(url)}` });
      return false;
    }
    const prior = this.owners.get(url);
    if (prior !== undefined) {
      this.problems.push({ file, reason: `${owner} left out: its URL ${url} is already used by ${prior}` });
      return false;
    }
    this.owners.set(url, owner);
    return true;
  }
}

export interface SiteIndex {
  claims: UrlClaims;
  threads: Thread[];
  threadById: Map<string, Thread>;
  threadByUrl: Map<string, Thread>;
  authors: AuthorSummary[];
  forums: ForumSummary[];
  /** The home page's forum tree: site → category (the breadcrumbs between site and forum) → forum. */
  forumTree: HomeSite[];
  authorUrl(name: string): string | undefined;
  forumOf(thread: Thread): ForumSummary | undefined;
  crumbsOf(site: string, trail: string[]): Crumb[];
}

const FORUM_PATH_SEPARATOR = "\u0000";

/** Sorts and claims the archive's threads, authors and forums (in that order) and indexes them. */
export function indexSite(archive: Archive, claims: UrlClaims): SiteIndex {
  const threads = [...archive.threads]
    .sort((a, b) => byText(a.url, b.url) || byText(a.id, b.id))
    .filter((t) => claims.claim(t.url, `thread "${t.title}"`, t.source.files[0] ?? t.id));
  const threadById = new Map(threads.map((t) => [t.id, t]));
  const authors = [...archive.authors]
    .sort((a, b) => byText(a.url, b.url) || byText(a.name, b.name))
    .filter((a) => claims.claim(a.url, `author page of ${a.name}`, a.url));
  const authorByName = new Map<string, AuthorSummary>();
  for (const author of authors) {
    // The archive keys authors by name without case (vBulletin names are unique that way).
    const key = author.name.toLowerCase();
    if (!authorByName.has(key)) authorByName.set(key, author);
  }
  const forums = [...archive.forums]
    .sort(
      (a, b) =>
        byText(a.site, b.site) ||
        byText(a.parents.join(FORUM_PATH_SEPARATOR), b.parents.join(FORUM_PATH_SEPARATOR)) ||
        byText(a.name, b.name) ||
        byText(a.url, b.url),
    )
    .filter((f) => claims.claim(f.url, `forum "${f.name}"`, f.url));
  const forumByThread = new Map<string, ForumSummary>();
  for (const forum of forums) for (const id of forum.threadIds) if (!forumByThread.has(id)) forumByThread.set(id, forum);
  const tree = forumTree(forums, threadById);
  return {
    claims,
    threads,
    threadById,
    threadByUrl: new Map(threads.map((t) => [t.url, t])),
    authors,
    forums,
    forumTree: tree.sites,
    authorUrl: (name) => authorByName.get(name.toLowerCase())?.url,
    forumOf: (thread) =>
      forumByThread.get(thread.id) ?? forums.find((f) => f.site === thread.site && f.name === thread.forum.name),
    crumbsOf: (site, trail) => crumbsOf(tree, forums, site, trail),
  };
}

interface ForumTree {
  sites: HomeSite[];
  siteIds: Map<string, string>;
  /** Category fragment ids by categoryKey(site, category path). */
  categoryIds: Map<string, string>;
}

const categoryKey = (site: string, path: string) => `${site}\u0000${path}`;

/** Fragment ids are made unique, since different names can slug alike (or to nothing, in non-Latin scripts). */
function forumTree(forums: ForumSummary[], threadById: Map<string, Thread>): ForumTree {
  const tree: ForumTree = { sites: [], siteIds: new Map(), categoryIds: new Map() };
  const usedIds = new Set<string>(["main", "latest-h"]);
  const uniqueId = (base: string): string => {
    let id = base;
    for (let n = 2; usedIds.has(id) || usedIds.has(`${id}-h`); n++) id = `${base}-${n}`;
    usedIds.add(id);
    usedIds.add(`${id}-h`);
    return id;
  };
  for (const forum of forums) {
    let site = tree.sites.find((s) => s.name === forum.site);
    if (!site) {
      site = { name: forum.site, id: uniqueId(anchorId("site", forum.site)), categories: [] };
      tree.sites.push(site);
      tree.siteIds.set(forum.site, site.id);
    }
    const categoryName = forum.parents.slice(1).join(" › ");
    let category = site.categories.find((c) => c.name === categoryName);
    if (!category) {
      category = { name: categoryName, id: uniqueId(anchorId("cat", `${forum.site} ${categoryName}`)), forums: [] };
      site.categories.push(category);
      tree.categoryIds.set(categoryKey(forum.site, categoryName), category.id);
    }
    category.forums.push({
      name: forum.name,
      description: forum.description,
      url: forum.url,
      threads: forum.threadIds.filter((id) => threadById.has(id)).length,
      posts: forum.postCount,
    });
  }
  return tree;
}

/** Breadcrumbs for a trail of names (site, categories…, forum): forums link to their page, the
 *  site and categories to their place on the home page. */
function crumbsOf(tree: ForumTree, forums: ForumSummary[], site: string, trail: string[]): Crumb[] {
  const siteAnchor = tree.siteIds.get(site);
  return trail.map((name, i) => {
    if (i === 0) {
      const id = tree.siteIds.get(name);
      return { name, url: id ? `/#${id}` : "/" };
    }
    const forum = forums.find((f) => f.site === site && f.name === name);
    if (forum) return { name, url: forum.url };
    const id = tree.categoryIds.get(categoryKey(site, trail.slice(1, i + 1).join(" › "))) ?? siteAnchor;
    return { name, url: id ? `/#${id}` : "/" };
  });
}
