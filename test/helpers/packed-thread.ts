// The one-thread archive the packed-post tests pack and compare: only the posts matter to them.
import type { Post, Thread } from "../../src/model.ts";

/** A thread "t" holding `posts`, read from `file`. */
export function threadOfPosts(posts: Post[], file = "board.sql"): Thread {
  return {
    id: "t",
    title: "Packed",
    url: "/s/f/packed-t/",
    site: "s",
    breadcrumbs: [],
    forum: { name: "f" },
    posts,
    similarListed: [],
    source: { files: [file] },
    warnings: [],
  } as Thread;
}
