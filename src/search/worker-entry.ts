// The worker thread of search/worker.ts: rebuilds each thread as far as the index reads it and
// writes the index with writeSearchIndex, asking the main thread for threads a batch ahead.
import { parentPort, workerData } from "node:worker_threads";
import type { SourceThread } from "./shards.ts";
import { type FromWorker, type SearchJob, type ToWorker, threadOf } from "./worker.ts";
import { writeSearchIndex } from "./write.ts";

const port = parentPort!;
const job = workerData as SearchJob;

const ask = () => port.postMessage({ kind: "more" } satisfies FromWorker);

// One listener for the whole run: a message that came while a batch was being indexed waits here.
const inbox: ToWorker[] = [];
let wake: (() => void) | undefined;
port.on("message", (message: ToWorker) => {
  // A stop goes before any threads still waiting: they would only be indexed in vain.
  if (message.kind === "stop") inbox.unshift(message);
  else inbox.push(message);
  wake?.();
});

async function nextMessage(): Promise<ToWorker> {
  while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
  wake = undefined;
  return inbox.shift()!;
}

/** The threads in index order, the next batch asked for before this one is indexed. */
async function* threads(): AsyncGenerator<SourceThread> {
  ask();
  for (;;) {
    const message = await nextMessage();
    if (message.kind === "stop") throw new Error("the build stopped the search index");
    if (message.kind === "end") return;
    ask();
    const bytes = Buffer.from(message.bytes);
    for (const data of message.threads) yield threadOf(data, bytes);
  }
}

try {
  const { files } = await writeSearchIndex({ ordered: threads() }, job.output, job.baseUrl, job.postsPerPage);
  port.postMessage({ kind: "done", files } satisfies FromWorker);
} catch (error) {
  // writeSearchIndex has let every write finish: nothing of this thread still holds a file.
  const { message, code } = error as NodeJS.ErrnoException;
  port.postMessage({ kind: "failed", message, ...(code ? { code } : {}) } satisfies FromWorker);
}
port.close(); // nothing more to hear: the thread ends
