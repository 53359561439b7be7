// Results derived from one thread (its words for similar threads, its posts' search terms) kept
// between builds, so a rebuild after one dump changed computes them for the changed threads only
// (issue 15). Each entry is one file named by a hash of the code and of exactly what the result is
// computed from, so a changed thread, setting or line of code never reads an old result. A file
// carries a checksum of its text: one cut short or damaged is a miss, and the result is computed
// afresh, as it is when the cache is missing. Entries this build did not use are pruned at its end.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the caches live, beside the parsed pages (relative to the working folder, as they are). */
export const CACHE_ROOT = ".cache/forum-archive";

let codeHash: Promise<string> | undefined;

/** A hash of every code file (src/, or the compiled lib/ the command runs, sub-folders too):
 *  any change to the code invalidates every cached result. */
export function codeVersion(): Promise<string> {
  codeHash ??= (async () => {
    const codeDir = join(dirname(fileURLToPath(import.meta.url)), "..");
    const hash = createHash("sha256");
    const files = (await readdir(codeDir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
    for (const path of files) hash.update(path.slice(codeDir.length)).update(await readFile(path));
    return hash.digest("hex");
  })();
  return codeHash;
}

const checksumOf = (text: string) => createHash("sha1").update(text).digest("base64url");

/** Cached results of one kind (`name`: a folder of its own under the cache root). */
export class DerivedCache<T> {
  private readonly used = new Set<string>();
  hits = 0;
  misses = 0;

  private constructor(
    private readonly dir: string,
    private readonly version: string,
  ) {}

  /** The cache of `name` under `root` (default CACHE_ROOT); `settings` are part of every key. */
  static async open<T>(name: string, settings: unknown, root: string = CACHE_ROOT): Promise<DerivedCache<T>> {
    const version = createHash("sha256")
      .update(await codeVersion())
      .update(JSON.stringify(settings) ?? "")
      .digest("hex");
    return new DerivedCache<T>(join(root, name), version);
  }

  /** The key of a result computed from `parts` (strings, in a fixed order). */
  keyOf(parts: Iterable<string>): string {
    const hash = createHash("sha256").update(this.version);
    // Each part's length first: no two lists of parts hash alike.
    for (const part of parts) hash.update(`\u0000${part.length}\u0000`).update(part);
    return hash.digest("hex");
  }

  /** The result stored under `key`, or undefined (none, or unreadable: compute it afresh). */
  async get(key: string): Promise<T | undefined> {
    this.used.add(key);
    try {
      const text = await readFile(join(this.dir, `${key}.json`), "utf8");
      const newline = text.indexOf("\n");
      const payload = text.slice(newline + 1);
      if (newline > 0 && text.slice(0, newline) === checksumOf(payload)) {
        const value = JSON.parse(payload) as T;
        this.hits++;
        return value;
      }
    } catch {
      // Not cached yet, or unreadable.
    }
    this.misses++;
    return undefined;
  }

  /** Stores a result; written whole under a temporary name, then renamed, so a reader never
   *  sees half a file. Only a cache: a failed write is a miss next time. */
  async set(key: string, value: T): Promise<void> {
    this.used.add(key);
    const payload = JSON.stringify(value);
    const path = join(this.dir, `${key}.json`);
    const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(temporary, `${checksumOf(payload)}\n${payload}`);
      await rename(temporary, path);
    } catch {
      await rm(temporary, { force: true }).catch(() => {});
    }
  }

  /** Removes the results this build did not use (threads changed or gone, older code). */
  async prune(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(
      names
        .filter((name) => name.endsWith(".json") && !this.used.has(name.slice(0, -".json".length)))
        .map((name) => rm(join(this.dir, name), { force: true }).catch(() => {})),
    );
  }
}
