// Posts wait on disk, not in memory, until their thread is assembled: a dump lists posts by id,
// threads' posts interleaved, and before the thread and user tables (alphabetical order). Each post
// is one JSON record in a private temporary file; per thread only [postid, dateline, offset,
// length] stay in memory. The file is removed by `close()`.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface StoredPost {
  username: string;
  userid: number;
  title: string;
  pagetext: string;
  showsignature: number;
  /** Line of the dump the row is on (0 for a live database). */
  line: number;
}

const FLUSH_AT = 4 << 20;

export class PostStore {
  /** thread id → flat [postid, dateline, offset, length, …]. */
  readonly byThread = new Map<number, number[]>();
  #dir: string | undefined;
  #fd: number | undefined;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #offset = 0;
  count = 0;

  add(threadId: number, postId: number, dateline: number, post: StoredPost): void {
    const bytes = Buffer.from(JSON.stringify(post));
    let entries = this.byThread.get(threadId);
    if (!entries) this.byThread.set(threadId, (entries = []));
    entries.push(postId, dateline, this.#offset, bytes.length);
    this.#offset += bytes.length;
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    this.count++;
    if (this.#pendingBytes >= FLUSH_AT) this.#flush();
  }

  /** A thread's posts in the board's order (date, then id): ids and datelines, records read on demand. */
  postsOf(threadId: number): { postId: number; dateline: number; read: () => StoredPost }[] {
    this.#flush();
    const entries = this.byThread.get(threadId) ?? [];
    const posts = [];
    for (let i = 0; i < entries.length; i += 4) {
      const [postId, dateline, offset, length] = entries.slice(i, i + 4) as [number, number, number, number];
      posts.push({ postId, dateline, read: () => this.#read(offset, length) });
    }
    return posts.sort((a, b) => a.dateline - b.dateline || a.postId - b.postId);
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    if (this.#fd === undefined) {
      this.#dir = mkdtempSync(join(tmpdir(), "forum-archive-posts-"));
      this.#fd = openSync(join(this.#dir, "posts.jsonl"), "w+", 0o600);
    }
    writeSync(this.#fd, Buffer.concat(this.#pending));
    this.#pending = [];
    this.#pendingBytes = 0;
  }

  #read(offset: number, length: number): StoredPost {
    const buffer = Buffer.alloc(length);
    readSync(this.#fd!, buffer, 0, length, offset);
    return JSON.parse(buffer.toString("utf8")) as StoredPost;
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    if (this.#dir !== undefined) rmSync(this.#dir, { recursive: true, force: true });
    this.#fd = undefined;
    this.#dir = undefined;
  }
}
