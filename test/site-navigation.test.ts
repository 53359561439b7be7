// The page data behind reading the archive (issue 17): a thread's older and newer neighbour in its
// forum and how little adding a thread changes, quoted-by links, similar threads once per thread,
// forum orders, the authors index, author excerpts and the names of similar-thread groups.
import { describe, expect, it } from "vitest";
import type { Archive, Thread } from "../src/model.ts";
import { buildFullSiteData, type FullSiteData } from "../src/site/view/index.ts";
import { FIXTURE, fixtureArchive, summarise } from "./helpers/archive.ts";

const site = (archive: Archive): FullSiteData => buildFullSiteData(archive, { baseUrl: "/" });
const withThreads = (threads: Thread[], extra: Partial<Archive> = {}): Archive => ({
  threads,
  ...summarise(threads),
  warnings: [],
  failures: [],
  ...extra,
});
const pageOf = (view: FullSiteData, url: string) => view.threadPages.find((p) => p.url === url)!;

describe("thread pages", () => {
  it("link the threads started before and after them in their forum", () => {
    const view = site(fixtureArchive());
    // Injuries: "Back Spasms" starts 1 Jul 2008, "Back spasms from running" 9 May 2009.
    expect(pageOf(view, FIXTURE.spasmsA.url).neighbours).toEqual({
      newer: { title: FIXTURE.running.title, url: FIXTURE.running.url },
    });
    expect(pageOf(view, FIXTURE.running.url).neighbours).toEqual({
      older: { title: FIXTURE.spasmsA.title, url: FIXTURE.spasmsA.url },
    });
    // The neighbours live on every page of a thread.
    expect(pageOf(view, `${FIXTURE.spasmsA.url}page/2/`).neighbours).toEqual(
      pageOf(view, FIXTURE.spasmsA.url).neighbours,
    );
  });

  it("change only the two pages next to an added thread", () => {
    const archive = fixtureArchive();
    // The filler's February threads start on the 2nd (question 1), 10th (37), 14th (13), 22nd (49) and
    // 26th (25); this one starts on the 12th, between question 37 and question 13.
    const added: Thread = {
      ...FIXTURE.filler[0]!,
      id: "f9000000000000000",
      title: "Added later",
      url: "/crossfit-discussion-board/nutrition/added-later-f9000000/",
      posts: FIXTURE.filler[0]!.posts.map((p) => ({ ...p, postedAt: p.postedAt.replace("2006-02-02", "2006-02-12") })),
    };
    const before = site(archive);
    const after = site(withThreads([...archive.threads, added], { clusters: archive.clusters }));
    const changed = before.threadPages
      .filter((p) => JSON.stringify(p) !== JSON.stringify(pageOf(after, p.url)))
      .map((p) => p.title)
      .sort();
    expect(changed).toEqual(["Meal plan question 13", "Meal plan question 37"]);
  });

  it("list under each post the later posts that quote it", () => {
    const view = site(fixtureArchive());
    // The sample thread: 3 quotes 2, 4 quotes 3, 5 quotes 4, 9 quotes 1, 10 quotes 8.
    const quotedBy = Object.fromEntries(
      pageOf(view, FIXTURE.running.url)
        .posts.filter((p) => p.quotedBy.length)
        .map((p) => [p.number, p.quotedBy]),
    );
    const at = (n: number) => [{ number: n, href: `${FIXTURE.running.url}#post-${n}` }];
    expect(quotedBy).toEqual({ 1: at(9), 2: at(3), 3: at(4), 4: at(5), 8: at(10) });
    // Post 44, on page 2 of "Back Spasms", quotes post 3 on page 1.
    const post3 = pageOf(view, FIXTURE.spasmsA.url).posts.find((p) => p.number === 3)!;
    expect(post3.quotedBy).toEqual([{ number: 44, href: `${FIXTURE.spasmsA.url}page/2/#post-44` }]);
  });

  it("show similar threads on the thread's last page only", () => {
    const spasms = {
      ...FIXTURE.spasmsA,
      similar: [{ id: FIXTURE.running.id, url: FIXTURE.running.url, title: FIXTURE.running.title, score: 0.5 }],
    };
    const view = site(withThreads([FIXTURE.running, spasms]));
    expect(pageOf(view, FIXTURE.spasmsA.url).computed).toEqual([]);
    expect(pageOf(view, `${FIXTURE.spasmsA.url}page/2/`).computed.map((c) => c.url)).toEqual([FIXTURE.running.url]);
  });
});

