// The worker thread of search/worker.ts: rebuilds each thread as far as the index reads it and
// writes the index with writeSearchIndex, asking the main thread for threads a batch ahead. It
// opens the thread cache first (with the code's version the build sends) and tells the main thread
// which entries it holds, so that threads
// the cache holds come without their posts; should such an entry prove unusable (a file edited by
// hand), it asks for that thread's posts before indexing it.
import { parentPort, workerData } from "node:worker_threads";
import { FIELDS } from "./build-index.ts";
import type { SourceThread } from "./shards.ts";
import { SearchThreadCache, threadKey } from "./thread-cache.ts";
import { type FromWorker, type SearchJob, type SearchThreadData, type ToWorker, threadOf } from "./worker.ts";
import { writeSearchIndex } from "./write.ts";

const port = parentPort!;
const job = workerData as SearchJob;

const send = (message: FromWorker) => port.postMessage(message);

// One listener for the whole run: a message that came while a batch was being indexed waits here.
const inbox: ToWorker[] = [];
let wake: (() => void) | undefined;
port.on("message", (message: ToWorker) => {
  // A stop goes before any threads still waiting: they would only be indexed in vain.
  if (message.kind === "stop") inbox.unshift(message);
  else inbox.push(message);
  wake?.();
});

/** The first message waiting of `kinds` (a stop whatever they are); others stay in the inbox. */
async function nextMessage<K extends ToWorker["kind"]>(...kinds: K[]): Promise<Extract<ToWorker, { kind: K }>> {
  for (;;) {
    const at = inbox.findIndex((message) => message.kind === "stop" || (kinds as string[]).includes(message.kind));
    if (at !== -1) {
      const [message] = inbox.splice(at, 1);
      if (message!.kind === "stop") throw new Error("the build stopped the search index");
      return message as Extract<ToWorker, { kind: K }>;
    }
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
}

/** `data` with its posts: asked for when it came without them and the cache cannot give its entry. */
async function withPosts(data: SearchThreadData, at: number, bytes: Buffer, cache: SearchThreadCache) {
  // The main thread took the key (worker.ts, searchBatch) to tell whether to send the posts.
  if (
    data.posts ||
    cache.has(data.cacheKey ?? threadKey(cache.version, data.contentKey), data.postCount, FIELDS.length)
  ) {
    return threadOf(data, bytes);
  }
  send({ kind: "posts", at });
  const reply = await nextMessage("posts");
  return threadOf(reply.thread, Buffer.from(reply.bytes));
}

/** The threads in index order, the next batch asked for before this one is indexed. */
async function* threads(cache: SearchThreadCache): AsyncGenerator<SourceThread> {
  send({ kind: "more", cached: { version: cache.version, keys: cache.keys } });
  for (;;) {
    const message = await nextMessage("threads", "end");
    if (message.kind === "end") return;
    send({ kind: "more" });
    const bytes = Buffer.from(message.bytes);
    for (const [i, data] of message.threads.entries()) yield withPosts(data, message.first + i, bytes, cache);
  }
}

try {
  const { version } = await nextMessage("version");
  const cache = await SearchThreadCache.open(job.cacheRoot, version);
  const source = { ordered: threads(cache) };
  const { files, stamps } = await writeSearchIndex(source, job.output, job.baseUrl, job.postsPerPage, { cache });
  send({ kind: "done", files, stamps });
} catch (error) {
  // writeSearchIndex has let every write finish: nothing of this thread still holds a file.
  const { message, code } = error as NodeJS.ErrnoException;
  send({ kind: "failed", message, ...(code ? { code } : {}) });
}
port.close(); // nothing more to hear: the thread ends
