// A render worker is sent its share's threads in full and every other thread light (issue 15:
// workers' memory). The thread pages it builds from that must be the main thread's, field for
// field: neighbours and similar threads that lie in other shares, URLs another thread claimed
// first, the site's title and navigation.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { loadArchive } from "../src/archive/load.ts";
import {
  archiveMessages,
  receivedThread,
  type Share,
  shareSiteData,
  siteWide,
  splitShares,
  type ToRenderWorker,
  workerThreadPage,
} from "../src/build/render-workers.ts";
import type { Archive, Thread } from "../src/model.ts";
import { buildSiteData, type SiteData, type SiteDataOptions } from "../src/site/view/index.ts";

let root: string;
let archive: Archive;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-shares-"));
  for (const f of generateCorpus({ threads: 240, seed: 7 })) {
    await mkdir(dirname(join(root, f.file)), { recursive: true });
    await writeFile(join(root, f.file), f.text);
  }
  archive = await loadArchive(root, undefined, { cacheDir: false });
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const options: SiteDataOptions = { baseUrl: "/", postsPerPage: 10 };

/** What a worker of `share` builds, from the messages as structured clone carries them. */
function workerSite(main: SiteData, share: Share): { site: SiteData; threads: Thread[] } {
  const threads: Thread[] = [];
  let rest: (ToRenderWorker & { kind: "archive" }) | undefined;
  let rendering = false;
  for (const message of archiveMessages(archive, share.threadPages, siteWide(main))) {
    const moved = structuredClone(message);
    if (moved.kind === "threads") {
      for (const sent of moved.threads) threads.push(receivedThread(sent, moved.bytes, () => rendering));
    } else if (moved.kind === "archive") rest = moved;
  }
  const threadPage = workerThreadPage({ ...rest!.rest, threads, warnings: [], failures: [] }, options);
  rendering = true;
  return { site: shareSiteData(threadPage, rest!.site, rest!.threadPages), threads };
}

describe("a render worker's share", () => {
  it("builds every thread page of its share as the main thread does, holding only its share's posts", () => {
    // Thread B takes thread A's URL: the one whose id sorts first keeps it, the other is left out;
    // a third thread names the one left out among its similar and listed threads, which the main
    // thread then shows as the one that kept the URL.
    const [a, b] = archive.threads.slice(10, 12) as [Thread, Thread];
    b.url = a.url;
    const lost = a.id < b.id ? b : a;
    // The last thread page's thread: the main thread takes the first ones, the workers the last.
    const lastId = buildSiteData(archive, options).threadPages.at(-1)!.threadId;
    const c = archive.threads.find((t) => t.id === lastId)!;
    c.similar = [{ id: lost.id, url: lost.url, title: lost.title, score: 0.5 }, ...(c.similar ?? [])];
    c.similarListed = [{ ...c.similarListed[0]!, archivedId: lost.id, archivedUrl: lost.url }];
    const main = buildSiteData(archive, options);
    expect(main.problems.map((p) => p.reason).join("\n")).toContain(`its URL ${a.url} is already used`);
    const shares = splitShares(main, 3);
    expect(shares).toHaveLength(3);
    const posts = archive.threads.reduce((n, t) => n + t.posts.length, 0);
    let compared = 0;
    for (const share of shares.slice(1)) {
      const { site, threads } = workerSite(main, share);
      expect(site.threadPages).toEqual(share.threadPages);
      expect(site.authorPages).toEqual([]);
      for (const stub of share.threadPages) {
        expect(JSON.stringify(site.threadPage(stub))).toBe(JSON.stringify(main.threadPage(stub)));
        compared++;
      }
      expect(JSON.stringify(siteWide(site))).toBe(JSON.stringify(siteWide(main)));
      // The share's threads in full, one post of every other thread.
      const own = new Set(share.threadPages.map((stub) => stub.threadId));
      const held = threads.reduce((n, t) => n + t.posts.length, 0);
      const expected = archive.threads.reduce((n, t) => n + (own.has(t.id) ? t.posts.length : 1), 0);
      expect(held).toBe(expected);
      expect(held).toBeLessThan(posts);
    }
    expect(compared).toBe(shares[1]!.threadPages.length + shares[2]!.threadPages.length);
    // The page naming the thread left out is among the compared ones, with a link to the one that kept the URL.
    const cPages = main.threadPages.filter((stub) => stub.threadId === c.id);
    const last = main.threadPage(cPages[cPages.length - 1]!);
    expect(last.computed[0]).toMatchObject({ url: a.url, title: (a.id < b.id ? a : b).title });
    expect(last.listed[0]!.url).toBe(a.url);
    expect(shares.slice(1).some((share) => share.threadPages.some((stub) => stub.threadId === c.id))).toBe(true);
  });
});
