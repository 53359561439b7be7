// Posts wait on disk, not in memory, until their thread is assembled: a dump lists posts by id,
// threads' posts interleaved, and before the thread and user tables (alphabetical order). Each post
// is one binary record in one of a few private temporary files, chosen by its thread id; per thread
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
/**
 * A record: userid, showsignature, line (doubles: any number a column holds), then for username,
 * title and pagetext their byte length (uint32, the top bit set for UTF-16 text: a string that is
 * not well-formed Unicode, which UTF-8 cannot carry) and their bytes.
 */
const HEADER = 3 * 8 + 3 * 4;
const UTF16 = 0x8000_0000;

interface Bucket {
  fd?: number;
  pending?: Buffer;
  pendingBytes: number;
  size: number;
}

export class PostStore {
  /** thread id → flat [postid, dateline, offset, length, …] (offsets in the thread's bucket file). */
  readonly byThread = new Map<number, number[]>();
  readonly #buckets: Bucket[] = Array.from({ length: BUCKETS }, () => ({ pendingBytes: 0, size: 0 }));
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
    const bucket = this.#buckets[PostStore.bucketOf(threadId)]!;
    // At most 3 bytes of UTF-8 (or 2 of UTF-16) per UTF-16 code unit.
    const most = HEADER + 3 * (post.username.length + post.title.length + post.pagetext.length);
    if (bucket.pending && bucket.pendingBytes + most > bucket.pending.length) this.#flush(bucket);
    if (!bucket.pending || most > bucket.pending.length) bucket.pending = Buffer.allocUnsafe(Math.max(FLUSH_AT, most));
    const out = bucket.pending;
    const start = bucket.pendingBytes;
    out.writeDoubleLE(post.userid, start);
    out.writeDoubleLE(post.showsignature, start + 8);
    out.writeDoubleLE(post.line, start + 16);
    let at = start + HEADER;
    at += writeText(out, at, start + 24, post.username);
    at += writeText(out, at, start + 28, post.title);
    at += writeText(out, at, start + 32, post.pagetext);
    const length = at - start;
    let entries = this.byThread.get(threadId);
    if (!entries) this.byThread.set(threadId, (entries = []));
    entries.push(postId, dateline, bucket.size, length);
    bucket.size += length;
    bucket.pendingBytes = at;
    this.count++;
    if (bucket.pendingBytes >= FLUSH_AT) this.#flush(bucket);
  }

  /**
   * The threads of each bucket in turn (the ids asked for, in the order given), each with its
   * posts in the board's order (date, then id), once. One bucket's file is in memory at a time.
   */
  *threadsByBucket(threadIds: readonly number[]): Generator<{ threadId: number; posts: StoredEntry[] }> {
    for (let index = 0; index < BUCKETS; index++) {
      const ids = threadIds.filter((id) => PostStore.bucketOf(id) === index && this.byThread.has(id));
      if (ids.length === 0) continue;
      const bucket = this.#buckets[index]!;
      this.#flush(bucket);
      bucket.pending = undefined;
      const file = readFileSync(join(this.#dir!, `posts-${index}.bin`));
      for (const threadId of ids) {
        const posts = this.#postsOf(threadId, file);
        // Given once: the thread's index goes as its posts do, so memory shrinks as threads are made.
        this.byThread.delete(threadId);
        yield { threadId, posts };
      }
    }
  }

  #postsOf(threadId: number, file: Buffer): StoredEntry[] {
    const entries = this.byThread.get(threadId) ?? [];
    const posts: StoredEntry[] = [];
    for (let i = 0; i < entries.length; i += 4) {
      const offset = entries[i + 2]!;
      posts.push({ postId: entries[i]!, dateline: entries[i + 1]!, read: () => recordAt(file, offset) });
    }
    return posts.sort((a, b) => a.dateline - b.dateline || a.postId - b.postId);
  }

  #flush(bucket: Bucket): void {
    if (bucket.pendingBytes === 0) return;
    this.#dir ??= mkdtempSync(join(tmpdir(), "forum-archive-posts-"));
    bucket.fd ??= openSync(join(this.#dir, `posts-${this.#buckets.indexOf(bucket)}.bin`), "w", 0o600);
    writeSync(bucket.fd, bucket.pending!, 0, bucket.pendingBytes);
    bucket.pendingBytes = 0;
  }

  close(): void {
    for (const bucket of this.#buckets) {
      if (bucket.fd !== undefined) closeSync(bucket.fd);
      bucket.fd = undefined;
      bucket.pending = undefined;
    }
    if (this.#dir !== undefined) rmSync(this.#dir, { recursive: true, force: true });
    this.#dir = undefined;
  }
}

/** Writes the text at `at` and its length at `lengthAt`; returns its length in bytes. */
function writeText(out: Buffer, at: number, lengthAt: number, text: string): number {
  const utf16 = !isWellFormed(text);
  const length = out.write(text, at, utf16 ? "utf16le" : "utf8");
  out.writeUInt32LE(utf16 ? (length | UTF16) >>> 0 : length, lengthAt);
  return length;
}

/** The text whose length is at `lengthAt` and whose bytes start at `at`. */
function readText(file: Buffer, at: number, lengthAt: number): string {
  const word = file.readUInt32LE(lengthAt);
  return file.toString(word & UTF16 ? "utf16le" : "utf8", at, at + (word & ~UTF16));
}

function recordAt(file: Buffer, start: number): StoredPost {
  const usernameAt = start + HEADER;
  const titleAt = usernameAt + (file.readUInt32LE(start + 24) & ~UTF16);
  const pagetextAt = titleAt + (file.readUInt32LE(start + 28) & ~UTF16);
  return {
    username: readText(file, usernameAt, start + 24),
    userid: file.readDoubleLE(start),
    title: readText(file, titleAt, start + 28),
    pagetext: readText(file, pagetextAt, start + 32),
    showsignature: file.readDoubleLE(start + 8),
    line: smallInteger(file.readDoubleLE(start + 16)),
  };
}

/** A line number as a small integer where it is one (a post keeps it: a double would take a box of its own). */
const smallInteger = (value: number): number => (value === (value | 0) ? value | 0 : value);

/** Whether the text is well-formed UTF-16 (no lone surrogate), so UTF-8 holds it exactly. */
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();
