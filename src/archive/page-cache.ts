// Parsed dump pages cached by content hash, so a rebuild after adding one dump reparses one
// file. The key covers all the code (src/, or the compiled lib/ the command runs), so a changed
// parser, or anything it uses, never reads stale pages. Each entry holds, before the page's JSON,
// the little a build needs of every page before it assembles threads (the keys pages join by, its
// site, whether it writes dates day first; or the file's failure), so the JSON is decoded once,
// when its thread is made; and a checksum of both, so a damaged entry is parsed afresh.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Failure, Warning } from "../model.ts";
import { parseDumpLoadingReader, type parseDump } from "../parse/index.ts";
import { pageJoinKeys } from "../parse/thread.ts";
import { codeVersion } from "./cache-version.ts";

export type ParsedDump = ReturnType<typeof parseDump>;

/** What a build reads of a parsed file before assembling threads. */
export type PageSummary =
  | { page: { joinKeys: string[]; site?: string; dayFirstDashes: boolean } }
  | { failure: Failure; warnings: Warning[] };

/** The summary of a parsed file. */
export function summaryOf(parsed: ParsedDump): PageSummary {
  if (!("page" in parsed)) return { failure: parsed.failure, warnings: parsed.warnings };
  const { page } = parsed;
  return {
    page: {
      joinKeys: pageJoinKeys(page),
      ...(page.site === undefined ? {} : { site: page.site }),
      dayFirstDashes: page.dayFirstDashes === true,
    },
  };
}

const checksumOf = (summary: string, json: Buffer) =>
  createHash("sha1").update(summary).update("\n").update(json).digest("base64url");

/** An entry's summary and JSON, or undefined when it is not one whole entry of this format. */
function readEntry(bytes: Buffer): { summary: PageSummary; json: Buffer } | undefined {
  const first = bytes.indexOf(10);
  const second = first < 0 ? -1 : bytes.indexOf(10, first + 1);
  if (second < 0) return undefined;
  const summary = bytes.toString("utf8", first + 1, second);
  const json = bytes.subarray(second + 1);
  if (bytes.toString("latin1", 0, first) !== checksumOf(summary, json)) return undefined;
  return { summary: JSON.parse(summary) as PageSummary, json };
}

export class PageCache {
  private readonly used = new Set<string>();
  /** The entries' names at the first look, so a file not cached (every file of a first build) is not
   *  looked for: each failed open costs an exception. Undefined until then. */
  private stored: Set<string> | undefined;
  hits = 0;
  misses = 0;

  constructor(private readonly dir: string) {}

  private storedNames(): Set<string> {
    if (this.stored) return this.stored;
    try {
      this.stored = new Set(readdirSync(this.dir));
    } catch {
      // No cache yet: made with the first entry.
      mkdirSync(this.dir, { recursive: true });
      this.stored = new Set();
    }
    return this.stored;
  }

  /** The summary of a file's bytes parsed, and the parsed file's JSON: from the cache when these
   *  bytes were parsed before. */
  async parse(file: string, bytes: Uint8Array): Promise<{ summary: PageSummary; json: Buffer; key: string }> {
    const key = createHash("sha256")
      .update(await codeVersion())
      .update("\0")
      .update(file)
      .update("\0")
      .update(bytes)
      .digest("hex");
    const name = `${key}.json`;
    this.used.add(name);
    const path = join(this.dir, name);
    const stored = this.storedNames();
    try {
      // Read at once: a few kilobytes, and through the thread pool the hand-overs cost more CPU.
      const entry = stored.has(name) ? readEntry(readFileSync(path)) : undefined;
      if (entry) {
        this.hits++;
        return { ...entry, key };
      }
    } catch {
      // Unreadable: parse afresh.
    }
    this.misses++;
    const parsed = await parseDumpLoadingReader({ file, bytes });
    const json = Buffer.from(JSON.stringify(parsed));
    const summary = summaryOf(parsed);
    const summaryJson = JSON.stringify(summary);
    // At once, like the read: the hand-overs to the thread pool cost more CPU than a small write.
    const entry = Buffer.concat([Buffer.from(`${checksumOf(summaryJson, json)}\n${summaryJson}\n`), json]);
    try {
      writeFileSync(path, entry);
    } catch (error) {
      // The folder was taken away since the first look: made again.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(path, entry);
    }
    stored.add(name);
    return { summary, json, key };
  }

  /** Drops the entries this build did not use (dumps removed or changed). */
  async prune(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(
      names.filter((name) => !this.used.has(name)).map((name) => rm(join(this.dir, name), { force: true })),
    );
  }
}
