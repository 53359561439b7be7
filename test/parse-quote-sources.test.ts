// Issue 15: a post that quotes keeps its own lines as written and has them normalised only when a later
// quote reads them (quotes.ts BodySource). A quote of such a post must find it as before: by its own
// lines with runs of spaces folded, not by the lines it quoted, the nearest of two equal sources first.
import { describe, expect, it } from "vitest";
import type { Block, Post } from "../src/model.ts";
import { parseDumps } from "../src/parse/index.ts";
import { dumpPost } from "./helpers/text-dump.ts";

/** A post of the thread, written at 11:`minute` AM. */
function post(number: number, author: string, minute: number, body: string[]): string[] {
  return dumpPost(number, author, `04-17-2005, 11:${String(minute).padStart(2, "0")} AM`, body);
}

const dump = [
  "Iron Commons Discussion Board",
  "",
  "Go Back   Iron Commons Discussion Board > Training > Gymnastics",
  "",
  ...post(1, "Alice Hall", 1, ["My wrists  ache after double unders every time.", "", "Alice's second paragraph."]),
  ...post(2, "Bob Turner", 2, [
    "Quote:",
    "Originally Posted by Alice Hall",
    "My wrists ache after double unders every time.",
    "",
    "Bob's own line,\twith a tab  and two spaces.",
  ]),
  ...post(3, "Carol Reed", 3, [
    "Quote:",
    "Originally Posted by Bob Turner",
    "Bob's own line, with a tab and two spaces.",
    "",
    "Carol answers Bob.",
  ]),
  ...post(4, "Dan Moss", 4, ["Alice's second paragraph."]),
  ...post(5, "Eve Stone", 5, ["Quote:", "Alice's second paragraph.", "", "Eve's answer."]),
].join("\n");

const quoteOf = (post: Post): Extract<Block, { type: "quote" }> =>
  post.body.find((block) => block.type === "quote") as Extract<Block, { type: "quote" }>;
const texts = (blocks: readonly Block[]) =>
  blocks.map((block) =>
    block.type === "paragraph" ? block.inlines.map((inline) => inline.text).join("") : block.type,
  );

describe("quote sources", () => {
  const result = parseDumps([{ file: "rope.txt", bytes: new TextEncoder().encode(dump) }]);
  const posts = result.threads[0]!.posts;

  it("reads the five posts", () => {
    expect(result.failures).toEqual([]);
    expect(posts.map((p) => p.author.name)).toEqual([
      "Alice Hall",
      "Bob Turner",
      "Carol Reed",
      "Dan Moss",
      "Eve Stone",
    ]);
  });

  it("finds a quote of a post's own line with its spaces and tab folded (post 3 quotes post 2)", () => {
    const quote = quoteOf(posts[2]!);
    expect(quote.postNumber).toBe(2);
    expect(texts(quote.blocks)).toEqual(["Bob's own line, with a tab and two spaces."]);
    expect(texts(posts[2]!.body.slice(1))).toEqual(["Carol answers Bob."]);
  });

  it("finds a source whose line has a double space (post 2 quotes post 1)", () => {
    expect(quoteOf(posts[1]!).postNumber).toBe(1);
    expect(texts(posts[1]!.body.slice(1))).toEqual(["Bob's own line,\twith a tab  and two spaces."]);
  });

  it("gives an unnamed quote that two posts hold to the nearer (post 5: post 4, not post 1)", () => {
    const quote = quoteOf(posts[4]!);
    expect(quote.postNumber).toBe(4);
    expect(texts(quote.blocks)).toEqual(["Alice's second paragraph."]);
  });

  it("warns of no quote", () => {
    expect(result.warnings.filter((w) => w.message.includes("matches no earlier post"))).toEqual([]);
  });
});
