// The files of the search index, which the browser fetches on demand:
//   manifest.json      fields, pipelines, shard ranges, thread sizes (loaded first)
//   shards/N.json      a range of terms: per term its lunr term index and, per field,
//                      the documents holding it with its field-vector component
//   lexicon/L.json     every term of length L, for fuzzy (~) and leading-wildcard queries:
//                      a fuzzy word of length L within distance d needs lengths L-d..L+d only
//   docs/H.json        display data of consecutive posts, whole threads where they fit
//                      (their threads listed as [title, url, forum name]); named by a hash
//                      of where they start, ending where the content says (DocsWriter), so
//                      a thread added changes only the files near it
// client/engine.js reads them back; see there why scores stay exact.
// streamIndexFiles (the build) computes the postings with postings.ts and hands each file to
// a sink as soon as it is complete; indexFiles does the same from a lunr.Builder index (the
// reference the tests compare with). Both share the writers below, so equal postings give
// equal bytes.
import { createHash } from "node:crypto";
import { encodeUints } from "./client/engine.js";
import { FIELDS, type BuiltIndex } from "./build-index.ts";
import type { Archive, Thread } from "../model.ts";
import {
  searchThread,
  threadDocuments,
  threadsInIndexOrder,
  type SearchCorpus,
  type SearchDocument,
  type SearchThread,
} from "./documents.ts";
import { LANGUAGES } from "./lunr.ts";
import { POSTS_PER_PAGE } from "../site/base-url.ts";
import { PostingsBuilder, type TermPostings } from "./postings.ts";
import { type SearchThreadCache, threadContentKey, threadKey } from "./thread-cache.ts";

/** A docs/ file closes before it would pass this many bytes: a page of results fetches
 *  about one file per thread shown, so this bounds its cost; fewer, larger files would
 *  sit better under static hosts' file caps. Threads longer than this are split. */
export const DOC_CHUNK_TARGET_BYTES = 12_000;
/** A shard closes once its JSON reaches this many bytes (one huge term may exceed it). */
export const SHARD_TARGET_BYTES = 24_000;
/** Longest post text kept for snippets, in characters; longer posts are cut at a word. */
export const SNIPPET_SOURCE_CHARS = 1_000;

/**
 * A file whose bytes are made only when asked for, told by what they are made from: `source`, a hash
 * of it, the same whenever the bytes are (a docs/ file of threads kept in the thread cache: its
 * threads' keys and rows' places, which decide its rows). A writer that holds the file it recorded
 * with this source need not make the bytes, nor hash them (write.ts; ~5,600 docs/ files, 56 MB, at
 * 10,000 threads, a few of them new in a rebuild).
 */
export interface SourcedFile {
  source: string;
  /** How many bytes `bytes` gives. */
  size: number;
  bytes(): Buffer;
}

/** Receives each finished file (path relative to the search folder): text, or its UTF-8 bytes (docs/
 *  files, made of rows kept as bytes: thread-cache.ts), or those bytes when asked (SourcedFile). */
export type FileSink = (path: string, content: string | Buffer | SourcedFile) => void;
/** A sink that may ask the producer to wait (a promise) until it has room again. */
export type AsyncFileSink = (path: string, content: string | Buffer | SourcedFile) => void | Promise<void>;

/** The bytes of a file given to a sink. */
export const bytesOf = (content: string | Buffer | SourcedFile): Buffer =>
  typeof content === "string" ? Buffer.from(content) : Buffer.isBuffer(content) ? content : content.bytes();

export interface IndexFile {
  /** Relative to the search folder: "manifest.json", "shards/3.json". */
  path: string;
  content: string;
}

interface VectorLike {
  elements: number[];
}

/** The component for termIndex in a lunr field vector ([index, value, index, value, ...], ascending). */
function component(vector: VectorLike, termIndex: number): number {
  const e = vector.elements;
  let lo = 0;
  let hi = e.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = e[mid * 2]!;
    if (at === termIndex) return e[mid * 2 + 1]!;
    if (at < termIndex) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new Error(`term ${termIndex} missing from a field vector`);
}

