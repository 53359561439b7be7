// A build staging in the kept site reads again only the folders that changed since the last
// staging walk, on either side (issue 15): the walk's record (.forum-archive-folders, written into
// the kept site at commit) names each folder's inode and ctime on both sides. Whatever changed in
// a folder of the published site or of the kept one, by the build or by anyone else, is staged as
// a full walk would stage it.
import { existsSync, lstatSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lastWalk, lastWalkTold, stageOutput } from "../src/output/staging.ts";

const STAGING = ".forum-archive-staging";
const RECORD = ".forum-archive-folders";
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-record-"));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** Every entry under `dir` but the staging marker (folders with "/"), each non-folder's inode. */
async function tree(dir: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const rel = join(entry.parentPath, entry.name).slice(dir.length + 1);
    if (rel === STAGING) continue;
    seen.set(entry.isDirectory() ? `${rel}/` : rel, entry.isDirectory() ? "" : String(lstatSync(join(dir, rel)).ino));
  }
  return seen;
}

/** Waits until the file system's clock is past every change made so far under `dir` (its tick is
 *  coarse): a folder changed in the tick a walk starts in is not recorded (the "racy" rule). */
async function nextTick(dir: string): Promise<void> {
  const probe = join(dir, "..", "probe");
  let newest = lstatSync(dir, { bigint: true }).ctimeNs;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const changed = lstatSync(join(entry.parentPath, entry.name), { bigint: true }).ctimeNs;
    if (entry.isDirectory() && changed > newest) newest = changed;
  }
  for (;;) {
    await writeFile(probe, "");
    if (lstatSync(probe, { bigint: true }).mtimeNs > newest) break;
    await new Promise((done) => setTimeout(done, 2));
  }
}

/** The archive's files: their folders are the build's, whose times a commit leaves as they are. */
const OURS = ["index.html", "a/index.html", "b/index.html", "c/d/index.html"];

/** Stages `out` and commits it unchanged (a build that wrote nothing), the clock past it. */
async function build(out: string): Promise<void> {
  const staged = await stageOutput(out);
  await staged.commit(OURS);
  await nextTick(dirname(out));
}

