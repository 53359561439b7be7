// Parsed dump pages cached by content hash, so a rebuild after adding one dump reparses one
// file. The key covers all the code (src/, or the compiled lib/ the command runs), so a changed
// parser, or anything it uses, never reads stale pages. Each entry holds, before the page's JSON,
// the little a build needs of every page before it assembles threads (the keys pages join by, its
// site, whether it writes dates day first; or the file's failure), so the JSON is decoded once,
// when its thread is made; and a checksum of each. A rebuild reads only the summary of a file whose
// group of pages the assembled-thread cache keeps (issue 15: nearly every file; reading and checking
// every entry whole was 31 MB and ~0.09 CPU s), and the JSON when the group is assembled afresh
// (`json`); a damaged summary is parsed afresh at once, a damaged JSON when it is asked for. The
// summaries of all the entries a build used are also kept in one record in the folder (SummaryRecord),
// so a rebuild reads one file with one checksum, not an open, a read and a close of every entry
// (4,289 at 2,000 threads); when the record is missing or damaged the entries' own summaries are read.
// An entry is keyed by the SHA-256 of the dump's bytes (dumpDigestOf), which the build's input
// fingerprint keeps for every unchanged input file, so a rebuild looks up such a dump without reading it.
import { hash } from "node:crypto";
import { dumpDigestOf } from "./dump-digest.ts";
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Failure, Warning } from "../model.ts";
import { parseDumpLoadingReader, type parseDump } from "../parse/index.ts";
import { pageJoinKeys } from "../parse/thread.ts";
import { checkedPayloadOf, checksumOf, readFirstLines, writeCacheFile, writeCheckedFile } from "./cache-file.ts";
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

/** An entry's first line: the checksum of its summary, then of its JSON. */
const headOf = (summary: string, json: Buffer) => `${checksumOf(summary)} ${checksumOf(json)}`;

/** The bytes an entry's first read takes: its two lines (~100 bytes a file) and some of its JSON. */
const HEAD_BYTES = 2048;

/** An entry's summary, when its first two lines are whole and the summary's checksum holds (its
 *  JSON's is checked when the JSON is read). Reads little more of the file than those lines. */
function readHead(path: string): PageSummary | undefined {
  const fd = openSync(path, "r");
  try {
    const head = readFirstLines(fd, 2, Buffer.allocUnsafe(HEAD_BYTES));
    if (head === undefined) return undefined; // the file ends before its second line does
    const [firstEnd, secondEnd] = head.ends as [number, number];
    const [summaryChecksum, jsonChecksum] = head.bytes.toString("latin1", 0, firstEnd).split(" ");
    const summary = head.bytes.toString("utf8", firstEnd + 1, secondEnd);
    if (jsonChecksum === undefined || summaryChecksum !== checksumOf(summary)) return undefined;
    return JSON.parse(summary) as PageSummary;
  } finally {
    closeSync(fd);
  }
}

/** Where an entry's first and second lines end in `bytes`, when both do. */
function lineEnds(bytes: Buffer): [number, number] | undefined {
  const first = bytes.indexOf(10);
  const second = first < 0 ? -1 : bytes.indexOf(10, first + 1);
  return second < 0 ? undefined : [first, second];
}

/** The name of the summaries' record in the entries' folder (an entry's is its key and ".json"). */
const SUMMARIES = "summaries";

/** The summaries of a build's entries, by key, in one file among the entries (SUMMARIES): its first line a
 *  checksum of the rest, the rest the summaries' JSON. Read whole at the first look, or not at all when
 *  damaged; written again after a build whose entries differ from it. */
class SummaryRecord {
  private readonly kept: Map<string, PageSummary>;
  /** Each summary this build used, to write when they are not the record's. */
  private readonly used = new Map<string, PageSummary>();
  private changed = false;

  constructor(private readonly path: string) {
    this.kept = SummaryRecord.read(path);
  }

  private static read(path: string): Map<string, PageSummary> {
    try {
      const body = checkedPayloadOf(readFileSync(path));
      if (!body) return new Map();
      return new Map(Object.entries(JSON.parse(body.toString("utf8")) as Record<string, PageSummary>));
    } catch {
      return new Map(); // none yet, or unreadable: the entries' summaries are read
    }
  }

  /** The summary kept under `key`, noted as used. */
  get(key: string): PageSummary | undefined {
    const summary = this.kept.get(key);
    if (summary) this.used.set(key, summary);
    return summary;
  }

  /** Notes the summary of `key` read or made otherwise. */
  add(key: string, summary: PageSummary): void {
    this.used.set(key, summary);
    this.changed = true;
  }

