// Building with one thread and with several (the search index and shares of the thread and author
// pages in worker threads while the main thread renders the rest) writes the same site, byte for
// byte, with the owner's templates and Eleventy config at work in every thread (issue 15); a
// worker's failure fails the build and leaves the published site as it was.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { type BuildSummary, buildFromInput, buildSteps } from "../src/build/index.ts";
import {
  AUTHOR_PAGE_WEIGHT,
  MIN_SHARE,
  type PrestartedWorkers,
  prestartRenderWorkers,
  type Share,
  splitShares,
} from "../src/build/render-workers.ts";
import type { AuthorPageStub, ThreadPageStub } from "../src/site/view/index.ts";
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

const PACKAGE_THREAD_PAGE = new URL("../templates/_includes/thread-page.njk", import.meta.url);

/** A project of `threads` generated threads, five posts a thread page, whose thread pages go through
 *  the owner's override of the package's thread page, with a line added that uses the owner's
 *  filter `ownerFilter`. */
async function project(name: string, threads: number, ownerConfig: string): Promise<string> {
  const input = join(root, name);
  for (const f of generateCorpus({ threads, seed: 15 })) {
    await mkdir(dirname(join(input, f.file)), { recursive: true });
    await writeFile(join(input, f.file), f.text);
  }
  const own = (await readFile(PACKAGE_THREAD_PAGE, "utf8")).replace(
    "{% import",
    '<p class="owner">{{ threadStub.title | ownerFilter }}</p>\n{% import',
  );
  await mkdir(join(input, "templates", "_includes"), { recursive: true });
  await writeFile(join(input, "templates", "_includes", "thread-page.njk"), own);
  await writeFile(join(input, "eleventy.config.js"), ownerConfig);
  // Short thread pages: enough of them for two workers' shares (author pages stay in the main thread).
  await writeFile(join(input, "forum-archive.config.json"), JSON.stringify({ postsPerPage: 5 }));
  return input;
}

const SHOUT = 'export default (config) => config.addFilter("ownerFilter", (s) => String(s).toUpperCase());\n';

const counts = (s: BuildSummary) => ({ written: s.pagesWritten, unchanged: s.pagesUnchanged, files: s.searchFiles });

describe("building with one, two and three threads", () => {
  it("writes the same files, byte for byte, each page once", async () => {
    // More threads than the search worker is sent at once (100), so it asks for several batches;
    // enough pages for three shares of the thread and author pages.
    const input = await project("dumps", 230, SHOUT);
    const common = { input, baseUrl: "/", progress: "none" as const };
    const inWorker = vi.spyOn(buildSteps, "searchIndexInWorker");
    const renderers = vi.spyOn(buildSteps, "startRenderWorkers");
    const one = await buildFromInput({ ...common, output: join(root, "one"), jobs: 1 });
    expect(inWorker).not.toHaveBeenCalled();
    expect(renderers).not.toHaveBeenCalled();
    const two = await buildFromInput({ ...common, output: join(root, "two"), jobs: 2 });
    expect(inWorker).toHaveBeenCalledTimes(1);
    expect(renderers).toHaveBeenCalledTimes(1);
    const three = await buildFromInput({ ...common, output: join(root, "three"), jobs: 3 });
    expect(renderers).toHaveBeenCalledTimes(2);
    // One worker for two jobs, two for three, each with thread pages (author pages stay in the main thread).
    const shares = renderers.mock.calls.map(([, jobs]) => jobs.map((j) => j.threadPages.length));
    expect(shares.map((jobs) => jobs.length)).toEqual([1, 2]);
    for (const threadPages of shares.flat()) expect(threadPages).toBeGreaterThanOrEqual(MIN_SHARE);
    vi.restoreAllMocks();

    expect(one.threads).toBeGreaterThan(200);
    const files = await readAll(join(root, "one"));
    expect([...files.keys()].filter((rel) => rel.startsWith("search/shards/")).length).toBeGreaterThan(1);
    // The owner's template and filter reached the pages the workers rendered as well as the main thread's.
    const threadPages = [...files.keys()].filter((rel) => files.get(rel)!.includes('<article class="thread"'));
    expect(threadPages.length).toBeGreaterThan(200);
    for (const rel of threadPages) expect(files.get(rel)!.toString()).toMatch(/<p class="owner">[^a-z<]+<\/p>/);
    for (const other of ["two", "three"]) {
      const theirs = await readAll(join(root, other));
      expect([...theirs.keys()]).toEqual([...files.keys()]);
      expect(theirs).toEqual(files);
    }
    expect(counts(two)).toEqual(counts(one));
    expect(counts(three)).toEqual(counts(one));
    expect(one.pagesUnchanged).toBe(0);

    // Built again after one dump went: the pages kept by their fingerprints (those of the workers'
    // pages came from the workers) and the pages rewritten are the same with one thread and three.
    const dumps = (await listFiles(input)).filter((rel) => rel.endsWith(".txt"));
    await rm(join(input, dumps[dumps.length >> 1]!));
    const oneAgain = await buildFromInput({ ...common, output: join(root, "one"), jobs: 1 });
    const threeAgain = await buildFromInput({ ...common, output: join(root, "three"), jobs: 3 });
    expect(oneAgain.threads).toBe(one.threads - 1);
    expect(oneAgain.pagesUnchanged).toBeGreaterThan(oneAgain.pagesWritten / 2);
    expect(counts(threeAgain)).toEqual(counts(oneAgain));
    expect(await readAll(join(root, "three"))).toEqual(await readAll(join(root, "one")));
  });
});

