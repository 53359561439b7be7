// A render worker renders thread pages only: from the archive it is sent it makes their views as
// the main thread does, and none of the rest of the site data (listings, home, feed, sitemaps,
// author pages), which the main thread builds and sends (issue 15: a second render thread's start).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { loadArchive } from "../src/archive/load.ts";
import { workerThreadPage } from "../src/build/render-workers.ts";
import type { Archive } from "../src/model.ts";
import { buildSiteData, type SiteDataOptions } from "../src/site/view/index.ts";

/** The builders of pages no worker renders, counted. */
const built = vi.hoisted(() => ({ calls: 0 }));
vi.mock("../src/site/view/forum.ts", async (original) => {
  const real = await original<typeof import("../src/site/view/forum.ts")>();
  return {
    ...real,
    forumPages: (...args: Parameters<typeof real.forumPages>) => (built.calls++, real.forumPages(...args)),
  };
});
vi.mock("../src/site/view/home.ts", async (original) => {
  const real = await original<typeof import("../src/site/view/home.ts")>();
  return { ...real, homeData: (...args: Parameters<typeof real.homeData>) => (built.calls++, real.homeData(...args)) };
});
vi.mock("../src/site/view/feed.ts", async (original) => {
  const real = await original<typeof import("../src/site/view/feed.ts")>();
  return { ...real, feedData: (...args: Parameters<typeof real.feedData>) => (built.calls++, real.feedData(...args)) };
});
vi.mock("../src/site/view/author.ts", async (original) => {
  const real = await original<typeof import("../src/site/view/author.ts")>();
  const postsByAuthor = (...args: Parameters<typeof real.postsByAuthor>) => (
    built.calls++, real.postsByAuthor(...args)
  );
  return { ...real, postsByAuthor };
});

let root: string;
let archive: Archive;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-worker-site-"));
  for (const f of generateCorpus({ threads: 60, seed: 5 })) {
    await mkdir(dirname(join(root, f.file)), { recursive: true });
    await writeFile(join(root, f.file), f.text);
  }
  archive = await loadArchive(root, undefined, { cacheDir: false });
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("a render worker's site data", () => {
  it("makes every thread page's view as buildSiteData does, and builds no other page", () => {
    const options: SiteDataOptions = { baseUrl: "/", postsPerPage: 5 };
    const main = buildSiteData(archive, options);
    expect(built.calls).toBeGreaterThanOrEqual(4); // the counting works: the main thread builds them all
    built.calls = 0;
    const threadPage = workerThreadPage(archive, options);
    expect(main.threadPages.length).toBeGreaterThan(60);
    for (const stub of main.threadPages) {
      expect(JSON.stringify(threadPage(stub))).toBe(JSON.stringify(main.threadPage(stub)));
    }
    expect(built.calls).toBe(0);
  });
});
