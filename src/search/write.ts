// The build's search step: after Eleventy has written the site, put the split index, the
// search page's scripts and lunr itself under <outputDir>/search/ (templates/search.njk
// is the page). Nothing here runs on other pages: lunr loads only when a reader searches.
import { copyFile, mkdir, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Archive } from "../model.ts";
import { BROWSER_SCRIPTS } from "./lunr.ts";
import { streamIndexFiles } from "./shards.ts";
import { normaliseBaseUrl } from "../site/paths.ts";
import { replaceFile } from "../output/staging.ts";

const require = createRequire(import.meta.url);
const clientDir = join(dirname(fileURLToPath(import.meta.url)), "client");
/** The page's own scripts, copied as they are (plain ES modules). */
const CLIENT_SCRIPTS = ["engine.js", "search-page.js"];
/** Folders of numbered index files, emptied first: their counts change with the archive. */
const INDEX_DIRS = ["shards", "docs", "lexicon", "lib"];

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

  write(path: string, content: string): Promise<void> | undefined {
    if (this.failure !== undefined) throw this.failure;
    this.queue.push({ path, content });
    this.pendingBytes += content.length;
    this.pump();
    if (this.pendingBytes <= WRITE_BACKLOG_BYTES) return undefined;
    return new Promise((resolve) => this.waiting.push(resolve));
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
      replaceFile(path, content)
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
  archive: Archive,
  outputDir: string,
  baseUrl: string,
): Promise<{ files: number; bytes: number }> {
  const searchDir = join(outputDir, "search");
  for (const dir of INDEX_DIRS) {
    await rm(join(searchDir, dir), { recursive: true, force: true });
    await mkdir(join(searchDir, dir), { recursive: true });
  }

  // Each file goes to disk as soon as it is complete, so only a bounded backlog is held in memory.
  const writer = new BackgroundWriter();
  const written = await streamIndexFiles(archive, normaliseBaseUrl(baseUrl), (path, content) => writer.write(join(searchDir, path), content));
  await writer.finish();
  let bytes = written.bytes;
  let count = written.files;
  const copies = [
    ...BROWSER_SCRIPTS.map(({ from, to }) => ({ from: require.resolve(from), to: join(searchDir, "lib", to) })),
    ...CLIENT_SCRIPTS.map((name) => ({ from: join(clientDir, name), to: join(searchDir, name) })),
  ];
  for (const { from, to } of copies) {
    await rm(to, { force: true }); // never through a hard link to the published build
    await copyFile(from, to);
    bytes += (await stat(to)).size;
    count++;
  }
  return { files: count, bytes };
}
