// The pieces of the search index: number codec, post text, links into thread pages,
// highlighting, and what writeSearchIndex puts on disk.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { brotliDecompressSync, gunzipSync, inflateRawSync, constants as zlibConstants } from "node:zlib";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { CACHE_ROOT } from "../src/archive/cache-version.ts";
import type { Archive, Post, Thread } from "../src/model.ts";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { parseDumps } from "../src/parse/index.ts";
import { buildIndex } from "../src/search/build-index.ts";
import {
  createSearcher,
  decodePostings,
  decodeUints,
  encodePostings,
  encodeUints,
} from "../src/search/client/engine.js";
import { postText, searchCorpus } from "../src/search/documents.ts";
import { lunr } from "../src/search/lunr.ts";
import { indexFiles, PostingsEncoder } from "../src/search/shards.ts";
import { writeSearchIndex } from "../src/search/write.ts";

function post(number: number, author: string, text: string, extra: Partial<Post> = {}): Post {
  return {
    number,
    postedAt: `2009-05-${String(10 + (number % 19)).padStart(2, "0")}T09:27:00-07:00`,
    postedAtText: "05-09-2009, 09:27 AM",
    author: { name: author, hasAvatar: false },
    body: [{ type: "paragraph", inlines: [{ type: "text", text }] }],
    source: { file: "t.txt", line: number },
    ...extra,
  };
}

function thread(id: string, title: string, url: string, posts: Post[]): Thread {
  return {
    id,
    title,
    url,
    site: "Test Board",
    breadcrumbs: ["Test Board", "Injuries"],
    forum: { name: "Injuries" },
    posts,
    similarListed: [],
    source: { files: ["t.txt"] },
    warnings: [],
  };
}

describe("number codec", () => {
  it("round-trips any non-negative integers", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 2 ** 40 })), (nums) => {
        expect(decodeUints(encodeUints(nums))).toEqual(nums);
      }),
    );
  });

  it("round-trips postings, runs of equal scores included", () => {
    const postings = fc.array(fc.tuple(fc.nat({ max: 5 }), fc.nat({ max: 3000 }), fc.boolean())).map((steps) => {
      const ids: number[] = [];
      const scores: number[] = [];
      let id = -1;
      for (const [gap, score, repeat] of steps) {
        id += repeat ? 1 : gap + 1;
        ids.push(id);
        scores.push(repeat && scores.length > 0 ? scores[scores.length - 1]! : score);
      }
      return { ids, scores };
    });
    fc.assert(
      fc.property(postings, ({ ids, scores }) => {
        expect(decodePostings(encodePostings(ids, scores))).toEqual({ ids, scores });
      }),
    );
  });

  it("the build's encoder writes what the client's encodePostings writes, call after call", () => {
    const encoder = new PostingsEncoder();
    // No post and one post (most field postings), each case after a longer one that fills the buffer.
    for (const [ids, scores] of [
      [[], []],
      [[0], [0]],
      [[5], [1234]],
      [[2 ** 20 + 7], [31]],
      [[40], [2 ** 33]],
    ]) {
      encoder.encode(Int32Array.from([1, 2, 3, 90, 91]), [5, 5, 6, 7, 7]);
      expect(encoder.encode(Int32Array.from(ids!), scores!)).toBe(encodePostings(ids!, scores!));
    }
    const postings = fc
      .array(fc.tuple(fc.nat({ max: 40 }), fc.nat({ max: 2 ** 33 }), fc.boolean()), { maxLength: 300 })
      .map((steps) => {
        const ids: number[] = [];
        const scores: number[] = [];
        let id = -1;
        for (const [gap, score, repeat] of steps) {
          id += repeat ? 1 : gap + 1;
          ids.push(id);
          scores.push(repeat && scores.length > 0 ? scores[scores.length - 1]! : score % (repeat ? 7 : 5000));
        }
        return { ids, scores };
      });
    fc.assert(
      fc.property(fc.array(postings, { maxLength: 5 }), (many) => {
        for (const { ids, scores } of many) {
          expect(encoder.encode(Int32Array.from(ids), scores)).toBe(encodePostings(ids, scores));
        }
      }),
    );
  });

  it("the build's encoder counts scores of any size, in one call after another", () => {
    const encoder = new PostingsEncoder();
    // Scores past its first table (32,768) and past the ones it counts in arrays (2^20), each
    // between fields of small scores, which must not see the larger ones' counts.
    // biome-ignore format: one case (ids, scores) a line
    const cases: [number[], number[]][] = [
      [[1, 2, 3, 9], [7, 7, 3, 7]],
      [[0, 4, 5, 6, 8], [40_000, 3, 40_000, 3, 70_001]],
      [[1, 2, 3, 9], [7, 3, 3, 40_000]],
      [[2, 3, 10, 11], [2 ** 21, 5, 2 ** 21, 2 ** 33]],
      [[1, 2, 3, 9], [3, 7, 2 ** 21, 7]],
      [[4, 5], [9, 9]],
    ];
    for (const [ids, scores] of cases) {
      expect(encoder.encode(Int32Array.from(ids), scores)).toBe(encodePostings(ids, scores));
    }
  });

  it("stores a title repeated over 30 posts as one entry", () => {
    const ids = Array.from({ length: 30 }, (_, i) => 100 + i);
    const encoded = encodePostings(
      ids,
      ids.map(() => 1234),
    );
    // Score table (1 entry: 1234, 3 base-32 digits), then one entry: gap 100 * 2 + 1 = 201
    // (2 digits), run 30 - 2 (1 digit), score number 0 (1 digit): 1 + 3 + 2 + 1 + 1 digits.
    expect(encoded).toHaveLength(8);
  });
});