function cutText(text: string): string {
  if (text.length <= SNIPPET_SOURCE_CHARS) return text;
  const cut = text.lastIndexOf(" ", SNIPPET_SOURCE_CHARS);
  return text.slice(0, cut > SNIPPET_SOURCE_CHARS / 2 ? cut : SNIPPET_SOURCE_CHARS) + " …";
}

const TERMINAL = Buffer.from("0123456789abcdefghijklmnopqrstuv", "latin1");
const MORE = Buffer.from("wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_", "latin1");
/** Scores counted in PostingsEncoder's arrays: a score is a BM25 component × 1000, below 30,000 up to
 *  billions of posts (idf < log(2n + 2), × (k1 + 1)); a larger one (none in practice) is counted in Maps. */
const MAX_COUNTED_SCORE = 1 << 20;
/** No postings: a table of no scores (the number 0). */
const EMPTY_POSTINGS = Buffer.from("0", "latin1");

/**
 * encodePostings of client/engine.js, character for character, into one reused buffer:
 * the client's version builds an array of numbers and a string digit by digit, which for a
 * common word over a large archive is hundreds of megabytes of garbage.
 */
export class PostingsEncoder {
  private out = Buffer.alloc(1 << 16);
  private used = 0;
  /** By score: how many postings of the field being encoded have it, then its number in the table
   *  (typed arrays, not Maps: scores are small integers, and this runs for every term and field). */
  private counts = new Int32Array(1 << 15);
  private numberOf = new Int32Array(1 << 15);
  private readonly distinct: number[] = [];
  /** Score numbers by score, for a field with a score too large to count in the arrays (none in practice). */
  private sparseNumbers: Map<number, number> | undefined;

  encode(ids: ArrayLike<number>, scores: ArrayLike<number>): string {
    return this.encodeBytes(ids, scores).toString("latin1");
  }

  /** encode's characters as their bytes (ASCII): a view of the encoder's buffer, which the next call
   *  overwrites. */
  encodeBytes(ids: ArrayLike<number>, scores: ArrayLike<number>): Buffer {
    this.used = 0;
    // Most postings of a field are empty (the term is in another field) or one post (a rare word):
    // the general path below gives these bytes, without its tables.
    if (ids.length === 0) return EMPTY_POSTINGS;
    if (ids.length === 1) {
      this.uint(1); // a table of one score,
      this.uint(scores[0]!);
      this.uint(ids[0]! * 2); // one post after a gap of its id, no run,
      this.uint(0); // with score number 0
      return this.out.subarray(0, this.used);
    }
    const table = this.scoreTable(scores);
    const numberOf = this.numberOf;
    this.uint(table.length);
    for (const score of table) this.uint(score);
    let prev = -1;
    for (let i = 0; i < ids.length; ) {
      let j = i + 1;
      while (j < ids.length && ids[j] === ids[j - 1]! + 1 && scores[j] === scores[i]) j++;
      const gap = ids[i]! - prev - 1;
      if (j - i > 1) {
        this.uint(gap * 2 + 1);
        this.uint(j - i - 2);
      } else {
        this.uint(gap * 2);
      }
      this.uint(this.sparseNumbers ? this.sparseNumbers.get(scores[i]!)! : numberOf[scores[i]!]!);
      prev = ids[j - 1]!;
      i = j;
    }
    return this.out.subarray(0, this.used);
  }

