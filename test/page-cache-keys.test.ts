// The parsed-page cache's keys (archive/page-cache.ts): one for a file's name and bytes' digest, made with a
// one-shot hash, not a Hash object a dump (a rebuild keys every dump: 11,631 at 10,000 threads, issue 15).
import * as crypto from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { dumpDigestOf } from "../src/archive/dump-digest.ts";
import { PageCache } from "../src/archive/page-cache.ts";

vi.mock("node:crypto", async (original) => {
  const actual = await original<typeof import("node:crypto")>();
  return { ...actual, createHash: vi.fn(actual.createHash) };
});

const work = mkdtempSync(join(tmpdir(), "forum-archive-page-cache-keys-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EN = "test/fixtures/en-legacy.txt";
const DE = "test/fixtures/de-legacy.txt";

describe("parsed-page cache keys", () => {
  it("finds a file's entry by its name and digest, without a Hash object a look-up", async () => {
    const dir = join(work, "cache");
    const first = new PageCache(dir);
    const [en, de] = [readFileSync(EN), readFileSync(DE)];
    const parsedEn = await first.parse(EN, en);
    const parsedDe = await first.parse(DE, de);
    expect(parsedEn.key).not.toBe(parsedDe.key);
    await first.prune();

    const [enDigest, deDigest] = [dumpDigestOf(en), dumpDigestOf(de)];
    const cache = new PageCache(dir);
    vi.mocked(crypto.createHash).mockClear();
    expect((await cache.lookup(EN, enDigest))?.key).toBe(parsedEn.key);
    expect((await cache.lookup(DE, deDigest))?.key).toBe(parsedDe.key);
    // Another name with the same bytes, or the same name with other bytes: no entry.
    expect(await cache.lookup("test/fixtures/en-legacy-copy.txt", enDigest)).toBeUndefined();
    expect(await cache.lookup(EN, deDigest)).toBeUndefined();
    expect(vi.mocked(crypto.createHash)).not.toHaveBeenCalled();
  });
});