  /** Writes the summaries used when they are not those kept. Only a cache: a failed write is a miss. */
  save(): void {
    if (!this.changed && this.used.size === this.kept.size) return;
    const body = Buffer.from(JSON.stringify(Object.fromEntries([...this.used].sort(([a], [b]) => (a < b ? -1 : 1)))));
    writeCheckedFile(dirname(this.path), this.path, `${this.path}.${process.pid}.tmp`, body);
  }
}

export class PageCache {
  private readonly used = new Set<string>();
  private summaries: SummaryRecord | undefined;
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
      // No cache yet: its folder is made with the first entry (cache-file.ts).
      this.stored = new Set();
    }
    return this.stored;
  }

  /** The key of the entry of `file` whose bytes have `digest` (dumpDigestOf): the code's version too,
   *  so an entry made by other code is never read. */
  private async keyOf(file: string, digest: string): Promise<string> {
    // One-shot, no Hash object a file: a rebuild keys every dump (11,631 at 10,000 threads; issue 15).
    return hash("sha256", `${await codeVersion()}\0${file}\0${digest}`, "hex");
  }

  /** The cached summary of `file` whose bytes have `digest` (dumpDigestOf), its JSON left in the entry;
   *  undefined when there is none (nothing counted: the caller parses the bytes). A build that knows a
   *  dump's digest without reading it (build/input-digests.ts) looks it up so. */
  async lookup(
    file: string,
    digest: string,
  ): Promise<{ summary: PageSummary; json: undefined; key: string } | undefined> {
    const key = await this.keyOf(file, digest);
    const name = `${key}.json`;
    this.used.add(name);
    this.summaries ??= new SummaryRecord(join(this.dir, SUMMARIES));
    const recorded = this.summaries.get(key);
    if (recorded) {
      this.hits++;
      return { summary: recorded, json: undefined, key };
    }
    try {
      // Read at once: a few kilobytes, and through the thread pool the hand-overs cost more CPU.
      const summary = this.storedNames().has(name) ? readHead(join(this.dir, name)) : undefined;
      if (summary) {
        this.hits++;
        this.summaries.add(key, summary);
        return { summary, json: undefined, key };
      }
    } catch {
      // Unreadable: parsed afresh.
    }
    return undefined;
  }

  /** The summary of a file's bytes parsed, and the parsed file's JSON: from the cache when these
   *  bytes were parsed before, with the JSON left in the entry (undefined: `json` reads it); parsed
   *  afresh when not, or when `fresh`. */
  async parse(
    file: string,
    bytes: Uint8Array,
    fresh = false,
  ): Promise<{ summary: PageSummary; json: Buffer | undefined; key: string }> {
    const digest = dumpDigestOf(bytes);
    const kept = fresh ? undefined : await this.lookup(file, digest);
    if (kept) return kept;
    const key = await this.keyOf(file, digest);
    const name = `${key}.json`;
    const path = join(this.dir, name);
    this.used.add(name);
    this.misses++;
    // Asked for afresh when the entry's JSON is found damaged: its summary was counted a hit.
    if (fresh) this.hits--;
    const parsed = await parseDumpLoadingReader({ file, bytes });
    const json = Buffer.from(JSON.stringify(parsed));
    const summary = summaryOf(parsed);
    const summaryJson = JSON.stringify(summary);
    // At once, like the read: the hand-overs to the thread pool cost more CPU than a small write.
    // Its two lines, then the JSON where it lies (kept for assembly), not copied into one Buffer with them.
    const entry = [Buffer.from(`${headOf(summaryJson, json)}\n${summaryJson}\n`), json];
    writeCacheFile(this.dir, path, entry); // the folder made again if it was taken away since the first look
    this.storedNames().add(name);
    this.summaries ??= new SummaryRecord(join(this.dir, SUMMARIES));
    this.summaries.add(key, summary);
    return { summary, json, key };
  }

  /** The parsed file's JSON kept under `key` (one `parse` gave), or undefined when its entry is gone
   *  or damaged (the file is then parsed afresh: `parse` with `fresh`). */
  json(key: string): Buffer | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(this.dir, `${key}.json`));
    } catch {
      return undefined;
    }
    const ends = lineEnds(bytes);
    if (ends === undefined) return undefined;
    const json = bytes.subarray(ends[1] + 1);
    const jsonChecksum = bytes.toString("latin1", 0, ends[0]).split(" ")[1];
    return jsonChecksum === checksumOf(json) ? json : undefined;
  }

  /** Drops the entries this build did not use (dumps removed or changed), and records the summaries of
   *  those it used. */
  async prune(): Promise<void> {
    this.summaries?.save();
    this.used.add(SUMMARIES);
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(
      names.filter((name) => !this.used.has(name)).map((name) => rm(join(this.dir, name), { force: true })),
    );
  }
}