describe("render workers started while the dumps are read", () => {
  // Those the build started (spied on), and whether each has ended: a thread that ended has id -1.
  function watchPrestarted() {
    const started: PrestartedWorkers[] = [];
    const real = buildSteps.prestartRenderWorkers;
    const spy = vi.spyOn(buildSteps, "prestartRenderWorkers").mockImplementation((count) => {
      const workers = real(count);
      started.push(workers);
      return workers;
    });
    const running = () => started.flatMap((p) => p.workers).filter((worker) => worker.threadId !== -1).length;
    return { spy, started, running };
  }

  it("render the pages given them once the archive is loaded, as one thread would", async () => {
    const input = await project("prestarted", 230, SHOUT);
    const common = { input, baseUrl: "/", progress: "none" as const };
    const watch = watchPrestarted();
    const renderers = vi.spyOn(buildSteps, "startRenderWorkers");
    // Archives loaded so far, when each worker was started.
    let loaded = 0;
    const load = buildSteps.loadArchive;
    vi.spyOn(buildSteps, "loadArchive").mockImplementation(async (...args) => {
      const archive = await load(...args);
      loaded++;
      return archive;
    });
    const loadedAtStart: number[] = [];
    watch.spy.mockImplementation((count) => {
      loadedAtStart.push(loaded);
      const workers = prestartRenderWorkers(count);
      watch.started.push(workers);
      return workers;
    });
    await buildFromInput({ ...common, output: join(root, "prestarted-one"), jobs: 1 });
    expect(watch.spy).not.toHaveBeenCalled();
    await buildFromInput({ ...common, output: join(root, "prestarted-two"), jobs: 2 });
    // Started while the dumps were read (before loadArchive's result), one for the second job; the
    // build gave it its share.
    expect(watch.spy).toHaveBeenCalledTimes(1);
    expect(loadedAtStart).toEqual([1]);
    expect(watch.spy.mock.calls[0]).toEqual([1]);
    expect(renderers.mock.calls[0]![3]).toEqual(watch.started[0]!.workers);
    expect(watch.running()).toBe(0);
    expect(await readAll(join(root, "prestarted-two"))).toEqual(await readAll(join(root, "prestarted-one")));
    // Built again into the same output: its pages are there, few would be rendered, none started.
    await rm(join(input, (await listFiles(input)).filter((rel) => rel.endsWith(".txt"))[0]!));
    await buildFromInput({ ...common, output: join(root, "prestarted-two"), jobs: 2 });
    expect(watch.spy).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
  });

  it("end when the build needs none of them, or fails before rendering", async () => {
    const watch = watchPrestarted();
    const renderers = vi.spyOn(buildSteps, "startRenderWorkers");
    // As many dumps as start a worker are said to be read, but their threads give it no share.
    const input = await project("prestarted-unused", 20, SHOUT);
    const load = buildSteps.loadArchive;
    vi.spyOn(buildSteps, "loadArchive").mockImplementationOnce(async (dumps, onProgress, options) => {
      onProgress?.({ done: 1, total: MIN_SHARE, file: "first.txt" });
      return load(dumps, onProgress, options);
    });
    const output = join(root, "prestarted-unused-site");
    await buildFromInput({ input, output, baseUrl: "/", progress: "none", jobs: 2 });
    expect(watch.spy).toHaveBeenCalledTimes(1);
    expect(renderers).not.toHaveBeenCalled();
    expect(watch.running()).toBe(0);

    // The dumps fail to load once the workers have started (dumps enough for two shares).
    const failingLoad = (dumps: number) =>
      vi.spyOn(buildSteps, "loadArchive").mockImplementationOnce(async (_input, onProgress) => {
        onProgress?.({ done: 1, total: dumps, file: "first.txt" });
        throw new Error("a dump could not be read");
      });
    failingLoad(2 * MIN_SHARE);
    const failed = buildFromInput({ input, output: join(root, "prestarted-failed"), progress: "none", jobs: 3 });
    await expect(failed).rejects.toThrow("a dump could not be read");
    expect(watch.spy).toHaveBeenCalledTimes(2);
    expect(watch.started[1]!.workers).toHaveLength(2);
    expect(watch.running()).toBe(0);

    // No more workers than the dumps could give shares to: one, whatever the jobs.
    failingLoad(MIN_SHARE);
    const few = buildFromInput({ input, output: join(root, "prestarted-few"), progress: "none", jobs: 3 });
    await expect(few).rejects.toThrow("a dump could not be read");
    expect(watch.started[2]!.workers).toHaveLength(1);
    expect(watch.running()).toBe(0);
    vi.restoreAllMocks();
  });
});

