// Integration: `buildFromInput` over seeds/ (the sample dump through the archive loader), checked
// with cheerio against what the dump says; links with and without a base URL; html-validate;
// two builds byte-identical.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFromInput, type BuildSummary } from "../src/build/index.ts";
import { checkLinks, listFiles, loadPage, validateAllHtml } from "./helpers/site-check.ts";

const SEEDS = join(import.meta.dirname, "..", "seeds");
const THREAD_DIR = "crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/";
const THREAD = `${THREAD_DIR}index.html`;
let root: string;
let first: string;
let second: string;
let prefixed: string;
let summary: BuildSummary;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-seeds-"));
  first = join(root, "first");
  second = join(root, "second");
  prefixed = join(root, "prefixed");
  summary = await buildFromInput({ input: SEEDS, output: first, baseUrl: "/", progress: "none" });
  await buildFromInput({ input: SEEDS, output: second, baseUrl: "/", progress: "none" });
  await buildFromInput({ input: SEEDS, output: prefixed, baseUrl: "/archive/", progress: "none" });
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("the sample archive (seeds/)", () => {
  it("summarises one thread of ten posts by five authors", () => {
    expect(summary.threads).toBe(1);
    expect(summary.posts).toBe(10);
    expect(summary.authors).toBe(5);
    expect(summary.failures).toEqual([]);
  });

  it("renders all ten posts with their anchors, authors and dates", async () => {
    const $ = await loadPage(first, THREAD);
    expect($("h1").text()).toBe("Back spasms from running");
    expect(
      $("article.post")
        .map((_, el) => $(el).attr("id"))
        .get(),
    ).toEqual(["post-1", "post-2", "post-3", "post-4", "post-5", "post-6", "post-7", "post-8", "post-9", "post-10"]);
    const authors = $("article.post .author-name")
      .map((_, el) => $(el).text())
      .get();
    expect(authors).toEqual([
      "Kieran Barry",
      "Steven Low",
      "Kieran Barry",
      "Steven Low",
      "Kieran Barry",
      "Steven Low",
      "Katherine Derbyshire",
      "Jeremy Williams",
      "Brian Strump",
      "Steven Low",
    ]);
    expect($("#post-1 time").attr("datetime")).toBe("2009-05-09T09:27:00-07:00");
    expect($("#post-10 time").attr("datetime")).toBe("2009-12-20T08:30:00-07:00");
    expect($("#post-9 .author-title").text()).toBe("Affiliate");
    expect($("#post-2 .author-facts").text()).toContain("12,221");
    expect($("#post-1 .author-facts").text()).toContain("Apr 2008");
  });

  it("links each quote to the post it quotes", async () => {
    const $ = await loadPage(first, THREAD);
    const quoted = (n: number) =>
      $(`#post-${n} figure.quote figcaption a`)
        .map((_, el) => $(el).attr("href"))
        .get();
    const to = (n: number) => `/${THREAD_DIR}#post-${n}`;
    // From the dump: #3 quotes Steven Low's #2, #4 quotes #3, #5 quotes #4, #9 quotes #1, #10 quotes #8.
    for (const [post, target] of [
      [3, 2],
      [4, 3],
      [5, 4],
      [9, 1],
      [10, 8],
    ] as const) {
      const links = quoted(post);
      expect(links.length, `post ${post}`).toBeGreaterThan(0);
      expect(new Set(links), `post ${post}`).toEqual(new Set([to(target)]));
    }
    expect($("#post-9 figure.quote figcaption").first().text()).toContain("Kieran Barry");
    expect($("#post-10 figure.quote figcaption").first().text()).toContain("Jeremy Williams");
    for (const n of [1, 2, 6, 7, 8]) expect($(`#post-${n} figure.quote`).length, `post ${n}`).toBe(0);
  });

  it("sets signatures apart, keeps the edit note and marks truncated links", async () => {
    const $ = await loadPage(first, THREAD);
    expect($("#post-2 .signature").text()).toContain("Bodyweight Article, Overcoming Gravity Book");
    expect($("#post-2 .post-body").text()).not.toContain("Overcoming Gravity Book");
    expect($("#post-8 .signature").text()).toContain("The World Breaks Everyone");
    expect($("#post-9 .edit-note").text()).toContain("Brian Strump");
    expect($("#post-9 .edit-note").text()).toContain("added last sentence");
    expect($("#post-6 .link-truncated").text()).toContain("http://www.youtube.com/watch?v=ybsaH...eature=related");
    expect($("#post-10 .link-truncated").text()).toContain("http://www.eatmoveimprove.com/2009/1...-dysfunctions/");
    expect($("main a[href*='youtube'], main a[href*='eatmoveimprove']").length).toBe(0);
  });

  it("has a favicon every page links, under the base URL too", async () => {
    for (const [output, href] of [
      [first, "/assets/favicon.svg"],
      [prefixed, "/archive/assets/favicon.svg"],
    ] as const) {
      for (const page of ["index.html", THREAD]) {
        const $ = await loadPage(output, page);
        expect($("link[rel='icon']").attr("href"), page).toBe(href);
      }
      expect((await readFile(join(output, "assets", "favicon.svg"), "utf8")).trimStart().startsWith("<svg")).toBe(true);
    }
  });

  it("keeps the dump's trademark line under the thread", async () => {
    const $ = await loadPage(first, THREAD);
    expect($(".provenance").text()).toContain("CrossFit is a registered trademark of CrossFit Inc.");
  });

  it("lists the forum's five similar threads as not in this archive", async () => {
    const $ = await loadPage(first, THREAD);
    const rows = $(".similar-listed li");
    expect(rows.length).toBe(5);
    expect(rows.find("a").length).toBe(0);
    expect(rows.eq(1).text()).toContain("Back inflammation spasms");
    expect(rows.eq(1).text()).toContain("Dan Patrick");
    expect(rows.eq(1).text()).toContain("not in this archive");
  });

  it("has an author page per poster, newest post first", async () => {
    const $ = await loadPage(first, "authors/steven-low/index.html");
    expect($("h1").text()).toBe("Steven Low");
    expect($(".profile").text()).toContain("silver spring");
    const links = $(".excerpts .excerpt-head a")
      .map((_, el) => $(el).attr("href"))
      .get();
    expect(links).toEqual([10, 6, 4, 2].map((n) => `/${THREAD_DIR}#post-${n}`));
    const files = await listFiles(first);
    for (const slug of ["kieran-barry", "steven-low", "katherine-derbyshire", "jeremy-williams", "brian-strump"])
      expect(files).toContain(`authors/${slug}/index.html`);
  });

  it("lists the thread on its forum page and the forum on the home page", async () => {
    const forum = await loadPage(first, "crossfit-discussion-board/injuries/index.html");
    expect(forum("h1").text()).toBe("Injuries");
    expect(forum(".lead").text()).toBe("Chronic & Acute");
    const row = forum("table.threads tbody tr");
    expect(row.length).toBe(1);
    expect(row.find("th a").attr("href")).toBe(`/${THREAD_DIR}`);
    expect(row.find("td").eq(0).text()).toBe("Kieran Barry");
    expect(row.find("td").eq(1).text()).toBe("9");
    expect(row.find("td").eq(2).text()).toContain("Steven Low");
    expect(row.find("td").eq(2).find("time").attr("datetime")).toBe("2009-12-20T08:30:00-07:00");

    const home = await loadPage(first, "index.html");
    expect(home(".forum-tree h2").text()).toBe("CrossFit Discussion Board");
    expect(home(".category h3").text()).toBe("In Sickness and In Health");
    const forumRow = home('table.forums a[href="/crossfit-discussion-board/injuries/"]').closest("tr");
    expect(
      forumRow
        .find("td")
        .map((_, el) => home(el).text())
        .get()
        .slice(0, 2),
    ).toEqual(["1", "10"]);
    // The forum's last post: the sample thread's #10, by Steven Low, 20 Dec 2009.
    expect(forumRow.find("td.last-post a").first().text()).toBe("Back spasms from running");
    expect(forumRow.find("td.last-post").text()).toContain("20 Dec 2009, 08:30 by Steven Low");
    expect(home("table.threads th a").first().attr("href")).toBe(`/${THREAD_DIR}`);
  });

  it("resolves every internal link without a base URL", async () => {
    const { problems, checked } = await checkLinks(first, "/");
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it("resolves every internal link under --base-url /archive/", async () => {
    const { problems, checked } = await checkLinks(prefixed, "/archive/");
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it("passes html-validate on every page", async () => {
    const { errors, pages } = await validateAllHtml(first);
    expect(errors).toEqual([]);
    expect(pages).toBeGreaterThanOrEqual(10);
  });

  it("is deterministic: two builds give byte-identical files", async () => {
    const a = await listFiles(first);
    const b = await listFiles(second);
    expect(b).toEqual(a);
    const differing: string[] = [];
    for (const rel of a) {
      const [x, y] = await Promise.all([readFile(join(first, rel)), readFile(join(second, rel))]);
      if (!x.equals(y)) differing.push(rel);
    }
    expect(differing).toEqual([]);
  });

  it("dates the feed by the newest post, never the build time", async () => {
    const feed = await readFile(join(first, "feed.xml"), "utf8");
    expect(feed).toContain("<updated>2009-12-20T08:30:00-07:00</updated>");
  });
});
