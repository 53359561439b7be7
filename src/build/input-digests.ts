// The digest of each input file, kept from one build to the next (issue 15): a rebuild hashes the
// inputs to know whether anything changed (unchanged-inputs.ts), and reading and hashing every dump
// again cost ~90 ms of a 2,000-thread rebuild. A file's digest is taken again unless the file is
// the one it was taken of, as the file system tells it: the same device, inode, size, mtime and
// ctime. Writing a file, or setting its times back (utimes), sets its ctime to the current time,
// which no one can set back. Git's "racy" rule: a change in the very clock tick a file was looked
// at could leave all five as they were, so a digest is kept only for a file whose ctime and mtime
// are older than the clock (taken before any file is looked at) by more than CLOCK_MARGIN_MS, the
// coarsest granularity of a file system's times (FAT's 2 s) with some to spare; files changed in
// the last seconds before a build are read again by the next. The clock is read on the cache
// folder's file system, so only files on that device are kept: a file on another (a network share
// whose server's clock runs behind, or whose attributes the client caches) is read every time.
import { createHash } from "node:crypto";
import { createReadStream, lstatSync, readFileSync, renameSync, type Stats, statSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { dumpDigestOf } from "../archive/dump-digest.ts";

const HEADER = "forum-archive input digests 1";
const BIG_FILE = 16 << 20;
export const CLOCK_MARGIN_MS = 3000;

/** A file as the file system tells it apart, and the digest of its bytes. */
type Entry = [dev: number, ino: number, size: number, mtimeMs: number, ctimeMs: number, digest: string];

/** Seams for tests: the clock a change is measured against (the file system's time now, in ms). */
export const digestClock = {
  /** The time now as `folder`'s file system writes it (the mtime of a file written there), and no
   *  later than this process's clock; undefined when nothing can be written there. */
  now(folder: string): number | undefined {
    const path = join(folder, "clock");
    try {
      writeFileSync(path, "");
      return Math.min(lstatSync(path).mtimeMs, Date.now());
    } catch {
      return undefined;
    }
  },
};

const sha256 = () => createHash("sha256");

/** Whether `info` tells the file `entry` was taken of, unchanged. */
const sameFile = (entry: Entry, info: Stats): boolean =>
  entry[0] === info.dev &&
  entry[1] === info.ino &&
  entry[2] === info.size &&
  entry[3] === info.mtimeMs &&
  entry[4] === info.ctimeMs;

/** The SHA-256 of a file's bytes, as dumpDigestOf gives it (a dump's parsed-page cache entry is keyed by it). */
async function digestOfBytes(path: string, size: number): Promise<string> {
  if (size < BIG_FILE) return dumpDigestOf(readFileSync(path));
  const hash = sha256();
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("base64url");
}

const isEntry = (value: unknown): value is Entry =>
  Array.isArray(value) &&
  value.length === 6 &&
  value.slice(0, 5).every((n) => typeof n === "number") &&
  typeof value[5] === "string";

/** The digests of the files one build's inputs are hashed from, by absolute path. */
export class InputDigests {
  private readonly next = new Map<string, Entry>();
  private changed = false;
  /** How many files were read this time (for tests and measurements). */
  reads = 0;

  private constructor(
    private readonly file: string | undefined,
    private readonly kept: Map<string, Entry>,
    /** Files whose ctime and mtime are before this are kept; none when undefined. */
    private readonly before: number | undefined,
    /** The device the clock was read on: only files on it are kept. */
    private readonly device: number | undefined,
  ) {}

  /** The digests kept in `file` (one per input: see unchanged-inputs.ts), or none. */
  static async open(file: string, folder: string): Promise<InputDigests> {
    await mkdir(folder, { recursive: true }).catch(() => {});
    const now = digestClock.now(folder); // before any input is looked at
    const kept = new Map<string, Entry>();
    try {
      const [header, json] = readFileSync(file, "utf8").split("\n");
      const entries = header === HEADER ? (JSON.parse(json ?? "") as unknown) : undefined;
      if (Array.isArray(entries)) {
        for (const item of entries) {
          if (Array.isArray(item) && typeof item[0] === "string" && isEntry(item[1])) kept.set(item[0], item[1]);
        }
      }
    } catch {
      // none yet, or damaged: every file is read
    }
    const device = lstatSync(folder, { throwIfNoEntry: false })?.dev;
    if (now === undefined || device === undefined) return new InputDigests(undefined, kept, undefined, undefined);
    return new InputDigests(file, kept, now - CLOCK_MARGIN_MS, device);
  }

  /** The digest of the bytes of the file at `path`, `info` its stat taken before. */
  async digestOf(path: string, info: Stats): Promise<string> {
    const known = this.kept.get(path);
    if (known !== undefined && sameFile(known, info)) {
      this.next.set(path, known);
      return known[5];
    }
    this.reads++;
    const digest = await digestOfBytes(path, info.size);
    const settled = this.before !== undefined && info.ctimeMs < this.before && info.mtimeMs < this.before;
    if (settled && info.dev === this.device) {
      this.next.set(path, [info.dev, info.ino, info.size, info.mtimeMs, info.ctimeMs, digest]);
      this.changed = true;
    }
    return digest;
  }

  /** The digest of the file at `path` when this build hashed it (digestOf) or kept it settled and the
   *  file is still the one it was taken of (the same five stamps): a dump's bytes need not be read
   *  again to find its parsed-page cache entry. Undefined for any other file. */
  settledDigestOf(path: string): string | undefined {
    const entry = this.next.get(resolve(path));
    if (entry === undefined) return undefined;
    try {
      const info = statSync(path, { throwIfNoEntry: false });
      return info !== undefined && sameFile(entry, info) ? entry[5] : undefined;
    } catch {
      return undefined; // a folder of its path replaced or shut since: read, and said unreadable, as before
    }
  }

  /** Keeps the digests of the files looked at this time (only a cache: a failure is no error). */
  save(): void {
    if (this.file === undefined || (!this.changed && this.next.size === this.kept.size)) return;
    try {
      const temporary = `${this.file}.${process.pid}`;
      writeFileSync(temporary, `${HEADER}\n${JSON.stringify([...this.next])}\n`);
      renameSync(temporary, this.file); // whole or not at all, as two builds may save at once
    } catch {
      // not kept: the next build reads every file
    }
  }
}
