// An author page's excerpt is read from the first blocks of a packed body (issue 15): it must be
// exactly the excerpt of the whole body's text, and the blocks after it must stay undecoded.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bodyBlocks, packBodies } from "../src/archive/packed-bodies.ts";
import { leadingBlocks } from "../src/archive/packed-posts.ts";
import type { Block, Inline, Post } from "../src/model.ts";
import { excerpt, plainText } from "../src/site/render.ts";
import { leadingText } from "../src/site/view/leading-text.ts";
import { threadOfPosts } from "./helpers/packed-thread.ts";

// Texts with what JSON escapes or packing codes (quotes, backslashes, brackets, control characters,
// the packed pieces' own text), white space of every kind and characters outside the BMP.
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({
    unit: fc.constantFrom("a", "word ", '"', "\\", "[", "]", "{", "}", ",", "\u0001", "\u0008", "\n", "\u00a0", "😀"),
    maxLength: 60,
  }),
  fc.constantFrom('"},', '{"type":"text","text":"', '"}]}', "", "   ", "x".repeat(300)),
);
const marks = fc.option(fc.subarray(["bold", "italic"] as const, { minLength: 1 }), { nil: undefined });
const inline: fc.Arbitrary<Inline> = fc.oneof(
  fc.record({ type: fc.constant("text" as const), text, marks }, { requiredKeys: ["type", "text"] }),
  fc.record({ type: fc.constant("link" as const), href: text, text }),
);
const { blocks } = fc.letrec<{ block: Block; blocks: Block[] }>((tie) => ({
  block: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ type: fc.constant("paragraph" as const), inlines: fc.array(inline, { maxLength: 4 }) }),
    fc.record({ type: fc.constant("code" as const), text }),
    fc.record(
      { type: fc.constant("quote" as const), author: text, blocks: tie("blocks") },
      { requiredKeys: ["type", "blocks"] },
    ),
    fc.record({
      type: fc.constant("list" as const),
      ordered: fc.boolean(),
      items: fc.array(tie("blocks"), { maxLength: 3 }),
    }),
  ),
  blocks: fc.array(tie("block"), { maxLength: 5 }),
}));

function packedPost(body: Block[]): Post {
  const post = {
    number: 1,
    author: { name: "a", hasAvatar: false },
    postedAt: "2008-01-01T00:00:00Z",
    source: { file: "board.sql", line: 1 },
    body,
  };
  const thread = threadOfPosts([post as unknown as Post]);
  packBodies(thread);
  return thread.posts[0]!;
}

const paragraph = (text: string): Block => ({ type: "paragraph", inlines: [{ type: "text", text }] });

afterEach(() => vi.restoreAllMocks());

describe("leadingText", () => {
  it("gives a packed body's excerpt as the whole body's text gives it, for any body and length", () => {
    // Long blocks of white space before (read past) and of words after (left unread): bodies long
    // enough to be read block by block, not decoded whole.
    const spaces = paragraph(" \n\u00a0\t".repeat(200));
    const words = paragraph("word ".repeat(160));
    fc.assert(
      fc.property(blocks, fc.nat(3), fc.nat(3), fc.integer({ min: 1, max: 300 }), (middle, before, after, max) => {
        const body = [...Array(before).fill(spaces), ...middle, ...Array(after).fill(words)];
        const post = packedPost(body);
        expect(excerpt(leadingText(post, max + 1), max)).toBe(excerpt(plainText(body), max));
        expect([...bodyBlocks(post)]).toEqual(body);
      }),
      { numRuns: process.env.CI ? 1000 : 300 },
    );
  });

  it("reads an unpacked post's body whole", () => {
    const body: Block[] = [
      { type: "code", text: "let  x" },
      { type: "paragraph", inlines: [{ type: "text", text: "y" }] },
    ];
    expect(leadingText({ body } as Post, 3)).toBe("let  x\n\ny");
    expect(leadingText({ body } as Post, 9)).toBe("let  x\n\ny");
  });

  it("decodes no block after the ones the excerpt needs", () => {
    const numbered = (n: number): Block => ({
      type: "paragraph",
      inlines: [{ type: "text", text: `p${n}x `.repeat(100) }],
    });
    const post = packedPost(Array.from({ length: 50 }, (_, n) => numbered(n)));
    const parse = vi.spyOn(JSON, "parse");
    // 400 characters a block, 300 not white space: the first block has the 241 an excerpt of 240 reads.
    expect(leadingText(post, 241)).toBe("p0x ".repeat(100));
    expect(parse.mock.calls.map(([json]) => String(json).length)).toEqual([expect.any(Number)]);
    expect(String(parse.mock.calls[0]![0]).length).toBeLessThan(500);
  });

  it("reads blocks longer than the first chunk it writes out, escapes across its end", () => {
    for (const filler of ["x", "xx"]) {
      const body: Block[] = [
        { type: "code", text: `${filler}${'\\"}]'.repeat(700)}` },
        { type: "paragraph", inlines: [{ type: "text", text: "[after]" }] },
      ];
      expect([...leadingBlocks(JSON.stringify(body))]).toEqual(body);
    }
  });

  it("yields the blocks of a packed text before a break further on", () => {
    const blocksRead = leadingBlocks('[{"type":"code","text":"a}\\"]"},{"type":"code","text":"b"},{broken');
    expect(blocksRead.next().value).toEqual({ type: "code", text: 'a}"]' });
    expect(blocksRead.next().value).toEqual({ type: "code", text: "b" });
    expect(() => blocksRead.next()).toThrow(SyntaxError);
  });
});
