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
