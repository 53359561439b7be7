// Building with two threads (the search index in a worker while the pages render) writes the same
// site, byte for byte, as building with one (issue 15).
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { buildFromInput, buildSteps } from "../src/build/index.ts";
import { listFiles } from "./helpers/site-check.ts";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-jobs-"));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function readAll(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const rel of await listFiles(dir)) files.set(rel, await readFile(join(dir, rel)));
  return files;
}

describe("building with one and with two threads", () => {
  it("writes the same files, byte for byte", async () => {
    // More threads than the worker is sent at once (100), so it asks for several batches.
    const input = join(root, "dumps");
    for (const f of generateCorpus({ threads: 230, seed: 15 })) {
      await mkdir(dirname(join(input, f.file)), { recursive: true });
      await writeFile(join(input, f.file), f.text);
    }
    const inWorker = vi.spyOn(buildSteps, "searchIndexInWorker");
    const one = join(root, "one");
    const two = join(root, "two");
    const common = { input, baseUrl: "/", progress: "none" as const };
    const single = await buildFromInput({ ...common, output: one, jobs: 1 });
    expect(inWorker).not.toHaveBeenCalled();
    const double = await buildFromInput({ ...common, output: two, jobs: 2 });
    expect(inWorker).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();

    expect(single.threads).toBeGreaterThan(200);
    expect(double.searchFiles).toBe(single.searchFiles);
    const files = await readAll(one);
    expect([...files.keys()].filter((rel) => rel.startsWith("search/shards/")).length).toBeGreaterThan(1);
    expect([...(await readAll(two)).keys()]).toEqual([...files.keys()]);
    expect(await readAll(two)).toEqual(files);
  });
});
