// Saved HTML pages (hand-written in the shapes of vBulletin 2.3, 3.8, 4.2 and 5.x: see
// test/fixtures/README.md) into threads. Expectations are read from the fixture pages.
import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import type { Block, Post, Thread } from "../src/model.ts";
import { parseDumps, type ParseResult } from "../src/parse/index.ts";
import { FIXTURES_DIR, fixtureBytes, onlyThread, parseFixtures, postNumbered, shape } from "./fixtures/helpers.ts";
import { lostHtmlWords } from "./fixtures/html-word-check.ts";
import { resultWords } from "./fixtures/word-check.ts";

const html = (name: string) => `html/${name}`;
const squash = (text: string) => text.replace(/\s+/g, " ").trim();

/** Text of blocks (quotes included, so the first and last posts can be checked whole). */
function textOf(blocks: readonly Block[] | undefined): string {
  const parts: string[] = [];
  for (const block of blocks ?? []) {
    if (block.type === "paragraph") parts.push(block.inlines.map((inline) => inline.text).join(""));
    else if (block.type === "quote") parts.push(textOf(block.blocks));
    else if (block.type === "list") parts.push(block.items.map(textOf).join(" "));
    else parts.push(block.text);
  }
  return squash(parts.join(" "));
}

const quotes = (post: Post) => post.body.filter((block): block is Extract<Block, { type: "quote" }> => block.type === "quote").map((quote) => ({ author: quote.author ?? null, postNumber: quote.postNumber ?? null, postId: quote.postId ?? null }));
const summary = (thread: Thread) => thread.posts.map((post) => [post.number, post.author.name, post.postedAt]);

function noTextLost(result: ParseResult, name: string, encoding = "utf8") {
  const text = iconv.decode(Buffer.from(readFileSync(FIXTURES_DIR + html(name))), encoding);
  expect(lostHtmlWords(text, resultWords(result))).toEqual([]);
}

