import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { authorUrlOf, archiveOf } from "../src/archive/load.ts";
import { parseDumps, type DumpInput } from "../src/parse/index.ts";

const dump = (file: string): DumpInput => ({ file, bytes: readFileSync(file) });
const sample = dump("seeds/crossfit-back-spasms-from-running.txt");
const others = [
  "test/fixtures/same-title-a.txt",
  "test/fixtures/same-title-b.txt",
  "test/fixtures/en-legacy.txt",
  "test/fixtures/de-legacy.txt",
  "test/fixtures/two-page-p1.txt",
  "test/fixtures/two-page-p2.txt",
].map(dump);

const urlsByFirstPost = (inputs: DumpInput[]) =>
  new Map(
    parseDumps(inputs).threads.map((thread) => [
      `${thread.posts[0]!.author.name} ${thread.posts[0]!.postedAtText}`,
      thread.url,
    ]),
  );

describe("stable permalinks", () => {
  it("the sample's URL is readable: site, forum and title slugs", () => {
    const [thread] = parseDumps([sample]).threads;
    expect(thread!.url).toMatch(/^\/crossfit-discussion-board\/injuries\/back-spasms-from-running-[0-9a-f]{8}\/$/);
  });

  it("adding, removing or reordering other dumps never changes a thread's URL", () => {
    const alone = urlsByFirstPost([sample]).get("Kieran Barry 05-09-2009, 09:27 AM");
    fc.assert(
      fc.property(fc.shuffledSubarray(others), fc.nat(others.length), (subset, at) => {
        const inputs = [...subset];
        inputs.splice(Math.min(at, inputs.length), 0, sample);
        expect(urlsByFirstPost(inputs).get("Kieran Barry 05-09-2009, 09:27 AM")).toBe(alone);
      }),
      { numRuns: 30 },
    );
  });

  it("two threads with the same title in the same forum get different URLs", () => {
    const threads = parseDumps([
      dump("test/fixtures/same-title-a.txt"),
      dump("test/fixtures/same-title-b.txt"),
    ]).threads;
    expect(threads).toHaveLength(2);
    expect(threads[0]!.title).toBe(threads[1]!.title);
    expect(threads[0]!.url).not.toBe(threads[1]!.url);
  });

  it("sites and forums whose names have nothing to spell in ASCII get folders of their own", () => {
    const sampleText = readFileSync("seeds/crossfit-back-spasms-from-running.txt", "utf8");
    // The sample's breadcrumbs, site and forum renamed: two boards with CJK names, forums named
    // "東京" and "大阪". Every such name slugs to nothing.
    const renamed = (site: string, forum: string) =>
      sampleText.replaceAll("CrossFit Discussion Board", site).replaceAll("Injuries", forum);
    const threads = parseDumps([
      { file: "tokyo.txt", bytes: renamed("掲示板", "東京") },
      { file: "osaka.txt", bytes: renamed("掲示板", "大阪") },
      { file: "dots.txt", bytes: renamed("..", "..") },
    ]).threads;
    const folderOf = (file: string) =>
      threads
        .find((thread) => thread.source.files[0] === file)!
        .url.split("/")
        .slice(1, 3)
        .join("/");
    const folders = ["tokyo.txt", "osaka.txt", "dots.txt"].map(folderOf);
    expect(new Set(folders).size).toBe(3);
    for (const folder of folders) expect(folder).toMatch(/^site-[0-9a-f]{6}\/forum-[0-9a-f]{6}$/);
    // Both forums of the one CJK board share its folder.
    expect(folders[0]!.split("/")[0]).toBe(folders[1]!.split("/")[0]);
    const archive = archiveOf(threads);
    expect(new Set(archive.forums.map((forum) => forum.url)).size).toBe(3);
  });

  it("author URLs are readable for plain names and never shared by two names", () => {
    expect(authorUrlOf("Steven Low")).toBe("/authors/steven-low/");
    expect(authorUrlOf("Steven-Low")).not.toBe(authorUrlOf("Steven Low"));
    expect(authorUrlOf("Jürgen Weiß")).toMatch(/^\/authors\/juergen-weiss-[0-9a-f]{6}\/$/);
  });
});

