// Each thread's terms kept between builds (src/search/thread-cache.ts): a rebuild adds the threads
// it has from the cache without tokenizing them, and writes the files a clean build writes.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checksumOf } from "../src/archive/cache-file.ts";
import type { Archive, Thread } from "../src/model.ts";
import { PostingsBuilder, type TermPostings } from "../src/search/postings.ts";
import { SearchThreadCache, threadContentKey, threadKey } from "../src/search/thread-cache.ts";
import { type SourcedFile, streamIndexFiles } from "../src/search/shards.ts";
import { writeSearchIndex } from "../src/search/write.ts";
import { plainThread } from "./helpers/plain-threads.ts";
import { removeTempDirs, tempDir } from "./helpers/temp-dirs.ts";

const thread = (id: string, title: string, texts: string[]): Thread => plainThread(id, title, texts, "Injuries");

const archiveOf = (threads: Thread[]): Archive => ({ threads, forums: [], authors: [], warnings: [], failures: [] });

// Words repeat across threads (shared terms, frequencies above 1), stop words and German words
// (the multi-language pipeline) included; the inserted thread brings words no other thread has,
// so every term first seen after it gets another index than in the build before.
const THREADS = Array.from({ length: 12 }, (_, i) =>
  thread(`t${String(i * 2).padStart(2, "0")}`, `Hamstring ${i} tight`, [
    `The hamstrings were tight after sprints, sprints and more sprints (${i}).`,
    `Stretching daily helps; die Muskeln brauchen Ruhe ${i % 3}. Word${i} appears here.`,
  ]),
);
const INSERTED = thread("t07", "Zucchini bread", ["Zucchini, quinoa and xylophones.", "Quinoa again: word4 word9."]);

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      files.set(
        join(entry.parentPath, entry.name).slice(dir.length),
        await readFile(join(entry.parentPath, entry.name)),
      );
  }
  return files;
}

describe("the search index's thread cache", () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), "search-cache-"));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("rebuilds with one thread added from the cache, writing what a clean build writes", async () => {
    const [cacheRoot, out, clean] = [await tempDir(), await tempDir(), await tempDir()];
    const first = await writeSearchIndex(archiveOf(THREADS), out, "/", undefined, { cacheRoot });
    expect(first.threadsFromCache).toBe(0);
    const all = archiveOf([...THREADS, INSERTED]);
    const again = await writeSearchIndex(all, out, "/", undefined, { cacheRoot });
    // Every thread but the new one came from the cache.
    expect(again.threadsFromCache).toBe(THREADS.length);
    await writeSearchIndex(all, clean, "/", undefined, { cacheRoot: false });
    const [rebuilt, fresh] = [await filesOf(out), await filesOf(clean)];
    expect([...rebuilt.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [name, bytes] of fresh) expect(rebuilt.get(name)!.equals(bytes), name).toBe(true);
    // The cache files the rebuild wrote (entries it read beside the new one) are read whole again.
    const third = await writeSearchIndex(all, out, "/", undefined, { cacheRoot });
    expect(third.threadsFromCache).toBe(THREADS.length + 1);
    for (const [name, bytes] of fresh) expect((await filesOf(out)).get(name)!.equals(bytes), name).toBe(true);
  });

  it("indexes a thread afresh when one post's body or author changed, its posts as many", async () => {
    const [cacheRoot, out, clean] = [await tempDir(), await tempDir(), await tempDir()];
    await writeSearchIndex(archiveOf(THREADS), out, "/", undefined, { cacheRoot });
    // Same title and number of posts: only the key can tell these threads from the cached ones.
    const edited = THREADS.map((t, i) => {
      if (i === 5) return { ...t, posts: [t.posts[0]!, { ...t.posts[1]!, author: { name: "Zed", hasAvatar: false } }] };
      if (i !== 2) return t;
      // The first post's words changed, the second post as it was.
      return thread(t.id, t.title, [
        "The hamstrings were sore, not tight (2).",
        "Stretching daily helps; die Muskeln brauchen Ruhe 2. Word2 appears here.",
      ]);
    });
    const again = await writeSearchIndex(archiveOf(edited), out, "/", undefined, { cacheRoot });
    expect(again.threadsFromCache).toBe(THREADS.length - 2);
    await writeSearchIndex(archiveOf(edited), clean, "/", undefined, { cacheRoot: false });
    const [rebuilt, fresh] = [await filesOf(out), await filesOf(clean)];
    expect([...rebuilt.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [name, bytes] of fresh) expect(rebuilt.get(name)!.equals(bytes), name).toBe(true);
  });

  it("indexes a thread afresh when its text changed, or its cache file is damaged", async () => {
    const [cacheRoot, out, clean] = [await tempDir(), await tempDir(), await tempDir()];
    await writeSearchIndex(archiveOf(THREADS), out, "/", undefined, { cacheRoot });
    const changed = THREADS.map((t, i) => (i === 3 ? thread(t.id, t.title, ["Entirely other words now."]) : t));
    const again = await writeSearchIndex(archiveOf(changed), out, "/", undefined, { cacheRoot });
    expect(again.threadsFromCache).toBe(THREADS.length - 1);
    await writeSearchIndex(archiveOf(changed), clean, "/", undefined, { cacheRoot: false });
    const [rebuilt, fresh] = [await filesOf(out), await filesOf(clean)];
    for (const [name, bytes] of fresh) expect(rebuilt.get(name)!.equals(bytes), name).toBe(true);

    const cacheDir = join(cacheRoot, "search");
    const names = (await readdir(cacheDir)).filter((name) => name.endsWith(".txt"));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) await writeFile(join(cacheDir, name), "damaged");
    const third = await writeSearchIndex(archiveOf(changed), out, "/", undefined, { cacheRoot });
    expect(third.threadsFromCache).toBe(0);
    for (const [name, bytes] of fresh) expect((await filesOf(out)).get(name)!.equals(bytes), name).toBe(true);
  });
});

