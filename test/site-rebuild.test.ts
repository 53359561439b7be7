// Builds in one process and rebuilds into one folder: Eleventy's template cache is on
// within a build, yet a later build with another base URL gets its own layouts and filters; a
// rebuild after adding a dump rewrites only the files whose bytes change and ends up byte for byte
// what a clean build of the same input writes.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { loadArchive } from "../src/archive/load.ts";
import { buildFromInput, buildFromArchive } from "../src/build/index.ts";
import { fixtureArchive } from "./helpers/archive.ts";
import { listFiles, loadPage } from "./helpers/site-check.ts";

const RUNNING = "crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/index.html";
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-rebuild-"));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function readAll(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const rel of await listFiles(dir)) files.set(rel, await readFile(join(dir, rel)));
  return files;
}

describe("several builds in one process", () => {
  it("gives each build its own base URL, in layouts and in filters", async () => {
    const noInput = join(root, "no-input");
    const first = join(root, "base-root");
    const prefixed = join(root, "base-prefixed");
    const again = join(root, "base-root-again");
    await buildFromArchive(fixtureArchive(), {
      input: noInput,
      output: first,
      baseUrl: "/",
      progress: "none",
      search: false,
    });
    await buildFromArchive(fixtureArchive(), {
      input: noInput,
      output: prefixed,
      baseUrl: "/forum/",
      progress: "none",
      search: false,
    });
    await buildFromArchive(fixtureArchive(), {
      input: noInput,
      output: again,
      baseUrl: "/",
      progress: "none",
      search: false,
    });

    // The layout (base.njk): stylesheet and site links.
    for (const [dir, base] of [
      [first, "/"],
      [prefixed, "/forum/"],
      [again, "/"],
    ] as const) {
      for (const rel of ["index.html", RUNNING, "authors/steven-low/index.html", "404.html"]) {
        const $ = await loadPage(dir, rel);
        expect($('link[rel="stylesheet"]').attr("href"), `${dir} ${rel}`).toBe(`${base}assets/style.css`);
        expect($(".site-name a").attr("href"), `${dir} ${rel}`).toBe(base);
      }
      // The templates' filters: a quote link (blocks) and an author link (href).
      const $ = await loadPage(dir, RUNNING);
      expect($("#post-3 figure.quote figcaption a").attr("href")).toBe(
        `${base}crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/#post-2`,
      );
      expect($("#post-2 .author-name a").attr("href")).toBe(`${base}authors/steven-low/`);
    }
    // The third build, back at "/", writes what the first did, byte for byte.
    expect(await readAll(again)).toEqual(await readAll(first));
  });
});

describe("rebuilding after adding a dump", () => {
  it("rewrites only the files that change and ends up byte for byte a clean build", async () => {
    // 30 generated threads; one single-file thread is held back and added later.
    const files = [...generateCorpus({ threads: 30, seed: 6 })];
    const added = files.find((f, i) => i > 0 && f.pages === 1)!;
    const dumps = join(root, "dumps");
    const put = async (f: { file: string; text: string }) => {
      await mkdir(dirname(join(dumps, f.file)), { recursive: true });
      await writeFile(join(dumps, f.file), f.text);
    };
    for (const f of files) if (f !== added) await put(f);
    const out = join(root, "incremental");
    const clean = join(root, "clean");
    const options = { input: dumps, baseUrl: "/", progress: "none" as const, search: false };

    const first = await buildFromInput({ ...options, output: out });
    expect(first.threads).toBe(29);
    expect(first.pagesUnchanged).toBe(0);
    const before = new Map<string, { bytes: Buffer; mtimeMs: number; ino: number }>();
    for (const rel of await listFiles(out)) {
      const info = await stat(join(out, rel));
      before.set(rel, { bytes: await readFile(join(out, rel)), mtimeMs: info.mtimeMs, ino: info.ino });
    }
    await new Promise((r) => setTimeout(r, 50)); // a rewrite would show in the mtime

    await put(added);
    const rebuilt = await buildFromInput({ ...options, output: out });
    await buildFromInput({ ...options, output: clean });
    expect(rebuilt.threads).toBe(30);

    // Byte for byte what a clean build of the same dumps writes, no file more or less.
    const after = await readAll(out);
    expect([...after.keys()]).toEqual([...(await readAll(clean)).keys()]);
    expect(after).toEqual(await readAll(clean));

    // The new thread's page is there; a file whose bytes did not change was not touched.
    const threadKey = added.file.replace(/\.txt$/, "");
    expect(threadKey).not.toBe("");
    const newPages = [...after.keys()].filter((rel) => !before.has(rel));
    expect(newPages.some((rel) => rel.endsWith("/index.html") && rel.split("/").length === 4)).toBe(true);
    let untouched = 0;
    const changed: string[] = [];
    for (const [rel, old] of before) {
      const now = after.get(rel);
      if (!now) continue;
      const info = await stat(join(out, rel));
      if (now.equals(old.bytes)) {
        expect({ rel, mtimeMs: info.mtimeMs, ino: info.ino }).toEqual({ rel, mtimeMs: old.mtimeMs, ino: old.ino });
        untouched++;
      } else {
        changed.push(rel);
        expect(info.mtimeMs, rel).toBeGreaterThan(old.mtimeMs);
      }
    }
    // The home page counts one thread more, so it changed; most pages did not.
    expect(changed).toContain("index.html");
    expect(untouched).toBeGreaterThan(changed.length);
    // Every untouched file is a page but the three assets (stylesheet, favicon, nav.js) and the two
    // redirect files (no thread here has old ids).
    expect(rebuilt.pagesUnchanged).toBe(untouched - 5);

    // A rebuild renders only pages whose inputs changed; it still notices a page file that was
    // deleted or changed size since, and a new base URL changes every page.
    const threadPage = [...after.keys()].find((rel) => rel.split("/").length === 4 && rel !== "authors/")!;
    const authorPage = [...after.keys()].find((rel) => rel.startsWith("authors/"))!;
    await rm(join(out, threadPage));
    await writeFile(join(out, authorPage), "edited by hand");
    await buildFromInput({ ...options, output: out });
    expect(await readAll(out)).toEqual(await readAll(clean));
    const prefixedClean = join(root, "prefixed-clean");
    await buildFromInput({ ...options, output: out, baseUrl: "/x/" });
    await buildFromInput({ ...options, output: prefixedClean, baseUrl: "/x/" });
    expect(await readAll(out)).toEqual(await readAll(prefixedClean));
  });
});