  /** The distinct scores, most frequent first (ties: the lower first), each's place in `numberOf`. */
  private scoreTable(scores: ArrayLike<number>): number[] {
    const distinct = this.distinct;
    distinct.length = 0;
    this.sparseNumbers = undefined;
    for (let i = 0; i < scores.length; i++) {
      const score = scores[i]!;
      if (!Number.isSafeInteger(score) || score < 0) throw new RangeError(`cannot encode ${score}`);
      if (score >= this.counts.length && !this.grow(score)) return this.sparseTable(scores);
      if (this.counts[score]!++ === 0) distinct.push(score);
    }
    const counts = this.counts;
    const table = distinct.sort((a, b) => counts[b]! - counts[a]! || a - b);
    for (let i = 0; i < table.length; i++) {
      this.numberOf[table[i]!] = i;
      counts[table[i]!] = 0;
    }
    return table;
  }

  /** Room to count `score`, unless it is past MAX_COUNTED_SCORE. */
  private grow(score: number): boolean {
    if (score > MAX_COUNTED_SCORE) return false;
    let size = this.counts.length;
    while (size <= score) size *= 2;
    const counts = new Int32Array(size);
    counts.set(this.counts);
    this.counts = counts;
    this.numberOf = new Int32Array(size);
    return true;
  }

  /** scoreTable with Maps, for a score past MAX_COUNTED_SCORE; the counts so far are cleared. */
  private sparseTable(scores: ArrayLike<number>): number[] {
    for (const score of this.distinct) this.counts[score] = 0;
    const counts = new Map<number, number>();
    for (let i = 0; i < scores.length; i++) counts.set(scores[i]!, (counts.get(scores[i]!) ?? 0) + 1);
    const table = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b);
    this.sparseNumbers = new Map(table.map((score, i) => [score, i]));
    return table;
  }

  /** One unsigned integer: base-32 digits, most significant first, the last from TERMINAL. */
  private uint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`cannot encode ${n}`);
    // A safe integer has at most 11 base-32 digits.
    if (this.used + 11 > this.out.length) {
      const grown = Buffer.alloc(this.out.length * 2);
      this.out.copy(grown, 0, 0, this.used);
      this.out = grown;
    }
    if (n < 32) {
      // Most numbers: score numbers, small gaps.
      this.out[this.used++] = TERMINAL[n]!;
      return;
    }
    let digits = 1;
    for (let rest = Math.floor(n / 32); rest > 0; rest = Math.floor(rest / 32)) digits++;
    let at = this.used + digits - 1;
    this.out[at--] = TERMINAL[n % 32]!;
    for (let rest = Math.floor(n / 32); rest > 0; rest = Math.floor(rest / 32)) this.out[at--] = MORE[rest % 32]!;
    this.used += digits;
  }
}

interface ShardRanges {
  first: string[];
  bytes: number[];
}

/** A shard file's bytes as they are written: JSON, made here without strings between (at 10,000 threads
 *  the shards are 13.6 MB, which their rows' strings, JSON, joined text and UTF-8 copy went through four
 *  times). */
class ShardBytes {
  private out = Buffer.allocUnsafe(1 << 16);
  length = 0;

  /** Appends `text` (UTF-8). */
  text(text: string): void {
    this.room(text.length * 3);
    this.length += this.out.write(text, this.length);
  }

  /** Appends `bytes` as they are. */
  bytes(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.out.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** A copy of what was appended; empties it. */
  take(): Buffer {
    const content = Buffer.from(this.out.subarray(0, this.length));
    this.length = 0;
    return content;
  }

  private room(bytes: number): void {
    if (this.length + bytes <= this.out.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.length + bytes));
    this.out.copy(grown, 0, 0, this.length);
    this.out = grown;
  }
}

/**
 * Shard files from terms in lunr's order, one at a time; fills in each shard's first term and size, and
 * the terms seen. A shard is `{"terms":[` and its rows, one a line, with commas: each row the JSON of
 * [term, term index, postings of each field], written as JSON.stringify writes it (the postings are
 * base-32 digits, which JSON leaves as they are).
 */
