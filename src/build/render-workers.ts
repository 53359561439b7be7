// Thread pages rendered in worker threads beside the main one (issue 15: both cores). A worker
// is sent the threads of its share in full (post bodies as their packed bytes, in shared memory,
// never decoded) and every other thread as a light stub: what the share's pages show of it (a
// neighbour's or a similar thread's title and address) and what decides every URL (the claims of
// site-index.ts). From these it builds SiteData as the main thread did and runs its own Eleventy
// over its share of the thread pages, writing them itself: only paths, sizes and fingerprints
// come back, never a page. Author pages show posts from anywhere in the archive, so they stay in
// the main thread, which holds all of it. Site-wide data (title, navigation, feed…) is the main
// thread's, sent as it is. The shares are fixed by the pages' order alone, and every page is
// rendered from the same data wherever it is, so the site is the same byte for byte whatever the
// number of threads.
import { freemem } from "node:os";
import { deserialize, serialize } from "node:v8";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../worker-threads.ts";
import { postsOfTransfer, type TransferredPosts, transferForm } from "../archive/packed-bodies.ts";
import type { Catalogue } from "../i18n/catalogue.ts";
import type { Archive, AuthorSummary, Post, Thread } from "../model.ts";
import {
  type AuthorPageStub,
  type SiteData,
  type SiteDataOptions,
  type ThreadPageStub,
  threadPageViews,
} from "../site/view/index.ts";
import { UrlClaims } from "../site/view/site-index.ts";

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
  foreign: string[];
  force: boolean;
  /** Permalinks of this worker's thread pages. */
  threadPages: string[];
}

/** A thread of the worker's share as sent: its fields but its posts, where in the batch's shared
 *  memory its posts lie (their packed bodies, and their other fields serialised by v8), and its
 *  posts as a light thread has them (lightThread), for building the site data. */
export type SentThread = Omit<Thread, "posts"> & {
  packedAt: [number, number];
  fieldsAt: [number, number];
  light: Post[];
};

/** SiteData's lists of pages no worker renders (other templates' pages, and author pages), empty
 *  in a worker; the rest of what is not a thread page is the main thread's, sent as it is. */
const OTHER_PAGES = {
  forumPages: [],
  authorPages: [],
  authorIndexPages: [],
  clusterPages: [],
  clusterIndexPages: [],
  sitemaps: [],
  sitemapIndex: null,
  sitemapIndexPages: [],
  problems: [],
} satisfies Partial<SiteData>;

/** What a thread page's layout may show of the site as a whole: SiteData but its pages. */
export type SiteWide = Omit<SiteData, keyof typeof OTHER_PAGES | "threadPages" | "threadPage" | "authorPage">;

export type ToRenderWorker =
  /** What to render: the first message, sent when the shares are known (the worker may have been
   *  started, and loaded its modules, before: prestartRenderWorkers). */
  | { kind: "job"; job: RenderJob }
  | { kind: "threads"; threads: (SentThread | Thread)[]; bytes: SharedArrayBuffer }
  | { kind: "archive"; rest: Pick<Archive, "forums" | "authors">; site: SiteWide; threadPages: ThreadPageStub[] }
  | { kind: "stop" };

export type FromRenderWorker =
  | { kind: "pages"; files: [rel: string, size: number][] }
  | { kind: "done"; written: number; unchanged: number }
  /** Stopped when asked (the build failed elsewhere), its writes finished. */
  | { kind: "stopped" }
  | { kind: "failed"; message: string; code?: string; fromWriter: boolean };

/** A worker's share needs at least this many pages: below it, starting the worker and building its
 *  site data costs more than rendering them here. */
export const MIN_SHARE = 200;
/** What an author page costs to render against a thread page, for dealing out the work: as many
 *  posts (every post is on one thread page and one author page), each shown shorter. Measured at
 *  2,000 generated threads: 0.36 against 0.59 CPU ms a page (bench/RESULTS.md, issue 15, direct);
 *  at 1 the workers' thread pages took half as long again as the main thread's author pages. */