describe("the thread cache's entries", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  /** A clean build's index, and a build's and its rebuild's with a cache; the entries' lines of the cache,
   *  as `edit` leaves them (its file's checksum made again: cache-file.ts checksumOf on the first line). */
  async function builds(threads: Thread[], edit = (lines: string[]) => lines) {
    const [cacheRoot, out, clean] = await Promise.all([1, 2, 3].map(() => mkdtemp(join(tmpdir(), "search-entry-"))));
    dirs.push(cacheRoot!, out!, clean!);
    await writeSearchIndex(archiveOf(threads), out!, "/", undefined, { cacheRoot });
    const cached: string[] = [];
    // The entries' files ("00.txt"…), not term-ids.bin beside them.
    for (const name of (await readdir(join(cacheRoot!, "search"))).filter((name) => name.endsWith(".txt"))) {
      const lines = edit((await readFile(join(cacheRoot!, "search", name), "utf8")).split("\n").slice(1));
      const payload = lines.join("\n");
      await writeFile(join(cacheRoot!, "search", name), `${checksumOf(payload)}\n${payload}`);
      cached.push(...lines);
    }
    const again = await writeSearchIndex(archiveOf(threads), out!, "/", undefined, { cacheRoot });
    await writeSearchIndex(archiveOf(threads), clean!, "/", undefined, { cacheRoot: false });
    return { cacheRoot: cacheRoot!, cached, again, rebuilt: await filesOf(out!), fresh: await filesOf(clean!) };
  }

  it("keeps a thread's numbers as base-32 digits, one list for all its fields, and reads them back", async () => {
    const tight = thread("t1", "Tight tight", ["sprints, sprints and the sprint"]);
    const { cached, again, rebuilt, fresh } = await builds([tight]);
    // Key and one row; terms (JSON): "tight" (title), "sprint" (body, stemmed; "and", "the" are
    // stop words), then the author's name (plainThread's first post is Kieran's). Numbers per field: length,
    // distinct terms, (place, frequency): title 2 1 0 2, body 3 1 1 3, author 1 1 2 1; each below 32: one digit.
    expect(cached[0]).toMatch(/^[0-9a-f]{40} 1$/);
    expect(cached.slice(1, 3)).toEqual(['["tight","sprint","kieran"]', "210231131121"]);
    expect(again.threadsFromCache).toBe(1);
    for (const [name, bytes] of fresh) expect(rebuilt.get(name)!.equals(bytes), name).toBe(true);
  });

  it("writes a number past 31 as more digits, most significant first", async () => {
    // Body: "sprint" 40 times, 40 = 1 × 32 + 8: "x8" (x: 1 before the last digit). Title 1 1 0 1; body 40 1 1 40;
    // author 1 1 2 1. The terms: "rac" (Porter's stem of "race"), "sprint", "kieran".
    const { cached, again, rebuilt, fresh } = await builds([thread("t1", "Race", ["sprint ".repeat(40)])]);
    expect(cached.slice(1, 3)).toEqual(['["rac","sprint","kieran"]', "1101x811x81121"]);
    expect(again.threadsFromCache).toBe(1);
    for (const [name, bytes] of fresh) expect(rebuilt.get(name)!.equals(bytes), name).toBe(true);
  });

  it("indexes a thread afresh when its numbers name a term past its terms, or are not whole", async () => {
    const tight = thread("t1", "Tight tight", ["sprints, sprints and the sprint"]);
    // The body's one term is at place 1 of 3: "z1" is 3 × 32 + 1 (z: 3 before the last digit); a number cut
    // short ends in "z".
    for (const numbers of ["2102311z1121", "21023113112z"]) {
      const { cached, again, rebuilt, fresh } = await builds([tight], ([head, terms, , ...rows]) => [
        head!,
        terms!,
        numbers,
        ...rows,
      ]);
      expect(cached[2]).toBe(numbers);
      expect(again.threadsFromCache).toBe(0);
      for (const [name, bytes] of fresh) expect(rebuilt.get(name)!.equals(bytes), name).toBe(true);
    }
  });
});

