// Forum pages, THREADS_PER_PAGE threads each, in three orders, each its own static pages: newest
// last post first (the forum's own address), most replies, and by title.
import { chunk, pagePath, permalinkFor } from "../paths.ts";
import { rowsOf } from "./rows.ts";
import { compareText } from "../../order.ts";
import { makePager, pageTitle, THREADS_PER_PAGE } from "./shared.ts";
import type { Locale } from "../../i18n/locale.ts";
import type { SiteIndex } from "./site-index.ts";
import type { ForumPageView, ForumSort, ThreadRow } from "./types.ts";

interface SortOrder {
  key: ForumSort["key"];
  /** Below the forum's URL; "" for the default order. Thread folders end in "-" and 8 hex digits,
   *  so these never meet a thread's. */
  path: string;
  /** The order's name in the sort links, and its table's caption. */
  label: string;
  caption: string;
  /** The title of its pages (the default order's: the forum's name). */
  title: (forum: string) => string;
  compare?: (a: ThreadRow, b: ThreadRow) => number;
}

/** The three orders, in the site's language. */
function sortOrders(locale: Locale): SortOrder[] {
  const byTitle = titleOrder();
  return [
    {
      key: "last-post",
      path: "",
      label: locale.t("forum.sortLastPost"),
      caption: locale.t("forum.caption"),
      title: (forum) => forum,
    },
    {
      key: "replies",
      path: "by-replies/",
      label: locale.t("forum.sortReplies"),
      caption: locale.t("forum.captionReplies"),
      title: (forum) => locale.t("forum.titleByReplies", { forum }),
      compare: (a, b) => b.replies - a.replies || compareText(a.title, b.title) || compareText(a.id, b.id),
    },
    {
      key: "title",
      path: "by-title/",
      label: locale.t("forum.sortTitle"),
      caption: locale.t("forum.captionTitle"),
      title: (forum) => locale.t("forum.titleByTitle", { forum }),
      compare: (a, b) => byTitle(a.title, b.title) || compareText(a.id, b.id),
    },
  ];
}

/** Title order that ignores case and accents, fixed for every machine (no locale data). Each
 *  title's key is made once, not at every comparison of a sort (issue 15). */
function titleOrder(): (a: string, b: string) => number {
  const keys = new Map<string, string>();
  const key = (title: string): string => {
    let folded = keys.get(title);
    if (folded === undefined) {
      folded = title.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
      keys.set(title, folded);
    }
    return folded;
  };
  return (a, b) => compareText(key(a), key(b)) || compareText(a, b);
}

/** `clusterUrls`: the page of similar-thread groups of each forum (by forum URL) that has one. */
export function forumPages(
  index: SiteIndex,
  rows: Map<string, ThreadRow>,
  clusterUrls: Map<string, string>,
): ForumPageView[] {
  const all = sortOrders(index.locale);
  const pages: ForumPageView[] = [];
  for (const forum of index.forums) {
    const byLastPost = rowsOf(rows, forum.threadIds);
    const crumbs = index.crumbsOf(forum.site, [...forum.parents, forum.name]);
    // One thread has nothing to sort: its forum keeps the one order.
    const orders = byLastPost.length > 1 ? all : all.slice(0, 1);
    const sorts = (current: SortOrder) =>
      orders.map((o) => ({ key: o.key, label: o.label, url: `${forum.url}${o.path}`, current: o === current }));
    for (const order of orders) {
      const sorted = order.compare ? [...byLastPost].sort(order.compare) : byLastPost;
      const root = `${forum.url}${order.path}`;
      const chunks = chunk(sorted, THREADS_PER_PAGE);
      const title = order.title(forum.name);
      chunks.forEach((pageRows, i) => {
        const url = pagePath(root, i + 1);
        pages.push({
          url,
          permalink: permalinkFor(url),
          title: pageTitle(index.locale, title, i + 1),
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
          sorts: sorts(order),
          caption: order.caption,
          clusterUrl: clusterUrls.get(forum.url),
        });
      });
    }
  }
  return pages;
}
