// The file store under a cache that keeps one entry per thread between builds (search/thread-cache.ts;
// similar-cache.ts keeps one file of its own): entries in files by the first two hex digits of their
// key, each file with a checksum of its payload on its first line. A damaged or missing file only means its
// threads are computed afresh; a build writes again only the files that gained or lost an entry,
// holding only the entries it used. How a file's payload holds its entries is the cache's own.
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { checkedPayloadOf, writeCheckedFile } from "./cache-file.ts";
import { join } from "node:path";
import { threadId } from "node:worker_threads";

/** How a cache's entries are held in a file's payload. */
export interface ShardFormat<T> {
  /** The files' extension, with its dot (".json"). */
  extension: string;
  /** The entries of a payload's bytes (a format of text decodes them itself); throws when it is not whole. */
  parse(payload: Buffer): Map<string, T>;
  serialize(entries: Map<string, T>): string | Buffer;
}

const shardOf = (key: string) => key.slice(0, 2);

export class CacheShards<T> {
  private readonly stored = new Map<string, Map<string, T>>();
  private readonly used = new Map<string, Map<string, T>>();
  /** Shards that gain an entry or lose one this build: only they are written again. */
  private readonly changed = new Set<string>();

  /** The files under `dir`, read now. */
  constructor(
    private readonly dir: string,
    private readonly format: ShardFormat<T>,
  ) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      // no cache yet
    }
    const fileName = new RegExp(`^[0-9a-f]{2}${format.extension.replace(".", "\\.")}$`);
    for (const name of names) {
      if (!fileName.test(name)) continue;
      const entries = this.read(join(dir, name));
      const shard = name.slice(0, 2);
      if (entries) this.stored.set(shard, entries);
      else this.changed.add(shard);
    }
  }

  /** The entry a former build kept under `key`, if any. */
  former(key: string): T | undefined {
    return this.stored.get(shardOf(key))?.get(key);
  }

  /** Keeps `entry` under `key` for the next build: one a former build kept (`computed` false) or
   *  one computed this build. */
  keep(key: string, entry: T, computed: boolean): void {
    const shard = shardOf(key);
    if (computed) this.changed.add(shard);
    let used = this.used.get(shard);
    if (!used) this.used.set(shard, (used = new Map()));
    used.set(key, entry);
  }

  /** Writes the shards whose entries changed, with only the entries this build kept. Only a cache:
   *  a write that fails is a miss next time. Synchronous: one call a file, where the thread pool
   *  would hand it over in chunks. */
  save(): void {
    for (const [shard, entries] of this.stored) {
      const used = this.used.get(shard);
      if (!used || used.size !== entries.size) this.changed.add(shard);
    }
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch {
      return;
    }
    for (const shard of [...this.changed].sort()) {
      const path = join(this.dir, `${shard}${this.format.extension}`);
      const used = this.used.get(shard);
      if (!used) {
        rmSync(path, { force: true });
        continue;
      }
      const serialized = this.format.serialize(used);
      const payload = typeof serialized === "string" ? Buffer.from(serialized) : serialized;
      // Another build (or test, or thread) may write the same cache at once: each its own temporary file.
      writeCheckedFile(this.dir, path, `${path}.${process.pid}.${threadId}.tmp`, payload);
    }
  }

  /** A file's entries, or undefined when it cannot be read whole. The checksum is taken over the
   *  payload's bytes as read, which are the UTF-8 the writer hashed: the text is decoded once, for
   *  `parse`, never encoded again to be hashed (issue 15: a rebuild's search worker reads ~18 MB). */
  private read(path: string): Map<string, T> | undefined {
    try {
      const payload = checkedPayloadOf(readFileSync(path));
      return payload && this.format.parse(payload);
    } catch {
      return undefined;
    }
  }
}
