// Each group of pages' assembled threads kept between builds (issue 15), keyed by the code, the
// sites whose dashed dates read day first and the parsed-page cache keys of the group's pages (so
// by every byte of its files and their names): a rebuild after one dump changed assembles only the
// group that dump joins, and takes every other group's threads as they were, their posts' bodies
// as the packed bytes they were held in (archive/packed-bodies.ts, transferForm), never decoded.
// What is worked out across groups afterwards (separate folders, Similar Threads rows, similar
// threads) is done again as in a clean build. One file a group, with a checksum: a damaged or
// missing one only means its group is assembled afresh.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Thread } from "../model.ts";
import type { AssembledThread } from "../parse/thread.ts";
import { knowPostsDigest, postsDigestOf } from "./content-digest.ts";
import { postsOfTransfer, type TransferredPosts, transferForm } from "./packed-bodies.ts";

/** A group's threads as written: each thread but its posts, its listed rows, its posts' fields and
 *  ranges, and where its packed bytes lie in the bytes after the header. */
interface StoredThread {
  /** Its posts null, in their place among the keys (whose order JSON keeps). */
  thread: Omit<Thread, "posts"> & { posts: null };
  listedRows: AssembledThread["listedRows"];
  posts: TransferredPosts["posts"];
  bytes: [start: number, end: number];
  /** Its posts' digest (content-digest.ts, postsDigestOf), base64: a rebuild's page fingerprints
   *  take it from here instead of reading every post's fields again. */
  postsDigest: string;
}

const checksumOf = (header: string, bytes: Uint8Array) =>
  createHash("sha1").update(header).update("\n").update(bytes).digest("base64url");

export class AssembledThreads {
  private readonly used = new Set<string>();
  hits = 0;

  constructor(
    private readonly dir: string,
    private readonly version: string,
  ) {}

  /** The key of a group of pages (their parsed-page cache keys, in the group's order). */
  keyOf(pageKeys: readonly string[], dayFirstSites: ReadonlySet<string>): string {
    const hash = createHash("sha256")
      .update(this.version)
      .update(JSON.stringify([...dayFirstSites].sort()));
    for (const key of pageKeys) hash.update(`\u0000${key}`);
    const key = hash.digest("hex");
    this.used.add(`${key}.bin`);
    return key;
  }

  /** The group's threads as a build assembled them, or undefined when not kept (or unreadable). */
  read(key: string): AssembledThread[] | undefined {
    let file: Buffer;
    try {
      file = readFileSync(join(this.dir, `${key}.bin`));
    } catch {
      return undefined;
    }
    const first = file.indexOf(10);
    const second = first < 0 ? -1 : file.indexOf(10, first + 1);
    if (second < 0) return undefined;
    const header = file.toString("utf8", first + 1, second);
    if (file.toString("latin1", 0, first) !== checksumOf(header, file.subarray(second + 1))) return undefined;
    // The packed bytes in a Buffer of their own (the header is let go), shared by the group's threads.
    const bytes = Buffer.from(file.subarray(second + 1));
    const stored = JSON.parse(header) as StoredThread[];
    this.hits++;
    return stored.map(({ thread, listedRows, posts, bytes: [start, end], postsDigest }) => {
      const whole = thread as unknown as Thread;
      whole.posts = postsOfTransfer({ bytes: bytes.subarray(start, end), posts });
      if (typeof postsDigest === "string") knowPostsDigest(whole.posts, Buffer.from(postsDigest, "base64"));
      return { thread: whole, listedRows };
    });
  }

  /** Keeps a group's threads, just assembled (their bodies packed). Only a cache: a failed write
   *  is a miss next time. */
  write(key: string, entries: readonly AssembledThread[]): void {
    const parts: Uint8Array[] = [];
    let offset = 0;
    const stored: StoredThread[] = entries.map(({ thread, listedRows }) => {
      const form = transferForm(thread.posts);
      parts.push(form.bytes);
      const bytes: [number, number] = [offset, (offset += form.bytes.byteLength)];
      const postsDigest = postsDigestOf(thread.posts).toString("base64");
      return { thread: { ...thread, posts: null }, listedRows, posts: form.posts, bytes, postsDigest };
    });
    const header = JSON.stringify(stored);
    const body = Buffer.concat(parts);
    const path = join(this.dir, `${key}.bin`);
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(temporary, Buffer.concat([Buffer.from(`${checksumOf(header, body)}\n${header}\n`), body]));
      renameSync(temporary, path);
    } catch {
      rmSync(temporary, { force: true });
    }
  }

  /** Drops the groups this build did not use (their dumps changed or were removed). */
  prune(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) if (!this.used.has(name)) rmSync(join(this.dir, name), { force: true });
  }
}
