// Post bodies and signatures are most of a loaded archive's memory: as block trees they take
// about 1.5 GB of JavaScript heap per 100,000 threads. The loader keeps each thread's as JSON
// bytes in one Buffer, which lives outside the heap, and a post decodes its own slice whenever
// `body` or `signature` is read (the posts are views on one record a thread: archive/packed-posts.ts).
// Readers (similar threads, search, pages) read each post a few times in a build; every read gets
// a fresh copy, so nothing can change the packed text.
import { setFlagsFromString } from "node:v8";
import type { Post, Thread } from "../model.ts";
import { compact, PackedPost, packedThreadOf, viewsOf } from "./packed-posts.ts";

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

/** V8 lets its heap grow to up to four times what was live after a full collection before it
 *  collects again (more when collections look slow against the program). A process that holds a
 *  packed archive holds all of it at once (issue 18: 2,000,000 posts), so that reserve is hundreds
 *  of MB (463 MB committed for 225 MB live after reading 2,000,000 posts): from the first packed
 *  thread on, the heap may grow by half of what is live. Flags are the process's, worker threads'
 *  heaps included; this one is read at each collection, so setting it while running takes effect. */
const HEAP_GROWING_PERCENT = 50;
let heapGrowthLimited = false;

function limitHeapGrowth(): void {
  if (heapGrowthLimited) return;
  heapGrowthLimited = true;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/** Replaces the thread's posts with posts that read `body` and `signature` from one packed Buffer. */
export function packBodies(thread: Thread): void {
  limitHeapGrowth();
  const parts: string[] = [];
  const bounds: number[] = [];
  let offset = 0;
  // A text already packed in this thread (a member's signature under each of their posts) is
  // packed once: the later posts' bounds point at the first copy.
  const starts = new Map<string, number>();
  const keys: (readonly string[])[] = [];
  for (const post of thread.posts) {
    const signature = post.signature;
    const own = post instanceof PackedPost ? post.keys() : Object.keys(post);
    // A signature key holding undefined (set so, or taken away) is no signature: JSON leaves it out,
    // and packed it would be an empty text.
    keys.push(signature === undefined ? own.filter((key) => key !== "signature") : own);
    for (const blocks of [post.body, signature]) {
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
  thread.posts = viewsOf(packedThreadOf(thread.posts, keys, packed, bounds));
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
  // One loop, not a flatMap and two maps: a rebuild makes every kept thread's posts here (issue 15).
  const bounds = new Array<number>(4 * posts.length);
  const plain = new Array<Post>(posts.length);
  const keys = new Array<readonly string[]>(posts.length);
  for (let index = 0; index < posts.length; index++) {
    const { fields, ranges, keys: postKeys } = posts[index]!;
    for (let i = 0; i < 4; i++) bounds[4 * index + i] = ranges[i]!;
    plain[index] = fields as unknown as Post;
    keys[index] = postKeys;
  }
  return viewsOf(packedThreadOf(plain, keys, packed, bounds));
}
