// A rebuild finds an unchanged dump's parsed-page cache entry by the digest its input fingerprint kept
// (build/input-digests.ts), without reading the dump (issue 15); a dump that changed since, or whose
// digest is not known, is read and parsed as before, and the threads are the same either way.
import * as fs from "node:fs";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { readDumps } from "../src/archive/load.ts";
import { dumpDigestOf } from "../src/archive/dump-digest.ts";
import { digestClock } from "../src/build/input-digests.ts";
import { inputsFingerprint } from "../src/build/unchanged-inputs.ts";

vi.mock("node:fs", async (original) => {
  const actual = await original<typeof import("node:fs")>();
  return { ...actual, readFileSync: vi.fn(actual.readFileSync) };
});

const work = mkdtempSync(join(tmpdir(), "forum-archive-dump-digests-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const FIXTURES = ["en-legacy.txt", "de-legacy.txt", "crlf.txt"];
/** How many times a file under `dir` was read whole. */
const readsUnder = (dir: string) =>
  vi.mocked(fs.readFileSync).mock.calls.filter(([path]) => typeof path === "string" && path.startsWith(dir)).length;

describe("dumps looked up by their kept digest", () => {
  it("reads no unchanged dump, reads a changed one, and gives the same threads", async () => {
    const input = join(work, "input");
    fs.mkdirSync(input);
    for (const name of FIXTURES) fs.copyFileSync(join("test/fixtures", name), join(input, name));
    const files = FIXTURES.map((name) => join(input, name));
    const cacheDir = join(work, "cache", "pages");
    const first = await readDumps(files, { cacheDir });

    // The files settled a minute before the clock, so their digests are kept (input-digests.ts).
    vi.spyOn(digestClock, "now").mockReturnValue(Date.now() + 60_000);
    const fingerprint = await inputsFingerprint({ input, baseUrl: "/" });
    const dumpDigest = (file: string) => fingerprint?.digests.settledDigestOf(file);
    expect(dumpDigest(files[0]!)).toBe(dumpDigestOf(fs.readFileSync(files[0]!)));

    vi.mocked(fs.readFileSync).mockClear();
    const unread = await readDumps(files, { cacheDir, dumpDigest });
    expect(readsUnder(input)).toBe(0);
    expect(unread.loaded).toEqual({ files: 3, parsed: 0, fromCache: 3 });
    expect(JSON.stringify(unread.threads)).toBe(JSON.stringify(first.threads));

    // Changed after the fingerprint, its stamps are no longer those kept: it is read and parsed afresh.
    const changed = files[2]!;
    const text = fs.readFileSync(changed, "utf8");
    expect(text).toContain("Starters");
    writeFileSync(changed, text.replaceAll("Starters", "Levains"));
    const { atime, mtime } = fs.statSync(files[0]!);
    utimesSync(changed, atime, mtime);
    expect(dumpDigest(changed)).toBeUndefined();
    vi.mocked(fs.readFileSync).mockClear();
    const reread = await readDumps(files, { cacheDir, dumpDigest });
    expect(readsUnder(input)).toBe(1);
    expect(reread.loaded).toEqual({ files: 3, parsed: 1, fromCache: 2 });
    const afresh = await readDumps(files, { cacheDir: false });
    expect(JSON.stringify(reread.threads)).toBe(JSON.stringify(afresh.threads));
    expect(JSON.stringify(reread.threads)).toContain("Levains");
  });

  it("knows no digest of a file whose folder was replaced since, and does not throw (review2)", async () => {
    const input = join(work, "replaced");
    fs.mkdirSync(join(input, "sub"), { recursive: true });
    fs.copyFileSync("test/fixtures/en-legacy.txt", join(input, "sub", "a.txt"));
    vi.spyOn(digestClock, "now").mockReturnValue(Date.now() + 60_000);
    const fingerprint = await inputsFingerprint({ input, baseUrl: "/" });
    expect(fingerprint?.digests.settledDigestOf(join(input, "sub", "a.txt"))).toBeDefined();
    rmSync(join(input, "sub"), { recursive: true });
    writeFileSync(join(input, "sub"), "a file where the folder was");
    expect(fingerprint?.digests.settledDigestOf(join(input, "sub", "a.txt"))).toBeUndefined();
  });
});