describe("vBulletin 3.8 (vb38-legacy.html)", () => {
  const result = parseFixtures(html("vb38-legacy.html"));
  const thread = onlyThread(result);

  it("reads the page chrome", () => {
    expect(thread.title).toBe("Damper setting for 2k tests");
    expect(thread.site).toBe("Harbour Rowing Forum");
    expect(thread.breadcrumbs).toEqual(["Harbour Rowing Forum", "Training", "Ergometer Work"]);
    expect(thread.forum.name).toBe("Ergometer Work");
    expect(thread.timezone).toEqual({ label: "GMT +1", offsetMinutes: 60 });
    expect(thread.source.threadId).toBe("77");
    expect(thread.source.url).toBe("http://rowing.example/forum/showthread.php?t=77");
  });

  it("reads every post's number, author and date", () => {
    expect(summary(thread)).toEqual([
      [1, "Maren Holt", "2009-03-14T19:45:00+01:00"],
      [2, "Tobias Lind", "2009-03-14T21:10:00+01:00"],
      [3, "Tobias Lind", "2009-03-15T06:30:00+01:00"],
      [4, "Quinn from the boathouse", "2009-03-15T11:05:00+01:00"],
      [5, "Maren Holt", "2009-03-16T22:12:00+01:00"],
    ]);
    expect(thread.posts.map((post) => post.id)).toEqual(["1001", "1002", "1003", "1004", "1005"]);
  });

  it("reads the first post whole: card, formatting, list, image link, attachment, signature, edit note", () => {
    const first = postNumbered(thread, 1);
    expect(first.author).toEqual({ name: "Maren Holt", title: "Senior Member", joinDate: "2006-10", location: "Kiel", postCount: 2314, hasAvatar: true, online: false });
    expect(first.title).toBe("Damper setting for 2k tests");
    expect(first.icon).toBe("Default");
    expect(textOf(first.body)).toBe(
      "Our coach wants every test at damper 4 from now on. I have always pulled at 7 and my split drifts badly at the lower setting. Things I have tried so far: longer warm up rating two pips higher drag factor checks, see the drag factor page Here is my last piece: erg-screen.jpg Any thoughts? Confused",
    );
    const [opening, , list, last] = first.body;
    expect(opening).toEqual({ type: "paragraph", inlines: [
      { type: "text", text: "Our coach wants every test at " },
      { type: "text", text: "damper 4", marks: ["bold"] },
      { type: "text", text: " from now on. I have always pulled at 7 and my split drifts badly at the lower setting." },
    ] });
    expect(shape([list!])).toEqual([{ list: "bulleted", items: [["longer warm up"], ["rating two pips higher"], ["drag factor checks, see the drag factor page"]] }]);
    expect(last).toMatchObject({ type: "paragraph", inlines: [{ text: "Here is my last piece: " }, { type: "link", href: "http://rowing.example/pics/erg-screen.jpg", image: true }, { text: " Any thoughts? Confused" }] });
    expect(first.attachments).toEqual([{ label: "Attached Files", lines: ["splits-march.txt (1.2 KB, 17 views)"], links: [{ href: "http://rowing.example/forum/attachment.php?attachmentid=88&d=1237059900", text: "splits-march.txt" }] }]);
    expect(shape(first.signature)).toEqual(["Sit up tall, legs first."]);
    expect(first.edited).toEqual({ by: "Maren Holt", at: "2009-03-14T20:02:00+01:00", atText: "03-14-2009 at 08:02 PM", reason: "added the drag factor link" });
  });

  it("ends quotes where the markup ends them and links them to their source post", () => {
    const second = postNumbered(thread, 2);
    expect(quotes(second)).toEqual([{ author: "Maren Holt", postNumber: 1, postId: "1001" }]);
    expect(shape(second.body)).toEqual([
      { quote: "Maren Holt", post: 1, blocks: ["my split drifts badly at the lower setting."] },
      "Drift at a low damper usually means the catch is late. Film yourself side on.",
      "Use this to log the drag factor every session:",
      { code: "date      df   split\n14.03.09  118  1:52.4" },
    ]);
    expect(postNumbered(thread, 2).author.online).toBe(true);
    expect(quotes(postNumbered(thread, 4))).toEqual([{ author: null, postNumber: null, postId: null }]);
  });

  it("keeps a deleted post as a placeholder and marks a moderated guest post", () => {
    const deleted = postNumbered(thread, 3);
    expect(deleted.body).toEqual([]);
    expect(deleted.deleted).toEqual({ by: "Tobias Lind", reason: "double post", text: "This message has been deleted by Tobias Lind. Reason: double post" });
    const moderated = postNumbered(thread, 4);
    expect(moderated.moderated).toBe(true);
    expect(moderated.author).toMatchObject({ name: "Quinn from the boathouse", title: "Guest", guest: true });
    expect(moderated.icon).toBeUndefined();
  });

  it("reads the last post whole", () => {
    const last = postNumbered(thread, 5);
    expect(textOf(last.body)).toBe("Update: 6:58.3 at damper 4 this morning, a personal best. Thanks all.");
    expect(last.body[0]).toMatchObject({ inlines: [{ text: "Update: " }, { text: "6:58.3", marks: ["bold", "italic"] }, { text: " at damper 4 this morning, a personal best.\nThanks all." }] });
  });

  it("reads the poll and the Similar Threads table", () => {
    expect(thread.poll).toEqual({
      question: "Which damper do you race at?",
      options: [{ text: "1 to 3", votes: 4, percent: 20 }, { text: "4 to 6", votes: 13, percent: 65 }, { text: "7 or more", votes: 3, percent: 15 }],
      voters: 20,
    });
    expect(thread.similarListed).toEqual([
      { title: "Drag factor for lightweights", starter: "Ines Carvalho", forum: "Ergometer Work", replies: 12, lastPostAt: "2009-02-27T16:41:00+01:00", row: "Drag factor for lightweights Ines Carvalho Ergometer Work 12 02-27-2009 04:41 PM", split: "known" },
    ]);
  });

  it("loses no text", () => noTextLost(result, "vb38-legacy.html"));
});
