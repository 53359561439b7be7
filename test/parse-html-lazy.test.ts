// The saved-page reader (cheerio, parse5) is imported only once a file turns out to be a saved page
// (issue 15): a build of text dumps is spared its module loading.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { loadArchive } from "../src/archive/load.ts";
import { parseDumpLoadingReader } from "../src/parse/index.ts";

const imported = vi.hoisted(() => ({ reader: false }));
vi.mock("../src/parse/html/index.ts", async (original) => {
  imported.reader = true;
  return await original();
});

const fixtures = join(import.meta.dirname, "fixtures");
const work = mkdtempSync(join(tmpdir(), "fa-html-lazy-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the saved-page reader", () => {
  it("is not imported by a build of text dumps", async () => {
    const input = join(work, "text");
    mkdirSync(join(input, "forum"), { recursive: true });
    copyFileSync(join(fixtures, "en-legacy.txt"), join(input, "forum", "en-legacy.txt"));
    copyFileSync(join(fixtures, "front-matter-overrides.txt"), join(input, "forum", "front-matter-overrides.txt"));
    const archive = await loadArchive(input, undefined, { cacheDir: false });
    expect(archive.threads.length).toBe(2);
    expect(imported.reader).toBe(false);
  });

  it("is imported for a saved page under the archivist's front matter, and reads it", async () => {
    const page = readFileSync(join(fixtures, "html", "vb38-legacy.html"), "utf8");
    const parsed = await parseDumpLoadingReader({
      file: "forum/page.txt",
      bytes: `---\ntitle: "Read from the front matter"\n---\n${page}`,
    });
    expect(imported.reader).toBe(true);
    expect("page" in parsed && parsed.page.posts.length).toBeGreaterThan(0);
  });

  it("reads saved pages in a build once imported", async () => {
    const input = join(work, "pages");
    mkdirSync(input);
    writeFileSync(join(input, "vb42-friendly-p1.html"), readFileSync(join(fixtures, "html", "vb42-friendly-p1.html")));
    const archive = await loadArchive(input, undefined, { cacheDir: false });
    expect(archive.failures).toEqual([]);
    expect(archive.threads.length).toBe(1);
  });
});
