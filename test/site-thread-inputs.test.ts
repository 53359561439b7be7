// A thread page's fingerprint (build/page-inputs.ts) takes what its view holds beyond its stub, its
// posts and its thread's own fields from site/view/thread.ts threadPageInputs, not from the view
// itself. These tests hold the view to the keys that account covers, and change each input in
// turn: every page whose view changes must change its fingerprint (the page is rendered again).
import { describe, expect, it } from "vitest";
import { PageInputs } from "../src/build/page-inputs.ts";
import type { Archive, Thread } from "../src/model.ts";
import { buildSiteData } from "../src/site/view/index.ts";
import type { ThreadPageStub } from "../src/site/view/types.ts";
import { fixtureArchive } from "./helpers/archive.ts";

const RUNNING_ID = "6faad58c96bed239";
/** A neighbour of the running thread (its forum), listed and suggested on it. */
const SPASMS_A = "a1b2c3d4e5f60718";
/** In another forum, suggested on the running thread only. */
const SPASMS_B = "0f1e2d3c4b5a6978";

/** The fixture, a copy of its own (its threads are shared by every test), after `change`. */
function archiveWith(change: (archive: Archive, byId: (id: string) => Thread) => void = () => {}): Archive {
  const archive = structuredClone(fixtureArchive());
  change(archive, (id) => archive.threads.find((t) => t.id === id)!);
  return archive;
}

/** Every thread page: what its template reads (stub and view, JSON) and its fingerprint. */
function threadPagesOf(archive: Archive): Map<string, { data: string; fingerprint: string }> {
  const site = buildSiteData(archive, { baseUrl: "/", postsPerPage: 2 });
  const inputs = new PageInputs(site, archive, "shared", 2);
  return new Map(
    site.threadPages.map((stub) => [
      stub.permalink,
      { data: JSON.stringify([stub, site.threadPage(stub)]), fingerprint: inputs.threadPage(stub) },
    ]),
  );
}

const RUNNING = "crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/";