describe("the shares of the pages", () => {
  // 300 threads of 1 to 3 pages (thread t has t % 3 + 1), 250 authors of one page.
  const threadPages = Array.from({ length: 300 }, (_, t) =>
    Array.from({ length: (t % 3) + 1 }, (_, p) => ({ threadId: `t${t}`, permalink: `t${t}/${p}` }) as ThreadPageStub),
  ).flat();
  const authorPages = Array.from({ length: 250 }, (_, a) => ({ author: a, permalink: `a${a}` }) as AuthorPageStub);

  it("hold every page once, a thread's pages together, author pages in the first", () => {
    const shares = splitShares({ threadPages, authorPages }, 3);
    expect(shares).toHaveLength(3);
    const all = shares.flatMap((s) => [...s.threadPages, ...s.authorPages].map((stub) => stub.permalink));
    expect(all.sort()).toEqual([...threadPages, ...authorPages].map((stub) => stub.permalink).sort());
    expect(shares.map((s) => s.authorPages.length)).toEqual([250, 0, 0]);
    // 600 thread pages and 250 author pages at AUTHOR_PAGE_WEIGHT 0.6 each: 750, 250 a share. The
    // first takes the author pages (150) and threads t0 to t49 (100 pages: t50's three would make
    // 252), then t51 (one page: 250); t50, t52 and on go to the others in turn.
    expect(AUTHOR_PAGE_WEIGHT).toBe(0.6);
    expect(shares[0]!.threadPages.map((stub) => stub.threadId).at(-1)).toBe("t51");
    expect(shares[0]!.threadPages).toHaveLength(100);
    expect(shares[1]!.threadPages.slice(0, 4).map((stub) => stub.permalink)).toEqual([
      "t50/0",
      "t50/1",
      "t50/2",
      "t53/0",
    ]);
    expect(shares[2]!.threadPages.slice(0, 3).map((stub) => stub.permalink)).toEqual(["t52/0", "t52/1", "t54/0"]);
    const threadsOf = (share: Share) => new Set(share.threadPages.map((stub) => stub.threadId));
    expect([...threadsOf(shares[1]!)].filter((t) => threadsOf(shares[2]!).has(t))).toEqual([]);
  });

  it("are fewer when a worker's would hold under MIN_SHARE pages", () => {
    // 600 thread pages and 250 author pages: with four shares or more the first holds the author
    // pages alone and the workers' would hold fewer than 200 (dealt in turn to three: 100, 200, 300).
    expect(splitShares({ threadPages, authorPages }, 8)).toHaveLength(3);
    expect(splitShares({ threadPages: threadPages.slice(0, 10), authorPages: [] }, 2)).toHaveLength(1);
    expect(splitShares({ threadPages: threadPages.slice(0, 390), authorPages: [] }, 2)).toHaveLength(1);
  });
});