describe("post text", () => {
  it("keeps the post's own paragraphs and link text, not quotes or the signature", () => {
    const p = post(2, "Ann", "", {
      body: [
        {
          type: "quote",
          author: "Bob",
          postNumber: 1,
          blocks: [{ type: "paragraph", inlines: [{ type: "text", text: "quoted words" }] }],
        },
        {
          type: "paragraph",
          inlines: [
            { type: "text", text: "See " },
            { type: "link", href: "http://example.org/", text: "this video" },
            { type: "text", text: "\nfor the stretch." },
          ],
        },
        { type: "paragraph", inlines: [{ type: "text", text: "Second paragraph." }] },
      ],
      signature: [{ type: "paragraph", inlines: [{ type: "text", text: "my signature line" }] }],
    });
    expect(postText(p)).toBe("See this video\nfor the stretch.\n\nSecond paragraph.");
  });
});

describe("documents and links", () => {
  const long = thread(
    "b",
    "Knee pain when squatting",
    "/board/injuries/knee-pain-0000000b/",
    Array.from({ length: 45 }, (_, i) =>
      post(i + 1, i % 2 ? "Ann" : "Bob", i === 42 ? "Try stretching your hip flexors." : `Reply number ${i + 1}.`),
    ),
  );
  const short = thread("a", "Back spasms from running", "/board/injuries/back-spasms-0000000a/", [
    post(1, "Kieran", "My lower back starts to spasm after running."),
    post(3, "Dan", "Tight hip flexors pull on the lumbar spine."),
  ]);
  const corpus = searchCorpus({ threads: [long, short] });
  const files = new Map(indexFiles(corpus, buildIndex(corpus), "/archive/").map((f) => [f.path, f.content]));
  const engine = createSearcher({
    lunr,
    manifest: JSON.parse(files.get("manifest.json")!),
    fetchJson: async (p) => JSON.parse(files.get(p)!),
  });

  it("numbers threads by permalink, posts in thread order", () => {
    expect(corpus.threads.map((t) => t.title)).toEqual(["Back spasms from running", "Knee pain when squatting"]);
    expect(corpus.documents.slice(0, 3).map((d) => [d.thread, d.number])).toEqual([
      [0, 1],
      [0, 3],
      [1, 1],
    ]);
  });

  it("links a hit to its post's anchor, on page 2 for the 43rd post, under the base URL", async () => {
    const { results } = await engine.search("hip flexors");
    const docs = await engine.documents(results.map((r) => Number(r.ref)));
    const hrefs = [...docs.values()].map((d) => d.href).sort();
    expect(hrefs).toEqual([
      "/archive/board/injuries/back-spasms-0000000a/#post-3",
      "/archive/board/injuries/knee-pain-0000000b/page/2/#post-43",
    ]);
    const dan = [...docs.values()].find((d) => d.author === "Dan")!;
    expect(dan).toMatchObject({
      threadTitle: "Back spasms from running",
      threadHref: "/archive/board/injuries/back-spasms-0000000a/",
      number: 3,
    });
  });

  it("finds every post of a thread too long for one docs file, on its own thread page", async () => {
    const words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ".repeat(4);
    const huge = thread(
      "c",
      "Training log",
      "/board/logs/training-log-0000000c/",
      Array.from({ length: 200 }, (_, i) => post(i + 1, "Ann", `Entry ${i + 1}: ${words}`)),
    );
    const c = searchCorpus({ threads: [huge] });
    const files = new Map(indexFiles(c, buildIndex(c), "/").map((f) => [f.path, f.content]));
    expect([...files.keys()].filter((p) => p.startsWith("docs/")).length).toBeGreaterThan(1);
    const e = createSearcher({
      lunr,
      manifest: JSON.parse(files.get("manifest.json")!),
      fetchJson: async (p) => JSON.parse(files.get(p)!),
    });
    const docs = await e.documents(c.documents.map((d) => d.id));
    for (const [id, doc] of docs) {
      expect(doc.number).toBe(id + 1);
      expect(doc.text.startsWith(`Entry ${id + 1}: lorem`)).toBe(true);
      const page = Math.floor(id / 40) + 1;
      expect(doc.href).toBe(`/board/logs/training-log-0000000c/${page === 1 ? "" : `page/${page}/`}#post-${id + 1}`);
    }
  });

  it("gives each post its own thread where a thread without posts lies between two in one docs file", async () => {
    const threads = [
      thread("a", "Alpha thread", "/board/a/alpha-0000000a/", [post(1, "Ann", "alpha words")]),
      thread("b", "Empty thread", "/board/a/empty-0000000b/", []),
      thread("c", "Gamma thread", "/board/a/gamma-0000000c/", [post(1, "Bo", "gamma words")]),
    ];
    const c = searchCorpus({ threads });
    const files = new Map(indexFiles(c, buildIndex(c), "/").map((f) => [f.path, f.content]));
    expect([...files.keys()].filter((p) => p.startsWith("docs/"))).toHaveLength(1);
    const e = createSearcher({
      lunr,
      manifest: JSON.parse(files.get("manifest.json")!),
      fetchJson: async (p) => JSON.parse(files.get(p)!),
    });
    const docs = await e.documents(c.documents.map((d) => d.id));
    expect([...docs.values()].map((doc) => [doc.threadTitle, doc.text])).toEqual([
      ["Alpha thread", "alpha words"],
      ["Gamma thread", "gamma words"],
    ]);
  });

  it("finds authors and titles", async () => {
    const byAuthor = await engine.search("author:kieran");
    expect(byAuthor.results.map((r) => r.ref)).toEqual(["0"]);
    const byTitle = await engine.search("title:squatting");
    expect(byTitle.results).toHaveLength(45);
  });

  it("highlights the words a query matched, stemmed forms included, without punctuation", async () => {
    const text = "Try stretching your hip flexors. Stretch daily.";
    const { results } = await engine.search("stretch flexor");
    const terms = results[0]!.terms;
    const marked = engine.highlights(text, terms).map(([a, b]) => text.slice(a, b));
    expect(marked).toEqual(["stretching", "flexors", "Stretch"]);
  });
});

