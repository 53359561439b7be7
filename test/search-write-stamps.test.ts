// The search index's writes tell each file's size and mtime (search/write.ts `stamps`): the record of
// the output (build/unchanged-inputs.ts) takes them instead of an lstat of each of the index's files
// after the commit (17,900 at 10,000 threads, issue 15). They must be what a lookup of the file gives,
// for the files written and for those a rebuild keeps, and name every file the search folder holds.
import { lstatSync, mkdtempSync, rmSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Archive, Thread } from "../src/model.ts";
import { fileStampsOf, type FileStamp } from "../src/output/fingerprints.ts";
import { writeSearchIndex } from "../src/search/write.ts";
import { plainThread } from "./helpers/plain-threads.ts";

const work = mkdtempSync(join(tmpdir(), "forum-archive-search-stamps-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Thread `i` of one post of `text`. */
const thread = (i: number, text: string): Thread =>
  plainThread(String(i).padStart(3, "0"), `Thread ${String(i).padStart(3, "0")}`, [text], "Injuries");

const archiveOf = (threads: Thread[]): Archive => ({ threads, forums: [], authors: [], warnings: [], failures: [] });

/** Every file under the output's search folder, relative to the output, with its lstat's size and mtime. */
async function lookedUp(out: string): Promise<Map<string, FileStamp>> {
  const stamps = new Map<string, FileStamp>();
  for (const entry of await readdir(join(out, "search"), { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) continue;
    const path = join(entry.parentPath, entry.name);
    const info = lstatSync(path);
    stamps.set(relative(out, path), [info.size, info.mtimeMs]);
  }
  return stamps;
}

/** Every file under the output's search folder, relative to the output, with its inode: a file written
 *  again is a new one (renamed into place), which its mtime alone may not tell where times are coarse. */
async function inodesOf(out: string): Promise<Map<string, number>> {
  const inodes = new Map<string, number>();
  for (const entry of await readdir(join(out, "search"), { recursive: true, withFileTypes: true })) {
    if (!entry.isDirectory())
      inodes.set(relative(out, join(entry.parentPath, entry.name)), lstatSync(join(entry.parentPath, entry.name)).ino);
  }
  return inodes;
}

describe("the search index's stamps", () => {
  it("are every file's size and mtime as a lookup gives them, written or kept", async () => {
    const out = join(work, "site");
    const threads = Array.from({ length: 8 }, (_, i) => thread(i, `Hip flexors, week ${i}. Stretch the psoas.`));
    const first = await writeSearchIndex(archiveOf(threads), out, "/", undefined, { cacheRoot: false });
    expect(fileStampsOf(first.stamps)).toEqual(await lookedUp(out));
    expect(first.stamps.names.length).toBe(first.files);

    const firstInodes = await inodesOf(out);
    // One thread's words changed: some files are written again, the rest kept.
    threads[3] = thread(3, "Shoulder impingement after overhead presses.");
    const second = await writeSearchIndex(archiveOf(threads), out, "/", undefined, { cacheRoot: false });
    const now = await lookedUp(out);
    expect(fileStampsOf(second.stamps)).toEqual(now);
    const kept = [...(await inodesOf(out))].filter(([rel, inode]) => firstInodes.get(rel) === inode);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(now.size);
  });
});
