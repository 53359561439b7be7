// Pages of one thread (one thread id on one site) are one thread, even when a capture shows the thread
// in another forum (renamed or moved) or under another title; the newest capture says where it is filed.
import "./helpers/html-reader.ts";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readDumps } from "../src/archive/load.ts";
import { PageGroups, parseDumps, type DumpInput } from "../src/parse/index.ts";

const CORPUS = "../shared/corpus/html";
const page3 = `${CORPUS}/steampowered-3.html`;
const page4 = `${CORPUS}/steampowered-4.html`;
const read = (file: string): DumpInput => ({ file, bytes: readFileSync(file) });

describe("the corpus's thread 78948 (steampowered-3 and -4: pages 1 and 2, the forum renamed in between)", () => {
  // Read from the pages: both link every reply and navigation form to threadid=78948; page 1's
  // breadcrumbs end in "Community Help and Tips" (forumid=…), page 2's in "Steam Support / Help"
  // (forumid=17). Page 1's newest post is of 04-29-2004, page 2's of 05-10-2004: page 2 is the
  // newer capture. Both show "Pages (6)" and perpage=40.
  for (const order of [
    [page3, page4],
    [page4, page3],
  ]) {
    it(`is one thread of posts #1–#80, filed where page 2 shows it (input ${order.map((f) => f.slice(-6, -5)).join(", ")})`, () => {
      const { threads } = parseDumps(order.map(read));
      expect(threads).toHaveLength(1);
      const [thread] = threads;
      expect(thread!.source.threadId).toBe("78948");
      expect(thread!.title).toBe("Backward facing players");
      expect(thread!.forum.name).toBe("Steam Support / Help");
      expect(thread!.breadcrumbs.at(-1)).toBe("Steam Support / Help");
      expect(thread!.posts.map((post) => post.number)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      expect(thread!.source.files.slice().sort()).toEqual([page3, page4]);
    });
  }

  it("has one permalink whatever the input order, filed under the newer capture's forum", () => {
    const urls = [
      [page3, page4],
      [page4, page3],
    ].map((order) => parseDumps(order.map(read)).threads[0]!.url);
    expect(urls[0]).toBe(urls[1]);
    expect(urls[0]).toMatch(/^\/steam-users-forums\/steam-support-help\/backward-facing-players-[0-9a-f]{8}\/$/);
  });

  it("is one thread through the build's loader too, with the same permalink", async () => {
    const loaded = await readDumps([page4, page3], { cacheDir: false });
    expect(loaded.threads).toHaveLength(1);
    expect(loaded.threads[0]!.url).toBe(parseDumps([read(page3), read(page4)]).threads[0]!.url);
    expect(loaded.threads[0]!.posts).toHaveLength(80);
  });
});

// A two-page text dump (posts #1–#4 and #4–#6 of one thread), given front matter: the thread's address
// and the day each page was saved. Page 2 is made a capture after the forum "Winter Riding" was renamed.
const p1 = readFileSync("test/fixtures/two-page-p1.txt", "utf8");
const p2 = readFileSync("test/fixtures/two-page-p2.txt", "utf8");
const withFront = (text: string, front: Record<string, string>) =>
  `---\n${Object.entries(front)
    .map(([key, value]) => `${key}: "${value}"`)
    .join("\n")}\n---\n${text}`;
const renamed = p2.replaceAll("Winter Riding", "Cold Weather Riding");
const address = (id: number) => `https://bikes.example/forum/showthread.php?t=${id}`;

describe("pages of one thread id with different forums", () => {
  const pair = (capturedP1: string, capturedP2: string, idP2 = 777) => [
    { file: "p1.txt", bytes: withFront(p1, { url: address(777), captured: capturedP1 }) },
    { file: "p2.txt", bytes: withFront(renamed, { url: address(idP2), captured: capturedP2 }) },
  ];

  it("are one thread in the forum of the newest capture", () => {
    const later = parseDumps(pair("2012-11-21", "2013-02-01")).threads;
    expect(later).toHaveLength(1);
    expect(later[0]!.forum.name).toBe("Cold Weather Riding");
    expect(later[0]!.breadcrumbs).toEqual(["Bike Commuters", "Riding", "Cold Weather Riding"]);
    expect(later[0]!.posts.map((post) => post.number)).toEqual([1, 2, 3, 4, 5, 6]);
    const earlier = parseDumps(pair("2013-02-01", "2012-11-22")).threads;
    expect(earlier).toHaveLength(1);
    expect(earlier[0]!.forum.name).toBe("Winter Riding");
    expect(earlier[0]!.url).toMatch(/^\/bike-commuters\/winter-riding\//);
  });

  it("stay two threads when their thread ids differ", () => {
    const threads = parseDumps(pair("2012-11-21", "2013-02-01", 778)).threads;
    expect(threads.map((thread) => thread.source.threadId).sort()).toEqual(["777", "778"]);
  });

  it("stay two threads without a thread id (nothing says they are one)", () => {
    const threads = parseDumps([
      { file: "p1.txt", bytes: p1 },
      { file: "p2.txt", bytes: renamed },
    ]).threads;
    expect(threads.map((thread) => thread.forum.name).sort()).toEqual(["Cold Weather Riding", "Winter Riding"]);
  });

  it("join through a page of the same forum and title that tells no id", () => {
    // p1 tells the id, p2 (renamed forum) tells it too, and a copy of page 1 without front matter joins p1
    // by forum, title and agreeing posts: all three are one thread.
    const threads = parseDumps([...pair("2012-11-21", "2013-02-01"), { file: "p1-copy.txt", bytes: p1 }]).threads;
    expect(threads).toHaveLength(1);
    expect(threads[0]!.source.files.slice().sort()).toEqual(["p1-copy.txt", "p1.txt", "p2.txt"]);
  });
});

describe("PageGroups", () => {
  it("puts items that share a key, directly or through others, in one group, in first-seen order", () => {
    const groups = new PageGroups<string>();
    groups.add(["a"], "1");
    groups.add(["b"], "2");
    groups.add(["c"], "3");
    groups.add(["c", "a"], "4");
    groups.add(["b", "c"], "5");
    groups.add(["d"], "6");
    expect([...groups.take()]).toEqual([["1", "3", "4", "2", "5"], ["6"]]);
  });
});
