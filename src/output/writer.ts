// Writes the build's files, leaving alone every file whose bytes are already what the build
// would write: a rebuild rewrites only what changed (new thread, the lists it joins), and the
// untouched files keep their mtime and inode, so rsync, CDNs and `make` see only real changes.
// A page in a folder this build made is written at once, with no look at what is there (nothing
// is); comparing an existing file's bytes runs in the background, a few at a time, while the next
// pages render. A folder is made or checked once per build.
import { lstatSync, mkdirSync } from "node:fs";
import { lstat, readFile, readlink } from "node:fs/promises";
import { dirname, relative, resolve, sep } from "node:path";
import { OutputRefused, replaceFile, writeNewFile } from "./staging.ts";

export interface WriterOptions {
  /** Files in the output that are not the archive's (the user's): refused unless `force`. */
  foreign?: ReadonlySet<string>;
  force?: boolean;
}

const PARALLEL = 2;
/** Pages rendered but not yet on disk before a caller is made to wait (bounds the memory). */
const BACKLOG = 64;

export class OutputWriter {
  /** Every file this build produced (written or already right), "/"-separated, relative to the output. */
  readonly files = new Set<string>();
  /** Byte size of every file queued, by relative path. */
  readonly sizes = new Map<string, number>();
  written = 0;
  unchanged = 0;
  private readonly root: string;
  private readonly madeDirs = new Map<string, Promise<boolean>>();
  /** A page's text stays a string until written: Node writes a string without a Buffer of its own. */
  private readonly queue: { file: string; content: string | Buffer }[] = [];
  private running = 0;
  private failure: unknown;
  private drained: (() => void)[] = [];

  private readonly foreign: ReadonlySet<string>;
  private readonly force: boolean;

  constructor(output: string, options: WriterOptions = {}) {
    this.root = resolve(output);
    this.foreign = options.foreign ?? new Set();
    this.force = options.force === true;
  }

  /** The first write error, if any (a build reports it rather than what it caused further on). */
  get error(): unknown {
    return this.failure;
  }

  /** Queues `content` for `path` (absolute, or relative to the working directory), written unless
   *  the file already holds exactly these bytes. Returns the path relative to the output, and a
   *  promise to wait on when the backlog is full. */
  write(path: string, content: string | Uint8Array): { rel: string; wait?: Promise<void> } {
    if (this.failure) throw this.failure;
    const file = resolve(path);
    const rel = relative(this.root, file).split(sep).join("/");
    if (rel === "" || rel === ".." || rel.startsWith("../"))
      throw new Error(`refusing to write outside the output: ${path}`);
    if (this.foreign.has(rel) && !this.force) {
      this.failure ??= new OutputRefused(
        `${rel} in the output is not forum-archive's, and the archive has a file of that name: ` +
          "move it, or pass --force to replace it with the archive's",
      );
      throw this.failure;
    }
    // Bytes are copied, so the caller may reuse its array.
    const queued = typeof content === "string" ? content : Buffer.from(content);
    this.files.add(rel);
    this.sizes.set(rel, typeof queued === "string" ? Buffer.byteLength(queued) : queued.length);
    this.queue.push({ file, content: queued });
    this.pump();
    return { rel, wait: this.queue.length > BACKLOG ? this.whenBelow() : undefined };
  }

  /** Counts `rel` as produced by this build and already right on disk (a page not even rendered). */
  keep(rel: string): void {
    this.files.add(rel);
    this.unchanged++;
  }

  /** Drops what is queued and resolves once no write is in flight (after a failure, before cleaning up). */
  async settle(): Promise<void> {
    this.queue.length = 0;
    while (this.running > 0) await new Promise<void>((r) => this.drained.push(r));
  }

  /** Resolves once everything queued is on disk; rejects with the first write error. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.running > 0) await new Promise<void>((r) => this.drained.push(r));
    if (this.failure) throw this.failure;
  }

  private whenBelow(): Promise<void> {
    return new Promise<void>((r) => this.drained.push(r)).then(() =>
      this.queue.length > BACKLOG ? this.whenBelow() : undefined,
    );
  }

  private pump(): void {
    while (this.running < PARALLEL && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      void this.writeOne(job.file, job.content)
        .catch((error: unknown) => {
          this.failure ??= error;
        })
        .finally(() => {
          this.running--;
          this.pump();
          for (const wake of this.drained.splice(0)) wake();
        });
    }
  }

  private async writeOne(file: string, content: string | Buffer): Promise<void> {
    // In a folder this build made, nothing can be there yet: the file is created, nothing checked.
    if ((await this.realFolder(dirname(file))) && (await writeNewFile(file, content))) {
      this.written++;
      return;
    }
    if (await sameBytes(file, content)) {
      this.unchanged++;
      return;
    }
    await replaceFile(file, content);
    this.written++;
  }

  /** Makes `dir` (absolute, inside the output) a folder, each level a real one: a symbolic link on
   *  the way (`assets -> ../victim`) is refused, never written through. Each level once per build.
   *  Resolves to true when this build made the folder (so it holds only what this build wrote). */
  private realFolder(dir: string): Promise<boolean> {
    if (dir === this.root) return Promise.resolve(false);
    let made = this.madeDirs.get(dir);
    if (!made) {
      const rel = relative(this.root, dir).split(sep).join("/");
      made = this.realFolder(dirname(dir)).then((parentIsNew) => makeRealFolder(dir, rel, parentIsNew));
      this.madeDirs.set(dir, made);
    }
    return made;
  }
}

/** Makes `dir` unless it is a real folder already; true when it made it. Inside a folder this build
 *  made, nothing is there to look at first: one mkdir (a folder per page, thousands of them). The
 *  calls are synchronous: each is a few microseconds in the kernel, less than handing it to the
 *  thread pool and back (a render worker makes a folder for each thread page of its share). */
async function makeRealFolder(dir: string, rel: string, parentIsNew: boolean): Promise<boolean> {
  if (parentIsNew || lstatSync(dir, { throwIfNoEntry: false }) === undefined) {
    try {
      mkdirSync(dir); // at once, as files are written (see fileWrites)
      return true;
    } catch (error) {
      // Made meanwhile by someone else: checked below like any folder found.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const info = lstatSync(dir);
  if (info.isSymbolicLink()) {
    const target = await readlink(dir).catch(() => "?");
    throw new OutputRefused(
      `${rel} in the output is a symbolic link (to ${target}); the build writes nothing through a link: remove it`,
    );
  }
  if (!info.isDirectory()) {
    throw new OutputRefused(`${rel} in the output is a file where the archive needs a folder: move it`);
  }
  return false;
}

/** True when `file` is a regular file (not a link to one) holding exactly `content` (UTF-8). A page's
 *  bytes are made only to compare them with a file of their length: not for a file that is not there. */
async function sameBytes(file: string, content: string | Buffer): Promise<boolean> {
  try {
    // The size first: most changed pages change length, and a stat is cheaper than a read.
    const info = await lstat(file);
    const size = typeof content === "string" ? Buffer.byteLength(content, "utf8") : content.length;
    if (!info.isFile() || info.size !== size) return false;
    return (await readFile(file)).equals(typeof content === "string" ? Buffer.from(content, "utf8") : content);
  } catch {
    return false; // not there (or unreadable): write it
  }
}
