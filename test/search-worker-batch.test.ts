// The search worker is sent packed bodies as their packed bytes (issue 15: the main thread wrote
// each out as JSON before): what it reads back must be each post as the main thread holds it.
import { describe, expect, it } from "vitest";
import { packBodies } from "../src/archive/packed-bodies.ts";
import type { Block, Post } from "../src/model.ts";
import { threadContentKey, threadKey } from "../src/search/thread-cache.ts";
import { searchBatch, threadOf } from "../src/search/worker.ts";
import { threadOfPosts } from "./helpers/packed-thread.ts";

const paragraph = (text: string): Block => ({ type: "paragraph", inlines: [{ type: "text", text }] });

function postOf(number: number, body: Block[]): Post {
  return {
    number,
    author: { name: `member ${number}`, hasAvatar: false },
    postedAt: `2008-01-0${number}T10:00:00Z`,
    postedAtText: `Jan ${number}`,
    source: { file: "board.sql", line: number },
    body,
  } as Post;
}

const bodies: Block[][] = [
  [paragraph('He said "hi" \\ [then] {left}'), { type: "code", text: "x = 1;\n\ty" }],
  [{ type: "quote", author: "member 1", blocks: [paragraph("hi")] }, paragraph("é 😀\u0001")],
  [],
];

describe("the search worker's batches", () => {
  it("carry packed bodies as bytes, which read back as the bodies", () => {
    const packed = threadOfPosts(bodies.map((body, i) => postOf(i + 1, body)));
    packBodies(packed);
    const plain = { ...threadOfPosts([postOf(1, [paragraph("not packed")])]), id: "u" };
    const { threads, bytes } = searchBatch([packed, plain]);

    // Packed bodies are ranges of the batch's bytes, none of them decoded into a string here.
    const sentBodies = threads[0]!.posts!.map((post) => post[4]);
    expect(sentBodies.every((body) => Array.isArray(body))).toBe(true);
    expect(threads[1]!.posts![0]![4]).toBe(JSON.stringify([paragraph("not packed")]));
    const last = sentBodies.at(-1) as [number, number];
    expect(bytes.byteLength).toBe(last[1]);

    const received = threads.map((data) => threadOf(data, Buffer.from(bytes)));
    expect(received[0]!.posts.map((post) => post.body)).toEqual(bodies);
    expect(received[1]!.posts[0]!.body).toEqual([paragraph("not packed")]);
    expect(
      received[0]!.posts.map(({ number, author, postedAt, postedAtText }) => [
        number,
        author.name,
        postedAt,
        postedAtText,
      ]),
    ).toEqual(bodies.map((_, i) => [i + 1, `member ${i + 1}`, `2008-01-0${i + 1}T10:00:00Z`, `Jan ${i + 1}`]));
  });

  it("carry no posts of a thread whose entry the worker's cache holds, nor their bodies' bytes", () => {
    const cachedThread = { ...threadOfPosts(bodies.map((body, i) => postOf(i + 1, body))), id: "cached" };
    const otherThread = { ...threadOfPosts([postOf(1, [paragraph("sent")]), postOf(2, [])]), id: "other" };
    packBodies(cachedThread);
    packBodies(otherThread);
    const keys = new Set([threadKey("v1", threadContentKey(cachedThread)), threadKey("v1", "another thread")]);
    const { threads, bytes } = searchBatch([cachedThread, otherThread], { version: "v1", keys });

    expect(threads[0]!.posts).toBeUndefined();
    expect(threads[0]!.postCount).toBe(3);
    expect(threads[0]!.contentKey).toBe(threadContentKey(cachedThread));
    // Both with their key in the worker's cache, which the worker then need not hash again.
    expect(threads.map((data) => data.cacheKey)).toEqual([
      threadKey("v1", threadContentKey(cachedThread)),
      threadKey("v1", threadContentKey(otherThread)),
    ]);
    // Only the other thread's bodies: one packed paragraph and an empty body.
    expect(threads[1]!.posts).toHaveLength(2);
    expect(bytes.byteLength).toBe((threads[1]!.posts![1]![4] as [number, number])[1]);
    const received = threads.map((data) => threadOf(data, Buffer.from(bytes)));
    expect(received[0]!.posts).toHaveLength(3);
    expect(received.map((thread) => thread.cacheKey)).toEqual(threads.map((data) => data.cacheKey));
    expect(received[1]!.posts.map((post) => post.body)).toEqual([[paragraph("sent")], []]);
    // Another code's cache (another version): every post is sent.
    const other = searchBatch([cachedThread], { version: "v2", keys });
    expect(other.threads[0]!.posts).toHaveLength(3);
  });
});
