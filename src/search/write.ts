// The build's search step: after Eleventy has written the site, put the split index, the
// search page's scripts and lunr itself under <outputDir>/search/ (templates/search.njk
// is the page). Nothing here runs on other pages: lunr loads only when a reader searches.
import { createHash } from "node:crypto";
import { readFileSync, statSync, unlinkSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlib, gzipSync, type ZlibOptions } from "node:zlib";
import { CACHE_ROOT } from "../archive/cache-version.ts";
import { BROWSER_SCRIPTS } from "./lunr.ts";
import { bytesOf, type SearchSource, type SourcedFile, streamIndexFiles } from "./shards.ts";
import { SearchThreadCache } from "./thread-cache.ts";
import { normaliseBaseUrl } from "../site/base-url.ts";
import { type FileIdentity, replaceFileTelling } from "../output/staging.ts";
import type { FileStampList } from "../output/fingerprints.ts";

const require = createRequire(import.meta.url);
const clientDir = join(dirname(fileURLToPath(import.meta.url)), "client");
/** The page's own scripts, copied as they are (plain ES modules). */
const CLIENT_SCRIPTS = ["engine.js", "search-page.js"];
/** Folders of numbered index files, emptied first: their counts change with the archive. */
const INDEX_DIRS = ["shards", "docs", "lexicon", "lib"];

/**
 * Beside every file, its gzip and brotli copies (file.json.gz, file.json.br), for hosts that serve
 * pre-compressed files (nginx gzip_static / brotli_static, Caddy's precompressed, Apache's
 * MultiViews) and so send no search file uncompressed even where JSON is not in their list of
 * types to compress; hosts that compress by themselves (Netlify, Cloudflare Pages, GitHub Pages)
 * ignore them. Deterministic: Node's gzip header holds no name and a zero time. Brotli quality 5:
 * 11 is ~10% smaller on these files but ~60 times slower, too slow for a build step.
 */
export const PRECOMPRESSED_SUFFIXES = [".gz", ".br"] as const;
const BROTLI_QUALITY = 5;
/** Shards are base-32 postings that brotli's quality 5 compresses worse than 4, and ~2.5 times slower
 *  (2,000 threads' shards: 1.75 against 1.73 MB, 72 against 27 CPU ms); the text files gain 6% from 5. */
const SHARD_BROTLI_QUALITY = 4;
const GZIP: ZlibOptions = { level: 9 };
/** docs/ files' gzip, zlib's default level: level 9 gains them 0.07% (10,000 threads' 56.5 MB: 14.054 against
 *  14.064 MB) for ~10% more CPU (0.64-0.70 against 0.60-0.63 s). Not the other files': the lexicon's gain 1.8%. */
const DOCS_GZIP: ZlibOptions = { level: 6 };
/**
 * Shards' gzip: their digits hold few repeats worth a back-reference, so deflate's search of a 32 kB
 * window for matches is spent in vain (and a match of 3-5 digits codes longer than its literals). A
 * 2 kB window, and matches of 6 bytes or more only (Z_FILTERED), give smaller files in half the CPU
 * (the 330 shards of 10,000 threads, 13.6 MB: 7.99 MB in 270-300 CPU ms at level 9 with zlib's
 * defaults, 7.91 MB in 145-150; 2,000 threads: 1.755 against 1.743 MB). A small index, whose postings
 * repeat more, comes out a few percent larger (ten real pages: 48 against 52 kB). Every shard is
 * compressed again in a rebuild (scores hold the post count). Any gzip reader inflates them (a
 * smaller window is within the format's 32 kB).
 */
const SHARD_GZIP: ZlibOptions = { level: 9, strategy: zlib.Z_FILTERED, windowBits: 11, memLevel: 8 };
const isShard = (name: string) => /^shards[\\/]/.test(name);
const isDocs = (name: string) => /^docs[\\/]/.test(name);

/** How a file is compressed: shards (see SHARD_GZIP) one way, docs/ files (DOCS_GZIP) and other files another. */
interface Compression {
  gzip: ZlibOptions;
  brotliQuality: number;
}
const compressionOf = (name: string): Compression =>
  isShard(name)
    ? { gzip: SHARD_GZIP, brotliQuality: SHARD_BROTLI_QUALITY }
    : { gzip: isDocs(name) ? DOCS_GZIP : GZIP, brotliQuality: BROTLI_QUALITY };