function* shardFiles(
  terms: Iterable<TermPostings>,
  ranges: ShardRanges,
  allTerms: string[],
): Generator<{ path: string; content: Buffer }> {
  const encoder = new PostingsEncoder();
  const out = new ShardBytes();
  let rows = 0;
  let rowBytes = 0;
  const closeShard = () => {
    out.text("\n]}\n");
    const content = out.take();
    ranges.bytes.push(content.length);
    rows = 0;
    rowBytes = 0;
    return { path: `shards/${ranges.first.length - 1}.json`, content };
  };
  for (const { term, termIndex, fields } of terms) {
    allTerms.push(term);
    if (rows === 0) {
      ranges.first.push(term);
      out.text('{"terms":[\n');
    } else out.text(",\n");
    const start = out.length;
    out.text(`[${JSON.stringify(term)},${termIndex}`);
    for (const { ids, scores } of fields) {
      out.text(',"');
      out.bytes(encoder.encodeBytes(ids, scores));
      out.text('"');
    }
    out.text("]");
    rows++;
    rowBytes += out.length - start + 2;
    if (rowBytes >= SHARD_TARGET_BYTES) yield closeShard();
  }
  if (rows > 0) yield closeShard();
}

/** Lexicon files: terms grouped by length in UTF-16 code units, as lunr's TokenSet counts characters. */
function writeLexicon(terms: readonly string[], sink: FileSink): { lengths: number[]; bytes: number[] } {
  const byLength = new Map<number, string[]>();
  for (const term of terms) {
    if (!byLength.has(term.length)) byLength.set(term.length, []);
    byLength.get(term.length)!.push(term);
  }
  const lengths = [...byLength.keys()].sort((a, b) => a - b);
  const bytes = lengths.map((length) => {
    const content = `{"terms":${JSON.stringify(byLength.get(length))}}\n`;
    sink(`lexicon/${length}.json`, content);
    return Buffer.byteLength(content);
  });
  return { lengths, bytes };
}

/** A post's row in its docs/ file. */
const docsRow = (doc: SearchDocument) => JSON.stringify([doc.number, doc.author, doc.postedAt, cutText(doc.text)]);

/** A docs/ file holds at least this many bytes before a thread's address may close it (DocsWriter). */
export const DOC_CHUNK_MIN_BYTES = 8_000;
/** Characters in a docs/ file's name: 25 bits of a hash as base-32 digits (0-9, a-v: one case, for file
 *  systems that ignore it). The manifest lists the names, one after another: every query loads them. */
export const DOCS_NAME_LENGTH = 5;

/** A thread's address, hashed: decides whether a docs/ file may close after it (see DocsWriter). */
const closesAfter = (url: string) => (createHash("sha1").update(url).digest()[0]! & 1) === 0;

/**
 * docs/ files, filled thread by thread in document order. A file's bytes do not depend on where it
 * is in the archive: its threads are listed in it in order (a post's thread is the file's first
 * thread plus its place in that list), and its name is a hash of where it starts (first thread's
 * address and first post), listed in the manifest. Where files end is chosen by content, so that a
 * thread added, changed or removed changes the files from the one holding it to the next thread
 * whose address closes a file (on average the next two): a file closes after a thread whose
 * address's hash says so once it holds DOC_CHUNK_MIN_BYTES, and before a thread that would take it
 * past DOC_CHUNK_TARGET_BYTES; a thread longer than that starts a file and is split by size alone.
 */
class DocsWriter {
  readonly chunkSizes: number[] = [];
  readonly names: string[] = [];
  private readonly usedNames = new Set<string>();
  /** The open file's rows: JSON text (docsRow), or its UTF-8 bytes (a thread's cached rows). */
  private rows: (string | Uint8Array)[] = [];
  private bytes = 0;
  private threads: [string, string, string][] = [];
  /** Where the open file starts: its first thread's address and first post's place in it. */
  private start = "";
  /** What the open file's rows are made from, while every thread in it has a key (SourcedFile): per
   *  thread, its key, its first row's place in the thread and in the file. */
  private sources: string[] | undefined = [];

  constructor(private readonly sink: FileSink) {}

