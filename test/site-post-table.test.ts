// PostTable (site/view/post-table.ts): every indexed post's number and date, read once a build;
// the feed's `updated` is the first post of the greatest date, as when it read every post itself.
import { describe, expect, it } from "vitest";
import type { Post, Thread } from "../src/model.ts";
import { PostTable } from "../src/site/view/post-table.ts";
import { FIXTURE } from "./helpers/archive.ts";

/** A thread of posts dated as given (numbered from 1), each post's `source.line` its place. */
function threadOf(id: string, dates: string[]): Thread {
  const posts = dates.map(
    (postedAt, i): Post => ({ ...FIXTURE.running.posts[0]!, number: i + 1, postedAt, source: { file: id, line: i } }),
  );
  return { ...FIXTURE.running, id, posts };
}

describe("PostTable", () => {
  it("holds each thread's posts' numbers and times in thread order", () => {
    const threads = [threadOf("a", ["2010-01-01T00:00:00Z", "2010-01-02T00:00:00Z"]), threadOf("b", [])];
    const table = new PostTable(threads);
    expect([...table.starts]).toEqual([0, 2]);
    expect([...table.numbers]).toEqual([1, 2]);
    expect([...table.times]).toEqual([Date.UTC(2010, 0, 1), Date.UTC(2010, 0, 2)]);
    expect(table.slots.get("b")).toBe(1);
  });

  it("finds the newest post's date past threads without posts, the first of a tie, its text as written", () => {
    const threads = [
      threadOf("a", ["2010-01-01T00:00:00Z"]),
      threadOf("empty", []),
      threadOf("b", ["2011-05-01T12:00:00+02:00", "2009-01-01T00:00:00Z"]),
      // The same instant as b's first post, written in another zone: b's comes first and wins.
      threadOf("c", ["2011-05-01T10:00:00Z"]),
    ];
    expect(new PostTable(threads).newestPostedAt()).toBe("2011-05-01T12:00:00+02:00");
  });

  it("gives no date when no post has a readable one", () => {
    expect(new PostTable([threadOf("a", ["yesterday"]), threadOf("b", [])]).newestPostedAt()).toBe("");
    expect(new PostTable([]).newestPostedAt()).toBe("");
  });
});
