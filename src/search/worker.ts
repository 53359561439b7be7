// The search index built in a worker thread while the main thread renders the pages (issue 15:
// both cores). The worker is sent only what the index reads of each thread (ids, title, and per
// post its number, author, date and body), in index order and a batch at a time as it asks, so
// neither thread holds a second copy of the archive. A packed body is sent as its packed bytes,
// copied into the batch's buffer: the worker, not the main thread, writes it out as JSON. A thread
// whose entry the worker's cache holds (it sends their keys when it first asks) is sent without its
// posts, which it would not read; should that entry prove unusable, the worker asks for the posts.
// It writes the same files writeSearchIndex writes in the main thread, into the same folder.
import type { Worker } from "node:worker_threads";
import { startWorker } from "../worker-threads.ts";
import { bodyJsonOf } from "../archive/packed-bodies.ts";
import { PackedPost, packedJsonOf } from "../archive/packed-posts.ts";
import type { Archive, Block, Thread } from "../model.ts";
import type { SourceThread } from "./shards.ts";
import { threadsInIndexOrder } from "./documents.ts";
import { threadContentKey, threadKey } from "./thread-cache.ts";
import { codeVersion } from "../archive/cache-version.ts";
import type { FileStampList } from "../output/fingerprints.ts";

/** A post as sent: number, author's name, postedAt, postedAtText, and the body as the start and end
 *  of its packed text in the batch's bytes (packed-posts.ts `packedJsonOf`), or as JSON (unpacked posts). */
export type SentPost = [number, string, string, string, string | readonly [number, number]];

/** What the worker is sent of a thread. */
export interface SearchThreadData {
  id: string;
  url: string;
  title: string;
  /** The forum's name, which search results show. */
  forum: string;
  /** number, author's name, postedAt, postedAtText and body: per post; none when the worker's cache
   *  holds the thread's entry. */
  posts?: SentPost[];
  postCount: number;
  /** The thread's content key (thread-cache.ts), taken here where its posts are packed. */
  contentKey: string;
  /** Its key in the worker's cache (threadKey of the version the worker told and contentKey), taken
   *  here to look it up among the cache's keys: the worker need not hash it again (twice a thread). */
  cacheKey?: string;
}

export interface SearchJob {
  output: string;
  baseUrl: string;
  postsPerPage?: number;
  /** Where the thread cache is (thread-cache.ts): the working folder's when not said. */
  cacheRoot?: string;
}

/** What the worker's cache holds: its code's version and the keys of its entries (thread-cache.ts). */
export interface CachedThreads {
  version: string;
  keys: readonly string[];
}

/** Messages between the two: the worker asks for more threads (the first time with what its cache
 *  holds), for the posts of a thread it was sent without them (the thread's place in index order),
 *  and says when it is done or why it failed; the build sends first the code's version (its caches'
 *  own, taken once a process: undefined when it could not be, and the worker takes it itself), then
 *  threads (`first`: the first one's place), a thread's posts, their end, or "stop" (the build failed
 *  elsewhere). */
export type FromWorker =
  | { kind: "more"; cached?: CachedThreads }
  | { kind: "posts"; at: number }
  | { kind: "done"; files: number; stamps: FileStampList }
  | { kind: "failed"; message: string; code?: string };
export type ToWorker =
  | { kind: "version"; version: string | undefined }
  | { kind: "threads"; threads: SearchThreadData[]; bytes: ArrayBuffer; first: number }
  | { kind: "posts"; thread: SearchThreadData; bytes: ArrayBuffer }
  | { kind: "end" }
  | { kind: "stop" };

/** How long a stopped worker may take to let its last writes finish before it is terminated. */
const STOP_GRACE_MS = 60_000;

const BATCH = 100;

/** What the worker is sent of `threads`: packed bodies' bytes copied into one buffer (transferred,
 *  not copied again), never decoded here; no posts of a thread whose key `cached` holds. */
export function searchBatch(
  threads: readonly Thread[],
  cached?: { version: string; keys: ReadonlySet<string> },
): { threads: SearchThreadData[]; bytes: ArrayBuffer } {
  const contentKeys = threads.map(threadContentKey);
  const cacheKeys = cached && contentKeys.map((key) => threadKey(cached.version, key));
  const sendsPosts = contentKeys.map((_, t) => !cached?.keys.has(cacheKeys![t]!));
  const forms = threads.map((thread, t) =>
    sendsPosts[t] ? thread.posts.map((post) => (post instanceof PackedPost ? post.packedForm() : undefined)) : [],
  );
  let size = 0;
  for (const form of forms.flat()) if (form) size += form.ranges[1] - form.ranges[0];
  const bytes = new ArrayBuffer(size);
  const view = new Uint8Array(bytes);
  let offset = 0;
  const sent = threads.map((thread, t): SearchThreadData => {
    const { id, url, title } = thread;
    const postCount = thread.posts.length;
    const data = {
      ...{ id, url, title, forum: thread.forum.name, postCount, contentKey: contentKeys[t]! },
      ...(cacheKeys ? { cacheKey: cacheKeys[t]! } : {}),
    };
    if (!sendsPosts[t]) return data;
    const posts = thread.posts.map((post, p): SentPost => {
      const form = forms[t]![p];
      let body: SentPost[4];
      if (form) {
        view.set(form.packed.subarray(form.ranges[0], form.ranges[1]), offset);
        body = [offset, (offset += form.ranges[1] - form.ranges[0])];
      } else body = bodyJsonOf(post);
      return [post.number, post.author.name, post.postedAt, post.postedAtText, body];
    });
    return { ...data, posts };
  });
  return { threads: sent, bytes };
}

