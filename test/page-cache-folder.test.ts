// The parsed-page cache makes its folder once a build, not once a parsed file (a clean build of
// thousands of dumps asked the file system for the same folder each time: issue 15).
import * as fs from "node:fs";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { PageCache } from "../src/archive/page-cache.ts";

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  return { ...real, mkdirSync: vi.fn(real.mkdirSync) };
});

const work = mkdtempSync(join(tmpdir(), "forum-archive-page-cache-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the parsed-page cache's folder", () => {
  it("is made once for many new files, and holds an entry of each", async () => {
    const dir = join(work, "cache", "pages");
    const cache = new PageCache(dir);
    const names = ["en-legacy.txt", "de-legacy.txt", "two-page-p1.txt", "same-title-a.txt"];
    for (const name of names) await cache.parse(name, readFileSync(join("test/fixtures", name)));
    expect(cache.misses).toBe(4);
    expect(readdirSync(dir)).toHaveLength(4);
    expect(vi.mocked(fs.mkdirSync).mock.calls.filter(([path]) => path === dir)).toHaveLength(1);
  });
});
