// The build's search step: after Eleventy has written the site, put the split index, the
// search page's scripts and lunr itself under <outputDir>/search/ (templates/search.njk
// is the page). Nothing here runs on other pages: lunr loads only when a reader searches.
import { mkdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import { BROWSER_SCRIPTS } from "./lunr.ts";
import { type SearchSource, streamIndexFiles } from "./shards.ts";
import { normaliseBaseUrl } from "../site/paths.ts";
import { replaceFile } from "../output/staging.ts";

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
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);
const BROTLI_QUALITY = 5;

/** The gzip and brotli copies of `bytes`, in PRECOMPRESSED_SUFFIXES order. Compressed in libuv's
 *  thread pool, so this overlaps the indexing on another core. */
export function precompress(bytes: Buffer): Promise<Buffer[]> {
  return Promise.all([
    gzipAsync(bytes, { level: 9 }),
    brotliAsync(bytes, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  ]);
}

/** Writes `bytes` to `path` and its pre-compressed copies beside it; returns the files and bytes written. */
async function writeWithCopies(path: string, bytes: Buffer): Promise<{ files: number; bytes: number }> {
  const copies = await precompress(bytes);
  // All three settled before a failure is told: none still writes when the folder is cleaned up.
  const written = await Promise.allSettled([
    replaceFile(path, bytes),
    ...copies.map((copy, at) => replaceFile(path + PRECOMPRESSED_SUFFIXES[at]!, copy)),
  ]);
  const failed = written.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  return { files: 1 + copies.length, bytes: copies.reduce((sum, copy) => sum + copy.length, bytes.length) };
}

/** Files written at once: the writes overlap each other and the indexing (libuv's thread pool). */
const WRITE_CONCURRENCY = 8;
/** Bytes of finished files waiting to be written before the indexing pauses for the disk. */
const WRITE_BACKLOG_BYTES = 16_000_000;

/** Writes files in the background, a few at a time, asking the producer to wait when too much piles up. */
class BackgroundWriter {
  private readonly queue: { path: string; content: string }[] = [];
  private inFlight = 0;
  private pendingBytes = 0;
  private waiting: (() => void)[] = [];
  private failure: unknown;
  /** What went to disk: the files and their pre-compressed copies. */
  files = 0;
  bytes = 0;

  write(path: string, content: string): Promise<void> | undefined {
    if (this.failure !== undefined) throw this.failure;
    this.queue.push({ path, content });
    this.pendingBytes += content.length;
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
      const { path, content } = this.queue.shift()!;
      this.inFlight++;
      writeWithCopies(path, Buffer.from(content))
        .then((written) => {
          this.files += written.files;
          this.bytes += written.bytes;
        })
        .catch((error: unknown) => {
          this.failure ??= error;
        })
        .finally(() => {
          this.inFlight--;
          this.pendingBytes -= content.length;
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

/** Normalises "", "/x", "x/" to "/", "/x/": the form every URL here is joined with. */
export async function writeSearchIndex(
  archive: SearchSource,
  outputDir: string,
  baseUrl: string,
  postsPerPage?: number,
): Promise<{ files: number; bytes: number }> {
  const searchDir = join(outputDir, "search");
  for (const dir of INDEX_DIRS) {
    await rm(join(searchDir, dir), { recursive: true, force: true });
    await mkdir(join(searchDir, dir), { recursive: true });
  }

  // Each file goes to disk as soon as it is complete, so only a bounded backlog is held in memory.
  const writer = new BackgroundWriter();
  try {
    await streamIndexFiles(
      archive,
      normaliseBaseUrl(baseUrl),
      (path, content) => writer.write(join(searchDir, path), content),
      postsPerPage,
    );
    await copyScripts(searchDir, writer);
    await writer.finish();
  } catch (error) {
    await writer.settle();
    throw error;
  }
  return { files: writer.files, bytes: writer.bytes };
}

/** lunr and the page's own scripts, copied as they are (replaceFile: never through a hard link to
 *  the published build), with their compressed copies; every copy settled before a failure is told. */
async function copyScripts(searchDir: string, writer: BackgroundWriter): Promise<void> {
  const scripts = [
    ...BROWSER_SCRIPTS.map(({ from, to }) => ({ from: require.resolve(from), to: join(searchDir, "lib", to) })),
    ...CLIENT_SCRIPTS.map((name) => ({ from: join(clientDir, name), to: join(searchDir, name) })),
  ];
  const copied = await Promise.allSettled(
    scripts.map(async ({ from, to }) => {
      const done = await writeWithCopies(to, await readFile(from));
      writer.files += done.files;
      writer.bytes += done.bytes;
    }),
  );
  const failed = copied.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}
