// Each thread's share of the search index kept between builds (issue 15, item 4): per post its
// docs/ row and, per field, its terms after the pipeline with their frequencies and the field's
// length, keyed by a hash of the code and exactly what they are computed from (title, and per post
// number, author, dates and body). A rebuild after one dump changed tokenizes and stems only the
// threads whose key is new; the others are added from here (PostingsBuilder#addTerms), which gives
// the term indexes, field lengths and postings their text gives, so every file is the same as a
// clean build's. What depends on the whole archive (idf, average lengths, shards, docs/ files) is
// computed again from these. Entries are kept in files by the first two hex digits of their key,
// each with a checksum: a damaged or missing file only means its threads are indexed afresh.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { CACHE_ROOT, codeVersion } from "../archive/cache-version.ts";
import { packedDigestOf, packedFormsOf } from "../archive/content-digest.ts";
import { bodyJsonOf } from "../archive/packed-bodies.ts";
import type { Thread } from "../model.ts";
import type { PostsTerms } from "./postings.ts";

/** What a post's docs/ row and postings are computed from: number, author's name, postedAt,
 *  postedAtText, body as JSON (the tuple the search worker is sent). */
export type SearchPostData = [number, string, string, string, string];

/** A thread's entry: per post its docs/ row, and its posts' terms (PostingsBuilder#addRecorded). */
export interface ThreadEntry extends PostsTerms {
  rows: string[];
}

const checksumOf = (text: string) => createHash("sha1").update(text).digest("base64url");
const shardOf = (key: string) => key.slice(0, 2);

/** What a post's docs/ row and postings are computed from, as the search worker is sent it. */
export function searchPostData(thread: Thread): SearchPostData[] {
  return thread.posts.map((post) => [
    post.number,
    post.author.name,
    post.postedAt,
    post.postedAtText,
    bodyJsonOf(post),
  ]);
}

/**
 * What a thread's entry is computed from, as one hash: its title and per post number, author's name,
 * dates and body, each part with its length first. Bodies of packed posts (the loader's) are the
 * packed bytes' digest, taken once a build and shared with the similar-words cache and the page
 * fingerprints (archive/content-digest.ts), and each body's range in them (a body's JSON is its
 * range of the bytes); others are their JSON. Taken in the main thread, which holds the packed
 * threads: the search worker is sent it (worker.ts).
 */
export function threadContentKey(thread: Pick<Thread, "title" | "posts">): string {
  const hash = createHash("sha1").update(`${thread.title.length}\u0000${thread.title}`);
  const forms = packedFormsOf(thread.posts);
  if (forms) hash.update("\u0000packed\u0000").update(packedDigestOf(forms[0]!.packed));
  thread.posts.forEach((post, index) => {
    const { number, author, postedAt, postedAtText } = post;
    hash.update(
      `\u0000${number}\u0000${author.name.length}\u0000${author.name}\u0000${postedAt.length}\u0000${postedAt}`,
    );
    hash.update(`\u0000${postedAtText.length}\u0000${postedAtText}`);
    const range = forms?.[index]?.ranges;
    if (range) hash.update(`\u0000${range[0]}\u0000${range[1]}`);
    else {
      const body = bodyJsonOf(post);
      hash.update(`\u0000${body.length}\u0000`).update(body);
    }
  });
  return hash.digest("hex");
}

/** A thread's key: the code's version and its content key (threadContentKey). */
export function threadKey(version: string, contentKey: string): string {
  return createHash("sha1").update(`${version}\u0000${contentKey}`).digest("hex");
}

/** Whether `entry` has the shape of a thread of `posts` posts (a file of another code is never
 *  read: the key holds the code's version; this guards against a hand-edited one). */
function fits(entry: ThreadEntry | undefined, posts: number, fieldCount: number): entry is ThreadEntry {
  return (
    entry !== undefined &&
    Array.isArray(entry.rows) &&
    Array.isArray(entry.terms) &&
    Array.isArray(entry.fields) &&
    entry.rows.length === posts &&
    entry.fields.length === posts * fieldCount
  );
}

/** An entry as its lines in a shard file (see shardText): kept as text, parsed only when used, so
 *  neither a rebuild nor a clean build holds every thread's terms as objects. */
type EntryText = string;

