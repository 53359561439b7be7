// Author pages find each of an author's posts in its thread (site/view/author.ts, postsByAuthor):
// post N is nearly always the thread's Nth; a thread that skips numbers (deleted posts) must cost
// reads in proportion to its posts, not to their square, and still find the first post of a number.
import { describe, expect, it } from "vitest";
import { englishLocale } from "../src/i18n/locale.ts";
import type { Archive, Author, Post, Thread } from "../src/model.ts";
import { postsByAuthor } from "../src/site/view/author.ts";
import { indexSite, UrlClaims } from "../src/site/view/site-index.ts";
import { FIXTURE, summarise } from "./helpers/archive.ts";

const skipper: Author = { name: "Skipper", hasAvatar: false };

/** A thread of `count` posts by Skipper numbered 2, 4, 6 … (every other one deleted), then a second
 *  post numbered 2 (a repeat); and how many times any post's number was read. */
function skippingArchive(count: number): { archive: Archive; reads: () => number } {
  let reads = 0;
  const posts: Post[] = [];
  for (let i = 0; i <= count; i++) {
    const number = i < count ? 2 * (i + 1) : 2;
    const minute = String(i % 60).padStart(2, "0");
    const hour = String(Math.floor(i / 60) % 24).padStart(2, "0");
    const postedAt = `2010-03-${String(1 + Math.floor(i / 1440)).padStart(2, "0")}T${hour}:${minute}:00Z`;
    const post = { postedAt, postedAtText: postedAt, author: skipper, body: [], source: { file: "s.txt", line: i } };
    Object.defineProperty(post, "number", { enumerable: true, get: () => (reads++, number) });
    posts.push(post as unknown as Post);
  }
  const thread: Thread = { ...FIXTURE.running, id: "skips", url: "/crossfit-discussion-board/injuries/skips/", posts };
  const threads = [FIXTURE.running, thread];
  return { archive: { threads, ...summarise(threads), warnings: [], failures: [] }, reads: () => reads };
}

function skipperPosts(count: number): { numbers: number[]; lines: number[]; reads: number } {
  const { archive, reads } = skippingArchive(count);
  const index = indexSite(archive, new UrlClaims(), englishLocale(), 40);
  const at = index.authors.findIndex((a) => a.name === "Skipper");
  const before = reads();
  const authored = postsByAuthor(index)[at]?.slice() ?? [];
  return {
    numbers: authored.map((a) => a.post.number),
    lines: authored.map((a) => a.post.source.line),
    reads: reads() - before,
  };
}

describe("postsByAuthor in a thread that skips post numbers", () => {
  it("finds every post, the first of a repeated number, newest first", () => {
    const { numbers, lines } = skipperPosts(5);
    // Posts 2, 4, 6, 8, 10 at minutes 0–4 (lines 0–4), then a repeat of 2 (line 5): its reference
    // finds the first post numbered 2 (line 0, minute 0), so that post is listed twice, oldest.
    expect(numbers).toEqual([10, 8, 6, 4, 2, 2]);
    expect(lines).toEqual([4, 3, 2, 1, 0, 0]);
  });

  it("reads each post's number a bounded number of times, however long the thread", () => {
    const small = skipperPosts(200).reads;
    const large = skipperPosts(400).reads;
    // Twice the posts: about twice the reads (a search per post would read four times as many).
    expect(large / small).toBeLessThan(3);
  });
});

describe("postsByAuthor's reading of the posts", () => {
  /** Two threads of four posts each, Ann and Bo taking turns; every read of a post's number and
   *  date logged as "thread/number". */
  function turnTaking(): { archive: Archive; reads: string[] } {
    const reads: string[] = [];
    const threads = ["first", "second"].map((id, t): Thread => {
      const posts = [1, 2, 3, 4].map((number) => {
        const postedAt = `2011-0${t + 1}-0${number}T10:00:00Z`;
        const author: Author = { name: number % 2 ? "Ann" : "Bo", hasAvatar: false };
        const post = { postedAtText: postedAt, author, body: [], source: { file: `${id}.txt`, line: number } };
        Object.defineProperty(post, "number", { enumerable: true, get: () => (reads.push(`${id}/${number}`), number) });
        Object.defineProperty(post, "postedAt", {
          enumerable: true,
          get: () => (reads.push(`${id}/${number}`), postedAt),
        });
        return post as unknown as Post;
      });
      return { ...FIXTURE.running, id, url: `/crossfit-discussion-board/injuries/${id}/`, posts };
    });
    return { archive: { threads, ...summarise(threads), warnings: [], failures: [] }, reads };
  }

  it("reads each post's number and date where it lies, thread by thread, not author by author", () => {
    const { archive, reads } = turnTaking();
    const index = indexSite(archive, new UrlClaims(), englishLocale(), 40);
    reads.length = 0;
    const authored = postsByAuthor(index);
    // Read in the threads' order (by URL: "first", "second"), each post's number then its date;
    // by author it would be Ann's four posts across both threads, then Bo's.
    const inOrder = ["first", "second"].flatMap((id) => [1, 2, 3, 4].flatMap((n) => [`${id}/${n}`, `${id}/${n}`]));
    expect(reads.slice(0, inOrder.length)).toEqual(inOrder);
    // And what it finds is as before: each author's posts, newest first.
    const listed = index.authors.map((a, n) => [
      a.name,
      authored[n]?.slice().map((p) => `${p.thread.id}/${p.post.number}`),
    ]);
    expect(listed).toEqual([
      ["Ann", ["second/3", "second/1", "first/3", "first/1"]],
      ["Bo", ["second/4", "second/2", "first/4", "first/2"]],
    ]);
  });
  it("are kept as places in the post table, each made into a post when read", () => {
    const { archive } = turnTaking();
    const index = indexSite(archive, new UrlClaims(), englishLocale(), 40);
    const ann = postsByAuthor(index)[index.authors.findIndex((a) => a.name === "Ann")]!;
    // No array of an object a post kept for the build (151,700 at 10,000 threads).
    expect(Array.isArray(ann)).toBe(false);
    expect(ann.length).toBe(4);
    const name = (p: { thread: { id: string }; post: { number: number } } | undefined) =>
      p && `${p.thread.id}/${p.post.number}`;
    expect(name(ann.at(0))).toBe("second/3");
    expect(name(ann.at(3))).toBe("first/1");
    expect(ann.at(4)).toBeUndefined();
    expect(ann.slice(1, 3).map(name)).toEqual(["second/1", "first/3"]);
    expect(ann.slice(2, 99).map(name)).toEqual(["first/3", "first/1"]);
  });
});
