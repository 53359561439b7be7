// Each group of pages' assembled threads kept between builds (issue 15), keyed by the code, the
// sites whose dashed dates read day first and the parsed-page cache keys of the group's pages (so
// by every byte of its files and their names): a rebuild after one dump changed assembles only the
// group that dump joins, and takes every other group's threads as they were, their posts' bodies
// as the packed bytes they were held in (archive/packed-bodies.ts, transferForm), never decoded, and
// the posts' other fields as their packed record's headers (packed-posts.ts storedHeadsOf).
// What is worked out across groups afterwards (separate folders, Similar Threads rows, similar
// threads) is done again as in a clean build. One file a group, with a checksum: a damaged or
// missing one only means its group is assembled afresh.
import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readdirSync, readSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Post, Thread } from "../model.ts";
import type { AssembledThread } from "../parse/thread.ts";
import { checksumOfAll, readFirstLines, writeCheckedFile } from "./cache-file.ts";
import { knowPostsDigest, postsDigestOf } from "./content-digest.ts";
import { postsOfTransfer, type TransferredPosts, transferForm } from "./packed-bodies.ts";
import { postsOfStored, type StoredPlaces, storedHeadsOf } from "./packed-posts.ts";

/** One post of a transfer form (packed-bodies.ts): its fields but body and signature, ranges, keys. */
type TransferredPost = TransferredPosts["posts"][number];

/** A group's threads as written: each thread but its posts, its listed rows, its posts (see PostRow)
 *  and where its packed bytes lie in the bytes after the header. */
interface StoredThread {
  /** Its posts null, in their place among the keys (whose order JSON keeps). */
  thread: Omit<Thread, "posts"> & { posts: null };
  listedRows: AssembledThread["listedRows"];
  /** Its posts as rows; empty when `record` holds them. */
  posts: PostRow[];
  /** Its posts as their packed record's headers (packed-posts.ts storedHeadsOf), where those lie in
   *  the bytes after the header, how many, and the record's file and zone: read back without making
   *  the record again from the posts' fields (issue 15). Posts assigned since packing are rows. */
  record?: { heads: [start: number, end: number]; count: number; file?: string; zone?: string };
  bytes: [start: number, end: number];
  /** Its posts' digest (content-digest.ts, postsDigestOf), base64: a rebuild's page fingerprints
   *  take it from here instead of reading every post's fields again. */
  postsDigest: string;
  /** The file of its first post: a post from it keeps its source as the line alone. */
  file?: string;
}

/** A post as written: its key order's place in the group's `keys`, its four ranges, then its fields
 *  in key order but body and signature; the author as its place in the group's `authors` (a member's
 *  posts write it once), the source as its line when its file is the thread's. A post with a field
 *  holding undefined (which an array would write as null) is written as its transfer form. Posts as
 *  objects were ~70% of the header, and most of its JSON.parse (issue 15). */
type PostRow = unknown[] | TransferredPost;

/** A group's file header: its threads, and the key orders, authors and (for records) other values their
 *  posts share; `undefinedAt` are the places in `objects` that hold undefined (JSON writes null). */
interface StoredGroup {
  keys: (readonly string[])[];
  authors: unknown[];
  objects?: unknown[];
  undefinedAt?: number[];
  threads: StoredThread[];
}

const NEWLINE = Buffer.from("\n");

/** Fields a row does not hold (they are in the packed bytes). */
const PACKED = new Set(["body", "signature"]);

