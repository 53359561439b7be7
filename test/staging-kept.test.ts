// The site a build replaces is kept beside the output (.site.previous, marked kept) and is the next
// build's staging folder, brought up to date with the published one entry by entry (issue 15).
// Whatever state the kept site, or a build killed at any step of staging and commit, left behind,
// the next build publishes what a clean build makes, and nothing is written or removed through a link.
import { createHash } from "node:crypto";
import { existsSync, lstatSync, realpathSync } from "node:fs";
import { chmod, cp, link, mkdir, mkdtemp, readFile, readdir, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { buildFromInput, buildSteps } from "../src/build/index.ts";
import { stageOutput } from "../src/output/staging.ts";
import { listFiles } from "./helpers/site-check.ts";

const STAGING = ".forum-archive-staging";
const RETIRED = ".forum-archive-previous";
const KEPT = ".forum-archive-kept";
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-kept-"));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** Every entry under `dir` (folders with "/"), with each non-folder's inode and a link's target. */
async function tree(dir: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const rel = join(entry.parentPath, entry.name).slice(dir.length + 1);
    if (entry.isDirectory()) seen.set(`${rel}/`, (lstatSync(join(dir, rel)).mode & 0o7777).toString(8));
    else seen.set(rel, String(lstatSync(join(dir, rel)).ino));
  }
  return seen;
}

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

describe("staging in the kept site", () => {
  it("brings every kind of difference up to date, never through a link, and stages in that very folder", async () => {
    const base = join(root, "unit");
    const out = join(base, "site");
    const kept = join(base, ".site.previous");
    const outside = join(base, "outside");
    await put(join(outside, "secret.txt"), "not the archive's\n");
    // The published site: the archive's files, a user's file and link, a folder of mode 750.
    await put(join(out, "index.html"), "home");
    await put(join(out, "a", "page.html"), "page, new");
    await put(join(out, "a", "b", "deep.html"), "deep");
    await put(join(out, "c", "x.html"), "x");
    await chmod(join(out, "c"), 0o750);
    await put(join(out, "CNAME"), "archive.example.org\n");
    await symlink("index.html", join(out, "home.html"));
    await put(join(out, ".forum-archive-files"), "a/b/deep.html\na/page.html\nc/x.html\nindex.html\n");
    // The kept site: an earlier state of it, and whatever may have happened to it since.
    await put(join(kept, RETIRED), "");
    await put(join(kept, KEPT), "");
    await link(join(out, "index.html"), join(kept, "index.html")); // unchanged since: the same inode
    await put(join(kept, "a", "page.html"), "page, old"); // rewritten by the last build
    await symlink(outside, join(kept, "a", "b")); // a link where a folder is now
    await put(join(kept, "c"), "a file where a folder is now");
    await put(join(kept, "CNAME", "inside.txt"), "a folder where a file is now");
    await put(join(kept, "stale.html"), "gone from the site");
    await put(join(kept, "gone", "page.html"), "a folder gone from the site");
    await symlink(outside, join(kept, "gone", "outside"));
    const keptFolder = lstatSync(kept).ino;

    const staged = await stageOutput(out);
    expect(staged.dir).toBe(join(base, ".site.building"));
    expect(existsSync(kept)).toBe(false);
    // The kept folder itself, not a fresh mirror of the published one.
    expect(lstatSync(staged.dir).ino).toBe(keptFolder);
    const want = await tree(out);
    want.set(STAGING, String(lstatSync(join(staged.dir, STAGING)).ino));
    expect(await tree(staged.dir)).toEqual(want);
    expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe("not the archive's\n");
    expect(await readdir(outside)).toEqual(["secret.txt"]);
    expect([...staged.contents.files].sort()).toEqual([
      ".forum-archive-files",
      "CNAME",
      "a/b/deep.html",
      "a/page.html",
      "c/x.html",
      "home.html",
      "index.html",
    ]);
    expect(staged.contents.links).toEqual(["home.html"]);

    await writeFile(join(staged.dir, "new.html"), "a page of this build");
    const publishedFolder = lstatSync(out).ino;
    await staged.commit(["a/b/deep.html", "a/page.html", "c/x.html", "index.html", "new.html"]);
    expect(await readFile(join(out, "new.html"), "utf8")).toBe("a page of this build");
    expect(existsSync(join(out, STAGING))).toBe(false);
    // The site it replaced is kept for the next build, marked so.
    expect(lstatSync(kept).ino).toBe(publishedFolder);
    // Its folder record (staging-kept-record.test.ts) is there only for folders older than the
    // clock tick the staging began in: made just before, these may not be.
    const records = (await readdir(kept)).filter((name) => name !== ".forum-archive-folders");
    expect(records.filter((name) => name.startsWith(".forum-archive-")).sort()).toEqual([
      ".forum-archive-files",
      KEPT,
      RETIRED,
    ]);
  });
});

