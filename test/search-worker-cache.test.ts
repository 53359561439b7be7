// The search worker tells the main thread which threads its cache holds, and is sent those without
// their posts (src/search/worker.ts): its files must be a clean build's all the same, and a cached
// entry that proves unusable once read (a file edited by hand, its checksum made again) must have the
// thread's posts sent after all.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it, vi } from "vitest";
import { checksumOf } from "../src/archive/cache-file.ts";
import type { Archive, Thread } from "../src/model.ts";
import { searchIndexInWorker, type ToWorker } from "../src/search/worker.ts";
import { writeSearchIndex } from "../src/search/write.ts";
import { plainThread } from "./helpers/plain-threads.ts";

const thread = (id: string, title: string, texts: string[]): Thread => plainThread(id, title, texts, "Wrists");

// More threads than one batch the worker is sent (100), words shared between them.
const THREADS = Array.from({ length: 130 }, (_, i) =>
  thread(`w${String(i).padStart(3, "0")}`, `Wrist pain ${i % 7}`, [
    `My wrist hurts after push-ups, day ${i}; word${i} here.`,
    `Try the knuckles (${i % 5}), or parallettes, die Handgelenke schonen.`,
    ...(i % 3 ? [] : [`Third post ${i}.`]),
  ]),
);
const archive: Pick<Archive, "threads"> = { threads: THREADS };

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), "search-worker-cache-"));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  vi.restoreAllMocks();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function filesOf(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(join(dir, "search"), { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile()) files.set(path.slice(dir.length), (await readFile(path)).toString("base64"));
  }
  return files;
}

/** Every entry of the cache's files made unreadable (its numbers line), each file's checksum made again
 *  (cache-file.ts checksumOf of the payload, on the first line). */
async function damageEntries(cacheDir: string): Promise<number> {
  let damaged = 0;
  for (const name of (await readdir(cacheDir)).filter((n) => n.endsWith(".txt"))) {
    const lines = (await readFile(join(cacheDir, name), "utf8")).split("\n").slice(1);
    // Each entry: "key rows", its terms, its fields' numbers (base-32 digits), then its rows.
    for (let at = 0; at < lines.length; at += 3 + Number(lines[at]!.split(" ")[1])) {
      lines[at + 2] = "~";
      damaged++;
    }
    const payload = lines.join("\n");
    const checksum = checksumOf(payload);
    await writeFile(join(cacheDir, name), `${checksum}\n${payload}`);
  }
  return damaged;
}

/** What the main thread sends the worker, counted: threads sent with their posts (in batches), and
 *  threads whose posts were sent on the worker's asking. */
function countSentPosts(): { withPosts: number; asked: number } {
  const sent = { withPosts: 0, asked: 0 };
  const send = Worker.prototype.postMessage;
  vi.spyOn(Worker.prototype, "postMessage").mockImplementation(function (this: Worker, message, transfer) {
    const sentMessage = message as ToWorker;
    if (sentMessage.kind === "threads") sent.withPosts += sentMessage.threads.filter((t) => t.posts).length;
    if (sentMessage.kind === "posts") sent.asked++;
    return send.call(this, message, transfer);
  });
  return sent;
}

describe("the search worker and its thread cache", () => {
  it("writes a clean build's files from cached threads sent without posts, and from unusable entries", async () => {
    const [cacheRoot, out, clean] = [await tempDir(), await tempDir(), await tempDir()];
    await writeSearchIndex(archive, clean, "/", undefined, { cacheRoot: false });
    const fresh = await filesOf(clean);
    expect([...fresh.keys()].some((name) => name.includes("/shards/"))).toBe(true);

    const job = { output: out, baseUrl: "/", cacheRoot };
    const first = countSentPosts();
    await searchIndexInWorker(archive, job).finished;
    expect(await filesOf(out)).toEqual(fresh);
    expect(first).toEqual({ withPosts: THREADS.length, asked: 0 });
    vi.restoreAllMocks();
    // Every thread cached now: each is sent without its posts.
    const cached = countSentPosts();
    await searchIndexInWorker(archive, job).finished;
    expect(await filesOf(out)).toEqual(fresh);
    expect(cached).toEqual({ withPosts: 0, asked: 0 });
    vi.restoreAllMocks();

    expect(await damageEntries(join(cacheRoot, "search"))).toBe(THREADS.length);
    const unusable = countSentPosts();
    await searchIndexInWorker(archive, job).finished;
    expect(await filesOf(out)).toEqual(fresh);
    // Each thread's entry proves unusable once read: the worker asks for its posts.
    expect(unusable).toEqual({ withPosts: 0, asked: THREADS.length });
  });
});
