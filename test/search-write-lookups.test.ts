// The search index's files are recorded by identity (inode, size, mtime: search/write.ts) so that a
// rebuild keeps those it would write again. A file written is told by its open descriptor, not by a
// stat of its path after it is closed: a clean build looks up none of its ~3,650 paths a second time.
import * as fs from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { Archive, Post, Thread } from "../src/model.ts";
import { writeSearchIndex } from "../src/search/write.ts";

vi.mock("node:path", async (original) => {
  const actual = await original<typeof import("node:path")>();
  return { ...actual, relative: vi.fn(actual.relative) };
});

vi.mock("node:fs", async (original) => {
  const actual = await original<typeof import("node:fs")>();
  return { ...actual, statSync: vi.fn(actual.statSync), lstatSync: vi.fn(actual.lstatSync) };
});

const work = mkdtempSync(join(tmpdir(), "forum-archive-search-lookups-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function post(number: number, text: string): Post {
  return {
    number,
    postedAt: "2009-05-10T09:27:00-07:00",
    postedAtText: "05-10-2009, 09:27 AM",
    author: { name: "Kieran", hasAvatar: false },
    body: [{ type: "paragraph", inlines: [{ type: "text", text }] }],
    source: { file: "t.txt", line: number },
  };
}

function thread(i: number): Thread {
  const id = String(i).padStart(3, "0");
  return {
    id,
    title: `Thread ${id}`,
    url: `/b/i/thread-${id}/`,
    site: "Test Board",
    breadcrumbs: ["Test Board", "Injuries"],
    forum: { name: "Injuries" },
    posts: [post(1, `Hip flexors, week ${i}. ${"Stretch the psoas before squats. ".repeat(30)}`)],
    similarListed: [],
    source: { files: ["t.txt"] },
    warnings: [],
  };
}

const archive: Archive = {
  threads: Array.from({ length: 12 }, (_, i) => thread(i)),
  forums: [],
  authors: [],
  warnings: [],
  failures: [],
};

/** Path look-ups (stat, lstat) of files under `dir` since the spies were cleared. */
const lookedUp = (dir: string) =>
  [...vi.mocked(fs.statSync).mock.calls, ...vi.mocked(fs.lstatSync).mock.calls].filter(
    ([path]) => typeof path === "string" && path.startsWith(dir),
  ).length;

async function filesOf(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    files.set(path, `${info.ino} ${info.size} ${info.mtimeMs}`);
  }
  return files;
}

describe("the search index's writes", () => {
  it("look up no written file's path again, and record identities a rebuild keeps the files by", async () => {
    const out = join(work, "site");
    vi.mocked(fs.statSync).mockClear();
    vi.mocked(fs.lstatSync).mockClear();
    vi.mocked(path.relative).mockClear();
    const first = await writeSearchIndex(archive, out, "/", undefined, { cacheRoot: false });
    const search = join(out, "search");
    const written = await filesOf(search);
    // Every file and its two copies: lunr, the page's scripts, the manifest, shards, docs, lexicon.
    expect(written.size).toBe(first.files);
    expect(written.size).toBeGreaterThan(3 * 6);
    expect(lookedUp(search)).toBe(0);
    // Files are named relative to the search folder as the sink names them: no path.relative a file.
    expect(vi.mocked(path.relative)).not.toHaveBeenCalled();

    await new Promise((r) => setTimeout(r, 30)); // a rewrite would show in an mtime
    // The same index again: every file is kept (the recorded identities are the files' own).
    await writeSearchIndex(archive, out, "/", undefined, { cacheRoot: false });
    expect(await filesOf(search)).toEqual(written);
  });
});
