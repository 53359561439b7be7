// The parsed-page cache (archive/page-cache.ts) lists its folder once and opens only entries it holds:
// a first build (no entry yet) opens none, each failed open being an exception; a rebuild reads its
// entries' summaries from one record and opens no entry, and one a file when that record is damaged.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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
/** Reads of files under `prefix` (an open to write an entry, flag "w", is no look-up). */
const opened = (prefix: string) =>
  [
    ...vi.mocked(fs.readFileSync).mock.calls.map(([path]) => path),
    ...vi.mocked(fs.openSync).mock.calls.flatMap(([path, flags]) => (flags === "w" ? [] : [path])),
  ].filter((path) => typeof path === "string" && path.startsWith(prefix)).length;
/** Entries opened, and reads of the summaries' record. */
const lookups = (dir: string) => [
  opened(join(dir, "/")) - opened(join(dir, "summaries")),
  opened(join(dir, "summaries")),
];
const clearLookups = () => {
  vi.mocked(fs.readFileSync).mockClear();
  vi.mocked(fs.openSync).mockClear();
};

async function build(dir: string): Promise<PageCache> {
  const cache = new PageCache(dir);
  for (const file of FILES) await cache.parse(file, fs.readFileSync(file));
  await cache.prune();
  return cache;
}

describe("the parsed-page cache's look-ups", () => {
  it("opens no entry on a first build, none on a rebuild (one record), one a file when it is damaged", async () => {
    const dir = join(work, "a", "pages");
    clearLookups();
    const first = await build(dir);
    expect([first.misses, first.hits, ...lookups(dir)]).toEqual([3, 0, 0, 1]);
    expect(readdirSync(dir).filter((name) => name.endsWith(".json"))).toHaveLength(3);
    clearLookups();
    const again = await build(dir);
    expect([again.misses, again.hits, ...lookups(dir)]).toEqual([0, 3, 0, 1]);

    // A byte of the record changed: its checksum fails, each entry's own summary is read, and the record
    // is written again for the next build.
    const record = fs.readFileSync(join(dir, "summaries"));
    record[record.length - 5] ^= 1;
    writeFileSync(join(dir, "summaries"), record);
    clearLookups();
    const damaged = await build(dir);
    expect([damaged.misses, damaged.hits, ...lookups(dir)]).toEqual([0, 3, 3, 1]);
    clearLookups();
    const mended = await build(dir);
    expect([mended.misses, mended.hits, ...lookups(dir)]).toEqual([0, 3, 0, 1]);
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
