import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Hash } from "node:crypto";
import { packedFormsOf, postsDigestOf } from "../src/archive/content-digest.ts";
import { loadArchive } from "../src/archive/load.ts";
import { PackedPost } from "../src/archive/packed-posts.ts";

const work = mkdtempSync(join(tmpdir(), "forum-archive-cache-"));
const input = join(work, "input");
const cacheDir = join(work, "cache");
const copy = (name: string) => cpSync(join("test/fixtures", name), join(input, name));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Everything but the bookkeeping of how the input was read.
const contentOf = (archive: Awaited<ReturnType<typeof loadArchive>>) =>
  JSON.stringify({ ...archive, loaded: undefined });

describe("parsed-page cache", () => {
  it("a rebuild after adding one dump reparses that one file, and equals a clean load", async () => {
    for (const name of ["en-legacy.txt", "de-legacy.txt", "two-page-p1.txt", "same-title-a.txt"]) copy(name);
    const first = await loadArchive(input, undefined, { cacheDir });
    expect(first.loaded).toEqual({ files: 4, parsed: 4, fromCache: 0 });

    const again = await loadArchive(input, undefined, { cacheDir });
    expect(again.loaded).toEqual({ files: 4, parsed: 0, fromCache: 4 });
    expect(contentOf(again)).toBe(contentOf(first));

    copy("two-page-p2.txt");
    const added = await loadArchive(input, undefined, { cacheDir });
    expect(added.loaded).toEqual({ files: 5, parsed: 1, fromCache: 4 });
    const clean = await loadArchive(input, undefined, { cacheDir: false });
    expect(contentOf(added)).toBe(contentOf(clean));
    // The second page merged into the first page's thread.
    expect(
      added.threads.find((thread) => thread.title === "Studded tyres worth it?")!.posts.map((post) => post.number),
    ).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("parses a file afresh when its entry is damaged or cut short, and loads what a clean load does", async () => {
    const entries = () =>
      readdirSync(cacheDir)
        .filter((name) => name.endsWith(".json"))
        .sort();
    await loadArchive(input, undefined, { cacheDir });
    const [first, second] = entries() as [string, string];
    // One byte of a post's text changed, well inside the page's JSON; another entry cut in half.
    const damaged = readFileSync(join(cacheDir, first));
    const at = damaged.lastIndexOf("Studded") > 0 ? damaged.lastIndexOf("Studded") : damaged.length - 40;
    damaged[at] = damaged[at] === 0x78 ? 0x79 : 0x78;
    writeFileSync(join(cacheDir, first), damaged);
    const cut = readFileSync(join(cacheDir, second));
    writeFileSync(join(cacheDir, second), cut.subarray(0, cut.length >> 1));

    const clean = contentOf(await loadArchive(input, undefined, { cacheDir: false }));
    // Every group's threads are kept (thread-cache.ts): no page's JSON is read, so none is found damaged.
    const kept = await loadArchive(input, undefined, { cacheDir });
    expect(kept.loaded).toEqual({ files: 5, parsed: 0, fromCache: 5 });
    expect(contentOf(kept)).toBe(clean);
    // Without them every page's JSON is read: the two damaged entries' files are parsed afresh.
    rmSync(join(work, "threads"), { recursive: true, force: true });
    const again = await loadArchive(input, undefined, { cacheDir });
    expect(again.loaded).toEqual({ files: 5, parsed: 2, fromCache: 3 });
    expect(contentOf(again)).toBe(clean);
    expect(contentOf(await loadArchive(input, undefined, { cacheDir }))).toBe(clean);
  });

  it("parses a file afresh at once when its entry's summary is damaged and the summaries' record too", async () => {
    const [first] = readdirSync(cacheDir)
      .filter((name) => name.endsWith(".json"))
      .sort() as [string];
    const damaged = readFileSync(join(cacheDir, first));
    const at = damaged.indexOf(10) + 3; // in the summary, the entry's second line
    damaged[at] ^= 1;
    writeFileSync(join(cacheDir, first), damaged);
    const clean = contentOf(await loadArchive(input, undefined, { cacheDir: false }));
    // The summaries' record (page-cache.ts) is whole: the entry's summary is not read.
    const kept = await loadArchive(input, undefined, { cacheDir });
    expect(kept.loaded).toEqual({ files: 5, parsed: 0, fromCache: 5 });
    expect(contentOf(kept)).toBe(clean);
    // One byte of the record changed: every entry's own summary is read, and the damaged one's file parsed.
    const record = readFileSync(join(cacheDir, "summaries"));
    record[record.length - 10] ^= 1;
    writeFileSync(join(cacheDir, "summaries"), record);
    const again = await loadArchive(input, undefined, { cacheDir });
    expect(again.loaded).toEqual({ files: 5, parsed: 1, fromCache: 4 });
    expect(contentOf(again)).toBe(clean);
  });
});

describe("assembled-thread cache", () => {
  const groupsDir = join(work, "threads");
  const groupFiles = () => readdirSync(groupsDir).sort();

  it("keeps each group's threads, and a load from them equals a clean load", async () => {
    const clean = contentOf(await loadArchive(input, undefined, { cacheDir: false }));
    await loadArchive(input, undefined, { cacheDir });
    const kept = groupFiles();
    // One file a group of pages: the two pages of one thread are one group, the rest one each.
    expect(kept.length).toBe(4);
    const again = await loadArchive(input, undefined, { cacheDir });
    expect(contentOf(again)).toBe(clean);
    expect(groupFiles()).toEqual(kept);
  });

  it("assembles a group afresh when its file is damaged or cut short, and drops groups no longer used", async () => {
    const [first, second] = groupFiles() as [string, string];
    const damaged = readFileSync(join(groupsDir, first));
    damaged[damaged.length - 3] ^= 1; // in the packed bodies, after the header
    writeFileSync(join(groupsDir, first), damaged);
    const cut = readFileSync(join(groupsDir, second));
    writeFileSync(join(groupsDir, second), cut.subarray(0, cut.length >> 1));
    const again = await loadArchive(input, undefined, { cacheDir });
    expect(contentOf(again)).toBe(contentOf(await loadArchive(input, undefined, { cacheDir: false })));

    rmSync(join(input, "two-page-p2.txt"));
    await loadArchive(input, undefined, { cacheDir });
    // The two-page thread's group is now its first page alone: a new key, the old file gone.
    expect(groupFiles().length).toBe(4);
    expect(contentOf(await loadArchive(input, undefined, { cacheDir }))).toBe(
      contentOf(await loadArchive(input, undefined, { cacheDir: false })),
    );
  });

  it("keeps each thread's posts digest, so a rebuild's fingerprints read no post of a kept thread", async () => {
    const digestCache = join(work, "digest", "pages");
    await loadArchive(input, undefined, { cacheDir: digestCache });
    const kept = await loadArchive(input, undefined, { cacheDir: digestCache });
    expect(kept.loaded?.fromCache).toBe(kept.loaded?.files);
    const clean = await loadArchive(input, undefined, { cacheDir: false });
    const fields = ["number", "author", "postedAt", "postedAtText", "title"] as const;
    const getters = fields.map((field) => vi.spyOn(PackedPost.prototype, field, "get"));
    const digests = kept.threads.map((thread) => postsDigestOf(thread.posts).toString("hex"));
    const reads = getters.reduce((sum, getter) => sum + getter.mock.calls.length, 0);
    for (const getter of getters) getter.mockRestore();
    expect(reads).toBe(0);
    // The digest kept is the one the posts give when hashed afresh (a load without the cache).
    expect(digests).toEqual(clean.threads.map((thread) => postsDigestOf(thread.posts).toString("hex")));
    expect(new Set(digests).size).toBe(kept.threads.length);
  });

  it("keys a kept thread's similar words by its kept posts digest, hashing none of its post text", async () => {
    const wordsCache = join(work, "words", "pages");
    await loadArchive(input, undefined, { cacheDir: wordsCache });
    const update = vi.spyOn(Hash.prototype, "update");
    const kept = await loadArchive(input, undefined, { cacheDir: wordsCache });
    const hashed = new Set<unknown>(update.mock.calls.map(([data]) => data));
    update.mockRestore();
    expect(kept.loaded?.fromCache).toBe(kept.loaded?.files);
    // Each thread's bodies and signatures lie in one packed Buffer read from the cache: none was hashed.
    const packed = kept.threads.map((thread) => packedFormsOf(thread.posts)![0]!.packed);
    expect(packed.length).toBeGreaterThan(3);
    expect(packed.filter((bytes) => hashed.has(bytes))).toEqual([]);
    // And every thread's words came from the similar-words cache (a second load, the same keys).
    expect(contentOf(kept)).toBe(contentOf(await loadArchive(input, undefined, { cacheDir: false })));
  });
});
