// Each thread's share of the search index kept between builds (issue 15, item 4): per post its
// docs/ row and, per field, its terms after the pipeline with their frequencies and the field's
// length, keyed by a hash of the code and exactly what they are computed from (title, and per post
// number, author, dates and body). A rebuild after one dump changed tokenizes and stems only the
// threads whose key is new; the others are added from here (PostingsBuilder#addTerms), which gives
// the term indexes, field lengths and postings their text gives, so every file is the same as a
// clean build's. What depends on the whole archive (idf, average lengths, shards, docs/ files) is
// computed again from these. Entries are kept in cache-shards.ts's files: a damaged or missing file
// only means its threads are indexed afresh.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { CacheShards, type ShardFormat } from "../archive/cache-shards.ts";
import { CACHE_ROOT, codeVersion } from "../archive/cache-version.ts";
import { postsDigestOf } from "../archive/content-digest.ts";
import type { Thread } from "../model.ts";
import { fieldsIn, type PostsTerms } from "./posts-terms.ts";
import { TermIds, writeTermIds } from "./term-ids.ts";

/** A thread's entry: per post its docs/ row, and its posts' terms (PostingsBuilder#addRecorded). */
export interface ThreadEntry extends PostsTerms {
  rows: string[];
}

/**
 * What a thread's entry is computed from, as one hash: its title and its posts digest
 * (archive/content-digest.ts), which covers every field the index reads of a post (number, author,
 * dates, body) and a few more, from the packed bytes' digest taken once a build and shared with the
 * similar-words cache and the page fingerprints; a rebuild has it from the assembled-thread cache.
 * Taken in the main thread, which holds the packed threads: the search worker is sent it (worker.ts).
 */
export function threadContentKey(thread: Pick<Thread, "title" | "posts">): string {
  return createHash("sha1")
    .update(`${thread.title.length}\u0000${thread.title}\u0000`)
    .update(postsDigestOf(thread.posts))
    .digest("hex");
}

/** A thread's key: the code's version and its content key (threadContentKey). */
export function threadKey(version: string, contentKey: string): string {
  return createHash("sha1").update(`${version}\u0000${contentKey}`).digest("hex");
}

/** An entry as read back: its rows as their bytes in the file (UTF-8, never decoded: they go into
 *  docs/ files as they are), and its terms, or their ids in `SearchThreadCache#lexicon` (term-ids.ts)
 *  when the last build kept them: its terms' line is then not read. Its `fields` are read into an array
 *  the cache reuses: they hold until its next `has` or `get`, and are added to the postings before. */
export type CachedEntry = { rows: Buffer[]; fields: ArrayLike<number> } & (
  | { terms: string[]; ids?: undefined }
  | { terms?: undefined; ids: Int32Array }
);
/** With how many (post, field) pairs its terms hold (fieldsIn; undefined: not whole). */
type ReadEntry = CachedEntry & { fieldCount: number | undefined };

/** Whether `entry` has the shape of a thread of `posts` posts (a file of another code is never
 *  read: the key holds the code's version; this guards against a hand-edited one). */
function fits(entry: ReadEntry | undefined, posts: number, fieldCount: number): entry is ReadEntry {
  return entry !== undefined && entry.rows.length === posts && entry.fieldCount === posts * fieldCount;
}

/** An entry as its lines' bytes in a shard file (see entryText): kept as read, parsed only when used,
 *  so neither a rebuild nor a clean build holds every thread's terms as objects. Bytes, not text: the
 *  files are ~80 MB at 10,000 threads, two thirds of it docs/ rows, and a few non-ASCII characters
 *  made their decoding V8's two-byte strings (~0.4 s a rebuild); only the terms' line is decoded. */
type EntryBytes = Buffer;

const NEWLINE = 0x0a;
const LINE_BREAK = Buffer.from("\n");

/** A file's entries as their lines, one after another (see entryText); `keys` gains those of each
 *  file read whole. */
const formatOf = (keys: string[]): ShardFormat<EntryBytes> => ({
  extension: ".txt",
  parse: (payload) => {
    const entries = entriesOf(payload);
    keys.push(...entries.keys());
    return entries;
  },
  serialize: (entries) =>
    Buffer.concat([...entries.values()].flatMap((entry, i) => (i === 0 ? [entry] : [LINE_BREAK, entry]))),
});

export class SearchThreadCache {
  hits = 0;
  misses = 0;
  /** The last entry `has` found, parsed: `get` asks for it next. */
  private checked: { key: string; entry: ReadEntry } | undefined;

  /** Each thread's term indexes this build (PostingsBuilder#addTerms), by key, for the next (term-ids.ts). */
  private readonly termIndexes = new Map<string, Int32Array>();
  /** This build's terms by index, once every thread is added. */
  private termList: readonly string[] | undefined;

