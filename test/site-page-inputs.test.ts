// A page's fingerprint from its inputs (src/build/page-inputs.ts) must change whenever what its
// template reads of it changes: the page's stub and its view (site/view/). Two archives, one with
// random edits made to it, are shaped into site data; every thread and author page both have is
// compared: when its stub or view differ, so must its fingerprint. Edits reach pages through other
// threads (a similar thread's or a neighbour's title and URL), authors (a post count, a page URL)
// and forums, as a rebuild after one changed dump meets them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { archiveOf, authorUrlOf } from "../src/archive/load.ts";
import { packBodies } from "../src/archive/packed-bodies.ts";
import { authorAndEditorNamesOf, PageInputs } from "../src/build/page-inputs.ts";
import type { Archive, Block, Post, Thread } from "../src/model.ts";
import { parseDumps } from "../src/parse/index.ts";
import { buildSiteData, type SiteData, type ThreadRow } from "../src/site/view/index.ts";
import { fixtureArchive } from "./helpers/archive.ts";

const GENERATED = [...generateCorpus({ threads: 24, seed: 11 })].map((f) => ({ file: f.file, bytes: f.text }));

/** The threads of a fresh archive: the hand-made fixture's (quotes, signatures, edits, two sites,
 *  long threads) and generated ones (authors posting across threads, similar threads). */
function freshThreads(): Thread[] {
  return [...fixtureArchive().threads.map((t) => structuredClone(t)), ...parseDumps(GENERATED).threads];
}

type Edit =
  | {
      kind: "retitle" | "move" | "describe-forum" | "rename-forum" | "remove" | "take-author-url" | "list";
      thread: number;
      other?: number;
    }
  | { kind: "rename-author" | "reword" | "edited-by" | "redate"; thread: number; post: number; other: number };

/** Applies an edit to plain threads (before packing), as a changed dump would. */
function applyEdit(threads: Thread[], edit: Edit): void {
  const thread = threads[edit.thread % threads.length]!;
  switch (edit.kind) {
    case "retitle":
      thread.title = `${thread.title} (renamed)`;
      return;
    case "move":
      thread.url = thread.url.replace(/\/$/, "-moved/");
      return;
    case "describe-forum":
      thread.forum = { ...thread.forum, description: "A description added" };
      return;
    case "rename-forum":
      thread.forum = { ...thread.forum, name: `${thread.forum.name} (renamed)` };
      return;
    case "remove":
      threads.splice(edit.thread % threads.length, 1);
      return;
    case "list": {
      // A Similar Threads row naming another thread, linked to it (as linkListedThreads does).
      const listed = threads[(edit.other ?? 0) % threads.length]!;
      thread.similarListed = [
        ...thread.similarListed,
        {
          title: listed.title,
          starter: listed.posts[0]!.author.name,
          forum: listed.forum.name,
          replies: listed.posts.length - 1,
          lastPostAt: listed.posts.at(-1)!.postedAt,
          row: listed.title,
          split: "known",
          archivedUrl: listed.url,
          archivedId: listed.id,
        },
      ];
      return;
    }
    case "take-author-url": {
      // A thread at an author's page URL takes it (threads claim theirs first): the author has no page.
      const name = threads[(edit.other ?? 0) % threads.length]!.posts[0]!.author.name;
      thread.url = authorUrlOf(name);
      return;
    }
  }
  const post = thread.posts[edit.post % thread.posts.length]!;
  const other = threads[edit.other % threads.length]!.posts[0]!.author;
  if (edit.kind === "rename-author") post.author = { ...post.author, name: other.name };
  else if (edit.kind === "edited-by") post.edited = { by: other.name, at: post.postedAt, atText: post.postedAtText };
  else if (edit.kind === "redate") post.postedAt = "2001-02-03T04:05:06Z";
  else post.body = retyped(post.body);
}

/** The body with one letter of its text changed: the same length, so only its bytes tell. */
function retyped(body: Block[]): Block[] {
  const json = JSON.stringify(body);
  const letter = /"text":"[^"\\]*?([A-Za-z])/.exec(json);
  if (!letter) return [...body, { type: "paragraph", inlines: [{ type: "text", text: "One more line." }] } as Block];
  const at = letter.index + letter[0].length - 1;
  const swapped = letter[1] === "x" ? "y" : "x";
  return JSON.parse(json.slice(0, at) + swapped + json.slice(at + 1)) as Block[];
}

/** An archive as a build has it (bodies packed), after `edits`. */
function archiveAfter(edits: readonly Edit[]): Archive {
  const threads = freshThreads();
  for (const edit of edits) applyEdit(threads, edit);
  for (const thread of threads) packBodies(thread);
  return archiveOf(threads);
}

interface PageRead {
  data: string;
  fingerprint: string;
}

