// Each thread's written words (similar-vectors.ts, writtenWords: the first and largest pass of
// similar threads) kept between builds (issue 15), keyed by the code (one version for the whole
// file), the title weight, the title and the posts digest (content-digest.ts), which covers every
// byte of the post bodies the words are read from (and the posts' other fields: a changed author is
// a miss, never a wrong hit). A rebuild after one dump changed reads the words of every other thread
// here; the vectors, whose weights depend on the whole archive, and the neighbours are then computed
// from all of them as a clean build does, so the result is the same.
//
// The entries are one checked file (cache-file.ts) of numbers: every kept word once in one vocabulary,
// and each thread's words as indexes into it with their counts, read as typed arrays over the file's
// bytes. Pass 1 of the vectors then looks each vocabulary word up once a build, not once a thread
// (issue 15: a JSON file of word lists a shard was ~150 ms of a 10,000-thread rebuild to parse, and
// its ~1.5 M new strings as many Map look-ups). A damaged or missing file only means every thread's
// words are read afresh.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import type { Thread } from "../model.ts";
import { checkedPayloadOf, writeCheckedFile } from "./cache-file.ts";
import { CACHE_ROOT, codeVersion } from "./cache-version.ts";
import { postsDigestOf } from "./content-digest.ts";
import { type IndexedWords, type WrittenWords, type WrittenWordsSource, writtenWords } from "./similar-vectors.ts";

const FILE_NAME = "words.bin";
/** First number of the file: its layout, and that it was written by a machine of this byte order. */
const LAYOUT_MARK = 0x53570001;
const HEADER_NUMBERS = 6;
/** The file is written again once more than 1 of this many of its entries are missing or unused. */
const REWRITE_SHARE = 128;

/** The kept entries of a file: thread `at`'s words are ids[offsets[at]] … ids[offsets[at + 1] - 1]. */
interface StoredWords {
  vocabulary: string[];
  entryOf: Map<string, number>;
  offsets: Int32Array;
  ids: Int32Array;
  counts: Int32Array;
}

/** A kept entry: the index of a stored one, or words read afresh this build. */
type Kept = number | WrittenWords;

export class SimilarWordsCache implements WrittenWordsSource {
  hits = 0;
  misses = 0;
  private readonly kept = new Map<string, Kept>();

  private constructor(
    private readonly dir: string,
    private readonly version: string,
    private readonly stored: StoredWords | undefined,
  ) {}

  /** The cache under `root` (default: the working folder's), its file read now. */
  static async open(root: string = CACHE_ROOT): Promise<SimilarWordsCache> {
    const dir = join(root, "similar-words");
    const version = await codeVersion();
    return new SimilarWordsCache(dir, version, readStored(join(dir, FILE_NAME), version));
  }

  writtenOf(thread: Thread, titleWeight: number): WrittenWords | IndexedWords {
    const key = keyOf(titleWeight, thread);
    const stored = this.stored;
    const at = stored?.entryOf.get(key);
    if (stored !== undefined && at !== undefined) {
      this.hits++;
      this.kept.set(key, at);
      const start = stored.offsets[at]!;
      const end = stored.offsets[at + 1]!;
      // Read only: views of the file's numbers, kept as they are for the next build.
      return {
        vocabulary: stored.vocabulary,
        ids: stored.ids.subarray(start, end),
        counts: stored.counts.subarray(start, end),
      };
    }
    this.misses++;
    const written = writtenWords(thread, titleWeight);
    // The file holds counts as 32-bit integers (a whole title weight gives whole counts): others are never kept.
    if (written.counts.every((count) => count === (count | 0))) this.kept.set(key, written);
    return written;
  }

  /** Writes the file again, with only this build's entries, when they differ from the ones it holds by
   *  more than a small share (REWRITE_SHARE): the whole file is written at once (~90 ms at 10,000
   *  threads), and a rebuild after adding a dump misses a thread or two. Until then the next build reads
   *  those few threads' words afresh again (well under a millisecond each), and the file keeps the
   *  entries no longer used: keyed by what the words are read from, they are never a wrong hit. */
  async save(): Promise<void> {
    const stored = this.stored;
    let fresh = 0;
    for (const kept of this.kept.values()) if (typeof kept !== "number") fresh++;
    const unused = stored === undefined ? 0 : stored.entryOf.size - (this.kept.size - fresh);
    if (stored !== undefined && (fresh + unused) * REWRITE_SHARE <= stored.entryOf.size) return;
    const path = join(this.dir, FILE_NAME);
    const payload = packed(this.version, this.kept, stored);
    writeCheckedFile(this.dir, path, `${path}.${process.pid}.${threadId}.tmp`, payload);
    removeFormerShards(this.dir);
  }
}

