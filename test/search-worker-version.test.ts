// The search worker keys its thread cache with the code's version the build sends it
// (src/search/worker.ts): the build has taken it for its own caches, and the worker would read and
// hash every code file again to take it itself. Here the build's version is made one no code has,
// so the cache's keys tell which version the worker used.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { Thread } from "../src/model.ts";
import { threadContentKey, threadKey } from "../src/search/thread-cache.ts";
import { searchIndexInWorker } from "../src/search/worker.ts";
import { plainThread } from "./helpers/plain-threads.ts";

const BUILD_VERSION = "the build's version";
vi.mock("../src/archive/cache-version.ts", async (original) => ({
  ...(await original<typeof import("../src/archive/cache-version.ts")>()),
  codeVersion: async () => BUILD_VERSION,
}));

const THREADS: Thread[] = [
  plainThread("v1", "Elbow pain", ["Golfer's elbow after pull-ups.", "Rest it a week."], "Injuries"),
  plainThread("v2", "Knee pain", ["Squats hurt my knee."], "Injuries"),
];

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("the search worker's code version", () => {
  it("is the one the build sends: its cache's keys are made with it", async () => {
    const [cacheRoot, out] = await Promise.all([1, 2].map(() => mkdtemp(join(tmpdir(), "search-version-"))));
    dirs.push(cacheRoot!, out!);
    await searchIndexInWorker({ threads: THREADS }, { output: out!, baseUrl: "/", cacheRoot }).finished;
    const keys: string[] = [];
    for (const name of await readdir(join(cacheRoot!, "search"))) {
      const lines = (await readFile(join(cacheRoot!, "search", name), "utf8")).split("\n");
      keys.push(...lines.filter((line) => /^[0-9a-f]{40} \d+$/.test(line)).map((line) => line.split(" ")[0]!));
    }
    const expected = THREADS.map((thread) => threadKey(BUILD_VERSION, threadContentKey(thread)));
    expect(keys.sort()).toEqual(expected.sort());
  });
});