/** A sent thread as the index reads it; its packed bodies are read from `bytes` (its batch's). One sent
 *  without its posts has as many empty places: its entry is in the cache, which reads none of them. */
export function threadOf(data: SearchThreadData, bytes: Buffer): SourceThread {
  if (!data.posts) {
    const thread = { id: data.id, url: data.url, title: data.title, forum: { name: data.forum } };
    const keys = { contentKey: data.contentKey, cacheKey: data.cacheKey };
    return { ...thread, posts: new Array(data.postCount), ...keys } as unknown as SourceThread;
  }
  const posts = data.posts.map(([number, author, postedAt, postedAtText, body]) => ({
    number,
    postedAt,
    postedAtText,
    author: { name: author },
    get body(): Block[] {
      return JSON.parse(typeof body === "string" ? body : packedJsonOf(bytes, body[0], body[1])) as Block[];
    },
  }));
  // contentKey: what the thread's cache key is computed from, as sent (thread-cache.ts); cacheKey: that key.
  const thread = { id: data.id, url: data.url, title: data.title, forum: { name: data.forum }, posts };
  return { ...thread, contentKey: data.contentKey, cacheKey: data.cacheKey } as unknown as SourceThread;
}

/** A worker running the module beside this one, as this one runs: compiled, or TypeScript through tsx. */
function startJob(job: SearchJob): Worker {
  return startWorker(import.meta.url, "worker-entry", job);
}

export interface SearchInWorker {
  /** Resolves to the files written and their stamps, once all are; rejects with the worker's error. */
  readonly finished: Promise<{ files: number; stamps: FileStampList }>;
  /** Stops the worker (the build failed elsewhere); resolves once it is gone. */
  stop(): Promise<void>;
}

/** Starts writing `archive`'s search index into `job.output` in a worker thread. */
export function searchIndexInWorker(archive: Pick<Archive, "threads">, job: SearchJob): SearchInWorker {
  const threads = threadsInIndexOrder(archive.threads);
  let next = 0;
  let cached: { version: string; keys: ReadonlySet<string> } | undefined;
  const worker = startJob(job);
  // The build's own (cache-version.ts keeps it): the worker need not read and hash every code file again.
  const sendVersion = (version: string | undefined) =>
    worker.postMessage({ kind: "version", version } satisfies ToWorker);
  codeVersion().then(sendVersion, () => sendVersion(undefined));
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const finished = new Promise<{ files: number; stamps: FileStampList }>((resolve, reject) => {
    let settled = false;
    worker.on("message", (message: FromWorker) => {
      if (message.kind === "done") {
        settled = true;
        // Every file is written: the thread has nothing left to do, and must not keep the process up.
        const { files, stamps } = message;
        worker.terminate().then(() => resolve({ files, stamps }), reject);
        return;
      }
      if (message.kind === "failed") {
        // The worker let its writes finish before saying so (search/write.ts), and now ends.
        settled = true;
        reject(Object.assign(new Error(message.message), message.code ? { code: message.code } : {}));
        return;
      }
      if (message.kind === "posts") {
        const posts = searchBatch([threads[message.at]!]);
        const reply: ToWorker = { kind: "posts", thread: posts.threads[0]!, bytes: posts.bytes };
        worker.postMessage(reply, [reply.bytes]);
        return;
      }
      if (message.cached) cached = { version: message.cached.version, keys: new Set(message.cached.keys) };
      const first = next;
      const batch = threads.slice(next, next + BATCH);
      next += batch.length;
      if (batch.length === 0) {
        worker.postMessage({ kind: "end" } satisfies ToWorker);
        return;
      }
      const reply: ToWorker = { kind: "threads", ...searchBatch(batch, cached), first };
      worker.postMessage(reply, [reply.bytes]);
    });
    worker.on("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`the search index's worker stopped (exit code ${code})`));
    });
  });
  finished.catch(() => {}); // awaited by the build; a rejection before then is not unhandled
  return {
    finished,
    // Asked, not killed: a worker killed mid-write could leave files open (a full disk's mount
    // then cannot be unmounted, a folder not removed). Terminated only if it does not end in time.
    stop: async () => {
      worker.postMessage({ kind: "stop" } satisfies ToWorker);
      const late = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
      await exited;
      clearTimeout(late);
    },
  };
}
