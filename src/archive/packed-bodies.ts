// Post bodies and signatures are most of a loaded archive's memory: as block trees they take
// about 1.5 GB of JavaScript heap per 100,000 threads. The loader keeps each thread's as JSON
// bytes in one Buffer, which lives outside the heap, and a post decodes its own slice whenever
// `body` or `signature` is read. Readers (similar threads, search, pages) read each post a few
// times in a build; every read gets a fresh copy, so nothing can change the packed text.
import type { Author, Block, Post, Thread } from "../model.ts";

/** Pieces of JSON that most bodies repeat, each packed as one control character: JSON.stringify
 *  writes every character below U+0020 as an escape, so a raw one in packed text is always one of
 *  these. About a third less text to hold (issue 18: 2,000,000 posts held in memory). */
const PIECES = [
  '{"type":"paragraph","inlines":[{"type":"text","text":"',
  '"}]}',
  '{"type":"text","text":"',
  '{"type":"link","href":"',
  '{"type":"paragraph","inlines":[',
  '{"type":"quote",',
  '"},',
  '{"type":"',
] as const;
const PIECE_CODES = /[\x01-\x08]/g;

/** JSON text with its common pieces as control characters (longest first: the pieces overlap). */
function compact(json: string): string {
  for (let i = 0; i < PIECES.length; i++) json = json.replaceAll(PIECES[i]!, String.fromCharCode(i + 1));
  return json;
}

/** The JSON text `compact` was given. */
function expand(text: string): string {
  return text.replace(PIECE_CODES, (code) => PIECES[code.charCodeAt(0) - 1]!);
}

/** Key orders of the posts packed so far (a handful of shapes), shared by their posts. */
const keyOrders = new Map<string, readonly string[]>();

interface PackedThread {
  readonly packed: Buffer;
  readonly bounds: Uint32Array;
  /** The file of the thread's first post: a post from the same file keeps only its line. */
  readonly file: string | undefined;
  /** The zone suffix of its first post's date ("Z", "-05:00"): a date with it is kept as a number. */
  readonly zone: string | undefined;
}

/** Fields a packed post keeps in a smaller form than the plain post (a held post is about 60 bytes
 *  less: issue 18): its source as a line number when its file is the thread's, its id as a number
 *  when it is one written plainly ("74649"). Read, they are what was packed. */
const SMALLER = new Set(["body", "signature", "source", "id", "postedAt", "postedAtText"]);

/** An ISO date as isoOf writes it (src/input/vbulletin-db/threads.ts): local digits and zone suffix. */
const ISO_DATE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(Z|[+-]\d\d:\d\d)$/;

/** Dates are kept as seconds from here (2004-01-10), so 1970–2038 fit a small integer. */
const DATE_BASE = 2 ** 30;

/** A date's local digits as seconds (from DATE_BASE, as if the zone were UTC), when they read back
 *  the same and fit a small integer; else undefined. */
function secondsOf(digits: string): number | undefined {
  const ms = Date.parse(`${digits}Z`);
  if (!Number.isFinite(ms) || ms % 1000 !== 0) return undefined;
  const seconds = ms / 1000 - DATE_BASE;
  return isSmallInteger(seconds) && digitsOf(seconds) === digits ? seconds : undefined;
}

function digitsOf(seconds: number): string {
  return new Date((seconds + DATE_BASE) * 1000).toISOString().slice(0, 19);
}

/** Bodies and signatures set on packed posts since packing (rare): kept here, not in a field every
 *  post would carry. */
const setBlocks = new WeakMap<object, { body?: Block[]; signature?: Block[] }>();

/** A post whose body and signature are read from the thread's packed Buffer. Its other fields are
 *  own properties as before; `toJSON` gives the plain post, keys in the order they came. */
class PackedPost {
  /** The thread's packed bytes and where the bodies and signatures of its posts lie in them
   *  (start and end of each): one pair a thread, shared by its posts (a field less a post). */
  readonly #thread: PackedThread;
  /** Where this post's four bounds are in the thread's. */
  readonly #at: number;
  readonly #keys: readonly string[];
  #source: Post["source"] | number;
  #id: string | number | undefined;
  /** postedAt, or its local digits as seconds when its zone suffix is the thread's. */
  #postedAt: string | number;
  /** postedAtText, or undefined when it is the same text as postedAt (database inputs). */
  #postedAtText: string | undefined;