describe("a thread page's inputs", () => {
  it("account for every key of its view", () => {
    const archive = archiveWith();
    const site = buildSiteData(archive, { baseUrl: "/", postsPerPage: 2 });
    // Where each is fingerprinted: the stub (url, permalink, title, and the pager it decides), the
    // posts (description, posts, quote targets; thread.postCount), the thread's own fields
    // (thread.*) and threadPageInputs (thread.sourceUrl, captured, forumUrl; crumbs, neighbours,
    // listed, computed). A key added to the view must be added to one of them, and here.
    const keys = [
      "url",
      "permalink",
      "title",
      "description",
      "thread",
      "crumbs",
      "pager",
      "posts",
      "quoteTargets",
      "neighbours",
      "listed",
      "computed",
    ];
    const threadKeys = [
      "id",
      "title",
      "url",
      "site",
      "forumName",
      "forumDescription",
      "forumUrl",
      "postCount",
      "sourceUrl",
      "language",
      "captured",
      "poll",
      "timezone",
      "footer",
    ];
    // A Similar Threads row's and a suggestion's keys: the row's fields and the thread it names.
    const listedKeys = ["title", "url", "starter", "forum", "replies", "lastPost", "split", "alsoComputed"];
    const computedKeys = ["title", "url", "listedByForum"];
    let rows = 0;
    for (const stub of site.threadPages) {
      const view = site.threadPage(stub);
      for (const row of view.listed) expect(Object.keys(row).filter((key) => !listedKeys.includes(key))).toEqual([]);
      for (const row of view.computed) {
        expect(Object.keys(row).filter((key) => !computedKeys.includes(key))).toEqual([]);
      }
      rows += view.listed.length + view.computed.length;
      expect(
        Object.keys(view).filter((key) => !keys.includes(key)),
        stub.url,
      ).toEqual([]);
      expect(
        Object.keys(view.thread).filter((key) => !threadKeys.includes(key)),
        stub.url,
      ).toEqual([]);
    }
    expect(rows).toBeGreaterThan(0);
  });

  it("are what the fingerprints ask for: no thread page's view is built", () => {
    const archive = archiveWith();
    const site = buildSiteData(archive, { baseUrl: "/", postsPerPage: 2 });
    const asked: unknown[] = [];
    const threadPage = site.threadPage;
    site.threadPage = ((stub: ThreadPageStub, options?: never) => {
      asked.push(options);
      return threadPage(stub, options as never);
    }) as typeof site.threadPage;
    const inputs = new PageInputs(site, archive, "shared", 2);
    for (const stub of site.threadPages) inputs.threadPage(stub);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked).toEqual(asked.map(() => ({ inputs: true })));
  });

  const changes: [string, Parameters<typeof archiveWith>[0]][] = [
    ["its source's address", (_a, t) => (t(RUNNING_ID).source.url = "https://example.org/t=1")],
    ["its capture date", (_a, t) => (t(RUNNING_ID).source.captured = "2011-02-03")],
    ["its forum's page", (a) => (a.forums.find((f) => f.name === "Injuries")!.url = "/injuries-elsewhere/")],
    ["a neighbour's title", (_a, t) => (t(SPASMS_A).title = "Back spasms, again")],
    ["a listed row's replies", (_a, t) => (t(RUNNING_ID).similarListed[0]!.replies = 45)],
    ["a listed row's title", (_a, t) => (t(RUNNING_ID).similarListed[0]!.title = "Back spasms, listed anew")],
    ["a listed row's starter", (_a, t) => (t(RUNNING_ID).similarListed[0]!.starter = "Someone Else")],
    ["a listed row's forum", (_a, t) => (t(RUNNING_ID).similarListed[0]!.forum = "Another Forum")],
    ["a listed row's last post", (_a, t) => (t(RUNNING_ID).similarListed[0]!.lastPostAt = "2012-03-04T05:06:00")],
    [
      "a listed row's split",
      (_a, t) => {
        const row = t(RUNNING_ID).similarListed[0]!;
        row.split = row.split === "known" ? "guessed" : "known";
      },
    ],
    [
      // The trail's middle name becomes a forum of the archive: its crumb links to that forum's page.
      "a forum of its breadcrumb trail archived",
      (a, t) => {
        const thread = t(RUNNING_ID);
        a.forums.push({
          site: thread.site,
          name: thread.breadcrumbs[1]!,
          parents: thread.breadcrumbs.slice(0, 1),
          url: "/crossfit-discussion-board/in-sickness-and-in-health/",
          threadIds: [],
          postCount: 0,
        });
      },
    ],
    ["a listed row's thread's address", (_a, t) => (t(SPASMS_A).url = "/elsewhere/back-spasms/")],
    [
      "a listed row no longer archived",
      (_a, t) => {
        const row = t(RUNNING_ID).similarListed[0]!;
        row.archivedId = undefined;
        row.archivedUrl = undefined;
      },
    ],
    ["a suggestion's title", (_a, t) => (t(SPASMS_B).title = "Spasms, in another forum")],
    ["a suggestion's address", (_a, t) => (t(SPASMS_B).url = "/elsewhere/spasms-b/")],
    ["a suggestion dropped", (_a, t) => t(RUNNING_ID).similar!.splice(1, 1)],
  ];
  for (const [what, change] of changes) {
    it(`change the fingerprint of every page whose view changes with ${what}`, () => {
      const before = threadPagesOf(archiveWith());
      const after = threadPagesOf(archiveWith(change));
      const changed = [...after].filter(([permalink, page]) => before.get(permalink)?.data !== page.data);
      // The change shows on the running thread's pages (else this would test nothing).
      expect(
        changed.some(([permalink]) => permalink.startsWith(RUNNING)),
        what,
      ).toBe(true);
      const missed = changed.filter(([permalink, page]) => before.get(permalink)?.fingerprint === page.fingerprint);
      expect(missed.map(([permalink]) => permalink)).toEqual([]);
    });
  }

  it("leave a page before the last alone when only its similar threads change", () => {
    const before = threadPagesOf(archiveWith());
    const after = threadPagesOf(archiveWith((_a, t) => (t(SPASMS_B).title = "Spasms, in another forum")));
    const first = `${RUNNING}index.html`;
    expect(after.get(first)?.data).toBe(before.get(first)?.data);
    expect(after.get(first)?.fingerprint).toBe(before.get(first)?.fingerprint);
  });
});
