// What an author page's fingerprint takes of the site's index is the page's view past the last
// post (build/page-inputs.ts; a thread page's takes site/view/thread.ts threadPageInputs, see
// test/site-thread-inputs.test.ts). Its pager is makePager(the author's URL, page, pages), all of
// which the stub holds, so the fingerprint asks for the view without one (`{ pager: false }`)
// rather than making ~850 bytes of links to drop them; thread pages' views give the same option.
import { describe, expect, it } from "vitest";
import { PageInputs } from "../src/build/page-inputs.ts";
import { buildSiteData } from "../src/site/view/index.ts";
import type { AuthorPageStub } from "../src/site/view/types.ts";
import { fixtureArchive } from "./helpers/archive.ts";

describe("a thread page's view without its pager", () => {
  it("is the view with its pager, key for key, but the pager", () => {
    const site = buildSiteData(fixtureArchive(), { baseUrl: "/", postsPerPage: 2 });
    const stubs = site.threadPages.flatMap((stub) => [stub, { ...stub, page: 2 ** 30, pages: 2 ** 30 }]);
    expect(stubs.some((stub) => stub.page === 2)).toBe(true);
    for (const stub of stubs) {
      const { pager, ...rest } = site.threadPage(stub);
      expect(pager.page).toBe(stub.page);
      const context = site.threadPage(stub, { pager: false });
      expect((context as { pager?: unknown }).pager).toBeUndefined();
      // The same JSON (what the fingerprint hashes): the same keys in the same order.
      expect(JSON.stringify(context)).toBe(JSON.stringify(rest));
    }
  });

  it("is, for an author page, the view with its pager but the pager, and what its fingerprint asks for", () => {
    const archive = fixtureArchive();
    const site = buildSiteData(archive, { baseUrl: "/" });
    const stubs = site.authorPages.flatMap((stub) => [stub, { ...stub, page: 2 ** 30, pages: 2 ** 30 }]);
    expect(stubs.length).toBeGreaterThan(2);
    for (const stub of stubs) {
      const { pager, ...rest } = site.authorPage(stub);
      expect(pager.count).toBe(stub.pages);
      const context = site.authorPage(stub, { pager: false });
      expect((context as { pager?: unknown }).pager).toBeUndefined();
      expect(JSON.stringify(context)).toBe(JSON.stringify(rest));
    }
    const asked: unknown[] = [];
    const authorPage = site.authorPage;
    site.authorPage = ((stub: AuthorPageStub, options?: { pager: false }) => {
      asked.push(options);
      return options ? authorPage(stub, options) : authorPage(stub);
    }) as typeof site.authorPage;
    const inputs = new PageInputs(site, archive, "shared", undefined);
    for (const stub of site.authorPages) inputs.authorPage(stub);
    expect(asked).toEqual(site.authorPages.map(() => ({ pager: false })));
  });
});