describe("a rebuild after a build killed at any step of staging or commit", () => {
  const corpus = [...generateCorpus({ threads: 5, seed: 21 })];
  const dumps = (n: number) => join(root, `dumps-${n}`);
  let clean: Map<string, Buffer>;

  async function snapshot(dir: string): Promise<Map<string, Buffer>> {
    const files = new Map<string, Buffer>();
    for (const rel of await listFiles(dir)) files.set(rel, await readFile(join(dir, rel)));
    return files;
  }
  const build = (n: number, output: string) =>
    buildFromInput({ input: dumps(n), output, baseUrl: "/", progress: "none", search: false });

  beforeAll(async () => {
    for (const n of [3, 4, 5]) {
      for (const dump of corpus.slice(0, n)) await put(join(dumps(n), dump.file), dump.text);
    }
    await build(5, join(root, "clean"));
    clean = await snapshot(join(root, "clean"));
  }, 120_000);

  /** A site built from 3 then 4 threads (so a kept site stands beside it), the state `kill` leaves,
   *  then a build of 5 threads: the clean build's files, and only the kept site beside them. */
  async function rebuildsAfter(name: string, kill: (site: string, kept: string, staging: string) => Promise<void>) {
    const site = join(root, name, "site");
    await mkdir(dirname(site));
    await build(3, site);
    await writeFile(join(site, "CNAME"), "archive.example.org\n"); // the user's, kept by every build
    await build(4, site);
    const kept = join(root, name, ".site.previous");
    expect(existsSync(join(kept, KEPT))).toBe(true);
    await kill(site, kept, join(root, name, ".site.building"));
    await build(5, site);
    const files = await snapshot(site);
    expect(files.get("CNAME")?.toString()).toBe("archive.example.org\n");
    files.delete("CNAME");
    expect(files).toEqual(clean);
    expect((await readdir(join(root, name))).sort()).toEqual([".site.previous", "site"]);
    expect(existsSync(join(kept, KEPT))).toBe(true);
  }

  /** A staging folder half brought up to date or half written: a page of the new build, one removed. */
  async function halfStaged(staging: string): Promise<void> {
    await writeFile(join(staging, "index.html"), "half a build");
    await rm(join(staging, "404.html"));
  }

  it("after the kept site was marked for staging, before it was renamed", async () => {
    await rebuildsAfter("marked", async (_site, kept) => writeFile(join(kept, STAGING), ""));
  });

  it("after it was renamed, its other markers still in it, or half brought up to date", async () => {
    await rebuildsAfter("renamed", async (_site, kept, staging) => {
      await writeFile(join(kept, STAGING), "");
      await rename(kept, staging);
    });
    await rebuildsAfter("half-synced", async (_site, kept, staging) => {
      await writeFile(join(kept, STAGING), "");
      await rename(kept, staging);
      await rm(join(staging, KEPT));
      await rm(join(staging, RETIRED));
      await halfStaged(staging);
    });
  });

  it("after the published site was marked retired, and between the two renames", async () => {
    const stagedBeside = async (site: string, kept: string, staging: string) => {
      await rename(kept, staging);
      await rm(join(staging, KEPT));
      await rm(join(staging, RETIRED));
      await writeFile(join(staging, STAGING), "");
      await halfStaged(staging);
      await writeFile(join(site, RETIRED), "");
    };
    await rebuildsAfter("retired-marked", stagedBeside);
    await rebuildsAfter("between-renames", async (site, kept, staging) => {
      await stagedBeside(site, kept, staging);
      await rename(site, kept); // the last good site, put back by the next build
    });
  });

  it("after the new site was published, before the old one was marked kept or the new one unmarked", async () => {
    /** The new site published by a build that then stops: it records no inputs (that comes after). */
    const publishedBy = async (site: string) => {
      await build(5, site);
      const record = createHash("sha256").update(realpathSync(site)).digest("hex").slice(0, 32);
      await rm(resolve(".cache/forum-archive/builds", record));
      await writeFile(join(site, STAGING), "");
    };
    await rebuildsAfter("published", async (site, kept) => {
      await publishedBy(site);
      await rm(join(kept, KEPT));
    });
    await rebuildsAfter("kept-marked", publishedBy);
  });

  it("does not put the kept site back when the user removed the published one", async () => {
    const site = join(root, "removed", "site");
    await mkdir(dirname(site));
    await build(3, site);
    await writeFile(join(site, "CNAME"), "archive.example.org\n");
    await build(4, site);
    await rm(site, { recursive: true });
    await build(5, site);
    // Not the site before the last build (which held the user's CNAME): a build into a new folder.
    expect(await snapshot(site)).toEqual(clean);
  });

  it("is no leftover of a killed build: a rebuild with nothing changed beside it stops at the inputs", async () => {
    const site = join(root, "unchanged", "site");
    await mkdir(dirname(site));
    await build(3, site);
    await build(4, site);
    expect(existsSync(join(root, "unchanged", ".site.previous", KEPT))).toBe(true);
    const load = vi.spyOn(buildSteps, "loadArchive");
    await build(4, site);
    expect(load).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  it("a kept site that is not the build's own is refused and left as it was", async () => {
    const site = join(root, "theirs", "site");
    await mkdir(dirname(site));
    await build(3, site);
    await cp(join(root, "clean"), join(root, "theirs", ".site.previous"), { recursive: true });
    await expect(build(4, site)).rejects.toThrow(/in the way/);
    expect(await snapshot(join(root, "theirs", ".site.previous"))).toEqual(clean);
  });
});
