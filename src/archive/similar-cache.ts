// Each thread's written words (similar-vectors.ts, writtenWords: the first and largest pass of
// similar threads) kept between builds (issue 15), keyed by a hash of the code, the title weight and
// exactly what the words are read from (title and post bodies). A rebuild after one dump changed
// reads the words of every other thread here; the vectors, whose weights depend on the whole
// archive, and the neighbours are then computed from all of them as a clean build does, so the
// result is the same. Entries are kept in cache-shards.ts's files: a damaged or missing file only
// means its threads' words are read afresh.
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { Thread } from "../model.ts";
import { CacheShards, type ShardFormat } from "./cache-shards.ts";
import { CACHE_ROOT, codeVersion } from "./cache-version.ts";
import { packedDigestOf, packedFormsOf } from "./content-digest.ts";
import { bodyJsonOf } from "./packed-bodies.ts";
import { type WrittenWordsSource, writtenWords } from "./similar-vectors.ts";

/** A thread's words and their counts, in the order they first occur (which decides float sums later). */
type Entry = [words: string[], counts: number[]];

/** Entries of a file as one JSON object by key. */
const FORMAT: ShardFormat<Entry> = {
  extension: ".json",
  parse: (payload) => new Map(Object.entries(JSON.parse(payload) as Record<string, Entry>)),
  serialize: (entries) => JSON.stringify(Object.fromEntries(entries)),
};

export class SimilarWordsCache implements WrittenWordsSource {
  hits = 0;
  misses = 0;

  private constructor(
    private readonly shards: CacheShards<Entry>,
    private readonly version: string,
  ) {}

  /** The cache under `root` (default: the working folder's), its files read now. */
  static async open(root: string = CACHE_ROOT): Promise<SimilarWordsCache> {
    return new SimilarWordsCache(new CacheShards(join(root, "similar-words"), FORMAT), await codeVersion());
  }

  writtenOf(thread: Thread, titleWeight: number): Map<string, number> {
    const key = keyOf(this.version, titleWeight, thread);
    let entry = this.shards.former(key);
    const computed = entry === undefined;
    if (entry) this.hits++;
    else {
      this.misses++;
      const written = writtenWords(thread, titleWeight);
      entry = [[...written.keys()], [...written.values()]];
    }
    this.shards.keep(key, entry, computed);
    const [words, counts] = entry;
    return new Map(words.map((word, at) => [word, counts[at]!]));
  }

  /** Writes the files whose entries changed (see CacheShards#save). */
  async save(): Promise<void> {
    this.shards.save();
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