/** The file's entries, or undefined when it is missing, damaged, of another layout or another code's. */
function readStored(path: string, version: string): StoredWords | undefined {
  try {
    const checked = checkedPayloadOf(readFileSync(path));
    if (checked === undefined) return undefined;
    // Typed arrays need their bytes aligned: a copy when the payload is not.
    const payload = checked.byteOffset % 4 === 0 ? checked : Buffer.from(new Uint8Array(checked));
    const header = new Int32Array(payload.buffer, payload.byteOffset, HEADER_NUMBERS);
    if (header[0] !== LAYOUT_MARK) return undefined;
    const vocabularySize = header[1]!;
    const vocabularyBytes = header[2]!;
    const entries = header[3]!;
    const total = header[4]!;
    const keyBytes = header[5]!;
    let at = HEADER_NUMBERS * 4;
    const text = payload.toString("utf8", at, at + vocabularyBytes);
    const vocabulary = vocabularySize === 0 ? [] : text.split("\n");
    at += padded(vocabularyBytes);
    const [writer, ...keys] = JSON.parse(payload.toString("utf8", at, at + keyBytes)) as string[];
    if (writer !== version || keys.length !== entries) return undefined;
    const entryOf = new Map<string, number>();
    keys.forEach((key, entry) => entryOf.set(key, entry));
    at += padded(keyBytes);
    const numbers = (length: number): Int32Array => {
      const view = new Int32Array(payload.buffer, payload.byteOffset + at, length);
      at += length * 4;
      return view;
    };
    const offsets = numbers(entries + 1);
    const ids = numbers(total);
    const counts = numbers(total);
    if (vocabulary.length !== vocabularySize || at !== payload.length || offsets[entries] !== total) return undefined;
    // The checksum tells damage, not a file some other writer made: every number must point inside.
    if (!withinBounds(offsets, ids, vocabularySize)) return undefined;
    return { vocabulary, entryOf, offsets, ids, counts };
  } catch {
    return undefined;
  }
}

const padded = (bytes: number) => Math.ceil(bytes / 4) * 4;

/** Whether the entries' offsets start at 0 and never fall (the last is checked against the ids' count
 *  already) and every word id is one of the vocabulary's. */
function withinBounds(offsets: Int32Array, ids: Int32Array, vocabularySize: number): boolean {
  if (offsets[0] !== 0) return false;
  for (let entry = 1; entry < offsets.length; entry++) if (offsets[entry]! < offsets[entry - 1]!) return false;
  for (let i = 0; i < ids.length; i++) if (ids[i]! < 0 || ids[i]! >= vocabularySize) return false;
  return true;
}

/** The file's bytes for the `kept` entries: the vocabulary holds only the words they use, the stored
 *  ones first met (a stored word is found by its id, a fresh one by a map made only when needed). */
function packed(version: string, kept: Map<string, Kept>, stored: StoredWords | undefined): Uint8Array {
  const former = stored?.vocabulary ?? [];
  const renumbered = new Int32Array(former.length).fill(-1);
  const vocabulary: string[] = [];
  let formerIdOf: Map<string, number> | undefined;
  const freshIdOf = new Map<string, number>();
  const idOfFormer = (id: number): number => {
    if (renumbered[id]! < 0) renumbered[id] = vocabulary.push(former[id]!) - 1;
    return renumbered[id]!;
  };
  const idOfWord = (word: string): number => {
    formerIdOf ??= new Map(former.map((known, id) => [known, id]));
    const id = formerIdOf.get(word);
    if (id !== undefined) return idOfFormer(id);
    let fresh = freshIdOf.get(word);
    if (fresh === undefined) freshIdOf.set(word, (fresh = vocabulary.push(word) - 1));
    return fresh;
  };
  let total = 0;
  for (const entry of kept.values()) {
    total += typeof entry === "number" ? stored!.offsets[entry + 1]! - stored!.offsets[entry]! : entry.words.length;
  }
  const offsets = new Int32Array(kept.size + 1);
  const ids = new Int32Array(total);
  const counts = new Int32Array(total);
  let at = 0;
  let entryIndex = 0;
  for (const entry of kept.values()) {
    if (typeof entry === "number") {
      for (let from = stored!.offsets[entry]!; from < stored!.offsets[entry + 1]!; from++, at++) {
        ids[at] = idOfFormer(stored!.ids[from]!);
        counts[at] = stored!.counts[from]!;
      }
    } else {
      for (let word = 0; word < entry.words.length; word++, at++) {
        ids[at] = idOfWord(entry.words[word]!);
        counts[at] = entry.counts[word]!;
      }
    }
    offsets[++entryIndex] = at;
  }
  const text = Buffer.from(vocabulary.join("\n"));
  // The keys as JSON: a title may hold any character (a lone surrogate too), and JSON gives each back as it was.
  const keys = Buffer.from(JSON.stringify([version, ...kept.keys()]));
  const header = Int32Array.of(LAYOUT_MARK, vocabulary.length, text.length, kept.size, total, keys.length);
  const bytesOf = (numbers: Int32Array) => new Uint8Array(numbers.buffer, numbers.byteOffset, numbers.byteLength);
  return Buffer.concat([
    bytesOf(header),
    text,
    Buffer.alloc(padded(text.length) - text.length),
    keys,
    Buffer.alloc(padded(keys.length) - keys.length),
    bytesOf(offsets),
    bytesOf(ids),
    bytesOf(counts),
  ]);
}

/** The files of the former layout (a JSON file of word lists a first hex digit pair), left by an older build. */
function removeFormerShards(dir: string): void {
  try {
    for (const name of readdirSync(dir)) if (/^[0-9a-f]{2}\.json$/.test(name)) rmSync(join(dir, name), { force: true });
  } catch {
    // only a cache
  }
}

/** What a thread's words are read from: its title and its posts' bodies, which the posts digest covers.
 *  A rebuild's threads read from the assembled-thread cache carry their digest, so their keys hash no
 *  post text (hashing each thread's packed bytes was ~60 ms of a rebuild's 2,000 threads). The key is
 *  these themselves, not a hash of them (a SHA-256 a thread was ~50 ms of a 10,000-thread build). */
function keyOf(titleWeight: number, thread: Thread): string {
  return `${postsDigestOf(thread.posts).toString("hex")}\u0000${titleWeight}\u0000${thread.title}`;
}