describe("the thread cache's term ids", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  /** Builds `threads` with a cache, then again after `edit` rewrote the entries' lines (their files'
   *  checksums made again) and `damage` the term ids' file; the second build's files and a clean build's. */
  async function rebuild(threads: Thread[], edit: (line: string, at: number) => string, damage = false) {
    const [cacheRoot, out, clean] = await Promise.all([1, 2, 3].map(() => mkdtemp(join(tmpdir(), "search-ids-"))));
    dirs.push(cacheRoot!, out!, clean!);
    await writeSearchIndex(archiveOf(threads), out!, "/", undefined, { cacheRoot });
    const cacheDir = join(cacheRoot!, "search");
    for (const name of (await readdir(cacheDir)).filter((name) => name.endsWith(".txt"))) {
      const lines = (await readFile(join(cacheDir, name), "utf8")).split("\n").slice(1);
      // An entry's lines: its key and number of rows, its terms, its numbers, then its rows.
      const edited: string[] = [];
      for (let at = 0; at < lines.length; ) {
        const rows = Number(lines[at]!.split(" ")[1]);
        edited.push(...lines.slice(at, at + 3 + rows).map(edit));
        at += 3 + rows;
      }
      const payload = edited.join("\n");
      await writeFile(join(cacheDir, name), `${checksumOf(payload)}\n${payload}`);
    }
    if (damage) await writeFile(join(cacheDir, "term-ids.bin"), "damaged");
    const again = await writeSearchIndex(archiveOf(threads), out!, "/", undefined, { cacheRoot });
    await writeSearchIndex(archiveOf(threads), clean!, "/", undefined, { cacheRoot: false });
    return { again, rebuilt: await filesOf(out!), fresh: await filesOf(clean!) };
  }
  const threads = [...THREADS, INSERTED];
  // Every entry's terms made others, as many: read, they give other terms in the shards and lexicon.
  const otherTerms = (line: string, at: number) =>
    at === 1 ? JSON.stringify((JSON.parse(line) as string[]).map((term) => `${term}x`)) : line;

  it("adds a kept thread by the ids the last build kept of its terms, without reading its terms' line", async () => {
    const { again, rebuilt, fresh } = await rebuild(threads, (line, at) => (at === 1 ? "not JSON" : line));
    expect(again.threadsFromCache).toBe(threads.length);
    for (const [name, bytes] of fresh) expect(rebuilt.get(name)!.equals(bytes), name).toBe(true);
  });

  it("reads the entries' terms when the ids' file is damaged", async () => {
    const { again, rebuilt, fresh } = await rebuild(threads, (line) => line, true);
    expect(again.threadsFromCache).toBe(threads.length);
    for (const [name, bytes] of fresh) expect(rebuilt.get(name)!.equals(bytes), name).toBe(true);
    // The entries' terms are what it read: other terms there give other files.
    const other = await rebuild(threads, otherTerms, true);
    expect([...other.fresh].some(([name, bytes]) => !other.rebuilt.get(name)?.equals(bytes))).toBe(true);
  });
});