  /** The next thread, its posts' rows (docsRow, or their bytes) in order; `key`: its key in the thread
   *  cache (thread-cache.ts), which decides its rows, when it has one. */
  addThread(thread: SearchThread, rows: readonly (string | Uint8Array)[], key?: string): void {
    if (rows.length === 0) {
      // A thread without posts still has its number: listed once the file has a first thread,
      // so the engine's place of each later thread in this file (its number less the first's) holds.
      if (this.rows.length > 0) this.threads.push([thread.title, thread.url, thread.forum]);
      return;
    }
    const sizes = rows.map((row) => (typeof row === "string" ? Buffer.byteLength(row) : row.length) + 2);
    const bytes = sizes.reduce((n, size) => n + size, 0);
    // A thread that fits goes whole into one file, so its posts in the results cost one fetch.
    if (this.bytes > 0 && this.bytes + bytes > DOC_CHUNK_TARGET_BYTES) this.close();
    rows.forEach((row, i) => {
      if (this.bytes > 0 && this.bytes + sizes[i]! > DOC_CHUNK_TARGET_BYTES) this.close();
      if (this.rows.length === 0) this.start = `${thread.url}\u0000${i}`;
      if (this.rows.length === 0 || i === 0) {
        this.threads.push([thread.title, thread.url, thread.forum]);
        if (key === undefined) this.sources = undefined;
        else this.sources?.push(`${key} ${i} ${this.rows.length}`);
      }
      this.rows.push(row);
      this.bytes += sizes[i]!;
    });
    if (this.bytes >= DOC_CHUNK_MIN_BYTES && closesAfter(thread.url)) this.close();
  }

  close(): void {
    if (this.rows.length === 0) return;
    const name = this.nameFor(this.start);
    const head = Buffer.from(`{"threads":${JSON.stringify(this.threads)},"docs":[\n`);
    const { rows, bytes, sources } = this;
    if (sources) {
      // The head as it is (it names the threads), then where each thread's rows are.
      const source = createHash("sha1")
        .update(head)
        .update(`${sources.join("\n")}\n${rows.length}`)
        .digest("base64url");
      const size = head.length + bytes + 2;
      this.sink(`docs/${name}.json`, { source, size, bytes: () => docsContent(head, rows, bytes) });
    } else this.sink(`docs/${name}.json`, docsContent(head, rows, bytes));
    this.names.push(name);
    this.chunkSizes.push(this.rows.length);
    this.rows = [];
    this.bytes = 0;
    this.threads = [];
    this.sources = [];
  }

  /** A name from a hash of where the file starts (DOCS_NAME_LENGTH); hashed again with a count when
   *  another file of this index took that name (one in ~30 at 1,000 files: only that file's name depends
   *  on the other's). */
  private nameFor(start: string): string {
    for (let attempt = 0; ; attempt++) {
      const hash = createHash("sha1")
        .update(attempt === 0 ? start : `${start}\u0000${attempt}`)
        .digest();
      const name = (hash.readUInt32BE(0) >>> 7).toString(32).padStart(DOCS_NAME_LENGTH, "0");
      if (!this.usedNames.has(name)) {
        this.usedNames.add(name);
        return name;
      }
    }
  }
}

/** A docs/ file's bytes: `head` (`{"threads":[...],"docs":[`) and its rows, one a line, with commas. Rows
 *  written into it as they are: text encoded there, bytes copied (`bytes` counts each and 2 more). */
function docsContent(head: Buffer, rows: readonly (string | Uint8Array)[], bytes: number): Buffer {
  const content = Buffer.allocUnsafe(head.length + bytes + 2);
  let at = head.copy(content);
  for (const [i, row] of rows.entries()) {
    if (i > 0) at += content.write(",\n", at, "latin1");
    if (typeof row === "string") {
      at += content.write(row, at);
    } else {
      content.set(row, at);
      at += row.length;
    }
  }
  content.write("\n]}\n", at, "latin1");
  return content;
}