export class SearchThreadCache {
  private readonly stored = new Map<string, Map<string, EntryText>>();
  private readonly used = new Map<string, Map<string, EntryText>>();
  /** Shards that gain an entry or lose one this build: only they are written again. */
  private readonly changed = new Set<string>();
  hits = 0;
  misses = 0;

  private constructor(
    private readonly dir: string,
    readonly version: string,
  ) {}

  /** The cache under `root` (default: the working folder's), its files read now. */
  static async open(root: string = CACHE_ROOT): Promise<SearchThreadCache> {
    const cache = new SearchThreadCache(join(root, "search"), await codeVersion());
    let names: string[] = [];
    try {
      names = readdirSync(cache.dir);
    } catch {
      // no cache yet
    }
    for (const name of names) {
      if (!/^[0-9a-f]{2}\.txt$/.test(name)) continue;
      const entries = readShard(join(cache.dir, name));
      const shard = name.slice(0, 2);
      if (entries) cache.stored.set(shard, entries);
      else cache.changed.add(shard);
    }
    return cache;
  }

  /** The entry kept under `key` for a thread of `posts` posts, or undefined (the thread is indexed afresh). */
  get(key: string, posts: number, fieldCount: number): ThreadEntry | undefined {
    const text = this.stored.get(shardOf(key))?.get(key);
    const entry = text === undefined ? undefined : parseEntry(text);
    if (!fits(entry, posts, fieldCount)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.use(key, text!);
    return entry;
  }

  /** Keeps `entry` under `key` (computed this build). */
  set(key: string, entry: ThreadEntry): void {
    this.changed.add(shardOf(key));
    this.use(key, entryText(key, entry));
  }

  private use(key: string, text: EntryText): void {
    const shard = shardOf(key);
    let used = this.used.get(shard);
    if (!used) this.used.set(shard, (used = new Map()));
    used.set(key, text);
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
      const path = join(this.dir, `${shard}.txt`);
      const used = this.used.get(shard);
      if (!used) {
        await rm(path, { force: true }).catch(() => {});
        continue;
      }
      const payload = [...used.values()].join("\n");
      // Another build (or test) may write the same cache at once: each through its own temporary file.
      // Synchronous: one call each, where the thread pool would hand the file over in chunks.
      const temporary = `${path}.${process.pid}.${threadId}.tmp`;
      try {
        writeFileSync(temporary, `${checksumOf(payload)}\n${payload}`);
        renameSync(temporary, path);
      } catch {
        rmSync(temporary, { force: true });
      }
    }
  }
}

/**
 * An entry's lines in a shard file: its key and number of rows, its terms and its fields (JSON),
 * then its rows, one a line (JSON text, which holds no line break). The rows stay the strings they
 * are: no second escaping when written, no parsing when read. A shard file is its entries' lines.
 */
function entryText(key: string, { rows, terms, fields }: ThreadEntry): EntryText {
  return [`${key} ${rows.length}`, JSON.stringify(terms), JSON.stringify(fields), ...rows].join("\n");
}

function parseEntry(text: EntryText): ThreadEntry | undefined {
  try {
    const lines = text.split("\n");
    return { rows: lines.slice(3), terms: JSON.parse(lines[1]!), fields: JSON.parse(lines[2]!) };
  } catch {
    return undefined;
  }
}

/** A shard's entries by key, each its lines (slices of the file's text: not copied). */
function entriesOf(payload: string): Map<string, EntryText> {
  const entries = new Map<string, EntryText>();
  for (let start = 0; start < payload.length; ) {
    const headEnd = payload.indexOf("\n", start);
    const [key, count] = payload.slice(start, headEnd).split(" ");
    let end = headEnd;
    for (let line = 0; line < 2 + Number(count) && end !== -1; line++) end = payload.indexOf("\n", end + 1);
    if (end === -1) end = payload.length;
    if (!key || headEnd === -1 || !Number.isSafeInteger(Number(count))) throw new Error("a cut entry");
    entries.set(key, payload.slice(start, end));
    start = end + 1;
  }
  return entries;
}

/** A shard's entries, or undefined when it cannot be read whole. */
function readShard(path: string): Map<string, EntryText> | undefined {
  try {
    const text = readFileSync(path, "utf8");
    const newline = text.indexOf("\n");
    const payload = text.slice(newline + 1);
    if (newline <= 0 || text.slice(0, newline) !== checksumOf(payload)) return undefined;
    return entriesOf(payload);
  } catch {
    return undefined;
  }
}
