// Forum pages, THREADS_PER_PAGE threads each, in three orders, each its own static pages: newest
// last post first (the forum's own address), most replies, and by title.
import { chunk, pagePath, permalinkFor } from "../paths.ts";
import { rowsOf } from "./rows.ts";
import { byText, makePager, pageTitle, THREADS_PER_PAGE } from "./shared.ts";
import type { SiteIndex } from "./site-index.ts";
import type { ForumPageView, ForumSort, ThreadRow } from "./types.ts";

interface SortOrder {
  key: ForumSort["key"];
  /** Below the forum's URL; "" for the default order. Thread folders end in "-" and 8 hex digits,
   *  so these never meet a thread's. */
  path: string;
  label: string;
  caption: string;
  compare?: (a: ThreadRow, b: ThreadRow) => number;
}

const ORDERS: SortOrder[] = [
  { key: "last-post", path: "", label: "Last post", caption: "Threads, newest last post first" },
  {
    key: "replies",
    path: "by-replies/",
    label: "Replies",
    caption: "Threads, most replies first",
    compare: (a, b) => b.replies - a.replies || byText(a.title, b.title) || byText(a.id, b.id),
  },
  {
    key: "title",
    path: "by-title/",
    label: "Title",
    caption: "Threads by title, A to Z",
    compare: (a, b) => byTitle(a.title, b.title) || byText(a.id, b.id),
  },
];

/** Title order that ignores case and accents, fixed for every machine (no locale data). */
function byTitle(a: string, b: string): number {
  const key = (t: string) => t.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  return byText(key(a), key(b)) || byText(a, b);
}

/** `clusterUrls`: the page of similar-thread groups of each forum (by forum URL) that has one. */
export function forumPages(index: SiteIndex, rows: Map<string, ThreadRow>, clusterUrls: Map<string, string>): ForumPageView[] {
  const pages: ForumPageView[] = [];
  for (const forum of index.forums) {
    const byLastPost = rowsOf(rows, forum.threadIds);
    const crumbs = index.crumbsOf(forum.site, [...forum.parents, forum.name]);
    // One thread has nothing to sort: its forum keeps the one order.
    const orders = byLastPost.length > 1 ? ORDERS : ORDERS.slice(0, 1);
    for (const order of orders) {
      const sorted = order.compare ? [...byLastPost].sort(order.compare) : byLastPost;
      const root = `${forum.url}${order.path}`;
      const chunks = chunk(sorted, THREADS_PER_PAGE);
      const sorts = orders.map((o) => ({ key: o.key, label: o.label, url: `${forum.url}${o.path}`, current: o.key === order.key }));
      const title = order.path ? `${forum.name}, by ${order.label.toLowerCase()}` : forum.name;
      chunks.forEach((pageRows, i) => {
        const url = pagePath(root, i + 1);
        pages.push({
          url,
          permalink: permalinkFor(url),
          title: pageTitle(title, i + 1),
          forum: {
            name: forum.name,
            site: forum.site,
            description: forum.description,
            url: forum.url,
            threads: byLastPost.length,
            posts: forum.postCount,
          },
          crumbs,
          pager: makePager(root, i + 1, chunks.length),
          rows: pageRows,
          sort: order.key,
          sorts,
          caption: order.caption,
          clusterUrl: clusterUrls.get(forum.url),
        });
      });
    }
  }
  return pages;
}
