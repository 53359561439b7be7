// A rebuild reads a parsed-page cache entry's JSON only when its group is assembled afresh
// (archive/load.ts, page-cache.ts). When that JSON is damaged and the file can no longer be read
// by then, the file is a failure, and the group assembled without it is not kept under the key of
// the whole group: the next build, the file readable again, assembles the group with it.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { loadArchive } from "../src/archive/load.ts";

vi.mock("node:fs", async (original) => {
  const actual = await original<typeof import("node:fs")>();
  return { ...actual, readFileSync: vi.fn(actual.readFileSync) };
});

const work = mkdtempSync(join(tmpdir(), "forum-archive-reread-"));
const input = join(work, "input");
const cacheDir = join(work, "cache", "pages");
afterAll(() => rmSync(work, { recursive: true, force: true }));

const contentOf = (archive: Awaited<ReturnType<typeof loadArchive>>) =>
  JSON.stringify({ ...archive, loaded: undefined });

describe("a page whose cache entry is damaged and whose file is gone when its JSON is needed", () => {
  it("is a failure, and its group is not kept for the next build", async () => {
    for (const name of ["two-page-p1.txt", "two-page-p2.txt", "en-legacy.txt"]) {
      cpSync(join("test/fixtures", name), join(input, name));
    }
    const clean = contentOf(await loadArchive(input, undefined, { cacheDir: false }));
    await loadArchive(input, undefined, { cacheDir });
    // The second page's entry: its JSON damaged (its summary whole), and no group kept.
    const second = join(input, "two-page-p2.txt");
    const entries = readdirSync(cacheDir).map((name) => join(cacheDir, name));
    const entry = entries.find((path) => readFileSync(path, "utf8").includes("two-page-p2.txt"))!;
    const bytes = readFileSync(entry);
    bytes[bytes.length - 3] ^= 1;
    writeFileSync(entry, bytes);
    rmSync(join(work, "cache", "threads"), { recursive: true, force: true });

    // The file reads once (its key, its summary), then no more.
    const actual = vi.mocked(fs.readFileSync).getMockImplementation()!;
    let reads = 0;
    vi.mocked(fs.readFileSync).mockImplementation(((path: fs.PathOrFileDescriptor, options?: never) => {
      if (path === second && ++reads > 1) throw Object.assign(new Error("gone"), { code: "ENOENT" });
      return actual(path, options);
    }) as typeof fs.readFileSync);
    const short = await loadArchive(input, undefined, { cacheDir });
    vi.mocked(fs.readFileSync).mockImplementation(actual);
    expect(reads).toBe(2);
    expect(short.failures).toEqual([{ file: second, reason: "cannot read: no such file (ENOENT)" }]);
    const thread = short.threads.find((candidate) => candidate.title === "Studded tyres worth it?")!;
    // The first page alone: its posts #1 to #4 (the second page repeats #4, then #5 and #6).
    expect(thread.posts.map((post) => post.number)).toEqual([1, 2, 3, 4]);

    // Readable again: the whole group is assembled, as a clean load does.
    expect(contentOf(await loadArchive(input, undefined, { cacheDir }))).toBe(clean);
  });
});
