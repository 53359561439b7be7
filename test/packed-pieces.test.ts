// Packed bodies hold JSON's common pieces ('{"type":"paragraph",…') as one control character each
// (issue 18's memory aim). Any text a post can hold, those very pieces and raw control characters
// included, must read back exactly, and serialise as the plain post did.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bodyJsonOf, packBodies, postsOfTransfer, transferForm } from "../src/archive/packed-bodies.ts";
import type { Block, Post, Thread } from "../src/model.ts";
import { threadOfPosts } from "./helpers/packed-thread.ts";

const piece = fc.constantFrom(
  '{"type":"paragraph","inlines":[{"type":"text","text":"',
  '"}]}',
  '"},',
  '{"type":"',
  "\u0001",
  "\u0008",
  "\\",
  '"',
  "é",
  "😀",
  "a",
);
const text = fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 12 }).map((parts) => parts.join(""));
const block: fc.Arbitrary<Block> = fc.oneof(
  text.map((t): Block => ({ type: "paragraph", inlines: [{ type: "text", text: t }] })),
  fc.tuple(text, text).map(([href, t]): Block => ({ type: "paragraph", inlines: [{ type: "link", href, text: t }] })),
  fc.tuple(text, text).map(
    ([author, t]): Block => ({
      type: "quote",
      author,
      blocks: [{ type: "paragraph", inlines: [{ type: "text", text: t }] }],
    }),
  ),
  text.map((t): Block => ({ type: "code", text: t })),
);

function threadOf(bodies: Block[][], signature: Block[]): Thread {
  return threadOfPosts(
    bodies.map((body, index) => ({
      number: index + 1,
      postedAt: "2009-05-09T09:27:00Z",
      postedAtText: "2009-05-09T09:27:00Z",
      author: { name: "Ann", hasAvatar: false },
      body,
      ...(index % 2 ? { signature } : {}),
      id: String(index + 10),
      source: { file: "board.sql", line: index + 1 },
    })),
  );
}

describe("packed bodies with JSON's pieces as control characters", () => {
  it("read back, serialise and travel to a worker exactly as the plain posts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(block, { maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        fc.array(block, { maxLength: 2 }),
        (bodies, signature) => {
          const plain = threadOf(bodies, signature);
          const expected = JSON.stringify(plain);
          const packed = threadOf(structuredClone(bodies), structuredClone(signature));
          packBodies(packed);
          expect(JSON.stringify(packed)).toBe(expected);
          packed.posts.forEach((post, i) => {
            expect(post.body).toEqual(bodies[i]);
            expect(bodyJsonOf(post)).toBe(JSON.stringify(bodies[i]));
          });
          const moved = postsOfTransfer(structuredClone(transferForm(packed.posts)));
          expect(JSON.stringify(moved)).toBe(JSON.stringify(plain.posts));
        },
      ),
    );
  });

  it("keeps a third or more less text for ordinary paragraphs", () => {
    const body: Block[] = [{ type: "paragraph", inlines: [{ type: "text", text: "Just my two cents." }] }];
    const thread = threadOf([body, body], []);
    packBodies(thread);
    const form = transferForm(thread.posts);
    expect(form.bytes.byteLength).toBeLessThan((2 * JSON.stringify(body).length * 2) / 3);
  });
});

describe("a packed post's source and id, kept smaller", () => {
  it("read back as packed: other files, odd ids and missing ids included, and take new values", () => {
    const thread = threadOf([[], [], [], []], []);
    const [a, b, c, d] = thread.posts as [Post, Post, Post, Post];
    b.source = { file: "page-2.html", line: 7 };
    c.id = "post0123";
    delete d.id;
    const expected = JSON.stringify(thread);
    packBodies(thread);
    expect(JSON.stringify(thread)).toBe(expected);
    const [pa, pb, pc, pd] = thread.posts as [Post, Post, Post, Post];
    expect(pa.source).toEqual(a.source);
    expect(pa.id).toBe("10");
    expect(pb.source).toEqual({ file: "page-2.html", line: 7 });
    expect(pc.id).toBe("post0123");
    expect(pd.id).toBeUndefined();
    pa.source = { file: "other.sql", line: 3 };
    pa.id = "99";
    expect(JSON.parse(JSON.stringify(pa))).toMatchObject({ id: "99", source: { file: "other.sql", line: 3 } });
  });
});

describe("a packed post's date, kept as seconds", () => {
  it("reads back as written, in any zone and year, with its text, and takes new values", () => {
    const dates = fc.tuple(
      fc
        .integer({ min: -200_000, max: 200_000 })
        .map((hours) => new Date(Date.UTC(2004, 0, 1) + hours * 3_600_000 + 61_000)),
      fc.constantFrom("Z", "-05:00", "+05:30", "", ".000Z"),
    );
    fc.assert(
      fc.property(fc.array(dates, { minLength: 1, maxLength: 4 }), fc.boolean(), (list, sameText) => {
        const thread = threadOf(
          list.map(() => []),
          [],
        );
        thread.posts.forEach((post, i) => {
          const [date, zone] = list[i]!;
          post.postedAt = date.toISOString().slice(0, 19) + zone;
          post.postedAtText = sameText ? post.postedAt : "05-09-2009, 09:27 AM";
        });
        const expected = JSON.stringify(thread);
        packBodies(thread);
        expect(JSON.stringify(thread)).toBe(expected);
        const moved = postsOfTransfer(structuredClone(transferForm(thread.posts)));
        expect(JSON.stringify(moved)).toBe(JSON.stringify(JSON.parse(expected).posts));
      }),
    );
    const thread = threadOf([[]], []);
    packBodies(thread);
    const post = thread.posts[0]!;
    post.postedAt = "2010-01-01T00:00:00Z";
    expect([post.postedAt, post.postedAtText]).toEqual(["2010-01-01T00:00:00Z", "2009-05-09T09:27:00Z"]);
    post.postedAtText = "New Year";
    expect(post.postedAtText).toBe("New Year");
  });
});

describe("packed text held once", () => {
  it("packs a signature repeated in a thread once, and every post still reads it", () => {
    const signature: Block[] = [{ type: "paragraph", inlines: [{ type: "text", text: "x".repeat(500) }] }];
    const thread = threadOf([[], [], [], []], signature);
    packBodies(thread);
    const bytes = transferForm(thread.posts).bytes.byteLength;
    // Four empty bodies ("[]") and the signature once, not twice (posts 2 and 4 carry it).
    expect(bytes).toBeLessThan(4 * 2 + 520);
    expect(bytes).toBeGreaterThan(500);
    expect(thread.posts[1]!.signature).toEqual(signature);
    expect(thread.posts[3]!.signature).toEqual(signature);
  });
});