interface ManifestParts {
  baseUrl: string;
  pipeline: unknown;
  searchPipeline: unknown;
  threadPostCounts: number[];
  documentCount: number;
  chunkSizes: number[];
  /** The docs/ files' names, in document order. */
  chunkNames: string[];
  shards: { first: string[]; bytes: number[] };
  lexicon: { lengths: number[]; bytes: number[] };
  /** Posts on a thread page, when the config changes it: where result links point. */
  postsPerPage?: number;
}

function manifestContent(parts: ManifestParts): string {
  const manifest = {
    format: 2,
    baseUrl: parts.baseUrl,
    fields: FIELDS,
    languages: LANGUAGES,
    pipeline: parts.pipeline,
    searchPipeline: parts.searchPipeline,
    postsPerPage: parts.postsPerPage ?? POSTS_PER_PAGE,
    threadPostCounts: encodeUints(parts.threadPostCounts),
    docs: {
      count: parts.documentCount,
      chunkSizes: encodeUints(parts.chunkSizes),
      nameLength: DOCS_NAME_LENGTH,
      names: parts.chunkNames.join(""),
    },
    shards: parts.shards,
    lexicon: parts.lexicon,
  };
  return JSON.stringify(manifest) + "\n";
}

/** A thread to index, with its content key when it came with one (a worker's: thread-cache.ts), and its
 *  key in the cache (threadKey of the cache's version and that content key) when the sender took it. */
export type SourceThread = Thread & { contentKey?: string; cacheKey?: string };

/** The threads to index: an archive's, or threads already in index order as they come (a worker thread's). */
export type SearchSource = Pick<Archive, "threads"> | { ordered: AsyncIterable<SourceThread> };

/** Adds a thread's posts to the postings, from the cache when it holds the thread; returns their docs/ rows,
 *  and the thread's key in the cache when there is one (its rows are the same whenever the key is). */
function indexThread(
  thread: SourceThread,
  threadNumber: number,
  postings: PostingsBuilder,
  cache: SearchThreadCache | undefined,
): { rows: readonly (string | Uint8Array)[]; key: string | undefined } {
  const key = cache && (thread.cacheKey ?? threadKey(cache.version, thread.contentKey ?? threadContentKey(thread)));
  const cached = key === undefined ? undefined : cache!.get(key, thread.posts.length, FIELDS.length);
  if (cached) {
    const { ids, terms, fields } = cached;
    cache!.noteTerms(
      key!,
      ids ? postings.addTermIds(ids, cache!.lexicon, fields) : postings.addTerms({ terms, fields }),
    );
    return { rows: cached.rows, key };
  }
  const threadDocs = threadDocuments(thread, threadNumber, postings.documents);
  const rows = threadDocs.map(docsRow);
  if (key === undefined) {
    for (const doc of threadDocs) postings.add([thread.title, doc.text, doc.author]);
    return { rows, key };
  }
  const { termIndexes, ...terms } = postings.addRecorded(threadDocs.map((doc) => [thread.title, doc.text, doc.author]));
  cache!.noteTerms(key, termIndexes);
  // The rows as the cache encoded them: the docs/ file copies those bytes.
  return { rows: cache!.set(key, { rows, ...terms }), key };
}

/**
 * The build's path: one pass over the threads (posts indexed and docs files written as it
 * goes, each thread's text dropped after), then shards, lexicon and manifest.
 * Resolves to how many files and bytes went to the sink.
 */
