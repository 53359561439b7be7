// The search index built in a worker thread while the main thread renders the pages (issue 15:
// both cores). The worker is sent only what the index reads of each thread (ids, title, and per
// post its number, author, date and body as JSON text, never decoded here), in index order and a
// batch at a time as it asks, so neither thread holds a second copy of the archive. It writes the
// same files writeSearchIndex writes in the main thread, into the same folder.
import type { Worker } from "node:worker_threads";
import { startWorker } from "../worker-threads.ts";
import type { Archive, Thread } from "../model.ts";
import { threadsInIndexOrder } from "./documents.ts";
import { type SearchPostData, searchPostData, threadContentKey } from "./thread-cache.ts";

/** What the worker is sent of a thread. */
export interface SearchThreadData {
  id: string;
  url: string;
  title: string;
  /** The forum's name, which search results show. */
  forum: string;
  /** number, author's name, postedAt, postedAtText, body as JSON: per post. */
  posts: SearchPostData[];
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
export type ToWorker = { kind: "threads"; threads: SearchThreadData[] } | { kind: "end" } | { kind: "stop" };

/** How long a stopped worker may take to let its last writes finish before it is terminated. */
const STOP_GRACE_MS = 60_000;

const BATCH = 100;

const dataOf = (thread: Thread): SearchThreadData => ({
  id: thread.id,
  url: thread.url,
  title: thread.title,
  forum: thread.forum.name,
  posts: searchPostData(thread),
  contentKey: threadContentKey(thread),
});

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
      const reply: ToWorker = batch.length > 0 ? { kind: "threads", threads: batch.map(dataOf) } : { kind: "end" };
      worker.postMessage(reply);
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