export const AUTHOR_PAGE_WEIGHT = 0.6;
/** Render workers the machine's memory allows besides this thread: each holds its share of the
 *  archive's threads and an Eleventy, at most about what this thread's heap holds, so one is
 *  started only while the free memory would hold two such more (a machine of many cores and a
 *  large archive would otherwise run out). */
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

/** The pages to render in `count` shares (at most: fewer when a worker's would hold under
 *  MIN_SHARE pages), the first for this thread: every author page, and thread pages until it
 *  holds its part of the work; the other threads dealt out in turn to the others. A thread's
 *  pages stay together (they share its quote links, and its posts are sent to one worker only). */
export function splitShares(site: Pick<SiteData, "threadPages" | "authorPages">, count: number): Share[] {
  const threads = pagesByThread(site.threadPages);
  const work = site.threadPages.length + AUTHOR_PAGE_WEIGHT * site.authorPages.length;
  for (let n = Math.max(1, count); n > 1; n--) {
    const shares = Array.from(
      { length: n },
      (_, i): Share => ({
        threadPages: [],
        authorPages: i === 0 ? site.authorPages : [],
      }),
    );
    let own = AUTHOR_PAGE_WEIGHT * site.authorPages.length;
    let dealt = 0;
    for (const pages of threads) {
      if (own + pages.length <= work / n) {
        own += pages.length;
        shares[0]!.threadPages.push(...pages);
      } else shares[1 + (dealt++ % (n - 1))]!.threadPages.push(...pages);
    }
    if (shares.slice(1).every((share) => share.threadPages.length >= MIN_SHARE)) return shares;
  }
  return [{ threadPages: site.threadPages, authorPages: site.authorPages }];
}

/** Thread pages in runs of one thread's. */
function pagesByThread(stubs: readonly ThreadPageStub[]): ThreadPageStub[][] {
  const runs: ThreadPageStub[][] = [];
  for (const stub of stubs) {
    const run = runs[runs.length - 1];
    if (run && run[0]!.threadId === stub.threadId) run.push(stub);
    else runs.push([stub]);
  }
  return runs;
}

/** A worker running render-worker-entry beside this module, as this one runs: compiled, or through
 *  tsx. It loads its modules (Eleventy, the site code) and waits for its job. */
function startRenderWorker(): Worker {
  return startWorker(import.meta.url, "render-worker-entry", undefined);
}

/** Render workers started before their jobs are known, while the archive loads (issue 15: a worker
 *  takes ~1 s to load its modules, which would otherwise be spent after the load, before it renders). */
export interface PrestartedWorkers {
  /** Every worker started (taken or not). */
  readonly workers: readonly Worker[];
  /** Takes up to `count` of the workers, ending the others (the build needs fewer, or none). */
  take(count: number): Worker[];
  /** Ends every worker not taken (the build failed before rendering); resolves once they are gone. */
  end(): Promise<void>;
}

export function prestartRenderWorkers(count: number): PrestartedWorkers {
  const workers = Array.from({ length: Math.max(0, count) }, startRenderWorker);
  let idle = [...workers];
  // A worker that fails while it loads must not be an unhandled error, nor be taken: its exit has
  // been told already, and runWorker would wait for it forever. One started afresh takes its place.
  const exited = new Set<Worker>();
  for (const worker of idle) worker.on("error", () => {}).once("exit", () => exited.add(worker));
  const end = async (workers: Worker[]) => {
    await Promise.all(workers.map((worker) => worker.terminate()));
  };
  return {
    workers,
    take(wanted) {
      idle = idle.filter((worker) => !exited.has(worker));
      const taken = idle.slice(0, wanted);
      void end(idle.slice(wanted));
      idle = [];
      return taken;
    },
    end() {
      const left = idle;
      idle = [];
      return end(left);
    },
  };
}

/** A thread outside a worker's share, as much of it as that worker's pages and URLs depend on: its
 *  id, title, address, site, forum and first file (which decide its URL claim), and its first
 *  post's number, author and date (its place among its forum's threads). */