export async function streamIndexFiles(
  archive: SearchSource,
  baseUrl: string,
  sink: AsyncFileSink,
  postsPerPage = POSTS_PER_PAGE,
  cache?: SearchThreadCache,
): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  // The writers below are synchronous; a sink's request to wait is honoured between threads and terms.
  let backlog: Promise<void> | undefined;
  const counted: FileSink = (path, content) => {
    files++;
    bytes += typeof content === "object" && !Buffer.isBuffer(content) ? content.size : Buffer.byteLength(content);
    const wait = sink(path, content);
    if (wait) backlog = backlog ? backlog.then(() => wait) : wait;
  };
  const drain = async () => {
    while (backlog) {
      const wait = backlog;
      backlog = undefined;
      await wait;
    }
  };
  const postings = new PostingsBuilder();
  const docs = new DocsWriter(counted);
  const threadPostCounts: number[] = [];
  let threadNumber = 0;
  const threads = "ordered" in archive ? archive.ordered : threadsInIndexOrder(archive.threads);
  for await (const thread of threads) {
    const summary = searchThread(thread);
    const { rows, key } = indexThread(thread, threadNumber, postings, cache);
    docs.addThread(summary, rows, key);
    threadNumber++;
    threadPostCounts.push(summary.postCount);
    if (backlog) await drain();
  }
  docs.close();
  cache?.noteTermList(postings.termList);
  const terms: string[] = [];
  const shards: ShardRanges = { first: [], bytes: [] };
  for (const file of shardFiles(postings.terms(), shards, terms)) {
    counted(file.path, file.content);
    if (backlog) await drain();
  }
  const lexicon = writeLexicon(terms, counted);
  counted(
    "manifest.json",
    manifestContent({
      postsPerPage,
      baseUrl,
      pipeline: postings.pipelineLabels,
      searchPipeline: postings.searchPipelineLabels,
      threadPostCounts,
      documentCount: postings.documents,
      chunkSizes: docs.chunkSizes,
      chunkNames: docs.names,
      shards,
      lexicon,
    }),
  );
  await drain();
  return { files, bytes };
}

/** The postings of a lunr.Builder index, read from its inverted index and field vectors. */
function* lunrTermPostings(built: BuiltIndex): Generator<TermPostings> {
  const { invertedIndex, fieldVectors } = built.index as unknown as {
    invertedIndex: Record<string, Record<string, Record<string, unknown>> & { _index: number }>;
    fieldVectors: Record<string, VectorLike>;
  };
  // Same order as lunr's own toJSON and TokenSet: UTF-16 code units.
  for (const term of Object.keys(invertedIndex).sort()) {
    const posting = invertedIndex[term]!;
    const termIndex = posting._index;
    const fields = FIELDS.map((field) => {
      const ids = Object.keys(posting[field]!)
        .map(Number)
        .sort((a, b) => a - b);
      const scores = ids.map((id) => Math.round(component(fieldVectors[`${field}/${id}`]!, termIndex) * 1000));
      return { ids, scores };
    });
    yield { term, termIndex, fields };
  }
}

/** The files from a lunr.Builder index of the whole corpus: the reference streamIndexFiles must equal. */
export function indexFiles(corpus: SearchCorpus, built: BuiltIndex, baseUrl: string): IndexFile[] {
  const files: IndexFile[] = [];
  const sink: FileSink = (path, content) => files.push({ path, content: bytesOf(content).toString() });
  const terms: string[] = [];
  const shards: ShardRanges = { first: [], bytes: [] };
  for (const file of shardFiles(lunrTermPostings(built), shards, terms)) sink(file.path, file.content.toString());
  const lexicon = writeLexicon(terms, sink);
  const docs = new DocsWriter(sink);
  // Every thread, as the build's writer sees them: one without posts has its place too.
  for (let thread = 0, first = 0; thread < corpus.threads.length; thread++) {
    let end = first;
    while (end < corpus.documents.length && corpus.documents[end]!.thread === thread) end++;
    docs.addThread(corpus.threads[thread]!, corpus.documents.slice(first, end).map(docsRow));
    first = end;
  }
  docs.close();
  sink(
    "manifest.json",
    manifestContent({
      baseUrl,
      pipeline: built.pipeline,
      searchPipeline: built.searchPipeline,
      threadPostCounts: corpus.threads.map((t) => t.postCount),
      documentCount: corpus.documents.length,
      chunkSizes: docs.chunkSizes,
      chunkNames: docs.names,
      shards,
      lexicon,
    }),
  );
  return files;
}
