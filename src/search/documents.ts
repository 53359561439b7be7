// What the search index knows of an archive: one document per post, numbered in a fixed
// order (threads by permalink, posts by number) so ids, shards and files are deterministic.
import type { Archive, Block, Post, Thread } from "../model.ts";

export interface SearchDocument {
  /** Position in the index; the posts of one thread have consecutive ids. */
  id: number;
  /** Position of the post's thread in SearchCorpus.threads. */
  thread: number;
  /** Index of the post in its thread's posts (decides the thread page it is on). */
  position: number;
  number: number;
  author: string;
  postedAt: string;
  /** The post's own words: body paragraphs without quotes; no signature. */
  text: string;
}

export interface SearchThread {
  title: string;
  url: string;
  postCount: number;
}

export interface SearchCorpus {
  threads: SearchThread[];
  documents: SearchDocument[];
}

/** The post's own text: paragraphs (quotes left out, they repeat other posts), one blank line apart. */
export function postText(post: Post): string {
  return blocksText(post.body);
}

function blocksText(blocks: readonly Block[]): string {
  const paragraphs: string[] = [];
  for (const block of blocks) {
    if (block.type !== "paragraph") continue;
    const text = block.inlines.map((inline) => inline.text).join("").trim();
    if (text !== "") paragraphs.push(text);
  }
  return paragraphs.join("\n\n");
}

function byUrl(a: Thread, b: Thread): number {
  return a.url < b.url ? -1 : a.url > b.url ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function searchCorpus(archive: Pick<Archive, "threads">): SearchCorpus {
  const threads: SearchThread[] = [];
  const documents: SearchDocument[] = [];
  for (const thread of [...archive.threads].sort(byUrl)) {
    const threadNumber = threads.length;
    threads.push({ title: thread.title, url: thread.url, postCount: thread.posts.length });
    thread.posts.forEach((post, position) => {
      documents.push({
        id: documents.length,
        thread: threadNumber,
        position,
        number: post.number,
        author: post.author.name,
        postedAt: post.postedAt,
        text: postText(post),
      });
    });
  }
  return { threads, documents };
}
