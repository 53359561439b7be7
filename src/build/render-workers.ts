// Thread and author pages rendered in worker threads beside the main one (issue 15: both cores).
// Each worker is sent the archive once (post bodies as their packed bytes, in shared memory, never
// decoded), builds the same SiteData from it, and runs its own Eleventy over its share of the
// pages, writing them itself: only paths, sizes and fingerprints come back, never a page. The
// shares are fixed by the pages' order alone, and every page is rendered from the same data
// wherever it is, so the site is the same byte for byte whatever the number of threads.
import { freemem } from "node:os";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../worker-threads.ts";
import { postsOfTransfer, type TransferredPosts, transferForm } from "../archive/packed-bodies.ts";
import type { Catalogue } from "../i18n/catalogue.ts";
import type { Archive, Thread } from "../model.ts";
import type { AuthorPageStub, SiteData, SiteDataOptions, ThreadPageStub } from "../site/view/index.ts";

/** What a worker needs besides the archive: how to render, and which pages. */
export interface RenderJob {
  templatesDir: string;
  configPath: string;
  output: string;
  baseUrl: string;
  search: boolean;
  /** The owner's Eleventy config, imported by the worker itself. */
  userConfig?: string;
  /** buildSiteData's options, the locale as its language and catalogue. */
  siteOptions: Omit<SiteDataOptions, "locale">;
  language: string;
  catalogue: Catalogue;
  /** What every page's fingerprint starts from (UnchangedPages). */
  shared: string;
  foreign: string[];
  force: boolean;
  /** Permalinks of this worker's thread and author pages. */
  threadPages: string[];
  authorPages: string[];
}

/** A thread as sent: its fields, and its posts' fields with where their bytes lie in the batch. */
export type SentThread = Omit<Thread, "posts"> & { posts: Omit<TransferredPosts, "bytes">; at: [number, number] };

export type ToRenderWorker =
  | { kind: "threads"; threads: SentThread[]; bytes: SharedArrayBuffer }
  | { kind: "archive"; rest: Pick<Archive, "forums" | "authors" | "clusters"> }
  | { kind: "stop" };

export type FromRenderWorker =
  | { kind: "pages"; files: [rel: string, size: number][]; hashes: [permalink: string, hash: string][] }
  | { kind: "done"; written: number; unchanged: number }
  /** Stopped when asked (the build failed elsewhere), its writes finished. */
  | { kind: "stopped" }
  | { kind: "failed"; message: string; code?: string; fromWriter: boolean };

/** A worker's share needs at least this many pages: below it, starting the worker and building its
 *  site data costs more than rendering them here. */
export const MIN_SHARE = 200;
/** Render workers the machine's memory allows besides this thread: each holds about what this
 *  thread's heap holds (the archive's threads, the site data, an Eleventy), so one is started only
 *  while the free memory would hold two such more (a machine of many cores and a large archive
 *  would otherwise run out). */
export function workersMemoryAllows(): number {
  return Math.floor(freemem() / (2 * process.memoryUsage().heapUsed));
}

/** Threads sent in one message. */
const BATCH = 200;
/** How long a stopped worker may take to let its last writes finish before it is terminated. */
const STOP_GRACE_MS = 60_000;

export interface Share {
  threadPages: ThreadPageStub[];
  authorPages: AuthorPageStub[];
}

/** The pages to render in `count` shares (at most: fewer when there are too few pages), the first
 *  for this thread: a thread's pages stay together (they share its quote links), threads and
 *  authors dealt out in turn. */
export function splitShares(site: Pick<SiteData, "threadPages" | "authorPages">, count: number): Share[] {
  const pages = site.threadPages.length + site.authorPages.length;
  const n = Math.max(1, Math.min(count, Math.floor(pages / MIN_SHARE)));
  const shares = Array.from({ length: n }, (): Share => ({ threadPages: [], authorPages: [] }));
  let thread = -1;
  let last: string | undefined;
  for (const stub of site.threadPages) {
    if (stub.threadId !== last) thread++;
    last = stub.threadId;
    shares[thread % n]!.threadPages.push(stub);
  }
  site.authorPages.forEach((stub, i) => shares[i % n]!.authorPages.push(stub));
  return shares;
}

/** A worker running render-worker-entry beside this module, as this one runs: compiled, or through tsx. */
function startJob(job: RenderJob): Worker {
  return startWorker(import.meta.url, "render-worker-entry", job);
}

/** The archive's threads in batches, their packed bytes copied once into shared memory. A thread
 *  whose posts were packed reads them from there from now on too, so the bytes are held once, not
 *  once per thread of the build (at 100,000 threads they are about a gigabyte). */
