// Threads as lines of a listing (forum pages, the home page's latest threads, clusters, the feed).
import type { Thread } from "../../model.ts";
import { postHref } from "./posts.ts";
import { compareByLastPost, dateView } from "./shared.ts";
import type { SiteIndex } from "./site-index.ts";
import type { ThreadRow } from "./types.ts";

/** Every indexed thread's row, by thread id. */
export function threadRows(index: SiteIndex): Map<string, ThreadRow> {
  return new Map(index.threads.map((t) => [t.id, threadRow(index, t)]));
}

function threadRow(index: SiteIndex, thread: Thread): ThreadRow {
  const first = thread.posts[0];
  const last = thread.posts[thread.posts.length - 1];
  return {
    id: thread.id,
    title: thread.title,
    url: thread.url,
    forumName: thread.forum.name,
    forumUrl: index.forumOf(thread)?.url,
    starter: first?.author.name ?? "",
    starterUrl: first ? index.authorUrl(first.author.name) : undefined,
    replies: Math.max(0, thread.posts.length - 1),
    firstPost: dateView(index.locale, first?.postedAt, first?.postedAtText),
    lastPost: dateView(index.locale, last?.postedAt, last?.postedAtText),
    lastPostBy: last?.author.name ?? "",
    lastPostByUrl: last ? index.authorUrl(last.author.name) : undefined,
    lastPostHref: last ? postHref(thread, thread.posts.length - 1, last.number, index.postsPerPage) : thread.url,
    ...(thread.sticky ? { sticky: true as const } : {}),
  };
}

/** The rows of `ids` that have one, newest last post first. */
export function rowsOf(rows: Map<string, ThreadRow>, ids: readonly string[]): ThreadRow[] {
  return ids
    .map((id) => rows.get(id))
    .filter((r): r is ThreadRow => !!r)
    .sort(compareByLastPost);
}