describe("rebuilding after one dump changed, from the caches of the last build", () => {
  /** Builds with `cwd` as the working folder, whose .cache/ holds the caches a build reads and keeps. */
  async function buildIn(cwd: string, options: Parameters<typeof buildFromInput>[0]) {
    const before = process.cwd();
    await mkdir(cwd, { recursive: true });
    process.chdir(cwd);
    try {
      return await buildFromInput(options);
    } finally {
      process.chdir(before);
    }
  }
  const similarOf = async (input: string) =>
    new Map((await loadArchive(input, undefined, { cacheDir: false })).threads.map((t) => [t.id, t.similar]));

  it("ends up byte for byte a clean build, search index and other threads' similar threads too", async () => {
    const files = [...generateCorpus({ threads: 40, seed: 6 })];
    const dumps = join(root, "changed-dumps");
    const put = async (file: string, text: string) => {
      await mkdir(dirname(join(dumps, file)), { recursive: true });
      await writeFile(join(dumps, file), text);
    };
    const singles = files.filter((f) => f.pages === 1);
    const [added, changed] = [singles[1]!, singles[2]!];
    for (const f of files) if (f !== added) await put(f.file, f.text);
    const cwd = join(root, "changed-work");
    const out = join(root, "changed-incremental");
    const options = { input: dumps, baseUrl: "/", progress: "none" as const };
    await buildIn(cwd, { ...options, output: out });
    const similarBefore = await similarOf(dumps);

    // The changed thread now talks about something else: its words, and other threads' lists, change.
    const retold = changed.text.replace(
      /\b(elbow|knee|back|shoulder|pain|running|squat|diet|protein|sleep)\b/gi,
      "zucchini",
    );
    expect(retold, `the changed dump (${changed.file}) says something else`).not.toBe(changed.text);
    await put(changed.file, retold);
    await put(added.file, added.text);
    const similarAfter = await similarOf(dumps);
    const othersChanged = [...similarBefore].filter(
      ([id, list]) => similarAfter.has(id) && JSON.stringify(list) !== JSON.stringify(similarAfter.get(id)),
    );
    expect(othersChanged.length).toBeGreaterThan(1);

    const rebuilt = await buildIn(cwd, { ...options, output: out });
    expect(rebuilt.pagesUnchanged).toBeGreaterThan(0);
    // The caches a rebuild reads are there, in the working folder.
    const caches = await readdir(join(cwd, ".cache/forum-archive"));
    expect(caches).toEqual(expect.arrayContaining(["pages", "similar-words"]));
    const clean = join(root, "changed-clean");
    await buildIn(join(root, "changed-clean-work"), { ...options, output: clean });
    const after = await readAll(out);
    expect([...after.keys()].filter((rel) => rel.startsWith("search/shards/")).length).toBeGreaterThan(0);
    expect([...after.keys()]).toEqual([...(await readAll(clean)).keys()]);
    expect(after).toEqual(await readAll(clean));

    // Damaged caches (every entry cut short) only cost time: the next build is a clean build still.
    for (const name of caches) {
      const dir = join(cwd, ".cache/forum-archive", name);
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const bytes = await readFile(join(dir, entry.name));
        await writeFile(join(dir, entry.name), bytes.subarray(0, bytes.length >> 1));
      }
    }
    await put(changed.file, changed.text);
    await buildIn(cwd, { ...options, output: out });
    const cleanAgain = join(root, "changed-clean-again");
    await buildIn(join(root, "changed-clean-again-work"), { ...options, output: cleanAgain });
    expect(await readAll(out)).toEqual(await readAll(cleanAgain));
  });
});
