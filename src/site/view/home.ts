// The home page: the forum tree (site → category → forum) and the threads with the newest posts,
// and the site's title and totals, which the home page shows first.
import type { Locale } from "../../i18n/locale.ts";
import type { Thread } from "../../model.ts";
import { compareText } from "../../order.ts";
import { compareByLastPost, firstInOrder, HOME_LATEST } from "./shared.ts";
import type { SiteIndex } from "./site-index.ts";
import type { FullSiteData, ThreadRow } from "./types.ts";

export function homeData(index: SiteIndex, rows: Map<string, ThreadRow>): FullSiteData["home"] {
  const latest = firstInOrder(rows.values(), HOME_LATEST, compareByLastPost);
  // Each forum's thread with the newest post, for the forum table's "Last post" column.
  const newest = new Map<string, ThreadRow>();
  for (const forum of index.forums) {
    let best: ThreadRow | undefined;
    for (const id of forum.threadIds) {
      const row = rows.get(id);
      if (row && (!best || compareByLastPost(row, best) < 0)) best = row;
    }
    if (best) newest.set(forum.url, best);
  }
  const sites = index.forumTree.map((site) => ({
    ...site,
    categories: site.categories.map((c) => ({
      ...c,
      forums: c.forums.map((f) => ({ ...f, lastPost: newest.get(f.url) })),
    })),
  }));
  return { sites, latest };
}

/** "<site> archive" for a one-site archive, else "Forum archive" (in the site's language). */
export function siteTitle(threads: readonly Thread[], locale: Locale): string {
  const siteNames = [...new Set(threads.map((t) => t.site).filter(Boolean))].sort(compareText);
  return siteNames.length === 1 ? locale.t("site.title", { site: siteNames[0] }) : locale.t("site.titleMany");
}

export function siteTotals(index: SiteIndex): FullSiteData["totals"] {
  return {
    threads: index.threads.length,
    posts: index.threads.reduce((n, t) => n + t.posts.length, 0),
    authors: index.authors.length,
    forums: index.forums.length,
  };
}
