// A thread page's description (the start of its first post, for <meta name="description">) is made
// when it is first read (site/view/thread.ts, threadPageStubs): a rebuild renders few pages, and
// decoding every page's first post for a description nobody reads cost ~0.2 CPU s at 10,000
// threads. A page's fingerprint (build/page-inputs.ts) never reads it: the thread's posts decide it.
import { describe, expect, it } from "vitest";
import { PageInputs } from "../src/build/page-inputs.ts";
import { englishLocale } from "../src/i18n/locale.ts";
import type { Archive, Post } from "../src/model.ts";
import { buildSiteData } from "../src/site/view/index.ts";
import { indexSite, UrlClaims } from "../src/site/view/site-index.ts";
import { threadPageStubs } from "../src/site/view/thread.ts";
import { FIXTURE, fixtureArchive } from "./helpers/archive.ts";

/** The fixture archive with each post's body counted when read. */
function countingArchive(): { archive: Archive; reads: () => number } {
  let reads = 0;
  const archive = fixtureArchive();
  for (const thread of archive.threads) {
    thread.posts = thread.posts.map((post) => {
      const { body, ...rest } = post;
      const counted = { ...rest };
      Object.defineProperty(counted, "body", { enumerable: true, get: () => (reads++, body) });
      return counted as Post;
    });
  }
  return { archive, reads: () => reads };
}

describe("thread page descriptions", () => {
  it("decode no post until read, then the start of the page's first post, once", () => {
    const { archive, reads } = countingArchive();
    const stubs = threadPageStubs(indexSite(archive, new UrlClaims(), englishLocale(), 40));
    expect(reads()).toBe(0);
    const first = stubs.find((s) => s.threadId === FIXTURE.running.id && s.page === 1)!;
    // Its first post's two paragraphs, whitespace collapsed (under 160 characters: whole).
    const expected =
      "My lowere back starts to spasm after almost any medium or long distance running. " +
      "Round 1: 3:00(1:23/1:36) - this equals my PB. Round 2: 3:49(1:30/2:18)";
    expect(first.description).toBe(expected);
    expect(reads()).toBe(1);
    // Read again, as JSON and as a copy (what a render worker is sent): made once, a plain value.
    expect(JSON.parse(JSON.stringify(first)).description).toBe(expected);
    expect(structuredClone(first).description).toBe(expected);
    expect({ ...first }.description).toBe(expected);
    expect(reads()).toBe(1);
  });

  it("are one getter shared by every stub, the keys in their order", () => {
    const stubs = threadPageStubs(indexSite(fixtureArchive(), new UrlClaims(), englishLocale(), 1));
    expect(stubs.length).toBeGreaterThan(2);
    // One function for all (a getter made in each stub put every stub in dictionary mode).
    const getters = new Set(stubs.map((s) => Object.getOwnPropertyDescriptor(s, "description")?.get));
    expect(getters.size).toBe(1);
    expect([...getters][0]).toBeTypeOf("function");
    for (const stub of stubs) {
      expect(Object.keys(stub)).toEqual([
        "threadId",
        "url",
        "permalink",
        "title",
        "description",
        "lastmod",
        "page",
        "pages",
      ]);
    }
    // Each its own page's first post: with one post a page, the stubs of a thread differ.
    const own = stubs.filter((s) => s.threadId === FIXTURE.running.id);
    expect(new Set(own.map((s) => s.description)).size).toBe(own.length);
  });

  it("are not read by the thread pages' fingerprints", () => {
    const archive = fixtureArchive();
    const site = buildSiteData(archive, { baseUrl: "/" });
    let read = 0;
    for (const stub of site.threadPages) {
      const description = stub.description;
      Object.defineProperty(stub, "description", { enumerable: true, get: () => (read++, description) });
    }
    const inputs = new PageInputs(site, archive, "shared", undefined);
    const fingerprints = site.threadPages.map((stub) => inputs.threadPage(stub));
    expect(new Set(fingerprints).size).toBe(site.threadPages.length);
    expect(read).toBe(0);
  });
});
