// The parsed-page cache (archive/page-cache.ts) lists its folder once and opens only entries it holds:
// a first build (no entry yet) opens none, each failed open being an exception; a rebuild opens one a file.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { PageCache } from "../src/archive/page-cache.ts";

vi.mock("node:fs", async (original) => {
  const actual = await original<typeof import("node:fs")>();
  return { ...actual, readFileSync: vi.fn(actual.readFileSync), openSync: vi.fn(actual.openSync) };
});

const work = mkdtempSync(join(tmpdir(), "forum-archive-page-cache-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const FILES = ["test/fixtures/en-legacy.txt", "test/fixtures/de-legacy.txt", "test/fixtures/crlf.txt"];
const opened = (dir: string) =>
  [...vi.mocked(fs.readFileSync).mock.calls, ...vi.mocked(fs.openSync).mock.calls].filter(
    ([path]) => typeof path === "string" && path.startsWith(dir),
  ).length;

async function build(dir: string): Promise<PageCache> {
  const cache = new PageCache(dir);
  for (const file of FILES) await cache.parse(file, fs.readFileSync(file));
  return cache;
}

describe("the parsed-page cache's look-ups", () => {
  it("opens no entry on a first build, and one a file on the rebuild", async () => {
    const dir = join(work, "a", "pages");
    vi.mocked(fs.readFileSync).mockClear();
    vi.mocked(fs.openSync).mockClear();
    const first = await build(dir);
    expect([first.misses, first.hits, opened(dir)]).toEqual([3, 0, 0]);
    expect(readdirSync(dir)).toHaveLength(3);
    vi.mocked(fs.readFileSync).mockClear();
    vi.mocked(fs.openSync).mockClear();
    const again = await build(dir);
    expect([again.misses, again.hits, opened(dir)]).toEqual([0, 3, 3]);
  });

  it("makes its folder again when it is taken away during a build", async () => {
    const dir = join(work, "b", "pages");
    const cache = new PageCache(dir);
    await cache.parse(FILES[0]!, fs.readFileSync(FILES[0]!));
    rmSync(dir, { recursive: true });
    await cache.parse(FILES[1]!, fs.readFileSync(FILES[1]!));
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir)).toHaveLength(1);
  });
});