function* threadBatches(threads: readonly Thread[]): Generator<ToRenderWorker & { kind: "threads" }> {
  for (let start = 0; start < threads.length; start += BATCH) {
    const batch = threads.slice(start, start + BATCH).map((thread) => ({ thread, form: transferForm(thread.posts) }));
    const bytes = new SharedArrayBuffer(batch.reduce((n, { form }) => n + form.bytes.byteLength, 0));
    const view = new Uint8Array(bytes);
    let offset = 0;
    const sent = batch.map(({ thread, form }): SentThread => {
      view.set(form.bytes, offset);
      const at: [number, number] = [offset, form.bytes.byteLength];
      const shared = new Uint8Array(bytes, offset, form.bytes.byteLength);
      if (!form.repacked) thread.posts = postsOfTransfer({ bytes: shared, posts: form.posts });
      offset += form.bytes.byteLength;
      return { ...thread, posts: { posts: form.posts }, at };
    });
    yield { kind: "threads", threads: sent, bytes };
  }
}

export interface RenderWorkerEvents {
  /** Files a worker wrote (or found already right), and the fingerprints of the pages it rendered. */
  onPages(files: [string, number][], hashes: [string, string][]): void;
}

export interface RenderWorkers {
  /** Resolves with the workers' written and unchanged counts once all are done; rejects with the
   *  first failure (a writer's error before any other). */
  readonly finished: Promise<{ written: number; unchanged: number }>;
  /** The first failure reported so far, if any (the main thread stops rendering on it). */
  readonly failure: Error | undefined;
  /** Asks every worker to stop and resolves once all are gone (no write of theirs still running). */
  stop(): Promise<void>;
}

/** Starts a worker for each job and sends each the archive. */
export function startRenderWorkers(
  archive: Pick<Archive, "threads" | "forums" | "authors" | "clusters">,
  jobs: RenderJob[],
  events: RenderWorkerEvents,
): RenderWorkers {
  const workers = jobs.map(startJob);
  const failures: { error: Error; fromWriter: boolean }[] = [];
  // One worker's failure fails the build: the others are asked to stop at once.
  const stopAll = () => workers.forEach((worker) => worker.postMessage({ kind: "stop" } satisfies ToRenderWorker));
  const runs = workers.map((worker) => runWorker(worker, events, failures, stopAll));
  for (const message of threadBatches(archive.threads)) for (const worker of workers) worker.postMessage(message);
  const rest = { forums: archive.forums, authors: archive.authors, clusters: archive.clusters };
  for (const worker of workers) worker.postMessage({ kind: "archive", rest } satisfies ToRenderWorker);
  const exited = workers.map((worker) => new Promise<void>((resolve) => worker.once("exit", () => resolve())));
  const finished = Promise.allSettled(runs).then((results) => {
    const failure = failures.find((f) => f.fromWriter) ?? failures[0];
    if (failure) throw failure.error;
    return results.reduce(
      (sum, r) => {
        const counts = (r as PromiseFulfilledResult<{ written: number; unchanged: number }>).value;
        return { written: sum.written + counts.written, unchanged: sum.unchanged + counts.unchanged };
      },
      { written: 0, unchanged: 0 },
    );
  });
  finished.catch(() => {}); // awaited by the build; a rejection before then is not unhandled
  return {
    finished,
    get failure() {
      return failures[0]?.error;
    },
    // Asked, not killed: a worker killed mid-write could leave files open. Terminated only if it
    // does not end in time.
    stop: async () => {
      stopAll();
      const late = setTimeout(() => workers.forEach((worker) => void worker.terminate()), STOP_GRACE_MS);
      await Promise.all(exited);
      clearTimeout(late);
    },
  };
}

/** One worker's messages until it is done or has failed (recorded in `failures`). */
function runWorker(
  worker: Worker,
  events: RenderWorkerEvents,
  failures: { error: Error; fromWriter: boolean }[],
  stopAll: () => void,
): Promise<{ written: number; unchanged: number }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error, fromWriter: boolean) => {
      settled = true;
      failures.push({ error, fromWriter });
      stopAll();
      reject(error);
    };
    worker.on("message", (message: FromRenderWorker) => {
      if (message.kind === "pages") events.onPages(message.files, message.hashes);
      else if (message.kind === "done") {
        settled = true;
        // Every file is written: the thread has nothing left to do, and must not keep the process up.
        worker.terminate().then(() => resolve({ written: message.written, unchanged: message.unchanged }), reject);
      } else if (message.kind === "stopped") {
        settled = true;
        // Its writes are finished (it said so only then): nothing is lost by ending it now.
        worker.terminate().then(() => resolve({ written: 0, unchanged: 0 }), reject);
      } else {
        const error = Object.assign(new Error(message.message), message.code ? { code: message.code } : {});
        fail(error, message.fromWriter);
        void worker.terminate(); // as when stopped: its writes are finished
      }
    });
    worker.on("error", (error) => fail(error, false));
    worker.on("exit", (code) => {
      if (!settled) fail(new Error(`a page rendering worker stopped (exit code ${code})`), false);
    });
  });
}