  constructor(post: Post, thread: PackedThread, at: number, keys: readonly string[]) {
    for (const key of keys) {
      if (!SMALLER.has(key)) (this as Record<string, unknown>)[key] = (post as unknown as Record<string, unknown>)[key];
    }
    this.#thread = thread;
    this.#at = at;
    this.#keys = keys;
    const { source, id } = post;
    this.#source = source.file === thread.file && isSmallInteger(source.line) ? source.line : source;
    this.#id = id !== undefined && /^[1-9][0-9]{0,8}$/.test(id) ? Number(id) : id;
    const { postedAt, postedAtText } = post;
    const date = ISO_DATE.exec(postedAt);
    const seconds = date && date[2] === thread.zone ? secondsOf(date[1]!) : undefined;
    this.#postedAt = seconds ?? postedAt;
    this.#postedAtText = postedAtText === postedAt ? undefined : postedAtText;
  }

  get postedAt(): string {
    const at = this.#postedAt;
    return typeof at === "number" ? digitsOf(at) + this.#thread.zone! : at;
  }

  set postedAt(at: string) {
    if (this.#postedAtText === undefined) this.#postedAtText = this.postedAt;
    this.#postedAt = at;
  }

  get postedAtText(): string {
    return this.#postedAtText ?? this.postedAt;
  }

  set postedAtText(text: string) {
    this.#postedAtText = text;
  }

  get source(): Post["source"] {
    const source = this.#source;
    return typeof source === "number" ? { file: this.#thread.file!, line: source } : source;
  }

  set source(source: Post["source"]) {
    this.#source = source;
  }

  get id(): string | undefined {
    return typeof this.#id === "number" ? String(this.#id) : this.#id;
  }

  set id(id: string | undefined) {
    this.#id = id;
  }

  /** The packed text of the body (0) or the signature (2). */
  #slice(which: 0 | 2): string {
    const { packed, bounds } = this.#thread;
    return expand(packed.toString("utf8", bounds[this.#at + which], bounds[this.#at + which + 1]));
  }

  get body(): Block[] {
    return setBlocks.get(this)?.body ?? (JSON.parse(this.#slice(0)) as Block[]);
  }

  set body(blocks: Block[]) {
    setBlocks.set(this, { ...setBlocks.get(this), body: blocks });
  }

  get signature(): Block[] | undefined {
    const set = setBlocks.get(this)?.signature;
    if (set) return set;
    if (!this.#keys.includes("signature")) return undefined;
    return JSON.parse(this.#slice(2)) as Block[];
  }

  set signature(blocks: Block[] | undefined) {
    setBlocks.set(this, { ...setBlocks.get(this), signature: blocks });
  }

  /** The body as JSON text, without decoding it (the packed slice, its pieces written out). */
  bodyJson(): string {
    const set = setBlocks.get(this)?.body;
    return set ? JSON.stringify(set) : this.#slice(0);
  }

  /** The packed bytes, this post's ranges in them and its keys; undefined once a body or signature was set. */
  packedForm():
    | { packed: Buffer; ranges: readonly [number, number, number, number]; keys: readonly string[] }
    | undefined {
    const set = setBlocks.get(this);
    if (set?.body || set?.signature) return undefined;
    const at = this.#at;
    const b = this.#thread.bounds;
    const ranges = [b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!] as const;
    return { packed: this.#thread.packed, ranges, keys: this.#keys };
  }

  toJSON(): Post {
    const plain: Record<string, unknown> = {};
    for (const key of this.#keys) plain[key] = (this as Record<string, unknown>)[key];
    return plain as unknown as Post;
  }
}

// The fields every Post has, for the type checker (PackedPost copies them in its constructor).
interface PackedPost {
  number: number;
  author: Author;
}

/** Held in a field as it is, not boxed (V8's small integers: 31 bits even with pointer compression). */
function isSmallInteger(value: number): boolean {
  return Number.isInteger(value) && value >= -(2 ** 30) && value < 2 ** 30;
}

/** A post's body as JSON text: for a packed post its packed text, never decoded and encoded again. */
export function bodyJsonOf(post: Post): string {
  return post instanceof PackedPost ? post.bodyJson() : JSON.stringify(post.body);
}

/** Threads' packed text is written one after another into slabs of this size: Buffer.from puts a
 *  thread's few KB into an 8 KB pool slice and leaves the rest of the pool unused when the next one
 *  does not fit (~20 % of the packed text at 2,000,000 posts). */
const SLAB_BYTES = 1 << 20;
let slab = Buffer.allocUnsafeSlow(0);
let slabUsed = 0;

/** `text` (of `length` UTF-8 bytes) in a Buffer of its own size, most in a shared slab. */
function slabBytes(text: string, length: number): Buffer {
  if (length > SLAB_BYTES / 16) return Buffer.from(text);
  if (slabUsed + length > slab.length) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    slabUsed = 0;
  }
  const bytes = slab.subarray(slabUsed, slabUsed + length);
  bytes.write(text, "utf8");
  slabUsed += length;
  return bytes;
}

/** Replaces the thread's posts with posts that read `body` and `signature` from one packed Buffer. */
export function packBodies(thread: Thread): void {
  const parts: string[] = [];
  const bounds: number[] = [];
  let offset = 0;
  // A text already packed in this thread (a member's signature under each of their posts) is
  // packed once: the later posts' bounds point at the first copy.
  const starts = new Map<string, number>();
  for (const post of thread.posts) {
    for (const blocks of [post.body, post.signature]) {
      const json = blocks === undefined ? "" : compact(JSON.stringify(blocks));
      const start = starts.get(json);
      if (start !== undefined) {
        bounds.push(start, start + Buffer.byteLength(json));
        continue;
      }
      starts.set(json, offset);
      parts.push(json);
      bounds.push(offset, (offset += Buffer.byteLength(json)));
    }
  }
  const packed = slabBytes(parts.join(""), offset);
  // Four bytes a bound (a thread's packed text is far below 4 GB), not eight.
  const first = thread.posts[0];
  const shared: PackedThread = {
    packed,
    bounds: Uint32Array.from(bounds),
    file: first?.source.file,
    zone: first ? ISO_DATE.exec(first.postedAt)?.[2] : undefined,
  };
  thread.posts = thread.posts.map((post, index) => {
    const order = Object.keys(post);
    const shape = order.join(",");
    let keys = keyOrders.get(shape);
    if (!keys) keyOrders.set(shape, (keys = order));
    return new PackedPost(post, shared, 4 * index, keys) as unknown as Post;
  });
}

/** A thread's posts as structured clone can carry them to another thread (the render workers,
 *  src/build/render-workers.ts): the packed bytes as they are, never decoded, and each post's
 *  other fields, ranges and key order. */
export interface TransferredPosts {
  bytes: Uint8Array;
  posts: {
    fields: Record<string, unknown>;
    ranges: readonly [number, number, number, number];
    keys: readonly string[];
  }[];
  /** True when the posts were not packed (or not as one thread's) and were packed for the transfer. */
  repacked?: boolean;
}

/** `posts` (one thread's) in their transfer form: packed ones as they lie, others packed afresh. */
export function transferForm(posts: readonly Post[]): TransferredPosts {
  if (posts.length === 0) return { bytes: new Uint8Array(0), posts: [] };
  const forms = posts.map((post) => (post instanceof PackedPost ? post.packedForm() : undefined));
  const packed = forms[0]?.packed;
  if (!packed || forms.some((form) => form?.packed !== packed)) {
    const copy = { posts: posts.map((p) => (p instanceof PackedPost ? p.toJSON() : { ...p })) } as Thread;
    packBodies(copy);
    return { ...transferForm(copy.posts), repacked: true };
  }
  return {
    bytes: packed,
    posts: posts.map((post, i) => {
      const { ranges, keys } = forms[i]!;
      const fields: Record<string, unknown> = {};
      for (const key of keys) if (key !== "body" && key !== "signature") fields[key] = (post as never)[key];
      return { fields, ranges, keys };
    }),
  };
}

/** The posts of a transfer form, reading their bodies and signatures from its bytes. */
export function postsOfTransfer({ bytes, posts }: TransferredPosts): Post[] {
  const packed = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // One bounds array for the thread's posts, as packBodies makes it.
  const thread: PackedThread = {
    packed,
    bounds: Uint32Array.from(posts.flatMap(({ ranges }) => ranges)),
    file: (posts[0]?.fields.source as Post["source"] | undefined)?.file,
    zone: ISO_DATE.exec(String(posts[0]?.fields.postedAt ?? ""))?.[2],
  };
  return posts.map(
    ({ fields, keys }, index) => new PackedPost(fields as never, thread, 4 * index, keys) as unknown as Post,
  );
}