describe("a worker that fails", () => {
  it("fails the build with its error, the published site untouched and no staging folder left", async () => {
    // The owner's filter fails in a worker thread only: the pages the main thread renders are fine.
    const failing =
      'import { isMainThread } from "node:worker_threads";\n' +
      'export default (config) => config.addFilter("ownerFilter", (s) => {\n' +
      '  if (!isMainThread) throw new Error("ownerFilter cannot run here");\n' +
      "  return s;\n" +
      "});\n";
    const input = await project("failing", 230, failing);
    const output = join(root, "published");
    const good = await buildFromInput({ input, output, baseUrl: "/", progress: "none", jobs: 1 });
    expect(good.pagesWritten).toBeGreaterThan(500);
    const before = await readAll(output);

    const error = await buildFromInput({ input, output, baseUrl: "/about/", progress: "none", jobs: 2 }).then(
      () => undefined,
      (e: Error) => e,
    );
    // Eleventy's own message lists every page of the template; the build's names it and the filter.
    expect(error?.message).toMatch(/^could not render \S+\/thread\.njk: .*thread-page\.njk.* Filter `ownerFilter`/);
    expect(error?.message.length).toBeLessThan(600);
    expect(await readAll(output)).toEqual(before);
    expect((await readdir(root)).filter((name) => name.startsWith(".published."))).toEqual([]);
  });
});

describe("the main thread failing while a worker renders", () => {
  it("fails the build with the main thread's error, not the worker's being stopped", async () => {
    // The worker's pages mark that it is rendering; the main thread's first author page waits for
    // that mark and then fails: the worker is stopped mid-share, between two of its pages.
    const marker = join(root, "worker-is-rendering");
    const config =
      'import { existsSync, writeFileSync } from "node:fs";\n' +
      'import { isMainThread } from "node:worker_threads";\n' +
      `const marker = ${JSON.stringify(marker)};\n` +
      "export default (config) => {\n" +
      '  config.addFilter("ownerFilter", (s) => { if (!isMainThread) writeFileSync(marker, ""); return s; });\n' +
      '  config.addNunjucksAsyncFilter("mainFails", (s, done) => {\n' +
      '    const check = () => existsSync(marker) ? done(new Error("the main thread\'s page failed")) :\n' +
      "      setTimeout(check, 5);\n" +
      "    check();\n" +
      "  });\n" +
      "};\n";
    const input = await project("main-fails", 230, config);
    const authorPage = (
      await readFile(new URL("../templates/_includes/author-page.njk", import.meta.url), "utf8")
    ).replace("{% import", "<p>{{ authorStub.title | mainFails }}</p>\n{% import");
    await writeFile(join(input, "templates", "_includes", "author-page.njk"), authorPage);
    const output = join(root, "main-fails-site");
    const error = await buildFromInput({ input, output, baseUrl: "/", progress: "none", jobs: 2 }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(existsSync(marker)).toBe(true);
    expect(error?.message).toMatch(/^could not render \S+\/author\.njk: .*the main thread's page failed/);
    expect(error?.message).not.toMatch(/stopped/);
    expect((await readdir(root)).filter((name) => name.startsWith(".main-fails-site."))).toEqual([]);
  });
});

describe("Ctrl+C while worker threads write pages", () => {
  it("ends the workers, then removes the staging folder and the lock: exit 130, nothing left", async () => {
    const input = await project("interrupted-dumps", 230, SHOUT);
    const output = join(root, "interrupted-site");
    const bin = fileURLToPath(new URL("../bin/forum-archive.js", import.meta.url));
    const child = spawn(process.execPath, [bin, "build", "--input", input, "--output", output, "--jobs", "3"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stopped = false;
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      stderr += text;
      // A tenth of the pages written: the render workers are writing into the staging folder.
      if (!stopped && /Writing pages: \d+\/\d+\n/.test(stderr)) {
        stopped = true;
        child.kill("SIGINT");
      }
    });
    const code = await new Promise<number | null>((done) => child.on("exit", (c) => done(c)));
    expect(stopped).toBe(true);
    expect(code).toBe(130);
    expect(stderr).toContain(`build stopped (SIGINT); ${output} was left as it was`);
    expect(stderr).not.toMatch(/^\s+at |ENOTEMPTY/m);
    expect(existsSync(join(root, ".interrupted-site.building"))).toBe(false);
    expect(existsSync(join(root, ".interrupted-site.lock"))).toBe(false);
    expect((await readdir(root)).filter((name) => name.startsWith(".main-fails-site."))).toEqual([]);
  }, 300_000);
});
