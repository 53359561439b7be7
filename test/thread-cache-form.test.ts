// The assembled-thread cache's file (archive/thread-cache.ts): a group's posts as rows, each
// member's author written once a group, and read back as the posts that were written.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { packBodies } from "../src/archive/packed-bodies.ts";
import { AssembledThreads } from "../src/archive/thread-cache.ts";
import type { Thread } from "../src/model.ts";
import { parseDumps } from "../src/parse/index.ts";

/** What each checksum (cache-file.ts: zlib's CRC-32) was given while `checksums` is set: a string, or bytes. */
const checked = vi.hoisted(() => ({ on: false, inputs: [] as string[] }));
vi.mock("node:zlib", async (original) => {
  const zlib = await original<typeof import("node:zlib")>();
  const crc32: typeof zlib.crc32 = (data, value) => {
    if (checked.on) checked.inputs.push(typeof data === "string" ? "string" : "bytes");
    return zlib.crc32(data, value);
  };
  return { ...zlib, crc32 };
});

const work = mkdtempSync(join(tmpdir(), "fa-thread-cache-form-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function packedThreads(): Thread[] {
  const files = [...generateCorpus({ threads: 8, seed: 3 })].map((f) => ({ file: f.file, bytes: f.text }));
  const threads = parseDumps(files).threads;
  for (const thread of threads) packBodies(thread);
  return threads;
}

/** The file's header, the JSON line between the checksum and the packed bytes. */
function headerOf(path: string): string {
  const file = readFileSync(path);
  const first = file.indexOf(10);
  return file.toString("utf8", first + 1, file.indexOf(10, first + 1));
}

describe("assembled-thread cache file", () => {
  it("writes a member's author once a group, and reads back the posts it was given", () => {
    const threads = packedThreads();
    const cache = new AssembledThreads(join(work, "once"), "v");
    const key = cache.keyOf(["one group"], new Set());
    cache.write(
      key,
      threads.map((thread) => ({ thread, listedRows: [] })),
    );
    // The member with the most posts in the group (more than one, or the test says nothing).
    const byName = new Map<string, number>();
    for (const post of threads.flatMap((thread) => thread.posts)) {
      byName.set(post.author.name, (byName.get(post.author.name) ?? 0) + 1);
    }
    const [name, posts] = [...byName].sort((a, b) => b[1] - a[1])[0]!;
    expect(posts).toBeGreaterThan(1);
    const header = headerOf(join(work, "once", `${key}.bin`));
    expect(header.split(`"name":${JSON.stringify(name)}`).length - 1).toBe(1);

    const read = cache.read(key)!;
    expect(JSON.stringify(read.map(({ thread }) => thread))).toBe(JSON.stringify(threads));
  });

  it("writes its header in ASCII alone, and reads back names and titles beyond it as they were", () => {
    const threads = packedThreads().slice(0, 2);
    const [first, second] = threads as [Thread, Thread];
    // Latin-1 letters, a letter beyond Latin-1, an emoji (a surrogate pair), and a lone surrogate.
    first.title = "Übung → Kniebeuge 😀";
    second.title = "Lone \ud800 surrogate";
    const plain = first.posts.map((post) => JSON.parse(JSON.stringify(post)));
    plain[0].author = { ...plain[0].author, name: "Jörg Ødegård" };
    first.posts = plain;
    packBodies(first);
    const listedRows = [
      { file: "a.txt", line: 9, text: "Rückenschmerzen Jörg Verletzungen 2 07-20-2008", dayFirstDashes: false },
    ];
    const cache = new AssembledThreads(join(work, "ascii"), "v");
    const key = cache.keyOf(["ascii"], new Set());
    cache.write(key, [
      { thread: first, listedRows },
      { thread: second, listedRows: [] },
    ]);
    const file = readFileSync(join(work, "ascii", `${key}.bin`));
    const header = file.subarray(file.indexOf(10) + 1, file.indexOf(10, file.indexOf(10) + 1));
    expect(header.every((byte) => byte < 0x80)).toBe(true);
    const read = cache.read(key)!;
    expect(read.map(({ thread }) => thread.title)).toEqual(["Übung → Kniebeuge 😀", "Lone \ud800 surrogate"]);
    expect(read[0]!.thread.posts[0]!.author.name).toBe("Jörg Ødegård");
    expect(read[0]!.listedRows).toEqual(listedRows);
    expect(JSON.stringify(read.map(({ thread }) => thread))).toBe(JSON.stringify(threads));
  });

  it("keeps a post field that holds undefined as undefined, not null", () => {
    const [thread] = packedThreads();
    const plain = thread!.posts.map((post) => JSON.parse(JSON.stringify(post)));
    plain[0].title = undefined;
    const withUndefined = { ...thread!, posts: plain } as Thread;
    packBodies(withUndefined);
    const cache = new AssembledThreads(join(work, "undefined"), "v");
    const key = cache.keyOf(["undefined"], new Set());
    cache.write(key, [{ thread: withUndefined, listedRows: [] }]);
    const [read] = cache.read(key)!;
    expect(read!.thread.posts[0]!.title).toBeUndefined();
    expect(JSON.stringify(read!.thread.posts)).toBe(JSON.stringify(withUndefined.posts));
  });

  it("keeps packed posts as their record's headers, read back with this process's key orders", async () => {
    const threads = packedThreads();
    const cache = new AssembledThreads(join(work, "records"), "v");
    const key = cache.keyOf(["records"], new Set());
    cache.write(
      key,
      threads.map((thread) => ({ thread, listedRows: [] })),
    );
    const header = JSON.parse(headerOf(join(work, "records", `${key}.bin`)));
    // No post written as a row: every thread's posts are its record's headers.
    expect(header.threads.map((thread: { posts: unknown[] }) => thread.posts.length)).toEqual(threads.map(() => 0));
    expect(header.threads.map((thread: { record: { count: number } }) => thread.record.count)).toEqual(
      threads.map((thread) => thread.posts.length),
    );

    // A fresh process (modules loaded again) that has met other key orders first places the file's anew.
    vi.resetModules();
    const fresh = await import("../src/archive/packed-bodies.ts");
    const other = packedThreads()[0]!;
    // Its posts' keys in other orders (source first), met before the file's.
    other.posts = other.posts.map((post) => {
      const { source, ...fields } = JSON.parse(JSON.stringify(post));
      return { source, ...fields };
    });
    fresh.packBodies(other);
    const { AssembledThreads: FreshThreads } = await import("../src/archive/thread-cache.ts");
    const read = new FreshThreads(join(work, "records"), "v").read(key)!;
    expect(JSON.stringify(read.map(({ thread }) => thread))).toBe(JSON.stringify(threads));
  });

  it("writes posts assigned since packing as rows, and reads them back as assigned", () => {
    const threads = packedThreads().slice(0, 2);
    threads[0]!.posts[1]!.title = "assigned";
    const cache = new AssembledThreads(join(work, "assigned"), "v");
    const key = cache.keyOf(["assigned"], new Set());
    cache.write(
      key,
      threads.map((thread) => ({ thread, listedRows: [] })),
    );
    const header = JSON.parse(headerOf(join(work, "assigned", `${key}.bin`)));
    expect(header.threads.map((thread: { record?: unknown }) => thread.record !== undefined)).toEqual([false, true]);
    const read = cache.read(key)!;
    expect(read[0]!.thread.posts[1]!.title).toBe("assigned");
    expect(JSON.stringify(read.map(({ thread }) => thread))).toBe(JSON.stringify(threads));
  });

  it("writes posts whose body was assigned since packing as rows, and reads the body back as assigned", () => {
    const threads = packedThreads().slice(0, 2);
    const body = threads[1]!.posts[0]!.body;
    expect(JSON.stringify(threads[0]!.posts[1]!.body)).not.toBe(JSON.stringify(body));
    threads[0]!.posts[1]!.body = body;
    const cache = new AssembledThreads(join(work, "assigned-body"), "v");
    const key = cache.keyOf(["assigned-body"], new Set());
    cache.write(
      key,
      threads.map((thread) => ({ thread, listedRows: [] })),
    );
    const header = JSON.parse(headerOf(join(work, "assigned-body", `${key}.bin`)));
    expect(header.threads.map((thread: { record?: unknown }) => thread.record !== undefined)).toEqual([false, true]);
    const read = cache.read(key)!;
    expect(JSON.stringify(read[0]!.thread.posts[1]!.body)).toBe(JSON.stringify(body));
  });

  it("checks a file's checksum over its bytes as they lie, the header not encoded again", () => {
    const threads = packedThreads();
    const cache = new AssembledThreads(join(work, "checksum"), "v");
    const key = cache.keyOf(["checksum"], new Set());
    cache.write(
      key,
      threads.map((thread) => ({ thread, listedRows: [] })),
    );
    checked.on = true;
    try {
      expect(cache.read(key)).toHaveLength(threads.length);
      // Its pieces as read (checksum line and header, then the rest of the file unless the first read took
      // it all): bytes, never a string.
      expect(checked.inputs.length).toBeGreaterThan(0);
      expect(new Set(checked.inputs)).toEqual(new Set(["bytes"]));
    } finally {
      checked.on = false;
    }
  });
});