describe("forum pages", () => {
  it("come in three orders, each paged, each holding every thread once", () => {
    const view = site(fixtureArchive());
    const nutrition = view.forumPages.filter((p) => p.forum.name === "Nutrition");
    expect(nutrition.map((p) => p.url)).toEqual([
      "/crossfit-discussion-board/nutrition/",
      "/crossfit-discussion-board/nutrition/page/2/",
      "/crossfit-discussion-board/nutrition/by-replies/",
      "/crossfit-discussion-board/nutrition/by-replies/page/2/",
      "/crossfit-discussion-board/nutrition/by-title/",
      "/crossfit-discussion-board/nutrition/by-title/page/2/",
    ]);
    for (const sort of ["last-post", "replies", "title"]) {
      const ids = nutrition.filter((p) => p.sort === sort).flatMap((p) => p.rows.map((r) => r.id));
      expect(new Set(ids).size, sort).toBe(53);
      expect(ids.length, sort).toBe(53);
    }
    const byTitle = nutrition.filter((p) => p.sort === "title").flatMap((p) => p.rows.map((r) => r.title));
    // Case and digits as written: "Meal plan question 10" sorts before "Meal plan question 2".
    expect(byTitle.slice(0, 4)).toEqual([
      "Back Spasms",
      "Meal plan question 1",
      "Meal plan question 10",
      "Meal plan question 11",
    ]);
    // The filler threads have one reply each; "Back Spasms" in Nutrition has one too: ties go by title.
    const byReplies = nutrition.find((p) => p.sort === "replies")!.rows;
    expect(byReplies.every((r, i) => i === 0 || byReplies[i - 1]!.replies >= r.replies)).toBe(true);
  });

  it("of a forum with one thread offer no orders", () => {
    const view = site(fixtureArchive());
    const rosen = view.forumPages.filter((p) => p.forum.name === "Rosen");
    expect(rosen.map((p) => p.url)).toEqual(["/garten-forum/rosen/"]);
  });
});

describe("the home page", () => {
  it("names each forum's thread with the newest post", () => {
    const view = site(fixtureArchive());
    const forums = view.home.sites.flatMap((s) => s.categories.flatMap((c) => c.forums));
    const last = Object.fromEntries(forums.map((f) => [f.name, f.lastPost?.title]));
    // Injuries: the sample thread ends 20 Dec 2009, "Back Spasms" in July 2008. Nutrition: "Back Spasms" (Jan 2007)
    // is newer than every 2006 filler thread.
    expect(last).toEqual({ Injuries: FIXTURE.running.title, Nutrition: "Back Spasms", Rosen: FIXTURE.roses.title });
  });
});

describe("authors", () => {
  it("are indexed by post count and by name", () => {
    const view = site(fixtureArchive());
    const byPosts = view.authorIndexPages.filter((p) => p.sort === "posts").flatMap((p) => p.authors);
    const byName = view.authorIndexPages.filter((p) => p.sort === "name").flatMap((p) => p.authors);
    expect(byPosts.length).toBe(view.authorPages.filter((p) => !p.url.includes("/page/")).length);
    expect(byPosts.map((a) => a.posts)).toEqual([...byPosts.map((a) => a.posts)].sort((a, b) => b - a));
    expect(byName.map((a) => a.name.toLowerCase())).toEqual(byName.map((a) => a.name.toLowerCase()).sort());
    expect(view.authorIndexPages.map((p) => p.url)).toEqual(["/authors/", "/authors/by_name/"]);
    expect(view.nav.map((n) => n.title)).toContain("Authors");
  });

  it("list their posts as excerpts: thread, number, date, link, the start of the post", () => {
    const view = site(fixtureArchive());
    const steven = view.authorPages.find((p) => p.url === "/authors/steven-low/")!;
    // Newest first: post #10 of the sample thread, 20 Dec 2009, which opens with a quote (left out).
    expect(steven.items[0]).toEqual({
      threadTitle: FIXTURE.running.title,
      threadUrl: FIXTURE.running.url,
      forumName: "Injuries",
      forumUrl: "/crossfit-discussion-board/injuries/",
      number: 10,
      href: `${FIXTURE.running.url}#post-10`,
      date: { iso: "2009-12-20T08:30:00-07:00", text: "20 Dec 2009, 08:30" },
      excerpt: "Page 3 and 4 here: http://www.eatmoveimprove.com/2009/1...-dysfunctions/",
    });
  });
});

describe("similar-thread groups", () => {
  it("are named by their most central thread and the telling words its title lacks", () => {
    const [a, b, c] = [FIXTURE.running, FIXTURE.spasmsA, FIXTURE.spasmsB];
    const link = (t: Thread, score: number) => ({ id: t.id, url: t.url, title: t.title, score });
    // spasmsA is the closest to both others: 0.9 + 0.8 against 0.9 + 0.1 and 0.8 + 0.1.
    const threads = [
      { ...a, similar: [link(b, 0.9), link(c, 0.1)] },
      { ...b, similar: [link(a, 0.9), link(c, 0.8)] },
      { ...c, similar: [link(b, 0.8), link(a, 0.1)] },
    ];
    const cluster = {
      id: "k",
      label: ["spasms", "stretch", "back", "hamstrings", "psoas"],
      threadIds: [a.id, b.id, c.id],
    };
    const view = site(withThreads(threads, { clusters: [cluster] }));
    const shown = view.clusterPages[0]!.clusters[0]!;
    expect(shown.name).toBe("Back Spasms");
    expect(shown.terms).toEqual(["stretch", "hamstrings", "psoas"]);
    // Two threads in Injuries, one in Nutrition.
    expect(shown.crossForum).toEqual([
      { forum: "Injuries", count: 2 },
      { forum: "Nutrition", count: 1 },
    ]);
    expect(view.clusters!.groups[0]!.clusters[0]).toMatchObject({
      name: "Back Spasms",
      terms: ["stretch", "hamstrings", "psoas"],
    });
  });

  it("inside one forum are not called cross-forum", () => {
    const view = site(fixtureArchive());
    const injuries = view.clusterPages.find((p) => p.forumName === "Injuries")!;
    expect(injuries.clusters.map((c) => c.crossForum)).toEqual([undefined]);
  });
});
