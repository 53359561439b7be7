// What the search index knows of an archive: one document per post, numbered in a fixed
// order (threads by permalink, posts by number) so ids, shards and files are deterministic.
import type { Archive, Block, Post, Thread } from "../model.ts";
import { blockTexts } from "../model-text.ts";
import { compareText } from "../order.ts";

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
  /** The thread's forum, which results name (its page is the thread URL's parent folder). */
  forum: string;
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

/** List items (HTML pages) are the post's own text too; code boxes and quotes are left out. */
function blocksText(blocks: readonly Block[]): string {
  return blockTexts(blocks)
    .map((text) => text.trim())
    .filter((text) => text !== "")
    .join("\n\n");
}

function byUrl(a: Pick<Thread, "url" | "id">, b: Pick<Thread, "url" | "id">): number {
  return compareText(a.url, b.url) || compareText(a.id, b.id);
}

/** The archive's threads in index order: by permalink (then id), whatever order they came in. */
export function threadsInIndexOrder<T extends Pick<Thread, "url" | "id">>(threads: readonly T[]): T[] {
  return [...threads].sort(byUrl);
}

/** The documents of one thread, numbered from firstId. */
export function threadDocuments(thread: Thread, threadNumber: number, firstId: number): SearchDocument[] {
  return thread.posts.map((post, position) => ({
    id: firstId + position,
    thread: threadNumber,
    position,
    number: post.number,
    author: post.author.name,
    // The date as the page wrote it where it could not be read: results still show something.
    postedAt: post.postedAt || post.postedAtText,
    text: postText(post),
  }));
}

export function searchThread(thread: Thread): SearchThread {
  return { title: thread.title, url: thread.url, forum: thread.forum.name, postCount: thread.posts.length };
}

/** Every document at once (tests and the lunr.Builder reference); the build streams thread by thread instead. */
export function searchCorpus(archive: Pick<Archive, "threads">): SearchCorpus {
  const threads: SearchThread[] = [];
  const documents: SearchDocument[] = [];
  for (const thread of threadsInIndexOrder(archive.threads)) {
    documents.push(...threadDocuments(thread, threads.length, documents.length));
    threads.push(searchThread(thread));
  }
  return { threads, documents };
}
