// What a build starts early (issue 15). With a second core the search index is written in a worker
// thread (search/worker.ts), started as soon as the build knows the archive's threads and the
// project: before the site data and the page fingerprints are made, so that it indexes while this
// thread makes them. A build that fails after it started stops it. And the renderer (Eleventy)
// is imported while the dumps are read, not once the site data is made.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { buildFromInput, buildSteps } from "../src/build/index.ts";

const steps: string[] = [];
let failSiteData = false;
vi.mock("../src/site/view/index.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/site/view/index.ts")>();
  return {
    ...real,
    buildSiteData: (...args: Parameters<typeof real.buildSiteData>) => {
      steps.push("site data");
      if (failSiteData) throw new Error("site data failed");
      return real.buildSiteData(...args);
    },
  };
});

vi.mock("../src/eleventy/render.ts", async (importOriginal) => {
  steps.push("renderer imported");
  return await importOriginal();
});

let root: string;
let input: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-search-start-"));
  input = join(root, "dumps");
  for (const f of generateCorpus({ threads: 30, seed: 7 })) {
    await mkdir(dirname(join(input, f.file)), { recursive: true });
    await writeFile(join(input, f.file), f.text);
  }
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** The archive's load, and the search worker's start and stop, recorded in `steps`. */
function watchSearch() {
  const load = buildSteps.loadArchive;
  vi.spyOn(buildSteps, "loadArchive").mockImplementation(async (...args) => {
    const archive = await load(...args);
    steps.push("archive loaded");
    return archive;
  });
  const real = buildSteps.searchIndexInWorker;
  return vi.spyOn(buildSteps, "searchIndexInWorker").mockImplementation(async (...args) => {
    steps.push("search started");
    const searching = await real(...args);
    return {
      finished: searching.finished,
      stop: () => {
        steps.push("search stopped");
        return searching.stop();
      },
    };
  });
}

describe("the search index's worker and the renderer", () => {
  it("start before the site data is made, the renderer's import before the archive is loaded", async () => {
    steps.length = 0;
    const spy = watchSearch();
    const summary = await buildFromInput({
      input,
      output: join(root, "site"),
      baseUrl: "/",
      progress: "none",
      jobs: 2,
    });
    vi.restoreAllMocks();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(steps).toEqual(["renderer imported", "archive loaded", "search started", "site data"]);
    expect(summary.searchFiles).toBeGreaterThan(0);
    expect(existsSync(join(root, "site", "search", "index.html"))).toBe(true);
  });

  it("stops the search worker when the build fails after it started; nothing is left in the output", async () => {
    steps.length = 0;
    failSiteData = true;
    watchSearch();
    const output = join(root, "failed");
    await expect(buildFromInput({ input, output, baseUrl: "/", progress: "none", jobs: 2 })).rejects.toThrow(
      "site data failed",
    );
    vi.restoreAllMocks();
    failSiteData = false;
    // The renderer was imported by the first build (a module is imported once a process).
    expect(steps).toEqual(["archive loaded", "search started", "site data", "search stopped"]);
    // The staging folder went with the failed build: no folder of it, and no output made.
    expect(existsSync(output) ? await readdir(output) : []).toEqual([]);
    expect((await readdir(root)).sort()).toEqual(["dumps", "site"]);
  });
});
