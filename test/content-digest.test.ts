// A thread's post text is hashed once a build (archive/content-digest.ts): the similar-words cache's
// key, the page fingerprints and the search thread cache's key take the packed bytes' digest, where
// each hashed all of the text.
import { Hash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { archiveOf } from "../src/archive/load.ts";
import { packBodies } from "../src/archive/packed-bodies.ts";
import { SimilarWordsCache } from "../src/archive/similar-cache.ts";
import { writtenWords } from "../src/archive/similar-vectors.ts";
import { PageInputs } from "../src/build/page-inputs.ts";
import type { Thread } from "../src/model.ts";
import { parseDumps } from "../src/parse/index.ts";
import { threadContentKey } from "../src/search/thread-cache.ts";
import { buildSiteData } from "../src/site/view/index.ts";

const work = mkdtempSync(join(tmpdir(), "fa-content-digest-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A word no generated text holds, so a hash update that carries it carries the post it was put in. */
const MARK = "Quuxzanzibarian";

/** The generated threads, packed as the loader packs them; `marked` puts MARK in one thread's last post. */
function packedThreads(marked?: (thread: Thread) => boolean, text = MARK): Thread[] {
  const files = [...generateCorpus({ threads: 6, seed: 5 })].map((f) => ({ file: f.file, bytes: f.text }));
  const threads = parseDumps(files).threads;
  const target = marked && threads.find(marked);
  if (target) target.posts.at(-1)!.body.push({ type: "paragraph", inlines: [{ type: "text", text }] });
  for (const thread of threads) packBodies(thread);
  return threads;
}

describe("a thread's post text", () => {
  it("is hashed once by the similar-words cache, the page fingerprints and the search cache together", async () => {
    const threads = packedThreads((candidate) => candidate.posts.length >= 3);
    const thread = threads.find((candidate) => candidate.posts.length >= 3)!;
    const update = vi.spyOn(Hash.prototype, "update");
    const words = await SimilarWordsCache.open(join(work, "once"));
    const archive = archiveOf(threads, [], [], words);
    const site = buildSiteData(archive, { baseUrl: "/", pages: [], hasSearch: true });
    const inputs = new PageInputs(site, archive, "shared", undefined);
    for (const stub of site.threadPages.filter((page) => page.threadId === thread.id)) inputs.threadPage(stub);
    threadContentKey(thread);
    // The last post is on no page's view past the last post (no excerpt, no title): only its text hashes it.
    const hashedWithMark = update.mock.calls.filter(([data]) => String(data).includes(MARK));
    update.mockRestore();
    expect(hashedWithMark.length).toBe(1);
  });

  it("keys the similar words by the bodies: the same thread is a hit, a changed body a miss", async () => {
    const root = join(work, "keys");
    const first = await SimilarWordsCache.open(root);
    const [thread] = packedThreads();
    expect(first.writtenOf(thread!, 2)).toEqual(writtenWords(thread!, 2));
    await first.save();

    const again = await SimilarWordsCache.open(root);
    again.writtenOf(packedThreads()[0]!, 2);
    expect([again.hits, again.misses]).toEqual([1, 0]);
    // The same posts with a word added to the last one's body: its own bytes, and its own key.
    const changed = packedThreads(() => true, "Added afterwards.")[0]!;
    const written = again.writtenOf(changed, 2);
    expect([again.hits, again.misses]).toEqual([1, 1]);
    expect(written).toEqual(writtenWords(changed, 2));
  });
});
