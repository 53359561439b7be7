// Each thread's written words (similar-vectors.ts, writtenWords: the first and largest pass of
// similar threads) kept between builds (issue 15), keyed by a hash of the code, the title weight and
// exactly what the words are read from (title and post bodies). A rebuild after one dump changed
// reads the words of every other thread here; the vectors, whose weights depend on the whole
// archive, and the neighbours are then computed from all of them as a clean build does, so the
// result is the same. Entries are kept in files by the first two hex digits of their key, each with
// a checksum: a damaged or missing file only means its threads' words are read afresh.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Thread } from "../model.ts";
import { CACHE_ROOT, codeVersion } from "./cache-version.ts";
import { packedDigestOf, packedFormsOf } from "./content-digest.ts";
import { bodyJsonOf } from "./packed-bodies.ts";
import { type WrittenWordsSource, writtenWords } from "./similar-vectors.ts";

/** A thread's words and their counts, in the order they first occur (which decides float sums later). */
type Entry = [words: string[], counts: number[]];

const checksumOf = (text: string) => createHash("sha1").update(text).digest("base64url");
const shardOf = (key: string) => key.slice(0, 2);

export class SimilarWordsCache implements WrittenWordsSource {
  private readonly stored = new Map<string, Map<string, Entry>>();
  private readonly used = new Map<string, Map<string, Entry>>();
  /** Shards that gain an entry or lose one this build: only they are written again. */
  private readonly changed = new Set<string>();
  hits = 0;
  misses = 0;

  private constructor(
    private readonly dir: string,
    private readonly version: string,
  ) {}

  /** The cache under `root` (default: the working folder's), its files read now. */
  static async open(root: string = CACHE_ROOT): Promise<SimilarWordsCache> {
    const cache = new SimilarWordsCache(join(root, "similar-words"), await codeVersion());
    const names = await readdir(cache.dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!/^[0-9a-f]{2}\.json$/.test(name)) continue;
      const entries = readShard(join(cache.dir, name));
      const shard = name.slice(0, 2);
      if (entries) cache.stored.set(shard, entries);
      else cache.changed.add(shard);
    }
    return cache;
  }

  writtenOf(thread: Thread, titleWeight: number): Map<string, number> {
    const key = keyOf(this.version, titleWeight, thread);
    const shard = shardOf(key);
    let entry = this.stored.get(shard)?.get(key);
    if (entry) this.hits++;
    else {
      this.misses++;
      this.changed.add(shard);
      const written = writtenWords(thread, titleWeight);
      entry = [[...written.keys()], [...written.values()]];
    }
    let used = this.used.get(shard);
    if (!used) this.used.set(shard, (used = new Map()));
    used.set(key, entry);
    const [words, counts] = entry;
    return new Map(words.map((word, at) => [word, counts[at]!]));
  }

  /** Writes the shards whose entries changed, with only the entries this build used. Only a cache:
   *  a write that fails is a miss next time. */
  async save(): Promise<void> {
    for (const [shard, entries] of this.stored) {
      const used = this.used.get(shard);
      if (!used || used.size !== entries.size) this.changed.add(shard);
    }
    await mkdir(this.dir, { recursive: true }).catch(() => {});
    for (const shard of [...this.changed].sort()) {
      const path = join(this.dir, `${shard}.json`);
      const used = this.used.get(shard);
      if (!used) {
        await rm(path, { force: true }).catch(() => {});
        continue;
      }
      const payload = JSON.stringify(Object.fromEntries(used));
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, `${checksumOf(payload)}\n${payload}`)
        .then(() => rename(temporary, path))
        .catch(() => rm(temporary, { force: true }).catch(() => {}));
    }
  }
}

/** What a thread's words are read from: its title and its posts' bodies. Packed posts (the loader's)
 *  give their bodies as the packed bytes' digest, which page fingerprints share, and each body's range
 *  in them (a body's JSON is its range of those bytes); others give each body's JSON. */
function keyOf(version: string, titleWeight: number, thread: Thread): string {
  const hash = createHash("sha256").update(version).update(`\u0000${titleWeight}\u0000${thread.title.length}\u0000`);
  hash.update(thread.title);
  const forms = packedFormsOf(thread.posts);
  if (forms) {
    hash.update(`\u0000packed\u0000${forms.length}\u0000`).update(packedDigestOf(forms[0]!.packed));
    for (const { ranges } of forms) hash.update(`\u0000${ranges[0]}\u0000${ranges[1]}`);
  } else {
    for (const part of thread.posts.map(bodyJsonOf)) hash.update(`\u0000${part.length}\u0000`).update(part);
  }
  return hash.digest("hex");
}

/** A shard's entries, or undefined when it cannot be read whole. */
function readShard(path: string): Map<string, Entry> | undefined {
  try {
    const text = readFileSync(path, "utf8");
    const newline = text.indexOf("\n");
    const payload = text.slice(newline + 1);
    if (newline <= 0 || text.slice(0, newline) !== checksumOf(payload)) return undefined;
    return new Map(Object.entries(JSON.parse(payload) as Record<string, Entry>));
  } catch {
    return undefined;
  }
}
