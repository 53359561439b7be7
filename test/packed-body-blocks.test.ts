// A packed post's body read one block at a time (PackedPost.bodyBlocks) must give the blocks `body`
// gives, whatever the text holds (JSON's pieces the packing shortens, backslashes and quotes before
// them, control characters), and an excerpt made from the first few blocks the excerpt of the whole
// body (author pages: issue 15).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packBodies } from "../src/archive/packed-bodies.ts";
import type { Block, Inline, Post } from "../src/model.ts";
import { excerpt, excerptOfBlocks, plainText } from "../src/site/render.ts";
import { threadOfPosts } from "./helpers/packed-thread.ts";

const piece = fc.constantFrom(
  '{"type":"paragraph","inlines":[{"type":"text","text":"',
  '"}]}',
  '{"type":"text","text":"',
  '{"type":"link","href":"',
  '{"type":"paragraph","inlines":[',
  '{"type":"quote",',
  '"},',
  '{"type":"',
  "\\",
  '\\"},',
  '"',
  "[",
  "]}",
  "\u0001",
  "\u0007",
  "é",
  "😀",
  " ",
  "\n\n",
  "word",
);
const text = fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 30 }).map((parts) => parts.join(""));
const inline: fc.Arbitrary<Inline> = fc.oneof(
  text.map((t): Inline => ({ type: "text", text: t })),
  fc.tuple(text, text).map(([href, t]): Inline => ({ type: "link", href, text: t })),
  text.map((t): Inline => ({ type: "text", text: t, marks: ["bold"] })),
);
const { block } = fc.letrec<{ block: Block; blocks: Block[] }>((tie) => ({
  block: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.array(inline, { maxLength: 3 }).map((inlines): Block => ({ type: "paragraph", inlines })),
    fc.tuple(text, text).map(([t, label]): Block => ({ type: "code", text: t, label })),
    fc.tuple(text, tie("blocks")).map(([author, blocks]): Block => ({ type: "quote", author, blocks }) as Block),
    fc.array(tie("blocks"), { maxLength: 3 }).map((items): Block => ({ type: "list", ordered: false, items }) as Block),
  ),
  blocks: fc.array(tie("block"), { maxLength: 3 }),
}));

function packedPosts(bodies: Block[][]): Post[] {
  const thread = threadOfPosts(
    bodies.map((body, index) => ({
      number: index + 1,
      postedAt: "2009-05-09T09:27:00Z",
      postedAtText: "2009-05-09T09:27:00Z",
      author: { name: "Ann", hasAvatar: false },
      body: structuredClone(body),
      source: { file: "board.sql", line: index + 1 },
    })),
  );
  packBodies(thread);
  return thread.posts;
}

const blocksOf = (post: Post, quotes = true): Block[] => [
  ...(post as unknown as { bodyBlocks(quotes: boolean): Iterable<Block> }).bodyBlocks(quotes),
];
const notQuotes = (blocks: Block[]) => blocks.filter((block) => block.type !== "quote");

describe("a packed post's body, block by block", () => {
  it("gives the body's blocks, in order, its quotes left out when asked", () => {
    fc.assert(
      fc.property(fc.array(fc.array(block, { maxLength: 5 }), { minLength: 1, maxLength: 4 }), (bodies) => {
        packedPosts(bodies).forEach((post, i) => {
          expect(blocksOf(post)).toEqual(bodies[i]);
          expect(blocksOf(post, false)).toEqual(notQuotes(bodies[i]!));
        });
      }),
      { numRuns: process.env.CI ? 500 : 200 },
    );
  });

  it("gives a body set since packing as it was set", () => {
    const [post] = packedPosts([[{ type: "code", text: "old" }]]) as [Post];
    const body: Block[] = [{ type: "paragraph", inlines: [{ type: "text", text: "new" }] }];
    post.body = [{ type: "quote", blocks: [] } as Block, ...body];
    expect(blocksOf(post, false)).toEqual(body);
  });

  it("makes the excerpt the whole body makes, however short or long its blocks", () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 6 }), fc.integer({ min: 1, max: 120 }), (body, max) => {
        const [post] = packedPosts([body]) as [Post];
        expect(excerptOfBlocks(blocksOf(post), max)).toBe(excerpt(plainText(body), max));
        expect(excerptOfBlocks(blocksOf(post, false), max)).toBe(excerpt(plainText(body), max));
        expect(excerptOfBlocks(body, max)).toBe(excerpt(plainText(body), max));
      }),
      { numRuns: process.env.CI ? 500 : 200 },
    );
  });

  it("stops decoding once the excerpt is settled", () => {
    const paragraph = (t: string): Block => ({ type: "paragraph", inlines: [{ type: "text", text: t }] });
    let read = 0;
    function* counted(): Generator<Block> {
      for (const t of ["A first paragraph long enough", "to settle it", "never read"]) {
        read++;
        yield paragraph(t);
      }
    }
    expect(excerptOfBlocks(counted(), 20)).toBe("A first paragraph…");
    expect(read).toBe(1);
  });
});