/** Every thread, author and listing page: what its template reads of it, and its fingerprint. */
function pagesOf(archive: Archive): Map<string, PageRead> {
  const site: SiteData = buildSiteData(archive, { baseUrl: "/", pages: [], hasSearch: true });
  const inputs = new PageInputs(site, archive, "shared", undefined);
  const pages = new Map<string, PageRead>();
  for (const stub of site.threadPages) {
    const data = JSON.stringify([stub, site.threadPage(stub)]);
    pages.set(stub.permalink, { data, fingerprint: inputs.threadPage(stub) });
  }
  for (const stub of site.authorPages) {
    // The stub's `author` is where the view is found (an index into the archive's authors), not shown.
    const { author: _place, ...shown } = stub;
    const data = JSON.stringify([shown, site.authorPage(stub)]);
    pages.set(stub.permalink, { data, fingerprint: inputs.authorPage(stub) });
  }
  // Listings: their view, and what their layouts read of the site besides (similar-forum-page.njk
  // links the similar index).
  const listings = [
    ["forum", site.forumPages],
    ["authors", site.authorIndexPages],
    ["cluster", site.clusterPages],
  ] as const;
  for (const [kind, views] of listings) {
    for (const view of views) {
      const data = JSON.stringify([view, kind === "cluster" ? site.clusters?.url : null]);
      pages.set(view.permalink, { data, fingerprint: inputs.listingPage(kind, view) });
    }
  }
  return pages;
}

const unedited = pagesOf(archiveAfter([]));

/** The pages both sites have whose data changed, and those of them whose fingerprint stayed. */
function compare(after: Map<string, PageRead>, before = unedited): { changed: string[]; missed: string[] } {
  const changed: string[] = [];
  const missed: string[] = [];
  for (const [permalink, page] of after) {
    const old = before.get(permalink);
    if (!old || old.data === page.data) continue;
    changed.push(permalink);
    if (old.fingerprint === page.fingerprint) missed.push(permalink);
  }
  return { changed, missed };
}

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constantFrom(
      "retitle" as const,
      "move" as const,
      "describe-forum" as const,
      "rename-forum" as const,
      "remove" as const,
      "take-author-url" as const,
      "list" as const,
    ),
    thread: fc.nat(200),
    other: fc.nat(200),
  }),
  fc.record({
    kind: fc.constantFrom("rename-author" as const, "reword" as const, "edited-by" as const, "redate" as const),
    thread: fc.nat(200),
    post: fc.nat(200),
    other: fc.nat(200),
  }),
);

