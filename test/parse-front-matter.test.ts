// Front matter the parser does not use is kept in a warning, value and all: nothing of a file is lost.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDumps } from "../src/parse/index.ts";

it("names an unused front matter key with its value", () => {
  const dump = readFileSync("seeds/crossfit-back-spasms-from-running.txt", "utf8");
  const withFrontMatter = `---\nPosts: 22\nsaved-by: Jane Archivist\nwhen: 2010-01-02\n---\n${dump}`;
  const { threads, warnings } = parseDumps([{ file: "fm.txt", bytes: withFrontMatter }]);
  expect(threads).toHaveLength(1);
  const messages = warnings.filter((warning) => warning.file === "fm.txt").map((warning) => warning.message);
  expect(messages).toContain('front matter "Posts: 22" is not used');
  expect(messages).toContain('front matter "saved-by: Jane Archivist" is not used');
  expect(messages).toContain('front matter "when: 2010-01-02" is not used');
});

describe("the thread id in a text dump's front matter url: every vBulletin address shape the page parser reads", () => {
  const p1 = readFileSync("test/fixtures/two-page-p1.txt", "utf8");
  const p2 = readFileSync("test/fixtures/two-page-p2.txt", "utf8");
  const withUrl = (url: string, dump: string) => `---\nurl: ${url}\n---\n${dump}`;
  // Page 1 and page 2 of each shape; the first three are what the text path read before, the rest the page parser's.
  const SHAPES: [string, string][] = [
    ["https://forum.example/showthread.php?t=123", "https://forum.example/showthread.php?t=123&page=2"],
    [
      "https://forum.example/winter-riding/123-some-title.html",
      "https://forum.example/winter-riding/123-some-title-2.html",
    ],
    [
      "https://forum.example/showthread.php/123-some-title",
      "https://forum.example/showthread.php/123-some-title/page2",
    ],
    ["https://forum.example/threads/123-some-title", "https://forum.example/threads/123-some-title/page2"],
    [
      "https://forum.example/showthread.php?threadid=123",
      "https://forum.example/showthread.php?threadid=123&pagenumber=2",
    ],
    [
      "https://forum.example/showthread.php?123-some-title",
      "https://forum.example/showthread.php?123-some-title/page2",
    ],
    [
      "https://forum.example/forum/riding/winter-riding/123-some-title",
      "https://forum.example/forum/riding/winter-riding/123-some-title/page2",
    ],
  ];

  for (const [first, second] of SHAPES) {
    it(`${first}: the thread's id, pages merged`, () => {
      const { threads } = parseDumps([
        { file: "p1.txt", bytes: withUrl(first, p1) },
        { file: "p2.txt", bytes: withUrl(second, p2) },
      ]);
      expect(
        threads.map((thread) => [thread.source.threadId, thread.source.files, thread.posts.map((post) => post.number)]),
      ).toEqual([["123", ["p1.txt", "p2.txt"], [1, 2, 3, 4, 5, 6]]]);
    });
  }

  it("pages of two thread ids stay two threads, though they share a post (the ids decide, not the guess)", () => {
    const { threads } = parseDumps([
      { file: "p1.txt", bytes: withUrl("https://forum.example/threads/123-some-title", p1) },
      { file: "p2.txt", bytes: withUrl("https://forum.example/threads/124-some-title/page2", p2) },
    ]);
    expect(threads.map((thread) => [thread.source.threadId, thread.source.files]).sort()).toEqual([
      ["123", ["p1.txt"]],
      ["124", ["p2.txt"]],
    ]);
  });
});
