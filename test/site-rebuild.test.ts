// Builds in one process and rebuilds into one folder (issue 6): Eleventy's template cache is on
// within a build, yet a later build with another base URL gets its own layouts and filters; a
// rebuild after adding a dump rewrites only the files whose bytes change and ends up byte for byte
// what a clean build of the same input writes.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderArchive } from "../src/build.ts";
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
    await renderArchive(fixtureArchive(), { input: noInput, output: first, baseUrl: "/", progress: "none", search: false });
    await renderArchive(fixtureArchive(), { input: noInput, output: prefixed, baseUrl: "/forum/", progress: "none", search: false });
    await renderArchive(fixtureArchive(), { input: noInput, output: again, baseUrl: "/", progress: "none", search: false });

    // The layout (base.njk): stylesheet and site links.
    for (const [dir, base] of [[first, "/"], [prefixed, "/forum/"], [again, "/"]] as const) {
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
