// Writes the build's files, leaving alone every file whose bytes are already what the build
// would write: a rebuild rewrites only what changed (new thread, the lists it joins), and the
// untouched files keep their mtime and inode, so rsync, CDNs and `make` see only real changes.
// Writes run in the background, a few at a time, while the next pages render: on a loaded
// machine a mkdir or open can wait on the disk for a while, and rendering need not.
import { mkdir, readFile, stat } from "node:fs/promises";
import { dirname, relative, resolve, sep } from "node:path";
import { replaceFile } from "./staging.ts";

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
  private readonly madeDirs = new Map<string, Promise<unknown>>();
  private readonly queue: { file: string; bytes: Buffer }[] = [];
  private running = 0;
  private failure: unknown;
  private drained: (() => void)[] = [];

  constructor(output: string) {
    this.root = resolve(output);
  }

  /** Queues `content` for `path` (absolute, or relative to the working directory), written unless
   *  the file already holds exactly these bytes. Returns the path relative to the output, and a
   *  promise to wait on when the backlog is full. */
  write(path: string, content: string | Uint8Array): { rel: string; wait?: Promise<void> } {
    if (this.failure) throw this.failure;
    const file = resolve(path);
    const rel = relative(this.root, file).split(sep).join("/");
    if (rel === "" || rel === ".." || rel.startsWith("../")) throw new Error(`refusing to write outside the output: ${path}`);
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
    this.files.add(rel);
    this.sizes.set(rel, bytes.length);
    this.queue.push({ file, bytes });
    this.pump();
    return { rel, wait: this.queue.length > BACKLOG ? this.whenBelow() : undefined };
  }

  /** Counts `rel` as produced by this build and already right on disk (a page not even rendered). */
  keep(rel: string): void {
    this.files.add(rel);
    this.unchanged++;
  }

  /** Resolves once everything queued is on disk; rejects with the first write error. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.running > 0) await new Promise<void>((r) => this.drained.push(r));
    if (this.failure) throw this.failure;
  }

  private whenBelow(): Promise<void> {
    return new Promise<void>((r) => this.drained.push(r)).then(() => (this.queue.length > BACKLOG ? this.whenBelow() : undefined));
  }

  private pump(): void {
    while (this.running < PARALLEL && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      void this.writeOne(job.file, job.bytes)
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

  private async writeOne(file: string, bytes: Buffer): Promise<void> {
    if (await sameBytes(file, bytes)) {
      this.unchanged++;
      return;
    }
    const dir = dirname(file);
    let made = this.madeDirs.get(dir);
    if (!made) this.madeDirs.set(dir, (made = mkdir(dir, { recursive: true })));
    await made;
    await replaceFile(file, bytes);
    this.written++;
  }
}

async function sameBytes(file: string, bytes: Buffer): Promise<boolean> {
  try {
    // The size first: most changed pages change length, and a stat is cheaper than a read.
    if ((await stat(file)).size !== bytes.length) return false;
    return (await readFile(file)).equals(bytes);
  } catch {
    return false; // not there (or unreadable): write it
  }
}
