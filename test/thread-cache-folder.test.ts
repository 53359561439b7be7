// The assembled-thread cache makes its folder at the first write that finds it missing, not before
// every write (a clean build made it once a group: 2,003 recursive mkdirs at 2,000 threads, issue 15),
// and again when it was taken away during the build.
import * as fs from "node:fs";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { packBodies } from "../src/archive/packed-bodies.ts";
import { AssembledThreads } from "../src/archive/thread-cache.ts";
import { parseDumps } from "../src/parse/index.ts";

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  return { ...real, mkdirSync: vi.fn(real.mkdirSync) };
});

const work = mkdtempSync(join(tmpdir(), "fa-thread-cache-folder-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the assembled-thread cache's folder", () => {
  it("is made once for many groups, and made again when it was removed", () => {
    const files = [...generateCorpus({ threads: 4, seed: 5 })].map((f) => ({ file: f.file, bytes: f.text }));
    const threads = parseDumps(files).threads;
    for (const thread of threads) packBodies(thread);
    expect(threads.length).toBeGreaterThanOrEqual(4);
    const dir = join(work, "cache", "threads");
    const cache = new AssembledThreads(dir, "v");
    const madeDir = () => vi.mocked(fs.mkdirSync).mock.calls.filter(([path]) => path === dir).length;
    const keys = threads.map((thread) => cache.keyOf([thread.id], new Set()));
    threads.slice(0, 3).forEach((thread, i) => cache.write(keys[i]!, [{ thread, listedRows: [] }]));
    expect(readdirSync(dir)).toHaveLength(3);
    expect(madeDir()).toBe(1);

    rmSync(dir, { recursive: true });
    cache.write(keys[3]!, [{ thread: threads[3]!, listedRows: [] }]);
    expect(readdirSync(dir)).toEqual([`${keys[3]}.bin`]);
    expect(madeDir()).toBe(2);
    expect(cache.read(keys[3]!)?.map(({ thread }) => thread.id)).toEqual([threads[3]!.id]);
  });
});