describe("the staging walk's folder record", () => {
  const base = () => join(root, "site-parent");
  const out = () => join(base(), "site");
  const kept = () => join(base(), ".site.previous");

  beforeAll(async () => {
    await put(join(out(), "index.html"), "home");
    await put(join(out(), ".forum-archive-files"), `${OURS.join("\n")}\n`);
    for (const name of ["a", "b", "c/d"]) await put(join(out(), name, "index.html"), `page ${name}`);
    await nextTick(base());
    await build(out()); // no kept site yet: a fresh mirror, no record
    await build(out()); // staged in the kept site, every folder read, the record written
    expect(existsSync(join(kept(), RECORD))).toBe(true);
    expect(existsSync(join(out(), RECORD))).toBe(false);
  });

  it("skips every folder that neither side changed since, and stages as a full walk does", async () => {
    const staged = await stageOutput(out());
    expect(lastWalk).toEqual({ read: 1, skipped: 4 }); // the top is always read; a, b, c, c/d skipped
    expect(await tree(staged.dir)).toEqual(await tree(out()));
    expect([...staged.contents.files].sort()).toEqual([
      ".forum-archive-files",
      "a/index.html",
      "b/index.html",
      "c/d/index.html",
      "index.html",
    ]);
    await staged.commit(OURS);
    await nextTick(base());
  });

  it("reads the folders where a file was replaced, added or removed, on either side", async () => {
    // The published site: a page replaced (another inode, as a build or an editor's save makes it),
    // a file added in a nested folder; the kept site: a stray file added, a page removed.
    await put(join(out(), "a", "index.html.new"), "page a, edited");
    await rename(join(out(), "a", "index.html.new"), join(out(), "a", "index.html"));
    await put(join(out(), "c", "d", "more.html"), "more");
    await put(join(kept(), "b", "stray.html"), "stray");
    await unlink(join(kept(), "c", "d", "index.html"));
    const staged = await stageOutput(out());
    expect(lastWalk).toEqual({ read: 4, skipped: 1 }); // the top, a, b, c/d read; c skipped
    // In a, only the published side changed: the kept side's entries and inodes are the record's,
    // not read again; b and c/d changed in the kept site, and are read on both sides.
    expect(lastWalkTold.folders).toBe(1);
    expect(await tree(staged.dir)).toEqual(await tree(out()));
    expect([...staged.contents.files]).toContain("c/d/more.html");
    await staged.commit(OURS);
    await nextTick(base());
  });

  it("reads a folder the record has wrong (another inode now) and a killed build's staging folder", async () => {
    // A folder of the published site replaced by a copy: the same entries, another folder.
    await put(join(out(), "b2", "index.html"), "page b");
    await rm(join(out(), "b"), { recursive: true });
    await rename(join(out(), "b2"), join(out(), "b"));
    const staged = await stageOutput(out());
    expect(lastWalk.read).toBeGreaterThanOrEqual(2);
    expect(await tree(staged.dir)).toEqual(await tree(out()));
    // Killed before its commit: the staging folder carries no record, and is walked in full.
    expect(existsSync(join(staged.dir, RECORD))).toBe(false);
    const again = await stageOutput(out());
    expect(again.dir).toBe(staged.dir);
    expect(lastWalk).toEqual({ read: 5, skipped: 0 });
    expect(await tree(again.dir)).toEqual(await tree(out()));
    await again.commit(OURS);
    await nextTick(base());
  });

  it("walks every folder, in the kept site, when an entry of the record is damaged", async () => {
    await build(out()); // the record of a walk of every folder, all unchanged since
    const record = JSON.parse(await readFile(join(kept(), RECORD), "utf8")) as { folders: unknown[][] };
    const entry = record.folders.find((folder) => folder[0] === "a")!;
    entry[3] = null; // its files: not a list
    await writeFile(join(kept(), RECORD), JSON.stringify(record));
    const keptPage = lstatSync(join(kept(), "index.html")).ino;
    lastWalk.read = -1;
    const staged = await stageOutput(out());
    expect(lastWalk).toEqual({ read: 5, skipped: 0 }); // not a fresh mirror: the kept site walked in full
    expect(lstatSync(join(staged.dir, "index.html")).ino).toBe(keptPage);
    expect(await tree(staged.dir)).toEqual(await tree(out()));
    await staged.commit(OURS);
    await nextTick(base());
  });

  it("tells the kept side of a folder only the published side changed, and stages it as a full walk does", async () => {
    await put(join(out(), "a", "old.html"), "to be removed");
    await nextTick(base());
    await build(out()); // a read: old.html linked into the kept side, whose stamp is then not recorded
    await build(out()); // a told by its published side's stamp, not read on both sides; recorded whole
    expect(lastWalkTold.folders).toBe(1);
    expect(lastWalk.read).toBe(2); // the top and a
    const keptPage = lstatSync(join(out(), "a", "index.html")).ino;
    // The published side as a build leaves it: a page replaced, one added, one removed.
    await put(join(out(), "a", "index.html.new"), "page a, again");
    await rename(join(out(), "a", "index.html.new"), join(out(), "a", "index.html"));
    await put(join(out(), "a", "x.html"), "added");
    await unlink(join(out(), "a", "old.html"));
    const staged = await stageOutput(out());
    expect(lastWalkTold.folders).toBe(1);
    expect(lastWalk.read).toBe(2); // the top and a
    expect(lstatSync(join(staged.dir, "a", "index.html")).ino).not.toBe(keptPage);
    expect(await tree(staged.dir)).toEqual(await tree(out()));
    expect([...staged.contents.files].filter((file) => file.startsWith("a/")).sort()).toEqual([
      "a/index.html",
      "a/x.html",
    ]);
    await staged.commit(OURS);
    await nextTick(base());
  });

  it("walks every folder when the record is of the old version (stamps as text)", async () => {
    await build(out()); // the record of a walk of every folder, all unchanged since
    const record = JSON.parse(await readFile(join(kept(), RECORD), "utf8")) as {
      version: number;
      folders: unknown[][];
    };
    expect(record.version).toBe(2);
    // Version 1 wrote each side's stamp as "dev:ino:ctimeMs": read as numbers, it must not be trusted.
    const asText = (stamp: unknown) => (stamp as number[]).join(":");
    const old = {
      version: 1,
      folders: record.folders.map(([rel, from, to, ...names]) => [rel, asText(from), asText(to), ...names]),
    };
    await writeFile(join(kept(), RECORD), JSON.stringify(old));
    const staged = await stageOutput(out());
    expect(lastWalk).toEqual({ read: 5, skipped: 0 });
    expect(await tree(staged.dir)).toEqual(await tree(out()));
    await staged.commit(OURS);
    await nextTick(base());
  });

  it("leaves no old record in a kept site that was put back by hand as the published one", async () => {
    await build(out());
    expect(existsSync(join(kept(), RECORD))).toBe(true);
    await rm(out(), { recursive: true });
    await rename(kept(), out()); // the owner goes back to the site before the last build
    await build(out()); // staged afresh: no walk, so no record of one
    expect(existsSync(join(kept(), RECORD))).toBe(false);
    expect(existsSync(join(out(), RECORD))).toBe(false);
  });
});