describe("determinism", () => {
  it("writes the same bytes whatever order the threads come in", () => {
    const threads = [
      thread("a", "Back spasms", "/b/i/back-spasms-0000000a/", [
        post(1, "Kieran", "Hip flexors again."),
        post(2, "Dan", "Stretch them."),
      ]),
      thread("b", "Knee pain", "/b/i/knee-pain-0000000b/", [post(1, "Ann", "My knee hurts when I squat.")]),
      thread("c", "Rosen", "/g/r/rosen-0000000c/", [post(1, "Rosa", "Wie schützt ihr eure Rosen im Winter?")]),
    ];
    const files = (ts: Thread[]) => {
      const corpus = searchCorpus({ threads: ts });
      return indexFiles(corpus, buildIndex(corpus), "/");
    };
    expect(files([threads[2]!, threads[0]!, threads[1]!])).toEqual(files(threads));
  });
});

describe("docs/ files", () => {
  // Threads of two posts, ~2.8 kB of rows each: a docs/ file holds several.
  const threadsOf = (ids: number[]) =>
    ids.map((i) => {
      const id = String(i).padStart(3, "0");
      const text = `Week ${i}: ${"stretch the psoas before squats every day ".repeat(30)}`;
      return thread(id, `Thread ${id}`, `/b/i/thread-${id}/`, [post(1, "Kieran", text), post(2, "Ann", text)]);
    });
  const docsOf = (threads: Thread[]) => {
    const corpus = searchCorpus({ threads });
    const files = indexFiles(corpus, buildIndex(corpus), "/").filter((f) => f.path.startsWith("docs/"));
    return new Map(files.map((f) => [f.path, f.content]));
  };

  it("are the same, names and bytes, but for the few near a thread added in the middle", () => {
    const all = Array.from({ length: 100 }, (_, i) => i);
    const before = docsOf(threadsOf(all.filter((i) => i !== 20)));
    const after = docsOf(threadsOf(all));
    expect(before.size).toBeGreaterThan(15);
    const changed = [...after].filter(([path, content]) => before.get(path) !== content);
    const gone = [...before.keys()].filter((path) => !after.has(path));
    // The file that takes thread 020, and those up to the next thread whose address ends a file.
    expect(changed.length).toBeGreaterThanOrEqual(1);
    expect(changed.length).toBeLessThanOrEqual(4);
    expect(gone.length).toBeLessThanOrEqual(4);
    expect(changed.some(([, content]) => content.includes("/b/i/thread-020/"))).toBe(true);
  });

  it("get names of their own when two would start with the same 25 bits of hash", async () => {
    // Two thread addresses whose docs/ names (25 bits of SHA-1 of "address NUL 0") are the same: a birthday search.
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i++) {
      const url = `/b/i/t-${i}/`;
      const bits = createHash("sha1").update(`${url}\u00000`).digest().readUInt32BE(0) >>> 7;
      const other = seen.get(bits);
      if (other) pair = [other, url];
      seen.set(bits, url);
    }
    // Each thread longer than a docs/ file, so each starts one.
    const text = "stretch the psoas before squats every day ".repeat(40);
    const threads = pair.map((url, n) =>
      thread(
        `t${n}`,
        `Thread ${n}`,
        url,
        Array.from({ length: 8 }, (_, i) => post(i + 1, "Ann", text)),
      ),
    );
    const corpus = searchCorpus({ threads });
    const files = new Map(indexFiles(corpus, buildIndex(corpus), "/").map((f) => [f.path, f.content]));
    const names = (JSON.parse(files.get("manifest.json")!).docs.names as string).match(/.{5}/g)!;
    expect(new Set(names).size).toBe(names.length);
    const engine = createSearcher({
      lunr,
      manifest: JSON.parse(files.get("manifest.json")!),
      fetchJson: async (p) => JSON.parse(files.get(p)!),
    });
    const docs = await engine.documents(corpus.documents.map((d) => d.id));
    expect([...docs.values()].map((d) => d.threadHref)).toEqual(corpus.documents.map((d) => threads[d.thread]!.url));
  });

  it("list the threads of their posts, from their first post's thread, as [title, address, forum]", () => {
    const corpus = searchCorpus({ threads: threadsOf(Array.from({ length: 30 }, (_, i) => i)) });
    const files = new Map(indexFiles(corpus, buildIndex(corpus), "/").map((f) => [f.path, f.content]));
    const manifest = JSON.parse(files.get("manifest.json")!);
    const names = (manifest.docs.names as string).match(/.{5}/g)!;
    const sizes = decodeUints(manifest.docs.chunkSizes);
    expect(names.length).toBeGreaterThan(3);
    let firstPost = 0;
    names.forEach((name, n) => {
      const { threads, docs } = JSON.parse(files.get(`docs/${name}.json`)!);
      expect(docs).toHaveLength(sizes[n]);
      // Two posts a thread: post k is in thread floor(k / 2).
      const ids = Array.from({ length: sizes[n]! }, (_, k) => Math.floor((firstPost + k) / 2));
      const expected = [...new Set(ids)].map((i) => {
        const id = String(i).padStart(3, "0");
        return [`Thread ${id}`, `/b/i/thread-${id}/`, "Injuries"];
      });
      expect(threads).toEqual(expected);
      firstPost += sizes[n]!;
    });
  });
});

