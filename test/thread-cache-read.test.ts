// Reading a group of the assembled-thread cache (archive/thread-cache.ts): its header and its packed
// bytes read into Buffers of their own, not the whole file read and the packed bytes copied out of it
// (issue 15); a header too long for the first read, and damage anywhere in the file, still handled.
import * as fs from "node:fs";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { packBodies } from "../src/archive/packed-bodies.ts";
import { AssembledThreads } from "../src/archive/thread-cache.ts";
import type { Thread } from "../src/model.ts";
import { parseDumps } from "../src/parse/index.ts";

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  return { ...real, readFileSync: vi.fn(real.readFileSync) };
});

const work = mkdtempSync(join(tmpdir(), "fa-thread-cache-read-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let threads: Thread[];
beforeAll(() => {
  const files = [...generateCorpus({ threads: 60, seed: 7 })].map((f) => ({ file: f.file, bytes: f.text }));
  threads = parseDumps(files).threads;
  for (const thread of threads) packBodies(thread);
});

/** Each thread as JSON (its posts' every field and body), to compare what is read with what was written. */
const plain = (list: readonly Thread[]) => list.map((thread) => JSON.stringify(thread));

/** Where the file's header ends (the payload's first newline, after the checksum's line). */
function headerEndOf(path: string): number {
  const file = readFileSync(path);
  return file.indexOf(10, file.indexOf(10) + 1);
}

function written(name: string, group: readonly Thread[]): { cache: AssembledThreads; key: string; path: string } {
  const dir = join(work, name);
  const cache = new AssembledThreads(dir, "v");
  const key = cache.keyOf([name], new Set());
  cache.write(
    key,
    group.map((thread) => ({ thread, listedRows: [] })),
  );
  return { cache, key, path: join(dir, `${key}.bin`) };
}

const readsWhole = () => vi.mocked(fs.readFileSync).mock.calls.filter(([path]) => String(path).endsWith(".bin"));

describe("reading an assembled-thread cache group", () => {
  it("reads a group's header and packed bytes without reading the file whole", () => {
    const group = threads.slice(0, 3);
    const { cache, key, path } = written("small", group);
    expect(headerEndOf(path)).toBeLessThan(1 << 16);
    vi.mocked(fs.readFileSync).mockClear();
    expect(plain(cache.read(key)!.map((entry) => entry.thread))).toEqual(plain(group));
    expect(readsWhole()).toEqual([]);
  });

  it("reads a group whose header is longer than one first read (64 KB), and its bytes past it", () => {
    const { cache, key, path } = written("large", threads);
    expect(headerEndOf(path)).toBeGreaterThan(1 << 16);
    expect(plain(cache.read(key)!.map((entry) => entry.thread))).toEqual(plain(threads));
  });

  it("places a group's key orders among this process's once for the group, not once a thread", () => {
    const { cache, key, path } = written("key-orders", threads);
    const header = JSON.parse(readFileSync(path, "latin1").split("\n")[1]!) as { keys: string[][] };
    expect(header.keys.length).toBeLessThan(5);
    const join = vi.spyOn(Array.prototype, "join");
    try {
      expect(plain(cache.read(key)!.map((entry) => entry.thread))).toHaveLength(threads.length);
      // A key order is placed by its keys joined (packed-posts.ts keyOrderOf): once a key order of the group.
      expect(join.mock.calls.length).toBeLessThanOrEqual(header.keys.length);
    } finally {
      join.mockRestore();
    }
  });

  it("tells a damaged byte in the header, in the packed bytes past the first read, or a file cut short", () => {
    // A post of ~100 KB of text: packed bytes well past the first read, after a short header.
    const group = threads.slice(0, 3).map((thread) => JSON.parse(JSON.stringify(thread)) as Thread);
    group[0]!.posts[0]!.body = [{ type: "paragraph", inlines: [{ type: "text", text: "long words ".repeat(9000) }] }];
    for (const thread of group) packBodies(thread);
    const { cache, key, path } = written("damaged", group);
    const file = readFileSync(path);
    expect(file.length).toBeGreaterThan(1 << 16);
    const headerEnd = headerEndOf(path);
    expect(headerEnd).toBeLessThan(1 << 16);
    for (const at of [headerEnd - 10, (1 << 16) + 5, file.length - 1]) {
      const damaged = Buffer.from(file);
      damaged[at] = damaged[at] === 0x30 ? 0x31 : 0x30;
      writeFileSync(path, damaged);
      expect(cache.read(key), `byte ${at}`).toBeUndefined();
    }
    writeFileSync(path, file.subarray(0, file.length - 1));
    expect(cache.read(key)).toBeUndefined();
    writeFileSync(path, file);
    expect(plain(cache.read(key)!.map((entry) => entry.thread))).toEqual(plain(group));
  });
});