describe("archive indexes", () => {
  const { threads } = parseDumps([sample, ...others]);
  const archive = archiveOf(threads);

  it("files each thread under its site's forum, newest last post first", () => {
    const injuries = archive.forums.find((forum) => forum.name === "Injuries")!;
    expect(injuries.url).toBe("/crossfit-discussion-board/injuries/");
    expect(injuries.description).toBe("Chronic & Acute");
    expect(injuries.parents).toEqual(["CrossFit Discussion Board", "In Sickness and In Health"]);
    // The sample's last post is 12-20-2009; same-title-a's 07-20-2008; same-title-b's 01-17-2007.
    const titles = injuries.threadIds.map((id) => archive.threads.find((thread) => thread.id === id)!);
    expect(titles.map((thread) => thread.posts.at(-1)!.postedAtText)).toEqual([
      "12-20-2009, 08:30 AM",
      "07-20-2008, 10:04 AM",
      "01-17-2007, 10:57 AM",
    ]);
    // Ten posts in the sample, three in each same-title dump.
    expect(injuries.postCount).toBe(10 + 3 + 3);
  });

  it("gathers every post of an author across threads, newest first", () => {
    const steven = archive.authors.find((author) => author.name === "Steven Low")!;
    // Four posts in the sample, one in same-title-a.
    expect(steven.posts).toHaveLength(5);
    expect(steven.posts[0]!.postedAt).toBe("2009-12-20T08:30:00-07:00");
    expect(steven.posts.at(-1)!.postedAt).toBe("2008-07-19T08:02:00-07:00");
    // The newest card shows 12,221 posts (same-title-a's older card shows 9,870).
    expect(steven.profile.postCount).toBe(12221);
  });

  it("links a listed Similar Threads row to the archived thread it names", () => {
    const spasms = archive.threads.find((thread) => thread.title === "Back spasms from running")!;
    const keith = spasms.similarListed.find((row) => row.starter === "Keith Wiggins")!;
    const archivedA = archive.threads.find((thread) => thread.posts[0]!.author.name === "Keith Wiggins")!;
    expect(keith.archivedUrl).toBe(archivedA.url);
    const jonathan = spasms.similarListed.find((row) => row.starter === "Jonathan Kessler")!;
    expect(jonathan.archivedUrl).toBeUndefined();
  });
});

describe("author names that differ only in case", () => {
  it("are one author, with one URL whatever spelling comes first", () => {
    expect(authorUrlOf("Jörg")).toBe(authorUrlOf("jörg"));
    const lower = readFileSync("test/fixtures/same-title-a.txt", "utf8").replaceAll("Steven Low", "steven low");
    const { threads } = parseDumps([sample, { file: "lower.txt", bytes: lower }]);
    const archive = archiveOf(threads);
    const stevens = archive.authors.filter((author) => author.name.toLowerCase() === "steven low");
    expect(stevens).toHaveLength(1);
    // Four posts in the sample, one in the copy of same-title-a.
    expect(stevens[0]!.posts).toHaveLength(5);
  });

  it("all link to that author's page from every post", async () => {
    const { buildFullSiteData } = await import("../src/site/view/index.ts");
    const lower = readFileSync("test/fixtures/same-title-a.txt", "utf8").replaceAll("Steven Low", "steven low");
    const archive = archiveOf(parseDumps([sample, { file: "lower.txt", bytes: lower }]).threads);
    const url = archive.authors.find((author) => author.name.toLowerCase() === "steven low")!.url;
    const posts = buildFullSiteData(archive, { baseUrl: "/" }).threadPages.flatMap((page) => page.posts);
    const byStevens = posts.filter((post) => post.author.name.toLowerCase() === "steven low");
    expect(byStevens).toHaveLength(5);
    for (const post of byStevens) expect(post.authorUrl).toBe(url);
  });
});

