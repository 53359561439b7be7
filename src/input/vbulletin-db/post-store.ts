// Posts wait on disk, not in memory, until their thread is assembled: a dump lists posts by id,
// threads' posts interleaved, and before the thread and user tables (alphabetical order). Each post
// is one JSON record in one of a few private temporary files, chosen by its thread id; per thread
// only [postid, dateline, offset, length] stay in memory. Threads are then made one file at a time:
// the file is read whole (a fraction of the posts) instead of one read per post. `close()` removes
// the files.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
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

export interface StoredEntry {
  postId: number;
  dateline: number;
  read: () => StoredPost;
}

const BUCKETS = 32;
const FLUSH_AT = 1 << 20;

interface Bucket {
  fd?: number;
  pending: Buffer[];
  pendingBytes: number;
  size: number;
}

export class PostStore {
  /** thread id → flat [postid, dateline, offset, length, …] (offsets in the thread's bucket file). */
  readonly byThread = new Map<number, number[]>();
  readonly #buckets: Bucket[] = Array.from({ length: BUCKETS }, () => ({ pending: [], pendingBytes: 0, size: 0 }));
  #dir: string | undefined;
  count = 0;

  /** The private folder of the post files, once a post was written. */
  get directory(): string | undefined {
    return this.#dir;
  }

  static bucketOf(threadId: number): number {
    return threadId % BUCKETS;
  }

  add(threadId: number, postId: number, dateline: number, post: StoredPost): void {
    const bytes = Buffer.from(JSON.stringify(post));
    const bucket = this.#buckets[PostStore.bucketOf(threadId)]!;
    let entries = this.byThread.get(threadId);
    if (!entries) this.byThread.set(threadId, (entries = []));
    entries.push(postId, dateline, bucket.size, bytes.length);
    bucket.size += bytes.length;
    bucket.pending.push(bytes);
    bucket.pendingBytes += bytes.length;
    this.count++;
    if (bucket.pendingBytes >= FLUSH_AT) this.#flush(bucket);
  }

  /**
   * The threads of each bucket in turn (the ids asked for, in the order given), each with its
   * posts in the board's order (date, then id). One bucket's file is in memory at a time.
   */
  *threadsByBucket(threadIds: readonly number[]): Generator<{ threadId: number; posts: StoredEntry[] }> {
    for (let index = 0; index < BUCKETS; index++) {
      const ids = threadIds.filter((id) => PostStore.bucketOf(id) === index && this.byThread.has(id));
      if (ids.length === 0) continue;
      const bucket = this.#buckets[index]!;
      this.#flush(bucket);
      const file = readFileSync(join(this.#dir!, `posts-${index}.jsonl`));
      for (const threadId of ids) yield { threadId, posts: this.#postsOf(threadId, file) };
    }
  }

  #postsOf(threadId: number, file: Buffer): StoredEntry[] {
    const entries = this.byThread.get(threadId) ?? [];
    const posts: StoredEntry[] = [];
    for (let i = 0; i < entries.length; i += 4) {
      const [postId, dateline, offset, length] = [entries[i]!, entries[i + 1]!, entries[i + 2]!, entries[i + 3]!];
      posts.push({
        postId,
        dateline,
        read: () => JSON.parse(file.toString("utf8", offset, offset + length)) as StoredPost,
      });
    }
    return posts.sort((a, b) => a.dateline - b.dateline || a.postId - b.postId);
  }

  #flush(bucket: Bucket): void {
    if (bucket.pending.length === 0) return;
    this.#dir ??= mkdtempSync(join(tmpdir(), "forum-archive-posts-"));
    bucket.fd ??= openSync(join(this.#dir, `posts-${this.#buckets.indexOf(bucket)}.jsonl`), "w", 0o600);
    writeSync(bucket.fd, Buffer.concat(bucket.pending));
    bucket.pending = [];
    bucket.pendingBytes = 0;
  }

  close(): void {
    for (const bucket of this.#buckets) {
      if (bucket.fd !== undefined) closeSync(bucket.fd);
      bucket.fd = undefined;
    }
    if (this.#dir !== undefined) rmSync(this.#dir, { recursive: true, force: true });
    this.#dir = undefined;
  }
}