export class AssembledThreads {
  private readonly used = new Set<string>();
  hits = 0;
  /** The last thread read (its fields as the header gave them), whose strings the next one shares. */
  private lastThread: Record<string, unknown> | undefined;

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
    const file = groupFileOf(join(this.dir, `${key}.bin`));
    if (!file) return undefined;
    const { header, bytes } = file;
    const { keys, authors, objects = [], undefinedAt = [], threads } = JSON.parse(header) as StoredGroup;
    for (const place of undefinedAt) objects[place] = undefined;
    shareObjectsStrings(objects);
    for (const { thread, listedRows } of threads) {
      shareStrings(thread, this.lastThread, 2);
      this.lastThread = thread;
      // A thread's Similar Threads rows name its file each.
      let file = "";
      for (const row of listedRows) {
        if (row.file === file) row.file = file;
        else file = row.file;
      }
    }
    const read: AssembledThread[] = [];
    for (const {
      thread,
      listedRows,
      posts,
      record,
      bytes: [start, end],
      postsDigest,
      file,
    } of threads) {
      const whole = thread as unknown as Thread;
      const packed = bytes.subarray(start, end);
      if (record) {
        const heads = bytes.subarray(...record.heads);
        const kept = postsOfStored({ heads, count: record.count, keys, objects }, packed, record.file, record.zone);
        if (!kept) return undefined;
        whole.posts = kept;
      } else {
        const transferred = posts.map((row) => (Array.isArray(row) ? postOfRow(row, keys, authors, file) : row));
        whole.posts = postsOfTransfer({ bytes: packed, posts: transferred });
      }
      if (typeof postsDigest === "string") knowPostsDigest(whole.posts, Buffer.from(postsDigest, "base64"));
      read.push({ thread: whole, listedRows });
    }
    this.hits++;
    return read;
  }

  /** Keeps a group's threads, just assembled (their bodies packed). Only a cache: a failed write
   *  is a miss next time. */
  write(key: string, entries: readonly AssembledThread[]): void {
    const parts: Uint8Array[] = [];
    const records: { record: NonNullable<StoredThread["record"]>; heads: Buffer }[] = [];
    let offset = 0;
    const shared = new SharedValues();
    const threads: StoredThread[] = entries.map(({ thread, listedRows }) => {
      const postsDigest = postsDigestOf(thread.posts).toString("base64");
      const stored = shared.record(thread.posts);
      if (stored) {
        parts.push(stored.packed);
        const bytes: [number, number] = [offset, (offset += stored.packed.byteLength)];
        const { file, zone } = stored;
        const record = {
          heads: [0, 0] as [number, number],
          count: thread.posts.length,
          ...(file === undefined ? {} : { file }),
          ...(zone === undefined ? {} : { zone }),
        };
        records.push({ record, heads: stored.heads });
        return { thread: { ...thread, posts: null }, listedRows, posts: [], record, bytes, postsDigest };
      }
      const form = transferForm(thread.posts);
      parts.push(form.bytes);
      const bytes: [number, number] = [offset, (offset += form.bytes.byteLength)];
      const file = (form.posts[0]?.fields.source as Post["source"] | undefined)?.file;
      const posts = form.posts.map((post) => rowOf(post, shared, file));
      return { thread: { ...thread, posts: null }, listedRows, posts, bytes, postsDigest, file };
    });
    // The records' headers after all the packed bytes.
    for (const { record, heads } of records) {
      parts.push(heads);
      record.heads = [offset, (offset += heads.byteLength)];
    }
    const objects = shared.objects.values;
    const undefinedAt = objects.flatMap((value, place) => (value === undefined ? [place] : []));
    const group: StoredGroup = {
      keys: shared.keys.values,
      authors: shared.authors.values,
      objects,
      undefinedAt,
      threads,
    };
    // ASCII alone (asciiJson), so its Latin-1 bytes are its UTF-8 ones, copied without a UTF-8 encoder.
    const header = Buffer.from(asciiJson(group), "latin1");
    const path = join(this.dir, `${key}.bin`);
    // The packed bytes written where they lie, not joined into one Buffer first (twice, ~117 MB at 10,000 threads).
    writeCheckedFile(this.dir, path, `${path}.${process.pid}.tmp`, [header, NEWLINE, ...parts]);
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

/** Each string of `current` (and of its objects and arrays, `depth` levels down) that equals the one under
 *  the same key of `previous` is replaced by that one. JSON.parse makes a string of every occurrence, and
 *  what a thread shares with the one read before (its site, breadcrumbs, forum, footer) would be kept once
 *  for each: the copies now die young, which the GC does not copy or mark (issue 15). */
function shareStrings(current: object, previous: object | undefined, depth: number): void {
  if (previous === undefined) return;
  const now = current as Record<string, unknown>;
  const before = previous as Record<string, unknown>;
  for (const key in now) {
    const value = now[key];
    const was = before[key];
    if (typeof value === "string") {
      if (value === was) now[key] = was;
    } else if (depth > 0 && typeof value === "object" && value !== null && typeof was === "object" && was !== null) {
      shareStrings(value, was, depth - 1);
    }
  }
}

/** For a group's `objects`, in the posts' order: each post's title ("Re: " and the thread's) and each
 *  source's file replaced by the equal one met last. Only these two fields, read directly: a for-in over
 *  every object (authors too) cost the read ~60 ms at 10,000 threads for ~3 MB more (issue 15). */
function shareObjectsStrings(objects: readonly unknown[]): void {
  let title = "";
  let file = "";
  for (const value of objects) {
    if (typeof value !== "object" || value === null) continue;
    const object = value as { postedAtText?: unknown; title?: unknown; line?: unknown; file?: unknown };
    if (object.postedAtText !== undefined) {
      if (object.title === title) object.title = title;
      else if (typeof object.title === "string") title = object.title;
    } else if (object.line !== undefined) {
      if (object.file === file) object.file = file;
      else if (typeof object.file === "string") file = object.file;
    }
  }
}

/** A group's file is read from its start until its header's end is met (its checksum line and header, ~7 KB
 *  a group at 10,000 threads, seldom over 64 KB), into one Buffer kept for every file (grown for a longer
 *  header: readFirstLines). */
let firstRead: Buffer = Buffer.allocUnsafeSlow(1 << 16);

/** A group file's header and its packed bytes (a Buffer of their own, shared by the group's threads), or
 *  undefined when it is missing, unreadable or damaged. The header is read into a Buffer kept for every
 *  file, then the packed bytes straight into theirs: a 10k rebuild read 115 MB of files whole and copied
 *  70 MB of packed bytes out of them to let their headers go (issue 15: ~30 ms). */
function groupFileOf(path: string): { header: string; bytes: Buffer } | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    // The checksum's line, then the payload: its header, a newline, and its packed bytes.
    const head = readFirstLines(fd, 2, firstRead);
    if (head === undefined) return undefined;
    firstRead = head.bytes;
    const read = head.length;
    const [checksumEnd, headerEnd] = head.ends as [number, number];
    if (checksumEnd === 0 || read > size) return undefined; // no checksum, or a file that grew since its size
    // The packed bytes: those read already, then the rest of the file.
    const start = firstRead.subarray(0, read);
    const bytes = Buffer.allocUnsafe(size - headerEnd - 1);
    const readAlready = start.copy(bytes, 0, headerEnd + 1, read);
    if (readFully(fd, bytes, readAlready, size - read, read) < size - read) return undefined;
    const checksum = checksumOfAll([start.subarray(checksumEnd + 1), bytes.subarray(readAlready)]);
    if (start.toString("latin1", 0, checksumEnd) !== checksum) return undefined;
    const header = start.subarray(checksumEnd + 1, headerEnd);
    // ASCII as Latin-1 (a copy of its bytes; asciiJson writes it so), else UTF-8.
    return { header: header.toString(isAscii(header) ? "latin1" : "utf8"), bytes };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Reads `length` bytes at `position` of the file into `into` from `offset` on, however many reads it
 *  takes; how many it read (fewer at the file's end). */
function readFully(fd: number, into: Buffer, offset: number, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const read = readSync(fd, into, offset + done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return done;
}

/** Characters JSON writes as they are that a read would decode as UTF-8 (all but ASCII). */
const NOT_ASCII = /[\u0080-\uffff]/g;

/** The JSON of `value` in ASCII alone, every other character escaped (`\u00e9`): a read decodes the
 *  header as Latin-1, a copy of its bytes, where UTF-8 decoding cost a 10k rebuild ~30 ms more (issue 15:
 *  most groups' headers hold a name or a title beyond ASCII). */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(NOT_ASCII, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Values a group's posts share, each written once: by their JSON, their place in `values`. */
class Places<T> {
  readonly values: T[] = [];
  private readonly places = new Map<string, number>();
  /** The same objects again (packed posts share their key orders, a kept thread its authors). */
  private readonly known = new Map<T, number>();

  placeOf(value: T): number {
    let place = this.known.get(value);
    if (place !== undefined) return place;
    const json = JSON.stringify(value);
    place = this.places.get(json);
    if (place === undefined) this.places.set(json, (place = this.values.push(value) - 1));
    this.known.set(value, place);
    return place;
  }
}

class SharedValues {
  readonly keys = new Places<readonly string[]>();
  readonly authors = new Places<unknown>();
  readonly objects = new RecordObjects();

  /** A thread's posts as their record's headers, when storedHeadsOf can write them and their values
   *  read back alike from JSON (no object with a key holding undefined, which JSON leaves out). */
  record(posts: readonly Post[]): ReturnType<typeof storedHeadsOf> {
    this.objects.lossy = false;
    const places: StoredPlaces = {
      keys: (keys) => this.keys.placeOf(keys),
      author: (author) => this.objects.authorPlace(author),
      object: (value) => this.objects.place(value),
    };
    const stored = storedHeadsOf(posts, places);
    return this.objects.lossy ? undefined : stored;
  }
}

/** The values records' headers point at, a group's in one table: an author met before by its JSON (a
 *  member's written once a group), any other value only by identity (as the records shared it). */
class RecordObjects {
  readonly values: unknown[] = [];
  private readonly known = new Map<unknown, number>();
  private readonly authors = new Map<string, number>();
  /** Set when a value met holds a key with undefined. */
  lossy = false;

  authorPlace(author: unknown): number {
    let place = this.known.get(author);
    if (place !== undefined) return place;
    const json = JSON.stringify(author);
    place = this.authors.get(json);
    if (place === undefined) this.authors.set(json, (place = this.place(author)));
    this.known.set(author, place);
    return place;
  }

  place(value: unknown): number {
    let place = this.known.get(value);
    if (place === undefined) {
      if (typeof value === "object" && value !== null && Object.values(value).includes(undefined)) this.lossy = true;
      this.known.set(value, (place = this.values.push(value) - 1));
    }
    return place;
  }
}

/** A post's row (see PostRow); its transfer form when a field holds undefined. */
function rowOf(post: TransferredPost, shared: SharedValues, file: string | undefined): PostRow {
  const row: unknown[] = [shared.keys.placeOf(post.keys), ...post.ranges];
  for (const key of post.keys) {
    if (PACKED.has(key)) continue;
    const value = post.fields[key];
    if (value === undefined) return post;
    if (key === "author") row.push(shared.authors.placeOf(value));
    else if (key === "source" && isLineOf(value, file)) row.push((value as Post["source"]).line);
    else row.push(value);
  }
  return row;
}

/** A source `{ file, line }` (those keys, in that order) whose file is `file`. */
function isLineOf(source: unknown, file: string | undefined): boolean {
  if (file === undefined || typeof source !== "object" || source === null) return false;
  const keys = Object.keys(source);
  const { file: from, line } = source as Post["source"];
  return keys.length === 2 && keys[0] === "file" && keys[1] === "line" && from === file && typeof line === "number";
}

/** The transfer form of a post's row. */
function postOfRow(
  row: readonly unknown[],
  keys: readonly (readonly string[])[],
  authors: readonly unknown[],
  file: string | undefined,
): TransferredPost {
  const postKeys = keys[row[0] as number]!;
  const fields: Record<string, unknown> = {};
  let at = 5;
  for (const key of postKeys) {
    if (PACKED.has(key)) continue;
    const value = row[at++];
    if (key === "author") fields[key] = authors[value as number];
    else if (key === "source" && typeof value === "number") fields[key] = { file, line: value };
    else fields[key] = value;
  }
  const ranges = row.slice(1, 5) as [number, number, number, number];
  return { fields, ranges, keys: postKeys };
}