describe("forums whose names slug alike", () => {
  // Four threads of one board, each in a forum of its own name: the sample (last post 12-20-2009) in
  // "Counter-Strike: Source (beta)", same-title-a (last post 07-20-2008) in "… (Beta)", same-title-b in
  // "C++" and a copy of it in "C#" (both slug to "c").
  const sampleText = readFileSync("seeds/crossfit-back-spasms-from-running.txt", "utf8");
  const inForum = (file: string, text: string, forum: string) => ({ file, bytes: text.replaceAll("Injuries", forum) });
  const textOf = (file: string) => readFileSync(file, "utf8");
  const inputs = [
    inForum("sample.txt", sampleText, "Counter-Strike: Source (beta)"),
    inForum("a.txt", textOf("test/fixtures/same-title-a.txt"), "Counter-Strike: Source (Beta)"),
    inForum("b.txt", textOf("test/fixtures/same-title-b.txt"), "C++"),
    inForum("b-sharp.txt", textOf("test/fixtures/same-title-b.txt"), "C#"),
  ];
  const archive = archiveOf(parseDumps(inputs).threads);
  const fileOf = (id: string) => archive.threads.find((thread) => thread.id === id)!.source.files[0];

  it("the same name up to case is one forum, spelled as its newest thread spells it, with both threads", () => {
    const beta = archive.forums.filter((forum) => forum.name.toLowerCase() === "counter-strike: source (beta)");
    expect(beta).toHaveLength(1);
    expect(beta[0]!.name).toBe("Counter-Strike: Source (beta)");
    expect(beta[0]!.threadIds.map(fileOf).sort()).toEqual(["a.txt", "sample.txt"]);
    const a = archive.threads.find((thread) => thread.source.files[0] === "a.txt")!;
    expect(a.forum.name).toBe("Counter-Strike: Source (beta)");
    expect(a.breadcrumbs.at(-1)).toBe("Counter-Strike: Source (beta)");
    expect(a.url.startsWith(beta[0]!.url)).toBe(true);
  });

  it("never drops a forum: names that differ beyond case get folders of their own", () => {
    expect(archive.forums).toHaveLength(3);
    expect(new Set(archive.forums.map((forum) => forum.url)).size).toBe(3);
    expect(archive.forums.flatMap((forum) => forum.threadIds.map(fileOf)).sort()).toEqual([
      "a.txt",
      "b-sharp.txt",
      "b.txt",
      "sample.txt",
    ]);
    const folderOf = (name: string) => archive.forums.find((forum) => forum.name === name)!.url;
    // "C#" and "C++" both slug to "c": neither is a plain name, so the first in code-unit order
    // ("#" is U+0023, "+" U+002B) keeps the plain folder and the other gets a hash of its name.
    expect(folderOf("C#")).toBe("/crossfit-discussion-board/c/");
    expect(folderOf("C++")).toMatch(/^\/crossfit-discussion-board\/c-[0-9a-f]{6}\/$/);
    // A forum that clashes with none keeps the folder it always had (no hash): published links stay.
    const alone = archiveOf(parseDumps([inputs[2]!]).threads);
    expect(alone.forums[0]!.url).toBe("/crossfit-discussion-board/c/");
    expect(folderOf("Counter-Strike: Source (beta)")).toBe("/crossfit-discussion-board/counter-strike-source-beta/");
  });

  it("the site shows every forum and lists every thread on a forum page", async () => {
    const { buildFullSiteData } = await import("../src/site/view/index.ts");
    const view = buildFullSiteData(archive, { baseUrl: "/" });
    expect(view.problems).toEqual([]);
    // Each forum's pages in its default order (newest last post first); the others list the same threads.
    const byLastPost = view.forumPages.filter((page) => page.sort === "last-post");
    expect(byLastPost.map((page) => page.forum.name).sort()).toEqual(["C#", "C++", "Counter-Strike: Source (beta)"]);
    const listed = byLastPost.flatMap((page) => page.rows.map((row) => row.url));
    expect(listed.sort()).toEqual(archive.threads.map((thread) => thread.url).sort());
  });
});