export function lightThread(thread: Thread): Thread {
  const first = thread.posts[0];
  const posts = first
    ? [
        {
          number: first.number,
          postedAt: first.postedAt,
          postedAtText: first.postedAtText,
          author: { name: first.author.name, hasAvatar: false },
          body: [],
          source: first.source,
        } satisfies Post,
      ]
    : [];
  return {
    id: thread.id,
    title: thread.title,
    url: thread.url,
    site: thread.site,
    breadcrumbs: [],
    forum: thread.forum,
    posts,
    similarListed: [],
    source: { files: thread.source.files.slice(0, 1) },
    warnings: [],
  };
}

/** Authors as a worker needs them: names, addresses and profiles, not the list of their posts
 *  (which only author pages read). */
const authorsForWorkers = (authors: readonly AuthorSummary[]): AuthorSummary[] =>
  authors.map((author) => ({ ...author, posts: [] }));

/** What SiteData holds besides its pages. */
export function siteWide(site: SiteData): SiteWide {
  const wide: Partial<SiteData> = { ...site };
  for (const key of [...Object.keys(OTHER_PAGES), "threadPages", "threadPage", "authorPage"] as const)
    delete wide[key as keyof SiteData];
  return wide as SiteWide;
}

/** The archive's threads in batches for one worker: those of its share (`ids`) in full, the rest
 *  light. A full thread's posts go into shared memory as bytes, never as objects: their packed
 *  bodies (copied once; a thread whose posts were packed reads them from there from now on too, so
 *  they are held once more, not once per worker) and their other fields, serialised, which the
 *  worker reads back a thread at a time as it renders it (receivedThread). */
export function* threadBatches(
  threads: readonly Thread[],
  ids: ReadonlySet<string>,
  lights: Map<Thread, Thread>,
): Generator<ToRenderWorker & { kind: "threads" }> {
  for (let start = 0; start < threads.length; start += BATCH) {
    const batch = threads.slice(start, start + BATCH);
    const forms = new Map(
      batch
        .filter((t) => ids.has(t.id))
        .map((t) => {
          const form = transferForm(t.posts);
          return [t, { form, fields: serialize(form.posts) }];
        }),
    );
    const size = [...forms.values()].reduce((n, { form, fields }) => n + form.bytes.byteLength + fields.byteLength, 0);
    const bytes = new SharedArrayBuffer(size);
    const view = new Uint8Array(bytes);
    let offset = 0;
    const place = (part: Uint8Array): [number, number] => {
      view.set(part, offset);
      offset += part.byteLength;
      return [offset - part.byteLength, part.byteLength];
    };
    const sent = batch.map((thread): SentThread | Thread => {
      let light = lights.get(thread);
      if (!light) lights.set(thread, (light = lightThread(thread)));
      const sending = forms.get(thread);
      if (!sending) return light;
      const { form, fields } = sending;
      const packedAt = place(form.bytes);
      const shared = new Uint8Array(bytes, packedAt[0], packedAt[1]);
      if (!form.repacked) thread.posts = postsOfTransfer({ bytes: shared, posts: form.posts });
      const { posts: _, ...rest } = thread;
      return { ...rest, packedAt, fieldsAt: place(fields), light: light.posts };
    });
    yield { kind: "threads", threads: sent, bytes };
  }
}

/** Posts read back from shared memory lately: a thread's pages are rendered one after another, and
 *  each reads its posts several times (their objects must stay the same for quoted-by links). */
const recentPosts: { thread: Thread; posts: Post[] }[] = [];
const RECENT_THREADS = 2;

/** A thread as a worker holds it: a light one as it came; a full one with its posts read from the
 *  batch's shared memory whenever they are asked for once `full()` says so (the last few kept),
 *  and as a light thread's before (while the site data is built: the pages of the share are the
 *  main thread's, sent with it). The worker's heap thus holds no post but those of the pages it
 *  is rendering. */
