// The loader keeps pages as JSON until their thread is assembled, and post bodies packed outside
// the heap (so 100,000 threads fit in Node's default heap). Neither may change what a reader sees:
// the loaded threads serialise exactly as parseDumps' threads of the same files.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { archiveOf, loadArchive } from "../src/archive/load.ts";
import { packBodies } from "../src/archive/packed-bodies.ts";
import type { Thread } from "../src/model.ts";
import { parseDumps } from "../src/parse/index.ts";
import { listDumpFiles } from "../src/archive/files.ts";
import { FIXTURES_DIR } from "./fixtures/helpers.ts";
import { threadOfPosts } from "./helpers/packed-thread.ts";

describe("the loaded archive", () => {
  it("serialises exactly as parseDumps' threads of the same files, bodies and signatures included", async () => {
    const loaded = await loadArchive(FIXTURES_DIR, undefined, { cacheDir: false });
    const files = await listDumpFiles(FIXTURES_DIR);
    const parsed = parseDumps(files.map((file) => ({ file, bytes: readFileSync(file) })));
    const expected = archiveOf(parsed.threads, parsed.warnings, parsed.failures);
    expect(loaded.threads.length).toBe(expected.threads.length);
    expect(JSON.stringify(loaded.threads)).toBe(JSON.stringify(expected.threads));
    expect(JSON.stringify(loaded.warnings)).toBe(JSON.stringify(expected.warnings));
    // A signature somewhere, so the comparison covers them.
    expect(loaded.threads.some((thread) => thread.posts.some((post) => post.signature !== undefined))).toBe(true);
  });
});

describe("packBodies", () => {
  const thread = (): Thread =>
    threadOfPosts(
      [
        {
          number: 1,
          postedAt: "2009-05-09T09:27:00",
          postedAtText: "05-09-2009, 09:27 AM",
          author: { name: "Ann", hasAvatar: false },
          body: [{ type: "paragraph", inlines: [{ type: "text", text: "Zürich ✓ 東京 – first" }] }],
          signature: [{ type: "paragraph", inlines: [{ type: "text", text: "Ann's signature" }] }],
          source: { file: "a.txt", line: 3 },
        },
        {
          number: 2,
          postedAt: "2009-05-09T10:00:00",
          postedAtText: "05-09-2009, 10:00 AM",
          author: { name: "Bob", hasAvatar: false },
          body: [
            {
              type: "quote",
              author: "Ann",
              postNumber: 1,
              blocks: [{ type: "paragraph", inlines: [{ type: "text", text: "first" }] }],
            },
          ],
          edited: { by: "Bob", at: "2009-05-09T11:00:00", atText: "05-09-2009 at 11:00 AM" },
          source: { file: "a.txt", line: 9 },
        },
      ],
      "a.txt",
    );

  it("keeps the bodies out of the posts' own properties, reads them back whole, and serialises as before", () => {
    const plain = thread();
    const packed = thread();
    packBodies(packed);
    expect(Object.getOwnPropertyDescriptor(packed.posts[0], "body")).toBeUndefined();
    expect(packed.posts[0]!.body).toEqual(plain.posts[0]!.body);
    expect(packed.posts[0]!.signature).toEqual(plain.posts[0]!.signature);
    expect(packed.posts[1]!.body).toEqual(plain.posts[1]!.body);
    expect(packed.posts[1]!.signature).toBeUndefined();
    expect(packed.posts[1]!.edited).toEqual(plain.posts[1]!.edited);
    // Same keys in the same order, so JSON (parse --json, the page cache, fingerprints) is unchanged.
    expect(JSON.stringify(packed)).toBe(JSON.stringify(plain));
  });

  it("gives each reader its own copy, and takes a new body when one is assigned", () => {
    const packed = thread();
    packBodies(packed);
    const post = packed.posts[0]!;
    const first = post.body;
    (first[0] as { inlines: unknown[] }).inlines = [];
    expect(post.body).toEqual(thread().posts[0]!.body);
    const replaced = [{ type: "paragraph" as const, inlines: [{ type: "text" as const, text: "new" }] }];
    post.body = replaced;
    expect(post.body).toBe(replaced);
    expect(JSON.parse(JSON.stringify(post)).body).toEqual(replaced);
  });
});