describe("docs/ files of cached threads", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  /** The files streamIndexFiles gives for `threads` (with the thread cache under `cacheRoot`, or none). */
  async function stream(threads: Thread[], cacheRoot?: string) {
    const files = new Map<string, string | Buffer | SourcedFile>();
    const cache = cacheRoot === undefined ? undefined : await SearchThreadCache.open(cacheRoot);
    await streamIndexFiles(archiveOf(threads), "/", (path, content) => void files.set(path, content), undefined, cache);
    return files;
  }
  const docsOf = (files: Map<string, string | Buffer | SourcedFile>) =>
    [...files].filter(([path]) => path.startsWith("docs"));
  // Threads long enough for a docs/ file each or so (DOC_CHUNK_MIN_BYTES): the inserted one changes the files near it only.
  const long = (i: number) =>
    thread(
      `t${String(i * 2).padStart(2, "0")}`,
      `Hamstring ${i}`,
      Array.from({ length: 6 }, (_, p) => `Tight ${i} ${p}. `.repeat(80)),
    );
  const threads = Array.from({ length: 24 }, (_, i) => long(i));

  it("come told by what they are made from, their bytes made when asked: a clean build's", async () => {
    const [cacheRoot, out] = [
      await mkdtemp(join(tmpdir(), "search-src-")),
      await mkdtemp(join(tmpdir(), "search-src-")),
    ];
    dirs.push(cacheRoot, out);
    await writeSearchIndex(archiveOf(threads), out, "/", undefined, { cacheRoot });
    const cached = docsOf(await stream(threads, cacheRoot));
    const clean = new Map(docsOf(await stream(threads)));
    expect(cached.length).toBeGreaterThan(3);
    for (const [path, content] of cached) {
      expect(typeof content === "object" && "source" in content, path).toBe(true);
      const file = content as SourcedFile;
      expect(file.bytes().equals(Buffer.from(clean.get(path) as Buffer)), path).toBe(true);
      expect(file.size).toBe(file.bytes().length);
    }
    // A thread inserted: the files before it have the same sources, the one that takes it another.
    const inserted = [...threads.slice(0, 12), INSERTED, ...threads.slice(12)];
    await writeSearchIndex(archiveOf(inserted), out, "/", undefined, { cacheRoot });
    const again = new Map(docsOf(await stream(inserted, cacheRoot)));
    const sourceOf = (content: unknown) => (content as SourcedFile).source;
    const same = cached.filter(([path, content]) => sourceOf(again.get(path)) === sourceOf(content));
    expect(same.length).toBeGreaterThan(0);
    expect(same.length).toBeLessThan(cached.length);
  });
});