  private constructor(
    private readonly shards: CacheShards<EntryBytes>,
    readonly version: string,
    /** The keys of the entries a former build kept (some may yet prove unusable: see `has`). */
    readonly keys: readonly string[],
    private readonly termIds: TermIds,
    private readonly termIdsPath: string,
  ) {}

  /** The cache under `root` (default: the working folder's), its files read now; `version`: the
   *  code's (codeVersion), when the caller has it. */
  static async open(root: string = CACHE_ROOT, version?: string): Promise<SearchThreadCache> {
    const keys: string[] = [];
    const dir = join(root, "search");
    const shards = new CacheShards(dir, formatOf(keys));
    // Beside the shards' files, which CacheShards tells by their names ("00.txt"…).
    const termIdsPath = join(dir, TERM_IDS_FILE);
    const termIds = TermIds.read(termIdsPath);
    return new SearchThreadCache(shards, version ?? (await codeVersion()), keys, termIds, termIdsPath);
  }

  /** The terms an entry's ids name (CachedEntry). */
  get lexicon(): readonly string[] {
    return this.termIds.terms;
  }

  /** The term index, this build, of each of the terms of the thread kept under `key` (addTerms gives them). */
  noteTerms(key: string, termIndexes: Int32Array): void {
    this.termIndexes.set(key, termIndexes);
  }

  /** This build's terms by index, once every thread is added: what the noted term indexes name. */
  noteTermList(terms: readonly string[]): void {
    this.termList = terms;
  }

  /** Whether `get` will give an entry for `key`: the search worker asks before it indexes a thread
   *  it was sent without its posts (worker.ts), and has them sent when not. */
  has(key: string, posts: number, fieldCount: number): boolean {
    const entry = this.parsed(key);
    if (!fits(entry, posts, fieldCount)) return false;
    this.checked = { key, entry };
    return true;
  }

