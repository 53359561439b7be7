// The search index built in a worker thread while the main thread renders the pages (issue 15:
// both cores). The worker is sent only what the index reads of each thread (ids, title, and per
// post its number, author, date and body), in index order and a batch at a time as it asks, so
// neither thread holds a second copy of the archive. A packed body is sent as its packed bytes,
// copied into the batch's buffer: the worker, not the main thread, writes it out as JSON. It writes
// the same files writeSearchIndex writes in the main thread, into the same folder.
import type { Worker } from "node:worker_threads";
import { startWorker } from "../worker-threads.ts";
import { bodyJsonOf } from "../archive/packed-bodies.ts";
import { PackedPost, packedJsonOf } from "../archive/packed-posts.ts";
import type { Archive, Block, Thread } from "../model.ts";
import type { SourceThread } from "./shards.ts";
import { threadsInIndexOrder } from "./documents.ts";
import { threadContentKey } from "./thread-cache.ts";

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
  /** number, author's name, postedAt, postedAtText and body: per post. */
  posts: SentPost[];
  /** The thread's content key (thread-cache.ts), taken here where its posts are packed. */
  contentKey: string;
}

export interface SearchJob {
  output: string;
  baseUrl: string;
  postsPerPage?: number;
}

/** Messages between the two: the worker asks for more threads, and says when it is done or why it
 *  failed; the build sends threads, their end, or "stop" (the build failed elsewhere). */
export type FromWorker =
  | { kind: "more" }
  | { kind: "done"; files: number }
  | { kind: "failed"; message: string; code?: string };
export type ToWorker =
  | { kind: "threads"; threads: SearchThreadData[]; bytes: ArrayBuffer }
  | { kind: "end" }
  | { kind: "stop" };

/** How long a stopped worker may take to let its last writes finish before it is terminated. */
const STOP_GRACE_MS = 60_000;

const BATCH = 100;

/** What the worker is sent of `threads`: packed bodies' bytes copied into one buffer (transferred,
 *  not copied again), never decoded here. */
export function searchBatch(threads: readonly Thread[]): { threads: SearchThreadData[]; bytes: ArrayBuffer } {
  const forms = threads.map((thread) =>
    thread.posts.map((post) => (post instanceof PackedPost ? post.packedForm() : undefined)),
  );
  let size = 0;
  for (const form of forms.flat()) if (form) size += form.ranges[1] - form.ranges[0];
  const bytes = new ArrayBuffer(size);
  const view = new Uint8Array(bytes);
  let offset = 0;
  const sent = threads.map((thread, t): SearchThreadData => {
    const posts = thread.posts.map((post, p): SentPost => {
      const form = forms[t]![p];
      let body: SentPost[4];
      if (form) {
        view.set(form.packed.subarray(form.ranges[0], form.ranges[1]), offset);
        body = [offset, (offset += form.ranges[1] - form.ranges[0])];
      } else body = bodyJsonOf(post);
      return [post.number, post.author.name, post.postedAt, post.postedAtText, body];
    });
    const { id, url, title } = thread;
    return { id, url, title, forum: thread.forum.name, posts, contentKey: threadContentKey(thread) };
  });
  return { threads: sent, bytes };
}

/** A sent thread as the index reads it; its packed bodies are read from `bytes` (its batch's). */
export function threadOf(data: SearchThreadData, bytes: Buffer): SourceThread {
  const posts = data.posts.map(([number, author, postedAt, postedAtText, body]) => ({
    number,
    postedAt,
    postedAtText,
    author: { name: author },
    get body(): Block[] {
      return JSON.parse(typeof body === "string" ? body : packedJsonOf(bytes, body[0], body[1])) as Block[];
    },
  }));
  // contentKey: what the thread's cache key is computed from, as sent (thread-cache.ts).
  const thread = { id: data.id, url: data.url, title: data.title, forum: { name: data.forum }, posts };
  return { ...thread, contentKey: data.contentKey } as unknown as SourceThread;
}

/** A worker running the module beside this one, as this one runs: compiled, or TypeScript through tsx. */
function startJob(job: SearchJob): Worker {
  return startWorker(import.meta.url, "worker-entry", job);
}

export interface SearchInWorker {
  /** Resolves to the files written, once all are; rejects with the worker's error. */
  readonly finished: Promise<number>;
  /** Stops the worker (the build failed elsewhere); resolves once it is gone. */
  stop(): Promise<void>;
}

/** Starts writing `archive`'s search index into `job.output` in a worker thread. */
export function searchIndexInWorker(archive: Pick<Archive, "threads">, job: SearchJob): SearchInWorker {
  const threads = threadsInIndexOrder(archive.threads);
  let next = 0;
  const worker = startJob(job);
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const finished = new Promise<number>((resolve, reject) => {
    let settled = false;
    worker.on("message", (message: FromWorker) => {
      if (message.kind === "done") {
        settled = true;
        // Every file is written: the thread has nothing left to do, and must not keep the process up.
        worker.terminate().then(() => resolve(message.files), reject);
        return;
      }
      if (message.kind === "failed") {
        // The worker let its writes finish before saying so (search/write.ts), and now ends.
        settled = true;
        reject(Object.assign(new Error(message.message), message.code ? { code: message.code } : {}));
        return;
      }
      const batch = threads.slice(next, next + BATCH);
      next += batch.length;
      if (batch.length === 0) {
        worker.postMessage({ kind: "end" } satisfies ToWorker);
        return;
      }
      const reply: ToWorker = { kind: "threads", ...searchBatch(batch) };
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