export function receivedThread(sent: SentThread | Thread, bytes: SharedArrayBuffer, full: () => boolean): Thread {
  if (!("packedAt" in sent)) return sent;
  const { packedAt, fieldsAt, light, ...fields } = sent;
  const thread = fields as Thread;
  const read = (): Post[] => {
    if (!full()) return light;
    const recent = recentPosts.find((r) => r.thread === thread);
    if (recent) return recent.posts;
    const posts = postsOfTransfer({
      bytes: new Uint8Array(bytes, packedAt[0], packedAt[1]),
      posts: deserialize(new Uint8Array(bytes, fieldsAt[0], fieldsAt[1])) as TransferredPosts["posts"],
    });
    recentPosts.unshift({ thread, posts });
    recentPosts.length = Math.min(recentPosts.length, RECENT_THREADS);
    return posts;
  };
  return Object.defineProperty(thread, "posts", { get: read, enumerable: true, configurable: true });
}

/** The messages that carry `archive` to a worker whose share is the thread pages `threadPages`
 *  (after the threads, the rest of the archive and the site-wide data). */
export function* archiveMessages(
  archive: Pick<Archive, "threads" | "forums" | "authors">,
  threadPages: readonly ThreadPageStub[],
  site: SiteWide,
  lights: Map<Thread, Thread> = new Map(),
): Generator<ToRenderWorker> {
  yield* threadBatches(archive.threads, new Set(threadPages.map((stub) => stub.threadId)), lights);
  const rest = { forums: archive.forums, authors: authorsForWorkers(archive.authors) };
  yield { kind: "archive", rest, site, threadPages: [...threadPages] };
}

/** A worker's thread page views, from the archive as sent, made as buildSiteData makes them
 *  (threadPageViews), but nothing else of SiteData: its listings, home, feed and sitemaps are the
 *  main thread's, sent (SiteWide) or not needed (issue 15: a second render thread's start). */
export function workerThreadPage(archive: Archive, options: SiteDataOptions): SiteData["threadPage"] {
  return threadPageViews(archive, options, new UrlClaims()).threadPage;
}

/** The site data a worker renders its share from: its thread pages' views (workerThreadPage),
 *  with the main thread's site-wide data and its stubs of this share's thread pages, and no other
 *  pages. */
export function shareSiteData(
  threadPageOf: SiteData["threadPage"],
  site: SiteWide,
  threadPages: ThreadPageStub[],
): SiteData {
  const authorPage = (): never => {
    throw new Error("author pages are the main thread's to render");
  };
  return { ...site, ...OTHER_PAGES, threadPages, threadPage: threadPageOf, authorPage };
}

export interface RenderWorkerEvents {
  /** Files a worker wrote (or found already right). Pages are fingerprinted from their inputs in
   *  the main thread before they render (build/page-inputs.ts). */
  onPages(files: [string, number][]): void;
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

/** Starts a worker for each job (or takes one of `prestarted`) and sends each its job and the
 *  archive: its share's threads in full, the others light. `site`: the site data the jobs' pages are of. */
export function startRenderWorkers(
  { archive, site }: { archive: Pick<Archive, "threads" | "forums" | "authors">; site: SiteData },
  jobs: RenderJob[],
  events: RenderWorkerEvents,
  prestarted: Worker[] = [],
): RenderWorkers {
  const workers = jobs.map((_, i) => prestarted[i] ?? startRenderWorker());
  const failures: { error: Error; fromWriter: boolean }[] = [];
  // One worker's failure fails the build: the others are asked to stop at once.
  const stopAll = () => workers.forEach((worker) => worker.postMessage({ kind: "stop" } satisfies ToRenderWorker));
  const runs = workers.map((worker) => runWorker(worker, events, failures, stopAll));
  const stubs = new Map(site.threadPages.map((stub) => [stub.permalink, stub]));
  const wide = siteWide(site);
  const lights = new Map<Thread, Thread>();
  jobs.forEach((job, i) => {
    workers[i]!.postMessage({ kind: "job", job } satisfies ToRenderWorker);
    const share = job.threadPages.map((permalink) => stubs.get(permalink)!);
    for (const message of archiveMessages(archive, share, wide, lights)) workers[i]!.postMessage(message);
  });
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
      if (message.kind === "pages") events.onPages(message.files);
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
