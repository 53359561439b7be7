// Each thread's written words (similar-vectors.ts, writtenWords: the first and largest pass of
// similar threads) kept between builds (issue 15), keyed by a hash of the code, the title weight, the
// title and the posts digest (content-digest.ts), which covers every byte of the post bodies the words
// are read from (and the posts' other fields: a changed author is a miss, never a wrong hit). A
// rebuild after one dump changed reads the words of every other thread here; the vectors, whose
// weights depend on the whole archive, and the neighbours are then computed from all of them as a
// clean build does, so the result is the same. Entries are kept in cache-shards.ts's files: a
// damaged or missing file only means its threads' words are read afresh.
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { Thread } from "../model.ts";
import { CacheShards, type ShardFormat } from "./cache-shards.ts";
import { CACHE_ROOT, codeVersion } from "./cache-version.ts";
import { postsDigestOf } from "./content-digest.ts";
import { type WrittenWords, type WrittenWordsSource, writtenWords } from "./similar-vectors.ts";

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

  writtenOf(thread: Thread, titleWeight: number): WrittenWords {
    const key = keyOf(this.version, titleWeight, thread);
    let entry = this.shards.former(key);
    const computed = entry === undefined;
    if (entry) this.hits++;
    else {
      this.misses++;
      const { words, counts } = writtenWords(thread, titleWeight);
      entry = [[...words], [...counts]];
    }
    this.shards.keep(key, entry, computed);
    // Read only: the entry stays kept as it is for the next build.
    return { words: entry[0], counts: entry[1] };
  }

  /** Writes the files whose entries changed (see CacheShards#save). */
  async save(): Promise<void> {
    this.shards.save();
  }
}

/** What a thread's words are read from: its title and its posts' bodies, which the posts digest covers.
 *  A rebuild's threads read from the assembled-thread cache carry their digest, so their keys hash no
 *  post text (hashing each thread's packed bytes was ~60 ms of a rebuild's 2,000 threads). */
function keyOf(version: string, titleWeight: number, thread: Thread): string {
  return createHash("sha256")
    .update(version)
    .update(`\u0000${titleWeight}\u0000${thread.title.length}\u0000`)
    .update(thread.title)
    .update(postsDigestOf(thread.posts))
    .digest("hex");
}
