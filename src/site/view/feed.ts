// The Atom feed: the newest threads by first post. Its `updated` is the newest post of the
// archive, never the build time, so the same archive always gives the same feed.
import { dateValue, withZone } from "../format.ts";
import { excerpt, plainText } from "../render.ts";
import { compareText } from "../../order.ts";
import type { PostTable } from "./post-table.ts";
import { FEED_ENTRIES, firstInOrder, xmlText } from "./shared.ts";
import type { FullSiteData, ThreadRow } from "./types.ts";

/** `posts`: the indexed threads' posts (their dates). */
export function feedData(
  posts: PostTable,
  rows: Map<string, ThreadRow>,
  title: string,
  absolute: (path: string) => string,
): FullSiteData["feed"] {
  const { threads } = posts;
  const newest = posts.newestPostedAt();
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