describe("page fingerprints from the page's inputs", () => {
  it("are the same for the same archive, built twice", () => {
    const again = pagesOf(archiveAfter([]));
    expect(again.size).toBe(unedited.size);
    for (const [permalink, page] of again) {
      expect(page.fingerprint, permalink).toBe(unedited.get(permalink)?.fingerprint);
    }
  });

  it("change on every page whose stub or view changed, after any edits", () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        expect(compare(pagesOf(archiveAfter(edits))).missed).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  // Edits that change other pages than their thread's own, each checked to do so (else the
  // property above would not be tested on them).
  const reachOthers: [string, (threads: Thread[]) => Edit[]][] = [
    ["a similar or neighbouring thread's title", (t) => [{ kind: "retitle", thread: t.length - 1 }]],
    ["a neighbour's URL", (t) => [{ kind: "move", thread: t.length - 2 }]],
    ["a forum's name", (t) => [{ kind: "rename-forum", thread: t.length - 2 }]],
    ["an author's post count", () => [{ kind: "rename-author", thread: 30, post: 0, other: 31 }]],
    ["an author's page URL", () => [{ kind: "take-author-url", thread: 29, other: 30 }]],
  ];
  for (const [what, editsOf] of reachOthers) {
    it(`change where ${what} shows`, () => {
      const edits = editsOf(freshThreads());
      const { changed, missed } = compare(pagesOf(archiveAfter(edits)));
      const ownUrl = freshThreads()[edits[0]!.thread]!.url.replace(/^\//, "");
      expect(changed.filter((permalink) => !permalink.startsWith(ownUrl)).length).toBeGreaterThan(0);
      expect(missed).toEqual([]);
    });
  }

  it("change where an author whose name slugs to another's URL gets the page once the other is gone", () => {
    // Two names that meet at one /authors/ URL: the same slug and the same six hex digits of the
    // hash of the name (a pair found by a search over punctuation; names are hashed but for short
    // plain ones, so a meeting is this rare): the first in URL-then-name order gets the page, the
    // other is shown unlinked.
    const [winner, loser] = ["Kettlebell!!~::Coach", "Kettlebell;,.,Coach"];
    const renamed = (threads: Thread[], at: number, name: string) => {
      for (const post of threads[at]!.posts) post.author = { ...post.author, name };
    };
    const archiveWith = (withWinner: boolean): Archive => {
      const threads = freshThreads();
      renamed(threads, 30, loser);
      if (withWinner) renamed(threads, 31, winner);
      else threads.splice(31, 1);
      for (const thread of threads) packBodies(thread);
      return archiveOf(threads);
    };
    expect(authorUrlOf(winner)).toBe(authorUrlOf(loser));
    const { changed, missed } = compare(pagesOf(archiveWith(false)), pagesOf(archiveWith(true)));
    const loserUrl = freshThreads()[30]!.url.replace(/^\//, "");
    expect(changed.filter((permalink) => permalink.startsWith(loserUrl)).length).toBeGreaterThan(0);
    expect(missed).toEqual([]);
  });

  it("change where a listed similar thread's URL shows", () => {
    const threads = freshThreads();
    const listing: Edit = { kind: "list", thread: threads.length - 3, other: 2 };
    const before = pagesOf(archiveAfter([listing]));
    const { changed, missed } = compare(pagesOf(archiveAfter([listing, { kind: "move", thread: 2 }])), before);
    const listingUrl = threads[listing.thread]!.url.replace(/^\//, "");
    expect(changed.filter((permalink) => permalink.startsWith(listingUrl)).length).toBeGreaterThan(0);
    expect(missed).toEqual([]);
  });
});

describe("listing fingerprints", () => {
  it("read each thread row once, however many listings show it", () => {
    const archive = archiveAfter([]);
    const site = buildSiteData(archive, { baseUrl: "/", pages: [], hasSearch: true });
    // Each row, wherever it is shown, replaced by one copy that counts reads of its title.
    const reads = new Map<object, number>();
    const copies = new Map<ThreadRow, ThreadRow>();
    const counted = (row: ThreadRow): ThreadRow => {
      let copy = copies.get(row);
      if (copy === undefined) {
        const made = { ...row };
        reads.set(made, 0);
        Object.defineProperty(made, "title", {
          enumerable: true,
          get: () => {
            reads.set(made, (reads.get(made) ?? 0) + 1);
            return row.title;
          },
        });
        copy = made;
        copies.set(row, copy);
      }
      return copy;
    };
    for (const page of site.forumPages) page.rows = page.rows.map(counted);
    for (const page of site.clusterPages) for (const c of page.clusters) c.threads = c.threads.map(counted);
    const inputs = new PageInputs(site, archive, "shared", undefined);
    for (const view of site.forumPages) inputs.listingPage("forum", view);
    for (const view of site.clusterPages) inputs.listingPage("cluster", view);
    // A forum of several threads lists each in three orders: the rows are shown more than once.
    const shown = site.forumPages.reduce((n, page) => n + page.rows.length, 0);
    expect(shown).toBeGreaterThan(copies.size);
    expect([...reads.values()].filter((n) => n !== 1)).toEqual([]);
  });
});

describe("a thread's authors and editors, as its pages' fingerprints take them", () => {
  it("name each once, in the order they first come, however many", () => {
    const names = Array.from({ length: 50 }, (_, i) => `n${i}`);
    // Posts by n49, n48, … n0 and again; each edited by the author seven on (n49 by n6), the last by n50.
    const order = [...names.keys(), ...names.keys()].reverse();
    const posts = order.map(
      (n, i) =>
        ({
          number: i + 1,
          postedAt: "",
          postedAtText: "",
          author: { name: names[n]!, hasAvatar: false },
          body: [],
          source: { file: "board.sql", line: i + 1 },
          edited: { by: `n${i === order.length - 1 ? 50 : (n + 7) % 50}`, at: "", atText: "" },
        }) as Post,
    );
    // n49 edited by n6, n48 by n5, … n43 by n0; then n42 (by n49, met) down to n7 (by n14, met);
    // n6 to n0 are met; the second round's authors are all met; the last editor is n50.
    const pairs = [49, 48, 47, 46, 45, 44, 43].flatMap((n) => [`n${n}`, `n${n - 43}`]);
    const down = Array.from({ length: 36 }, (_, i) => `n${42 - i}`);
    expect(authorAndEditorNamesOf(posts)).toEqual([...pairs, ...down, "n50"]);
  });

  it("name an author once whose posts hold two author objects of one name", () => {
    const post = (author: Post["author"], edited?: Post["edited"]) =>
      ({ number: 1, postedAt: "", postedAtText: "", author, body: [], source: { file: "a", line: 1 }, edited }) as Post;
    const ann = { name: "Ann", hasAvatar: false };
    const cy = { by: "Cy", at: "", atText: "" };
    const posts = [post(ann), post({ ...ann, hasAvatar: true }, cy), post({ name: "Cy", hasAvatar: false }), post(ann)];
    expect(authorAndEditorNamesOf(posts)).toEqual(["Ann", "Cy"]);
  });
});
