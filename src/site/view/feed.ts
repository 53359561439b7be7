// The Atom feed: the newest threads by first post. Its `updated` is the newest post of the
// archive, never the build time, so the same archive always gives the same feed.
import type { Thread } from "../../model.ts";
import { dateValue, withZone } from "../format.ts";
import { excerpt, plainText } from "../render.ts";
import { compareText } from "../../order.ts";
import { FEED_ENTRIES, firstInOrder, postedTime, xmlText } from "./shared.ts";
import type { FullSiteData, ThreadRow } from "./types.ts";

export function feedData(
  threads: readonly Thread[],
  rows: Map<string, ThreadRow>,
  title: string,
  absolute: (path: string) => string,
): FullSiteData["feed"] {
  const newest = newestPostDate(threads);
  const started = threads.filter((t) => t.posts.length > 0).map((t) => ({ t, row: rows.get(t.id)! }));
  const entries = firstInOrder(
    started,
    FEED_ENTRIES,
    (a, b) =>
      dateValue(b.row.firstPost.iso) - dateValue(a.row.firstPost.iso) ||
      compareText(a.t.title, b.t.title) ||
      compareText(a.t.id, b.t.id),
  ).map(({ t, row }) => ({
    id: `urn:forum-archive:thread:${t.id}`,
    title: xmlText(t.title),
    url: absolute(t.url),
    author: xmlText(row.starter),
    published: withZone(row.firstPost.iso ?? newest),
    updated: withZone(row.lastPost.iso ?? row.firstPost.iso ?? newest),
    summary: xmlText(excerpt(plainText(t.posts[0]?.body))),
  }));
  return { title: xmlText(title), updated: newest ? withZone(newest) : "1970-01-01T00:00:00Z", entries };
}

/** The `postedAt` of the archive's newest post ("" when no post has a date). */
function newestPostDate(threads: readonly Thread[]): string {
  let newest = "";
  let newestValue = Number.NEGATIVE_INFINITY;
  for (const thread of threads) {
    for (const post of thread.posts) {
      const v = postedTime(post);
      if (v > newestValue) {
        newestValue = v;
        newest = post.postedAt;
      }
    }
  }
  return newest;
}