describe("an archive without posts", () => {
  it("answers every query with no results", async () => {
    const corpus = searchCorpus({ threads: [] });
    const files = new Map(indexFiles(corpus, buildIndex(corpus), "/").map((f) => [f.path, f.content]));
    const engine = createSearcher({
      lunr,
      manifest: JSON.parse(files.get("manifest.json")!),
      fetchJson: async (p) => JSON.parse(files.get(p)!),
    });
    for (const q of ["knee", "kn*", "knee~1", "*ee", "+knee -pain"]) {
      expect((await engine.search(q)).results, q).toEqual([]);
    }
  });
});

describe("writeSearchIndex", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("writes manifest, shards, documents, lunr and the page scripts, and counts them", async () => {
    const out = await mkdtemp(join(tmpdir(), "search-write-"));
    dirs.push(out);
    const archive: Archive = {
      threads: [thread("a", "Back spasms", "/b/i/back-spasms-0000000a/", [post(1, "Kieran", "Hip flexors again.")])],
      forums: [],
      authors: [],
      warnings: [],
      failures: [],
    };
    const summary = await writeSearchIndex(archive, out, "sub", undefined, { cacheRoot: false });
    const names: string[] = [];
    let bytes = 0;
    for (const entry of await readdir(join(out, "search"), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = join(entry.parentPath, entry.name);
      names.push(full.slice(out.length + 1));
      bytes += (await stat(full)).size;
    }
    // A docs/ file is named by the first 25 bits of a SHA-1 of where it starts (the first thread's address,
    // a NUL, the first post's place in that thread) in five base-32 digits.
    const hash = createHash("sha1").update("/b/i/back-spasms-0000000a/\u00000").digest();
    const docsName = (hash.readUInt32BE(0) >>> 7).toString(32).padStart(5, "0");
    const served = [
      `search/docs/${docsName}.json`,
      "search/engine.js",
      // One lexicon file per term length: "again" 5, "back" 4, "flexor" 6, "hip" 3, "kieran" 6, "spasm" 5 (stemmed).
      "search/lexicon/3.json",
      "search/lexicon/4.json",
      "search/lexicon/5.json",
      "search/lexicon/6.json",
      "search/lib/lunr.de.min.js",
      "search/lib/lunr.min.js",
      "search/lib/lunr.multi.min.js",
      "search/lib/lunr.stemmer.support.min.js",
      "search/manifest.json",
      "search/search-page.js",
      "search/shards/0.json",
    ];
    // Each with its gzip and brotli copies beside it.
    expect(names.sort()).toEqual(served.flatMap((name) => [name, `${name}.br`, `${name}.gz`]));
    const { stamps, ...counts } = summary;
    expect(counts).toEqual({ files: names.length, bytes, threadsFromCache: 0 });
    expect(stamps.names.sort()).toEqual(names);
    const manifest = JSON.parse(await readFile(join(out, "search/manifest.json"), "utf8"));
    expect(manifest.baseUrl).toBe("/sub/");
    expect(manifest.docs).toMatchObject({ count: 1, nameLength: 5, names: docsName });
  });

  it("writes gzip and brotli copies that decompress to each file, the same bytes on every build", async () => {
    const archive: Archive = {
      threads: [
        thread("a", "Back spasms", "/b/i/back-spasms-0000000a/", [post(1, "Kieran", "Hip flexors <again> & again.")]),
      ],
      forums: [],
      authors: [],
      warnings: [],
      failures: [],
    };
    const builds: Map<string, Buffer>[] = [];
    for (let build = 0; build < 2; build++) {
      const out = await mkdtemp(join(tmpdir(), "search-write-"));
      dirs.push(out);
      await writeSearchIndex(archive, out, "/");
      const files = new Map<string, Buffer>();
      for (const entry of await readdir(join(out, "search"), { recursive: true, withFileTypes: true })) {
        if (entry.isFile())
          files.set(
            join(entry.parentPath, entry.name).slice(out.length + 1),
            await readFile(join(entry.parentPath, entry.name)),
          );
      }
      builds.push(files);
    }
    const [first, second] = builds as [Map<string, Buffer>, Map<string, Buffer>];
    const plain = [...first.keys()].filter((name) => !name.endsWith(".gz") && !name.endsWith(".br"));
    expect(plain).toContain("search/manifest.json");
    for (const name of plain) {
      expect(gunzipSync(first.get(`${name}.gz`)!).equals(first.get(name)!), `${name}.gz`).toBe(true);
      expect(brotliDecompressSync(first.get(`${name}.br`)!).equals(first.get(name)!), `${name}.br`).toBe(true);
      // No file name, no time in the gzip header (RFC 1952: FLG byte 3, MTIME bytes 4-7).
      expect(first.get(`${name}.gz`)![3]).toBe(0);
      expect(first.get(`${name}.gz`)!.readUInt32LE(4)).toBe(0);
    }
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [name, bytes] of first) expect(second.get(name)!.equals(bytes), name).toBe(true);
  });

  it("gzips shards with back-references of at most 2 kB (a deflate window of 2^11 bytes)", async () => {
    const { threads } = parseDumps(
      [...generateCorpus({ threads: 200, seed: 5 })].map((f) => ({ file: f.file, bytes: f.text })),
    );
    const out = await mkdtemp(join(tmpdir(), "search-gzip-"));
    dirs.push(out);
    await writeSearchIndex({ threads }, out, "/", undefined, { cacheRoot: false });
    const shards = (await readdir(join(out, "search/shards"))).filter((name) => name.endsWith(".json"));
    expect(shards.length).toBeGreaterThan(2);
    for (const name of shards) {
      const [bytes, copy] = await Promise.all(
        [name, `${name}.gz`].map((file) => readFile(join(out, "search/shards", file))),
      );
      expect(gunzipSync(copy!).equals(bytes!), name).toBe(true);
      // The deflate stream between the gzip header (10 bytes: no name, see above) and its trailer (8):
      // an inflater with a 2 kB window rejects a distance further back ("invalid distance too far back").
      expect(inflateRawSync(copy!.subarray(10, copy!.length - 8), { windowBits: 11 }).equals(bytes!), name).toBe(true);
    }
    // The output's record names the shards' gzip settings apart from the other files', so a build with other
    // settings finds no copy to keep and writes every one again (write.ts KeptFiles).
    const record = resolve(
      CACHE_ROOT,
      "search-output",
      createHash("sha256").update(resolve(out)).digest("hex").slice(0, 32),
    );
    const compressors = JSON.parse(JSON.parse(await readFile(record, "utf8")).compressors);
    expect(compressors.shardGzip).toEqual({
      level: 9,
      strategy: zlibConstants.Z_FILTERED,
      windowBits: 11,
      memLevel: 8,
    });
    expect(compressors.gzip).toEqual({ level: 9 });
    expect(compressors.docsGzip).toEqual({ level: 6 });
    // docs/ files gzipped at level 6, the others at 9: a gzip header's XFL byte is 2 at level 9, else 0 (RFC 1952, zlib).
    const docs = (await readdir(join(out, "search/docs"))).filter((name) => name.endsWith(".json.gz"));
    expect(docs.length).toBeGreaterThan(0);
    for (const name of docs) expect((await readFile(join(out, "search/docs", name)))[8], name).toBe(0);
    expect((await readFile(join(out, "search/manifest.json.gz")))[8]).toBe(2);
    expect((await readFile(join(out, "search/shards", `${shards[0]}.gz`)))[8]).toBe(2);
  });

  it("rewrites into the last build's folder only what changed, and ends up what a fresh folder gets", async () => {
    const filesOf = async (out: string) => {
      const files = new Map<string, { bytes: Buffer; mtimeMs: number }>();
      for (const entry of await readdir(join(out, "search"), { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        files.set(path.slice(out.length + 1), { bytes: await readFile(path), mtimeMs: (await stat(path)).mtimeMs });
      }
      return files;
    };
    // Posts long enough that the docs/ files of 40 threads fill several files.
    const long = (i: number) =>
      `Hip flexors again, week ${i}. ${"Stretch the psoas before squats every day. ".repeat(40)}`;
    const threadsOf = (count: number, changed = -1) =>
      Array.from({ length: count }, (_, i) => {
        const id = String(i).padStart(3, "0");
        const text = i === changed ? "Zucchini bread, nothing else." : long(i);
        return thread(id, `Thread ${id}`, `/b/i/thread-${id}/`, [post(1, "Kieran", text), post(2, "Ann", long(i + 1))]);
      });
    const archiveOf = (threads: Thread[]): Archive => ({
      threads,
      forums: [],
      authors: [],
      warnings: [],
      failures: [],
    });
    const out = await mkdtemp(join(tmpdir(), "search-rewrite-"));
    dirs.push(out);
    await writeSearchIndex(archiveOf(threadsOf(40)), out, "/");
    const before = await filesOf(out);
    const docsFiles = async (dir: string) =>
      (JSON.parse(await readFile(join(dir, "search/manifest.json"), "utf8")).docs.names as string).match(/.{5}/g)!;
    const [firstDocs] = await docsFiles(out);
    expect([...before.keys()].filter((name) => name.startsWith("search/docs/")).length).toBeGreaterThan(6);
    await new Promise((r) => setTimeout(r, 50)); // a rewrite would show in the mtime

    // The last thread changed, three fewer threads: the docs/ files before it stay, the extra ones go.
    // A compressed copy that no longer holds its file is written again.
    await writeFile(join(out, `search/docs/${firstDocs}.json.gz`), "not gzip");
    const changed = archiveOf(threadsOf(37, 36));
    await writeSearchIndex(changed, out, "/");
    const fresh = await mkdtemp(join(tmpdir(), "search-rewrite-"));
    dirs.push(fresh);
    await writeSearchIndex(changed, fresh, "/");
    const [after, clean] = [await filesOf(out), await filesOf(fresh)];
    expect([...after.keys()].sort()).toEqual([...clean.keys()].sort());
    for (const [name, { bytes }] of clean) expect(after.get(name)!.bytes.equals(bytes), name).toBe(true);
    const secondDocs = `search/docs/${(await docsFiles(out))[1]}.json`;
    expect(before.get(secondDocs)!.bytes.length).toBeGreaterThan(0);
    expect(after.get(secondDocs)!.mtimeMs).toBe(before.get(secondDocs)!.mtimeMs);
    const firstCopy = `search/docs/${firstDocs}.json.gz`;
    expect(after.get(firstCopy)!.mtimeMs).toBeGreaterThan(before.get(firstCopy)!.mtimeMs);
    expect(after.get("search/manifest.json")!.mtimeMs).toBeGreaterThan(before.get("search/manifest.json")!.mtimeMs);
  });
});
