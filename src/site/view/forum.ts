// Forum pages, THREADS_PER_PAGE threads each, newest last post first.
import { chunk, pagePath, permalinkFor } from "../paths.ts";
import { rowsOf } from "./rows.ts";
import { makePager, pageTitle, THREADS_PER_PAGE } from "./shared.ts";
import type { SiteIndex } from "./site-index.ts";
import type { ForumPageView, ThreadRow } from "./types.ts";

/** `clusterUrls`: the page of similar-thread groups of each forum (by forum URL) that has one. */
export function forumPages(index: SiteIndex, rows: Map<string, ThreadRow>, clusterUrls: Map<string, string>): ForumPageView[] {
  const pages: ForumPageView[] = [];
  for (const forum of index.forums) {
    const forumRows = rowsOf(rows, forum.threadIds);
    const chunks = chunk(forumRows, THREADS_PER_PAGE);
    const crumbs = index.crumbsOf(forum.site, [...forum.parents, forum.name]);
    chunks.forEach((pageRows, i) => {
      const url = pagePath(forum.url, i + 1);
      pages.push({
        url,
        permalink: permalinkFor(url),
        title: pageTitle(forum.name, i + 1),
        forum: {
          name: forum.name,
          site: forum.site,
          description: forum.description,
          url: forum.url,
          threads: forumRows.length,
          posts: forum.postCount,
        },
        crumbs,
        pager: makePager(forum.url, i + 1, chunks.length),
        rows: pageRows,
        clusterUrl: clusterUrls.get(forum.url),
      });
    });
  }
  return pages;
}
