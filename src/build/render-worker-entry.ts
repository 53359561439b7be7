// The worker thread of build/render-workers.ts: takes the archive as sent (its share's threads in
// full, the others light), builds its thread pages' views from it as the main thread does (and
// nothing else of the site data), with the main thread's site-wide data, renders its share of the
// thread pages with its own Eleventy and writes them, telling the main thread each file's path and
// size and each page's fingerprint. On a failure it lets its writes finish before saying so, then ends.
import { parentPort } from "node:worker_threads";
import { renderPages } from "../eleventy/render.ts";
import { Locale } from "../i18n/locale.ts";
import type { Archive, Thread } from "../model.ts";
import { OutputWriter } from "../output/writer.ts";
import type { ThreadPageStub } from "../site/view/index.ts";
import {
  type FromRenderWorker,
  type RenderJob,
  receivedThread,
  shareSiteData,
  type SiteWide,
  type ToRenderWorker,
  workerThreadPage,
} from "./render-workers.ts";

const port = parentPort!;
/** Files and fingerprints told to the main thread this many at a time (its progress bar moves with them). */
const REPORT_EVERY = 25;

class Stopped extends Error {
  constructor() {
    super("the build stopped this page rendering worker");
  }
}

let stopped = false;
const inbox: ToRenderWorker[] = [];
let wake: (() => void) | undefined;
port.on("message", (message: ToRenderWorker) => {
  if (message.kind === "stop") stopped = true;
  else inbox.push(message);
  wake?.();
});

async function nextMessage(): Promise<ToRenderWorker | undefined> {
  while (inbox.length === 0 && !stopped) await new Promise<void>((resolve) => (wake = resolve));
  wake = undefined;
  return stopped ? undefined : inbox.shift();
}

/** Whether the share's threads read their posts (rendering), or show their first only (building
 *  the site data): see receivedThread. */
let rendering = false;

/** The archive as the main thread sends it (threads a batch at a time, then the rest), the main
 *  thread's site-wide data and its stubs of this worker's pages. */
async function receiveArchive(): Promise<{ archive: Archive; site: SiteWide; threadPages: ThreadPageStub[] }> {
  const threads: Thread[] = [];
  for (;;) {
    const message = await nextMessage();
    if (!message) throw new Stopped();
    if (message.kind === "archive") {
      const archive = { ...message.rest, threads, warnings: [], failures: [] };
      return { archive, site: message.site, threadPages: message.threadPages };
    }
    if (message.kind !== "threads") continue;
    for (const sent of message.threads) threads.push(receivedThread(sent, message.bytes, () => rendering));
  }
}

/** The job, the first message (the worker may be started before the build knows it). */
async function receiveJob(): Promise<RenderJob | undefined> {
  const message = await nextMessage();
  return message?.kind === "job" ? message.job : undefined;
}

async function render(job: RenderJob, writer: OutputWriter): Promise<void> {
  const received = await receiveArchive();
  const locale = new Locale(job.language, job.catalogue);
  const threadPage = workerThreadPage(received.archive, { ...job.siteOptions, locale });
  rendering = true;
  const site = shareSiteData(threadPage, received.site, received.threadPages);
  let files: [string, number][] = [];
  const report = () => {
    port.postMessage({ kind: "pages", files } satisfies FromRenderWorker);
    files = [];
  };
  await renderPages(site, {
    templatesDir: job.templatesDir,
    configPath: job.configPath,
    output: job.output,
    baseUrl: job.baseUrl,
    search: job.search,
    locale,
    only: ["thread.njk"],
    ...(job.userConfig ? { userConfig: await ownerEleventyConfig(job.userConfig) } : {}),
    onPage: (file, content) => {
      if (stopped) throw new Stopped();
      const { rel, wait } = writer.write(file, content);
      files.push([rel, writer.sizes.get(rel) ?? 0]);
      if (files.length >= REPORT_EVERY) report();
      return wait ? wait.then(() => "") : "";
    },
  });
  await writer.flush();
  report();
}

/** The owner's Eleventy config. The config module is imported only for it: it brings the config
 *  checker (Ajv), which a worker, sent a checked config, has no use for otherwise. */
async function ownerEleventyConfig(file: string): Promise<(config: unknown) => unknown> {
  return (await import("../config/project.ts")).loadUserEleventyConfig(file);
}

const job = await receiveJob();
if (job) await run(job, new OutputWriter(job.output, { foreign: new Set(job.foreign), force: job.force }));
else port.postMessage({ kind: "stopped" } satisfies FromRenderWorker); // stopped before its job: wrote nothing
port.close(); // nothing more to hear: the thread ends

async function run(job: RenderJob, writer: OutputWriter): Promise<void> {
  try {
    await render(job, writer);
    port.postMessage({ kind: "done", written: writer.written, unchanged: writer.unchanged } satisfies FromRenderWorker);
  } catch (error) {
    const askedToStop = stopped; // before the wait below, in which a stop may come after a failure of its own
    // No write of this thread's may still be running when the build removes its staging folder.
    await writer.settle();
    const failure = (writer.error ?? error) as NodeJS.ErrnoException;
    // Asked to stop (the build failed elsewhere): whatever a page's render made of it (Eleventy's
    // transforms and the renderer wrap it) is not this worker's failure, and must not hide the build's.
    if (failure instanceof Stopped || (askedToStop && writer.error === undefined))
      port.postMessage({ kind: "stopped" } satisfies FromRenderWorker);
    else
      port.postMessage({
        kind: "failed",
        message: failure.message,
        ...(failure.code ? { code: failure.code } : {}),
        fromWriter: writer.error !== undefined,
      } satisfies FromRenderWorker);
  }
}