describe("the thread cache's rows", () => {
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const dirs: string[] = [];

  it("gives a cached thread's docs/ rows as their UTF-8 bytes, which the docs/ files hold as they are", async () => {
    const [cacheRoot, out, clean] = await Promise.all([1, 2, 3].map(() => mkdtemp(join(tmpdir(), "search-rows-"))));
    dirs.push(cacheRoot!, out!, clean!);
    // Two- and three-byte characters, and one of four (a surrogate pair in the row's text).
    const knee = thread("t1", "Übungen", ["Übungen für das Knie — “langsam” 💪", "Ja."]);
    const plain = thread("t2", "Plain", ["Only ASCII here."]);
    await writeSearchIndex(archiveOf([knee, plain]), out!, "/", undefined, { cacheRoot });
    const again = await writeSearchIndex(archiveOf([knee, plain]), out!, "/", undefined, { cacheRoot });
    await writeSearchIndex(archiveOf([knee, plain]), clean!, "/", undefined, { cacheRoot: false });
    expect(again.threadsFromCache).toBe(2);
    const [rebuilt, fresh] = [await filesOf(out!), await filesOf(clean!)];
    expect([...rebuilt.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [name, bytes] of fresh) expect(rebuilt.get(name)!.equals(bytes), name).toBe(true);

    const cache = await SearchThreadCache.open(cacheRoot);
    const entry = cache.get(threadKey(cache.version, threadContentKey(knee)), 2, 3)!;
    // Per post: number, author, postedAt (plainThread's), text.
    const first = '[1,"Kieran","2009-05-11T09:27:00-07:00","Übungen für das Knie — “langsam” 💪"]';
    expect(entry.rows.map((row) => Buffer.isBuffer(row))).toEqual([true, true]);
    expect(entry.rows.map((row) => row.toString("utf8"))).toEqual([
      first,
      '[2,"Ann","2009-05-12T09:27:00-07:00","Ja."]',
    ]);
    // The docs/ file holds them byte for byte.
    const docs = [...fresh].filter(([name]) => name.includes("docs")).map(([, bytes]) => bytes);
    expect(docs.some((bytes) => bytes.includes(entry.rows[0]!) && bytes.includes(entry.rows[1]!))).toBe(true);
  });
});

describe("SearchThreadCache#set", () => {
  afterAll(removeTempDirs);

  it("gives the rows of the entry it keeps back as their UTF-8 bytes, which the docs/ files copy", async () => {
    const cacheRoot = tempDir("search-set-");
    const cache = await SearchThreadCache.open(cacheRoot);
    const rows = ['[1,"Jürgen","2009-05-11","Knie — “langsam” 💪"]', '[2,"Ann","2009-05-12","Ja."]', "[3]"];
    const given = cache.set("k1", { rows, terms: ["knie", "ja"], fields: [1, 1, 0, 1] });
    expect(given.map((row) => Buffer.isBuffer(row))).toEqual([true, true, true]);
    expect(given.map((row) => row.toString("utf8"))).toEqual(rows);
    expect(cache.set("k2", { rows: [], terms: [], fields: [] })).toEqual([]);
  });
});

describe("PostingsBuilder#addTerms", () => {
  const collect = (builder: PostingsBuilder) =>
    [...builder.terms()].map(({ term, termIndex, fields }: TermPostings) => ({
      term,
      termIndex,
      fields: fields.map(({ ids, scores }) => ({ ids: [...Array.from(ids)], scores: [...Array.from(scores)] })),
    }));
  const posts = THREADS.flatMap((t) =>
    t.posts.map((p, i) => [t.title, `${t.title} ${i} ${JSON.stringify(p.body)}`, p.author.name]),
  );

  it("adds recorded posts as their text adds them: same terms, indexes and scores", () => {
    const fromText = new PostingsBuilder();
    for (const values of posts) fromText.add(values);
    // Recorded in runs of posts (threads), then added from the records only, in a fresh builder.
    const recorder = new PostingsBuilder();
    const records = [posts.slice(0, 5), posts.slice(5, 6), posts.slice(6)].map((run) => recorder.addRecorded(run));
    const fromTerms = new PostingsBuilder();
    for (const record of records) fromTerms.addTerms(record);
    expect(fromTerms.documents).toBe(posts.length);
    const expected = collect(fromText);
    expect(expected.length).toBeGreaterThan(20);
    expect(collect(fromTerms)).toEqual(expected);
    expect(collect(recorder)).toEqual(expected);
  });

  it("records each post's field lengths and term frequencies", () => {
    const record = new PostingsBuilder().addRecorded([["Tight tight", "sprints, sprints and the sprint", "Ann"]]);
    // title: "tight" twice; body: "sprint" three times once stemmed ("and", "the" are stop words); author: "ann".
    expect(record.terms).toEqual(["tight", "sprint", "ann"]);
    // One flat list: per field its length, its number of distinct terms, then (place, frequency) of each.
    expect(Array.from(record.fields)).toEqual([2, 1, 0, 2, 3, 1, 1, 3, 1, 1, 2, 1]);
  });
});