  /** The entry kept under `key` for a thread of `posts` posts, or undefined (the thread is indexed afresh). */
  get(key: string, posts: number, fieldCount: number): CachedEntry | undefined {
    const bytes = this.shards.former(key);
    const entry = this.parsed(key);
    if (!fits(entry, posts, fieldCount)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.shards.keep(key, bytes!, false);
    return entry;
  }

  private parsed(key: string): ReadEntry | undefined {
    const checked = this.checked;
    this.checked = undefined;
    if (checked?.key === key) return checked.entry;
    const bytes = this.shards.former(key);
    return bytes === undefined ? undefined : parseEntry(bytes, this.termIds.idsOf(key));
  }

  /** Keeps `entry` under `key` (computed this build); returns its rows as their UTF-8 bytes, views of the
   *  kept entry's, which docs/ files take as they are: each row is encoded once, not again there. */
  set(key: string, entry: ThreadEntry): Buffer[] {
    const bytes = Buffer.from(entryText(key, entry));
    this.shards.keep(key, bytes, true);
    // The rows are the entry's last lines (entryText), each without a line break of its own.
    const rows: Buffer[] = [];
    let start = bytes.length + 1;
    for (let row = entry.rows.length; row > 0; row--) {
      const end = start - 1;
      start = bytes.lastIndexOf(NEWLINE, end - 1) + 1;
      rows.push(bytes.subarray(start, end));
    }
    return rows.reverse();
  }

  /** Writes the files whose entries changed (see CacheShards#save), and every thread's term ids when
   *  this build's terms were noted. */
  async save(): Promise<void> {
    this.shards.save();
    if (this.termList) writeTermIds(this.termIdsPath, this.termList, this.termIndexes);
  }
}

/**
 * An entry's lines in a shard file: its key and number of rows, its terms (JSON: V8's parse makes
 * them strings its Maps find at once), its fields' numbers (PostsTerms) as base-32 digits (uintsText:
 * read into one typed array, where a JSON array a field made ~85,000 arrays a rebuild at 2,000
 * threads), then its rows, one a line (JSON text, which holds no line break). The rows stay the
 * strings they are: no second escaping when written, no parsing when read. A shard file is its entries' lines.
 */
function entryText(key: string, { rows, terms, fields }: ThreadEntry): string {
  return [`${key} ${rows.length}`, JSON.stringify(terms), uintsText(fields), ...rows].join("\n");
}

/** The file of every thread's term ids (term-ids.ts), in the cache's folder. */
const TERM_IDS_FILE = "term-ids.bin";

/** The entry of its lines' bytes (entryText), or undefined when they are not one; with `ids`, the ids
 *  of its terms (term-ids.ts), its terms' line is left unread. */
function parseEntry(bytes: EntryBytes, ids?: Int32Array): ReadEntry | undefined {
  // Where each line ends, as String#split would cut the entry's text.
  const ends: number[] = [];
  for (let at = 0; ; ) {
    const end = bytes.indexOf(NEWLINE, at);
    ends.push(end === -1 ? bytes.length : end);
    if (end === -1) break;
    at = end + 1;
  }
  if (ends.length < 2) return undefined;
  const fields = ends.length < 3 ? new Int32Array(0) : uintsOf(bytes, ends[1]! + 1, ends[2]!);
  if (fields === undefined) return undefined;
  const rows: Buffer[] = [];
  for (let line = 3; line < ends.length; line++) rows.push(bytes.subarray(ends[line - 1]! + 1, ends[line]!));
  if (ids) return { rows, ids, fields, fieldCount: fieldsIn({ terms: ids, fields }) };
  let terms: unknown;
  try {
    terms = JSON.parse(bytes.toString("utf8", ends[0]! + 1, ends[1]!));
  } catch {
    return undefined;
  }
  if (!Array.isArray(terms)) return undefined;
  const entry = { rows, terms: terms as string[], fields };
  return { ...entry, fieldCount: fieldsIn(entry) };
}

/** A number's last digit (its low five bits), and each digit before it: base 32, most significant first. */
const LAST_DIGITS = "0123456789abcdefghijklmnopqrstuv";
const DIGITS = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
const LAST_DIGIT_CODES = Buffer.from(LAST_DIGITS, "latin1");
const DIGIT_CODES = Buffer.from(DIGITS, "latin1");
/** Each character's digit: 0-31 a last digit, 32-63 one before it, -1 none. */
const DIGIT_OF = new Int8Array(128).fill(-1);
for (let d = 0; d < 32; d++) {
  DIGIT_OF[LAST_DIGITS.charCodeAt(d)] = d;
  DIGIT_OF[DIGITS.charCodeAt(d)] = 32 + d;
}

/** Non-negative integers below 2^31 as their digits (most are one: places and frequencies are small),
 *  written as bytes: a clean build writes every thread's (~2 million numbers at 2,000 threads). */
function uintsText(values: ArrayLike<number>): string {
  const out = Buffer.allocUnsafe(values.length * 7); // 7 digits hold 2^35
  let used = 0;
  for (let i = 0; i < values.length; i++) {
    const n = values[i]!;
    if (n < 32) {
      out[used++] = LAST_DIGIT_CODES[n]!;
      continue;
    }
    let digits = 1;
    for (let rest = n >>> 5; rest > 0; rest >>>= 5) digits++;
    let at = used + digits - 1;
    out[at--] = LAST_DIGIT_CODES[n & 31]!;
    for (let rest = n >>> 5; rest > 0; rest >>>= 5) out[at--] = DIGIT_CODES[rest & 31]!;
    used += digits;
  }
  return out.toString("latin1", 0, used);
}

/** Where uintsOf reads numbers into: one array for every entry, not one each (~43 MB of arrays, zeroed,
 *  a rebuild at 10,000 threads, for numbers that are added to the postings at once). */
let numbers = new Int32Array(1 << 16);

/** uintsText's numbers in `bytes` from `start` to `end`, or undefined when they are not such digits
 *  (or a number passes 2^31): a view of `numbers`, which the next call overwrites. */
function uintsOf(bytes: Uint8Array, start: number, end: number): Int32Array | undefined {
  if (numbers.length < end - start) numbers = new Int32Array(Math.max(end - start, numbers.length * 2));
  const values = numbers;
  let count = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const code = bytes[i]!;
    const digit = code < 128 ? DIGIT_OF[code]! : -1;
    if (digit === -1 || value >= 1 << 26) return undefined;
    if (digit < 32) {
      values[count++] = value * 32 + digit;
      value = 0;
      digits = 0;
    } else {
      value = value * 32 + digit - 32;
      digits++;
    }
  }
  return digits === 0 ? values.subarray(0, count) : undefined;
}

/** A shard's entries by key, each its lines' bytes (views of the file's bytes: not copied). */
function entriesOf(payload: Buffer): Map<string, EntryBytes> {
  const entries = new Map<string, EntryBytes>();
  for (let start = 0; start < payload.length; ) {
    const headEnd = payload.indexOf(NEWLINE, start);
    if (headEnd === -1) throw new Error("a cut entry");
    const [key, count] = payload.toString("latin1", start, headEnd).split(" ");
    let end = headEnd;
    for (let line = 0; line < 2 + Number(count) && end !== -1; line++) end = payload.indexOf(NEWLINE, end + 1);
    if (end === -1) end = payload.length;
    if (!key || !Number.isSafeInteger(Number(count))) throw new Error("a cut entry");
    entries.set(key, payload.subarray(start, end));
    start = end + 1;
  }
  return entries;
}
