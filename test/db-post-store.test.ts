// The post store: posts of interleaved threads go to disk and come back per thread, in the board's
// order (date, then id), whatever order they were added in; nothing is left behind on disk.
import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PostStore } from "../src/input/vbulletin-db/post-store.ts";

const post = (text: string) => ({ username: "u", userid: 1, title: "", pagetext: text, showsignature: 0, line: 0 });

describe("the post store", () => {
  it("gives each thread its posts by date then id, across buckets, and removes its files", () => {
    const store = new PostStore();
    const expected = new Map<number, string[]>();
    // 200 threads, 3,000 posts, interleaved; big enough texts to flush buckets to disk midway.
    for (let id = 3000; id >= 1; id--) {
      const thread = (id * 7919) % 200;
      const dateline = 1000 + (id % 50);
      store.add(thread, id, dateline, post(`${id} ${"x".repeat(500)}`));
      expected.set(thread, [...(expected.get(thread) ?? []), `${dateline}:${id}`]);
    }
    const wanted = [...expected.keys()].filter((thread) => thread % 3 !== 0);
    const seen: number[] = [];
    for (const { threadId, posts } of store.threadsByBucket(wanted)) {
      seen.push(threadId);
      const order = [...expected.get(threadId)!].sort((a, b) => {
        const [da, ia] = a.split(":").map(Number) as [number, number];
        const [db, ib] = b.split(":").map(Number) as [number, number];
        return da - db || ia - ib;
      });
      expect(posts.map((entry) => `${entry.dateline}:${entry.postId}`)).toEqual(order);
      expect(posts.map((entry) => entry.read().pagetext.split(" ")[0])).toEqual(order.map((key) => key.split(":")[1]));
    }
    expect(seen.sort((a, b) => a - b)).toEqual(wanted.sort((a, b) => a - b));
    const dir = store.directory!;
    expect(readdirSync(dir).length).toBeGreaterThan(1);
    store.close();
    expect(existsSync(dir)).toBe(false);
  });

  it("gives back every text exactly: any Unicode, lone surrogates, empty, long; any numbers", () => {
    const store = new PostStore();
    const texts = ["", "plain", "Café € 😀", "a\ud800b", "\udfff", "x".repeat(3 << 20), "\0\n'\"\\"];
    texts.forEach((text, index) =>
      store.add(index % 3, index + 1, 5, {
        username: text.slice(0, 40),
        userid: [0, -1, 2 ** 40, 7.5][index % 4]!,
        title: `${text.slice(-20)}`,
        pagetext: text,
        showsignature: index % 2,
        line: index * 1_000_003,
      }),
    );
    const back = new Map<number, unknown>();
    for (const { posts } of store.threadsByBucket([0, 1, 2]))
      for (const entry of posts) back.set(entry.postId, entry.read());
    texts.forEach((text, index) =>
      expect(back.get(index + 1)).toEqual({
        username: text.slice(0, 40),
        userid: [0, -1, 2 ** 40, 7.5][index % 4],
        title: text.slice(-20),
        pagetext: text,
        showsignature: index % 2,
        line: index * 1_000_003,
      }),
    );
    store.close();
  });
});
