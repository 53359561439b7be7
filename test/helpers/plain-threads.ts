// Small hand-made threads for the search tests: one paragraph a post, Kieran and Ann taking turns,
// every thread on one board, in the forum it is given.
import type { Post, Thread } from "../../src/model.ts";

function post(number: number, author: string, text: string): Post {
  return {
    number,
    postedAt: `2009-05-1${number % 10}T09:27:00-07:00`,
    postedAtText: "05-1x-2009, 09:27 AM",
    author: { name: author, hasAvatar: false },
    body: [{ type: "paragraph", inlines: [{ type: "text", text }] }],
    source: { file: "t.txt", line: number },
  };
}

/** A thread of `texts`, one post each, at `/b/<forum's initial>/<id>/`. */
export function plainThread(id: string, title: string, texts: string[], forum: string): Thread {
  return {
    id,
    title,
    url: `/b/${forum[0]!.toLowerCase()}/${id}/`,
    site: "Test Board",
    breadcrumbs: ["Test Board", forum],
    forum: { name: forum },
    posts: texts.map((text, i) => post(i + 1, i % 2 ? "Ann" : "Kieran", text)),
    similarListed: [],
    source: { files: ["t.txt"] },
    warnings: [],
  };
}
