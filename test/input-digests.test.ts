// The inputs' digests kept from one build to the next (issue 15): a file the file system tells is
// the same (device, inode, size, mtime, ctime, all older than the clock) is not read again; any
// other is, so a changed input is always seen: rewritten with the same size and its mtime set back,
// or changed in the very clock tick it was looked at (git's "racy" case).
import { lstatSync, type Stats } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CLOCK_MARGIN_MS, digestClock, InputDigests } from "../src/build/input-digests.ts";
import { inputsFingerprint } from "../src/build/unchanged-inputs.ts";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-digests-"));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The clock a minute ahead: every file made by the test is then old enough to be kept. */
const clockAhead = () => vi.spyOn(digestClock, "now").mockReturnValue(Date.now() + 60_000);

describe("input digests", () => {
  it("reads a file again only when the file system tells it changed", async () => {
    clockAhead();
    const folder = join(root, "unit");
    await mkdir(folder);
    const path = join(folder, "a.txt");
    await writeFile(path, "first text");
    const store = join(folder, "digests");
    const first = await InputDigests.open(store, folder);
    const digest = await first.digestOf(path, lstatSync(path));
    expect(first.reads).toBe(1);
    first.save();

    const second = await InputDigests.open(store, folder);
    expect(await second.digestOf(path, lstatSync(path))).toBe(digest);
    expect(second.reads).toBe(0);
    // Another inode under the same stamps otherwise (a file replaced by another): read.
    const other = { ...lstatSync(path), ino: lstatSync(path).ino + 1 } as Stats;
    expect(await second.digestOf(path, other)).toBe(digest);
    expect(second.reads).toBe(1);
  });

  it("never keeps the digest of a file on another device than the clock's", async () => {
    clockAhead();
    const folder = join(root, "device");
    await mkdir(folder);
    const path = join(folder, "a.txt");
    await writeFile(path, "on a share");
    const store = join(folder, "digests");
    // The same file as a network share's stat would tell it: another device, its clock not ours.
    const shared = { ...lstatSync(path), dev: lstatSync(folder).dev + 1 } as Stats;
    const first = await InputDigests.open(store, folder);
    await first.digestOf(path, shared);
    first.save();
    const second = await InputDigests.open(store, folder);
    await second.digestOf(path, shared);
    expect(second.reads).toBe(1);
  });

  it("never keeps the digest of a file looked at in the clock's last seconds (the racy case)", async () => {
    const folder = join(root, "racy");
    await mkdir(folder);
    const path = join(folder, "a.txt");
    await writeFile(path, "before");
    const store = join(folder, "digests");
    const now = Date.now();
    vi.spyOn(digestClock, "now").mockReturnValue(now);
    // The file as looked at, and as it would look after a change in the same clock tick: the same.
    const info = { ...lstatSync(path), ctimeMs: now - CLOCK_MARGIN_MS + 1, mtimeMs: now - 10_000 } as Stats;
    const first = await InputDigests.open(store, folder);
    const before = await first.digestOf(path, info);
    first.save();
    await writeFile(path, "after!"); // the same size
    const second = await InputDigests.open(store, folder);
    expect(await second.digestOf(path, info)).not.toBe(before);
    expect(second.reads).toBe(1);
  });

  it("sees a dump rewritten with the same size and its mtime set back", async () => {
    const input = join(root, "input");
    await mkdir(input);
    const dump = join(input, "thread.txt");
    await writeFile(dump, "Thread: Back spasms\nlowere back\n");
    await writeFile(join(input, "other.txt"), "Thread: Other\n");
    const mtime = new Date(Math.floor(Date.now() / 1000) * 1000 - 5000); // whole: set back exactly below
    await utimes(dump, mtime, mtime);
    clockAhead();
    const open = vi.spyOn(InputDigests, "open");
    const options = { input, baseUrl: "/" };
    const first = await inputsFingerprint(options);
    const again = await inputsFingerprint(options);
    expect(again?.hash).toBe(first?.hash);
    const reads = await (open.mock.results[1]!.value as Promise<InputDigests>);
    expect(reads.reads).toBe(0); // nothing read the second time

    const text = await readFile(dump, "utf8");
    await writeFile(dump, text.replace("lowere back", "lower backs"));
    await utimes(dump, mtime, mtime);
    expect((await stat(dump)).size).toBe(Buffer.byteLength(text));
    expect((await stat(dump)).mtimeMs).toBe(mtime.getTime());
    const changed = await inputsFingerprint(options);
    expect(changed?.hash).not.toBe(first?.hash);
    const third = await (open.mock.results[2]!.value as Promise<InputDigests>);
    expect(third.reads).toBe(1); // that file alone
  });
});
