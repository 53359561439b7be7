// One hash of a thread's packed post text (bodies and signatures, archive/packed-bodies.ts), taken
// once a build and shared by the keys that cover that text (issue 15): the similar-words cache
// (similar-cache.ts) and page fingerprints (build/page-inputs.ts) each hashed all of it before.
// Packed bytes never change once packed, so the digest is kept per Buffer for as long as it lives.
import { createHash } from "node:crypto";
import type { Post } from "../model.ts";
import { PackedPost } from "./packed-posts.ts";

const digests = new WeakMap<Buffer, Buffer>();

/** A SHA-1 of the packed bytes (not a security boundary), computed on the first call only. */
export function packedDigestOf(packed: Buffer): Buffer {
  let digest = digests.get(packed);
  if (digest === undefined) {
    digest = createHash("sha1").update(packed).digest();
    digests.set(packed, digest);
  }
  return digest;
}

/** A post's fields hashed otherwise (body, signature) or never shown (the file and line it came from). */
const NOT_HASHED = new Set(["body", "signature", "source"]);

/** Posts digests known for a posts array (see postsDigestOf), with the array's length when taken. */
const postsDigests = new WeakMap<readonly Post[], { length: number; digest: Buffer }>();

/**
 * A hash of a thread's posts as page fingerprints cover them (build/page-inputs.ts): each post's fields
 * but body, signature and source, and those as the packed bytes they are read from (one Buffer a thread,
 * its digest shared; each post's ranges in it), or as JSON when the posts are not packed as one
 * thread's. Taken once a posts array; the assembled-thread cache keeps it with the group's threads, so
 * a rebuild hashes none of the posts it reads from there (their fields are read from packed headers,
 * ~0.15 CPU s for 28,500 posts). Posts take no new values once assembled (the cache's premise too).
 */
export function postsDigestOf(posts: readonly Post[]): Buffer {
  const known = postsDigests.get(posts);
  if (known !== undefined && known.length === posts.length) return known.digest;
  const digest = computePostsDigest(posts);
  postsDigests.set(posts, { length: posts.length, digest });
  return digest;
}

/** Records the digest postsDigestOf gave these posts' equal (a cache's, kept with them). */
export function knowPostsDigest(posts: readonly Post[], digest: Buffer): void {
  postsDigests.set(posts, { length: posts.length, digest });
}

function computePostsDigest(posts: readonly Post[]): Buffer {
  const hash = createHash("sha1");
  const forms = packedFormsOf(posts);
  if (!forms) {
    for (const post of posts) hash.update(`${JSON.stringify(withoutSource(post))}\u0000`);
    return hash.digest();
  }
  const packed = forms[0]!.packed;
  hash.update(`${packed.length}\u0000`).update(packedDigestOf(packed));
  posts.forEach((post, index) => {
    const { keys, ranges } = forms[index]!;
    const fields: Record<string, unknown> = {};
    for (const key of keys) if (!NOT_HASHED.has(key)) fields[key] = (post as never)[key];
    hash.update(`\u0000${JSON.stringify([keys, ranges, fields])}`);
  });
  return hash.digest();
}

/** The post's fields but `source` (the file and line it was read from, shown on no page). */
function withoutSource(post: Post): object {
  const plain = (post as { toJSON?: () => Post }).toJSON?.() ?? post;
  const { source: _source, ...fields } = plain;
  return fields;
}

/** What of a post packedForm gives: the packed bytes, its ranges in them (body, then signature) and keys. */
export type PackedForm = NonNullable<ReturnType<PackedPost["packedForm"]>>;

/** Each post's packed form when all the posts are packed as one thread's (one Buffer), else undefined. */
export function packedFormsOf(posts: readonly Post[]): PackedForm[] | undefined {
  const forms: PackedForm[] = [];
  for (const post of posts) {
    const form = post instanceof PackedPost ? post.packedForm() : undefined;
    if (!form || form.packed !== (forms[0]?.packed ?? form.packed)) return undefined;
    forms.push(form);
  }
  return forms.length > 0 ? forms : undefined;
}
