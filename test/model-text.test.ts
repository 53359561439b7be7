// The one walk over a post's blocks as text (src/model-text.ts) and its named choices.
import { describe, expect, it } from "vitest";
import type { Block } from "../src/model.ts";
import { blockText, blockTexts } from "../src/model-text.ts";

const para = (...texts: string[]): Block => ({ type: "paragraph", inlines: texts.map((text) => ({ type: "text", text })) });

const post: Block[] = [
  para("Hello ", "there"),
  { type: "quote", author: "ann", blocks: [para("quoted words"), { type: "code", text: "quoted code" }] },
  {
    type: "list",
    ordered: false,
    items: [[para("first item")], [para("second item"), { type: "list", ordered: true, items: [[para("nested")]] }]],
  },
  { type: "code", text: "x = 1" },
  {
    type: "paragraph",
    inlines: [
      { type: "text", text: "see " },
      { type: "link", href: "http://a.example/", text: "http://a.example/" },
      { type: "link", href: "http://b.example/", text: "the guide" },
    ],
  },
  para(""),
];

describe("blockTexts", () => {
  it("reads paragraphs and list items in reading order, leaving out quotes and code by default", () => {
    expect(blockTexts(post)).toEqual(["Hello there", "first item", "second item", "nested", "see http://a.example/the guide", ""]);
  });

  it("takes in quotes and code boxes when asked, where they stand", () => {
    expect(blockTexts(post, { quotes: true, code: true })).toEqual([
      "Hello there",
      "quoted words",
      "quoted code",
      "first item",
      "second item",
      "nested",
      "x = 1",
      "see http://a.example/the guide",
      "",
    ]);
    // Code inside a quote needs both.
    expect(blockTexts(post, { quotes: true })).not.toContain("quoted code");
  });

  it("drops link text that only spells an address with links: named, keeping named links", () => {
    expect(blockTexts(post, { links: "named" })).toContain("see the guide");
  });

  it("walks lists and quotes nested far deeper than the call stack would allow", () => {
    let deep: Block[] = [para("bottom")];
    for (let i = 0; i < 100_000; i++) {
      deep = i % 2 === 0 ? [{ type: "list", ordered: false, items: [deep] }] : [{ type: "quote", blocks: deep }];
    }
    expect(blockTexts(deep, { quotes: true })).toEqual(["bottom"]);
    expect(blockTexts(deep)).toEqual([]);
  });
});

describe("blockText", () => {
  it("puts a blank line between the texts and gives '' for no blocks", () => {
    expect(blockText([para("a"), para("b")])).toBe("a\n\nb");
    expect(blockText(undefined)).toBe("");
  });
});