/** The gzip and brotli copies of `bytes`, in PRECOMPRESSED_SUFFIXES order. Synchronous: zlib's async
 *  calls run a file through a stream in 16 kB chunks, each a hand-over to libuv's thread pool and
 *  back, which cost about as much CPU again as the compression (0.76-1.16 against 0.48-0.52 CPU s
 *  for the 1,197 files of a 2,000-thread index); the index is written in a worker thread anyway
 *  when the machine has a second core. */
export function precompress(
  bytes: Buffer,
  { gzip, brotliQuality }: Compression = { gzip: GZIP, brotliQuality: BROTLI_QUALITY },
): Buffer[] {
  return [
    gzipSync(bytes, gzip),
    brotliCompressSync(bytes, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: brotliQuality,
        [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  ];
}

/**
 * What a rebuild keeps of the last build's index (issue 15): a file whose bytes are the same again
 * is left as it is, with its compressed copies, so only the files that changed are compressed and
 * written (a thread added shifts the docs/ files after it, and the scores in every shard, but not
 * the docs/ files before it, the lexicon or the scripts). The build records, per output folder in
 * the working folder's cache, the compressors it used and for each file the hash of its bytes and
 * how the file system tells the file and its copies apart (inode, size, modification time: a staged
 * build's files are hard links to the last build's, which keep all three). A file is kept when its
 * new bytes have the recorded hash and the three files are still the ones recorded, so a rebuild
 * reads none of them; a copy changed or removed since (size or time) is written again. With other
 * compressors, or no record, every file is written afresh, as a clean build writes it.
 */
interface KeptFiles {
  /** The search folder (the record's paths are relative to it). */
  readonly searchDir: string;
  /** What the last build recorded (empty: nothing is kept). */
  readonly previous: Map<string, RecordedFile>;
  /** What this build wrote or kept: every file of its index (the stale ones are removed at the end). */
  readonly written: Map<string, RecordedFile>;
}

/** A file's record: the hash of its bytes, then the identity of the file and of each copy (PRECOMPRESSED_SUFFIXES
 *  order) as the file system tells them apart. */
type RecordedFile = [hash: string, ...identities: FileIdentity[]];

const COMPRESSORS = JSON.stringify({
  zlib: process.versions.zlib,
  brotli: process.versions.brotli,
  gzip: GZIP,
  docsGzip: DOCS_GZIP,
  shardGzip: SHARD_GZIP,
  brotliQuality: BROTLI_QUALITY,
  shardBrotliQuality: SHARD_BROTLI_QUALITY,
});
/** Where an output folder's index is recorded (its compressors and files). */
const indexRecord = (outputDir: string) =>
  resolve(CACHE_ROOT, "search-output", createHash("sha256").update(resolve(outputDir)).digest("hex").slice(0, 32));

/** The files the last build recorded for this output, if it used the same compressors. */
function readRecord(path: string): Map<string, RecordedFile> {
  try {
    const record = JSON.parse(readFileSync(path, "utf8")) as {
      compressors: string;
      files: Record<string, RecordedFile>;
    };
    if (record.compressors === COMPRESSORS) return new Map(Object.entries(record.files));
  } catch {
    // no record, or not one of this code's: nothing kept
  }
  return new Map();
}

const hashOf = (bytes: Buffer) => createHash("sha1").update(bytes).digest("base64url");

function identityOf(path: string): FileIdentity | undefined {
  const info = statSync(path, { throwIfNoEntry: false });
  return info && [info.ino, info.size, info.mtimeMs];
}

const sameIdentity = (a: FileIdentity | undefined, b: FileIdentity | undefined) =>
  a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

/** Writes `content` to the file `name` of the search folder and its pre-compressed copies beside it (or
 *  keeps them when they are the same, see KeptFiles); returns the files and bytes of the three. Named
 *  relative to the folder, as the record names files: path.relative resolved both paths again for
 *  each of the ~5,500 files of a 10,000-thread index. A file told by its source (SourcedFile) is
 *  recorded by it, marked apart from a hash of bytes (base64url has no "~"): its bytes are made only
 *  when it is written. */
async function writeWithCopies(
  name: string,
  content: Buffer | SourcedFile,
  kept: KeptFiles,
): Promise<{ files: number; bytes: number }> {
  const path = join(kept.searchDir, name);
  const paths = [path, ...PRECOMPRESSED_SUFFIXES.map((suffix) => path + suffix)];
  const hash = Buffer.isBuffer(content) ? hashOf(content) : `~${content.source}`;
  const was = kept.previous.get(name);
  if (was?.[0] === hash) {
    const now = paths.map(identityOf);
    if (now.every((identity, at) => sameIdentity(identity, was[at + 1] as FileIdentity))) {
      kept.written.set(name, was);
      return { files: paths.length, bytes: now.reduce((sum, identity) => sum + identity![1], 0) };
    }
  }
  const bytes = bytesOf(content);
  const contents = [bytes, ...precompress(bytes, compressionOf(name))];
  const identities: FileIdentity[] = [];
  for (const [at, file] of paths.entries()) {
    // A file the last build wrote is removed first (replaceFile would try to create it, and fail, first).
    if (was) unlinkIfThere(file);
    // Told by the open file (fstat): no second look-up of its path (3,657 files in a 2,000-thread build).
    identities.push(await replaceFileTelling(file, contents[at]!));
  }
  kept.written.set(name, [hash, ...identities]);
  return { files: paths.length, bytes: contents.reduce((sum, content) => sum + content.length, 0) };
}

/** Removes a file if it is there: rmSync's own checks (an lstat first, for a folder) cost more than the unlink
 *  (~1,000 files a rebuild at 10,000 threads: every shard and its copies). */
function unlinkIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/** Removes what the index folders hold beyond this build's files (their counts change with the archive):
 *  each entry named as the record names files, a copy by the file it is a copy of. */
async function removeStale(searchDir: string, kept: KeptFiles): Promise<void> {
  const ours = (name: string) =>
    kept.written.has(name) ||
    PRECOMPRESSED_SUFFIXES.some((suffix) => name.endsWith(suffix) && kept.written.has(name.slice(0, -suffix.length)));
  for (const dir of INDEX_DIRS) {
    for (const entry of await readdir(join(searchDir, dir), { withFileTypes: true })) {
      if (!ours(join(dir, entry.name))) await rm(join(searchDir, dir, entry.name), { recursive: true, force: true });
    }
  }
}

/** The bytes a file given to the writer takes (text: its characters, near enough). */
const sizeOf = (content: string | Buffer | SourcedFile): number =>
  typeof content === "string" || Buffer.isBuffer(content) ? content.length : content.size;

/** Files written at once: the writes overlap each other and the indexing (libuv's thread pool). */
const WRITE_CONCURRENCY = 8;
/** Bytes of finished files waiting to be written before the indexing pauses for the disk. */
const WRITE_BACKLOG_BYTES = 16_000_000;

/** Writes files in the background, a few at a time, asking the producer to wait when too much piles up. */
class BackgroundWriter {
  constructor(readonly kept: KeptFiles) {}
  private readonly queue: { name: string; content: string | Buffer | SourcedFile }[] = [];
  private inFlight = 0;
  private pendingBytes = 0;
  private waiting: (() => void)[] = [];
  private failure: unknown;
  /** What went to disk: the files and their pre-compressed copies. */
  files = 0;
  bytes = 0;

  /** `name`: relative to the search folder. */
  write(name: string, content: string | Buffer | SourcedFile): Promise<void> | undefined {
    if (this.failure !== undefined) throw this.failure;
    this.queue.push({ name, content });
    this.pendingBytes += sizeOf(content);
    this.pump();
    if (this.pendingBytes <= WRITE_BACKLOG_BYTES) return undefined;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** After a failure: drops what waits and resolves once no write is running (none may still hold a
   *  file open when the caller removes the folder, or a worker thread ends). */
  async settle(): Promise<void> {
    this.queue.length = 0;
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Resolves once every file is on disk; rejects with the first failed write. */
  async finish(): Promise<void> {
    while (this.inFlight > 0 || this.queue.length > 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.failure !== undefined) throw this.failure;
  }

  private pump(): void {
    while (this.inFlight < WRITE_CONCURRENCY && this.queue.length > 0) {
      const { name, content } = this.queue.shift()!;
      this.inFlight++;
      writeWithCopies(name, typeof content === "string" ? Buffer.from(content) : content, this.kept)
        .then((written) => {
          this.files += written.files;
          this.bytes += written.bytes;
        })
        .catch((error: unknown) => {
          this.failure ??= error;
        })
        .finally(() => {
          this.inFlight--;
          this.pendingBytes -= sizeOf(content);
          this.pump();
          if (this.pendingBytes <= WRITE_BACKLOG_BYTES || this.failure !== undefined) {
            const waiting = this.waiting;
            this.waiting = [];
            for (const resolve of waiting) resolve();
          }
        });
    }
  }
}

export interface SearchIndexOptions {
  /** Where each thread's terms are kept between builds (thread-cache.ts): the working folder's
   *  cache by default; false keeps none (every thread tokenized, nothing written). */
  cacheRoot?: string | false;
  /** The cache, already open (the search worker's, which told the main thread what it holds). */
  cache?: SearchThreadCache;
}

/** Normalises "", "/x", "x/" to "/", "/x/": the form every URL here is joined with. */
export async function writeSearchIndex(
  archive: SearchSource,
  outputDir: string,
  baseUrl: string,
  postsPerPage?: number,
  options: SearchIndexOptions = {},
): Promise<{ files: number; bytes: number; threadsFromCache: number; stamps: FileStampList }> {
  const searchDir = join(outputDir, "search");
  const cache =
    options.cache ?? (options.cacheRoot === false ? undefined : await SearchThreadCache.open(options.cacheRoot));
  const record = indexRecord(outputDir);
  const kept: KeptFiles = { searchDir, previous: readRecord(record), written: new Map() };
  // Until this build has finished, the record says nothing of what the folder holds.
  await rm(record, { force: true });
  for (const dir of INDEX_DIRS) {
    if (kept.previous.size === 0) await rm(join(searchDir, dir), { recursive: true, force: true });
    await mkdir(join(searchDir, dir), { recursive: true });
  }

  // Each file goes to disk as soon as it is complete, so only a bounded backlog is held in memory.
  const writer = new BackgroundWriter(kept);
  try {
    await streamIndexFiles(
      archive,
      normaliseBaseUrl(baseUrl),
      (path, content) => writer.write(normalize(path), content),
      postsPerPage,
      cache,
    );
    await copyScripts(writer);
    await writer.finish();
  } catch (error) {
    await writer.settle();
    throw error;
  }
  await removeStale(searchDir, kept);
  await cache?.save();
  // Only a cache: when it cannot be written, the next build writes every file.
  await mkdir(dirname(record), { recursive: true })
    .then(() =>
      writeFile(`${record}.tmp`, JSON.stringify({ compressors: COMPRESSORS, files: Object.fromEntries(kept.written) })),
    )
    .then(() => rename(`${record}.tmp`, record))
    .catch(() => {});
  return { files: writer.files, bytes: writer.bytes, threadsFromCache: cache?.hits ?? 0, stamps: stampsOf(kept) };
}

/** The size and mtime of every file of the index (named relative to the output), as its writes told
 *  them: the record of the output (build/unchanged-inputs.ts) need not look them up again (issue 15). */
function stampsOf(kept: KeptFiles): FileStampList {
  const names: string[] = [];
  const values: number[] = [];
  for (const [name, record] of kept.written) {
    for (const [at, suffix] of ["", ...PRECOMPRESSED_SUFFIXES].entries()) {
      const identity = record[at + 1] as FileIdentity | undefined;
      if (identity === undefined) continue;
      names.push(`search/${name}${suffix}`);
      values.push(identity[1], identity[2]);
    }
  }
  return { names, values: Float64Array.from(values) };
}

/** lunr and the page's own scripts, copied as they are (replaceFileTelling: never through a hard link to
 *  the published build), with their compressed copies; every copy settled before a failure is told. */
async function copyScripts(writer: BackgroundWriter): Promise<void> {
  const scripts = [
    ...BROWSER_SCRIPTS.map(({ from, to }) => ({ from: require.resolve(from), to: join("lib", to) })),
    ...CLIENT_SCRIPTS.map((name) => ({ from: join(clientDir, name), to: name })),
  ];
  const copied = await Promise.allSettled(
    scripts.map(async ({ from, to }) => {
      const done = await writeWithCopies(to, await readFile(from), writer.kept);
      writer.files += done.files;
      writer.bytes += done.bytes;
    }),
  );
  const failed = copied.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}
