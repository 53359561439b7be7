// Saved HTML pages (hand-written in the shapes of vBulletin 2.3, 3.8, 4.2 and 5.x: see
// test/fixtures/README.md) into threads. Expectations are read from the fixture pages.
import "./helpers/html-reader.ts";
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

const quotes = (post: Post) =>
  post.body
    .filter((block): block is Extract<Block, { type: "quote" }> => block.type === "quote")
    .map((quote) => ({
      author: quote.author ?? null,
      postNumber: quote.postNumber ?? null,
      postId: quote.postId ?? null,
    }));
const summary = (thread: Thread) => thread.posts.map((post) => [post.number, post.author.name, post.postedAt]);

/** vBulletin 2 has no message element: the post row's second cell and the name in the first. */
const VB2_POSTS = [
  "tr:has(> td > a[name^='post']) > td:nth-child(2)",
  "tr:has(> td > a[name^='post']) > td:first-child b",
];

function noTextLost(result: ParseResult, name: string, encoding = "utf8", extraSelectors: string[] = []) {
  const text = iconv.decode(Buffer.from(readFileSync(FIXTURES_DIR + html(name))), encoding);
  expect(lostHtmlWords(text, resultWords(result), extraSelectors)).toEqual([]);
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
    expect(first.author).toEqual({
      name: "Maren Holt",
      title: "Senior Member",
      joinDate: "2006-10",
      location: "Kiel",
      postCount: 2314,
      hasAvatar: true,
      online: false,
    });
    expect(first.title).toBe("Damper setting for 2k tests");
    expect(first.icon).toBe("Default");
    expect(textOf(first.body)).toBe(
      "Our coach wants every test at damper 4 from now on. I have always pulled at 7 and my split drifts badly at the lower setting. Things I have tried so far: longer warm up rating two pips higher drag factor checks, see the drag factor page Here is my last piece: erg-screen.jpg Any thoughts? Confused",
    );
    const [opening, , list, last] = first.body;
    expect(opening).toEqual({
      type: "paragraph",
      inlines: [
        { type: "text", text: "Our coach wants every test at " },
        { type: "text", text: "damper 4", marks: ["bold"] },
        {
          type: "text",
          text: " from now on. I have always pulled at 7 and my split drifts badly at the lower setting.",
        },
      ],
    });
    expect(shape([list!])).toEqual([
      {
        list: "bulleted",
        items: [["longer warm up"], ["rating two pips higher"], ["drag factor checks, see the drag factor page"]],
      },
    ]);
    expect(last).toMatchObject({
      type: "paragraph",
      inlines: [
        { text: "Here is my last piece: " },
        { type: "link", href: "http://rowing.example/pics/erg-screen.jpg", image: true },
        { text: " Any thoughts? Confused" },
      ],
    });
    expect(first.attachments).toEqual([
      {
        label: "Attached Files",
        lines: ["splits-march.txt (1.2 KB, 17 views)"],
        links: [
          { href: "http://rowing.example/forum/attachment.php?attachmentid=88&d=1237059900", text: "splits-march.txt" },
        ],
      },
    ]);
    expect(shape(first.signature)).toEqual(["Sit up tall, legs first."]);
    expect(first.edited).toEqual({
      by: "Maren Holt",
      at: "2009-03-14T20:02:00+01:00",
      atText: "03-14-2009 at 08:02 PM",
      reason: "added the drag factor link",
    });
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
    // A bare quote: no author, no link; its text is #2's own ("Film yourself side on.").
    expect(quotes(postNumbered(thread, 4))).toEqual([{ author: null, postNumber: 2, postId: null }]);
  });

  it("keeps a deleted post as a placeholder and marks a moderated guest post", () => {
    const deleted = postNumbered(thread, 3);
    expect(deleted.body).toEqual([]);
    expect(deleted.deleted).toEqual({
      by: "Tobias Lind",
      reason: "double post",
      text: "This message has been deleted by Tobias Lind. Reason: double post",
    });
    const moderated = postNumbered(thread, 4);
    expect(moderated.moderated).toBe(true);
    expect(moderated.author).toMatchObject({ name: "Quinn from the boathouse", title: "Guest", guest: true });
    expect(moderated.icon).toBeUndefined();
  });

  it("reads the last post whole", () => {
    const last = postNumbered(thread, 5);
    expect(textOf(last.body)).toBe("Update: 6:58.3 at damper 4 this morning, a personal best. Thanks all.");
    expect(last.body[0]).toMatchObject({
      inlines: [
        { text: "Update: " },
        { text: "6:58.3", marks: ["bold", "italic"] },
        { text: " at damper 4 this morning, a personal best.\nThanks all." },
      ],
    });
  });

  it("reads the poll and the Similar Threads table", () => {
    expect(thread.poll).toEqual({
      question: "Which damper do you race at?",
      options: [
        { text: "1 to 3", votes: 4, percent: 20 },
        { text: "4 to 6", votes: 13, percent: 65 },
        { text: "7 or more", votes: 3, percent: 15 },
      ],
      voters: 20,
    });
    expect(thread.similarListed).toEqual([
      {
        title: "Drag factor for lightweights",
        starter: "Ines Carvalho",
        forum: "Ergometer Work",
        replies: 12,
        lastPostAt: "2009-02-27T16:41:00+01:00",
        row: "Drag factor for lightweights Ines Carvalho Ergometer Work 12 02-27-2009 04:41 PM",
        split: "known",
      },
    ]);
  });

  it("loses no text", () => noTextLost(result, "vb38-legacy.html"));
});

describe("vBulletin 4.2 with friendly URLs (vb42-friendly-p1.html + vb42-friendly-p2.html)", () => {
  const result = parseFixtures(html("vb42-friendly-p1.html"), html("vb42-friendly-p2.html"));
  const thread = onlyThread(result);

  it("merges the two pages into one thread, its id from /threads/2041-…", () => {
    expect(thread.title).toBe("Chain wear on winter bikes");
    expect(thread.site).toBe("Northern Fixed Gear");
    expect(thread.breadcrumbs).toEqual(["Northern Fixed Gear", "Workshop", "Drivetrain"]);
    expect(thread.source).toEqual({
      files: [html("vb42-friendly-p1.html"), html("vb42-friendly-p2.html")],
      url: "http://bikes.example/forum/threads/2041-Chain-wear-on-winter-bikes",
      threadId: "2041",
    });
    expect(thread.timezone).toEqual({ label: "GMT", offsetMinutes: 0 });
    expect(result.warnings).toEqual([]);
  });

  it("reads every post's number, author and date", () => {
    expect(summary(thread)).toEqual([
      [1, "Eddie Rowe", "2013-11-02T08:14:00+00:00"],
      [2, "Priya Nair", "2013-11-02T09:41:00+00:00"],
      [3, "Drizzle Dave", "2013-11-03T19:02:00+00:00"],
      [4, "Sofia Marsh", "2013-11-05T12:20:00+00:00"],
      [5, "Priya Nair", "2013-11-06T06:48:00+00:00"],
    ]);
    expect(thread.posts.map((post) => post.id)).toEqual(["52001", "52002", "52003", "52010", "52014"]);
  });

  it("reads the first post: card from dl.userinfo_extra, ordered list, thumbnail attachment, edit note, signature", () => {
    const first = postNumbered(thread, 1);
    expect(first.author).toEqual({
      name: "Eddie Rowe",
      title: "Senior Member",
      joinDate: "2010-05",
      location: "Leeds",
      postCount: 3102,
      hasAvatar: true,
      online: false,
    });
    expect(first.icon).toBe("Default");
    expect(shape(first.body)).toEqual([
      "Three winters on the same commuter and the chain is at 0.75 on the checker already in November.",
      "What I do now:",
      { list: "ordered", items: [["rinse after every wet ride"], ["dry lube, every week"], ["new chain each March"]] },
      "Is wax worth the faff? The guide on chain care says yes.",
    ]);
    expect(first.attachments).toEqual([
      {
        label: "Attached Thumbnails",
        lines: [],
        links: [
          {
            href: "http://bikes.example/forum/attachment.php?attachmentid=4410&d=1383380000",
            text: "Click image for larger version. Name: chain-checker.jpg Views: 52 Size: 41.2 KB ID: 4410",
          },
        ],
      },
    ]);
    expect(first.edited).toEqual({
      by: "Eddie Rowe",
      at: "2013-11-02T08:30:00+00:00",
      atText: "11-02-2013 at 08:30 AM",
      reason: "checker reading",
    });
    expect(first.signature).toEqual([
      {
        type: "paragraph",
        inlines: [
          { type: "text", text: "One gear, " },
          { type: "text", text: "no excuses", marks: ["bold"] },
          { type: "text", text: "." },
        ],
      },
    ]);
  });

  it("reads bbcode quotes (their source across pages) and code boxes", () => {
    expect(shape(postNumbered(thread, 2).body)).toEqual([
      { quote: "Eddie Rowe", post: 1, blocks: ["Is wax worth the faff?"] },
      "Yes, if you have two chains and rotate them. Melt the wax like this:",
      { code: "1. strip with degreaser\n2. 30 min in the slow cooker" },
      "Takes an evening per chain.",
    ]);
    expect(postNumbered(thread, 2).author.online).toBe(true);
    // A bare quote of "rotate them", which #2 wrote.
    expect(quotes(postNumbered(thread, 3))).toEqual([{ author: null, postNumber: 2, postId: null }]);
    expect(postNumbered(thread, 3).author).toEqual({
      name: "Drizzle Dave",
      title: "Guest",
      guest: true,
      hasAvatar: false,
    });
    expect(quotes(postNumbered(thread, 4))).toEqual([{ author: "Priya Nair", postNumber: 2, postId: "52002" }]);
  });

  it("reads the last post whole", () => {
    const last = postNumbered(thread, 5);
    expect(last.body).toEqual([
      {
        type: "paragraph",
        inlines: [
          { type: "text", text: "Block. Pictures of my pot: " },
          {
            type: "link",
            href: "http://bikes.example/gallery/wax-pot.jpg",
            text: "http://bikes.example/gallery/wax-pot.jpg",
          },
        ],
      },
    ]);
  });

  it("reads the Similar Threads list with its columns", () => {
    expect(thread.similarListed).toEqual([
      {
        title: "Waxing chains: worth it?",
        starter: "Priya Nair",
        forum: "Drivetrain",
        replies: 9,
        lastPostAt: "2013-01-19T18:55:00+00:00",
        row: "Waxing chains: worth it? Priya Nair Drivetrain 9 01-19-2013, 06:55 PM",
        split: "known",
      },
    ]);
  });

  it("loses no text", () => {
    noTextLost(result, "vb42-friendly-p1.html");
    noTextLost(result, "vb42-friendly-p2.html");
  });
});

describe("a Wayback Machine capture of page 2 (wayback-vb42-p2.html)", () => {
  const alone = onlyThread(parseFixtures(html("wayback-vb42-p2.html")));

  it("drops the toolbar and scripts and restores the original addresses", () => {
    expect(alone.source.url).toBe("http://bikes.example/forum/threads/2041-Chain-wear-on-winter-bikes/page2");
    expect(alone.source.threadId).toBe("2041");
    expect(alone.source.captured).toBe("2014-01-05");
    expect(summary(alone)).toEqual([
      [4, "Sofia Marsh", "2013-11-05T12:20:00+00:00"],
      [5, "Priya Nair", "2013-11-06T06:48:00+00:00"],
    ]);
    expect(textOf(postNumbered(alone, 4).body)).toBe(
      "Yes, if you have two chains and rotate them. Which wax? The block kind or the drip kind?",
    );
    const json = JSON.stringify(alone);
    expect(json).not.toContain("archive.org");
    expect(json).not.toContain("/web/2014");
    expect(json).not.toMatch(/captures|Wayback/);
    expect(quotes(postNumbered(alone, 4))).toEqual([{ author: "Priya Nair", postNumber: null, postId: "52002" }]);
  });

  it("without its canonical link, takes the original address from the Wayback Machine's own script", () => {
    const page = new TextDecoder().decode(fixtureBytes(html("wayback-vb42-p2.html")));
    const canonical =
      '<link rel="canonical" href="https://web.archive.org/web/20140105093012/http://bikes.example/forum/threads/2041-Chain-wear-on-winter-bikes/page2" />';
    expect(page).toContain(canonical);
    const bare = onlyThread(parseDumps([{ file: "bare.html", bytes: page.replace(canonical, "") }]));
    expect(bare.source.url).toBe("http://bikes.example/forum/threads/2041-Chain-wear-on-winter-bikes/page2");
    expect(bare.source.captured).toBe("2014-01-05");
    expect(bare.source.threadId).toBe("2041");
  });

  it("merges with the live pages; its later capture of post #5 (edited since) is the copy kept", () => {
    const result = parseFixtures(
      html("vb42-friendly-p1.html"),
      html("vb42-friendly-p2.html"),
      html("wayback-vb42-p2.html"),
    );
    const thread = onlyThread(result);
    expect(thread.posts.map((post) => post.number)).toEqual([1, 2, 3, 4, 5]);
    const last = postNumbered(thread, 5);
    expect(last.source.file).toBe(html("wayback-vb42-p2.html"));
    expect(textOf(last.body)).toBe(
      "Block. Pictures of my pot: http://bikes.example/gallery/wax-pot.jpg Update: the drip kind works too, it just takes longer to set.",
    );
    expect(last.body[0]).toMatchObject({
      inlines: [{}, { type: "link", href: "http://bikes.example/gallery/wax-pot.jpg" }],
    });
    expect(last.edited).toEqual({
      by: "Priya Nair",
      at: "2013-11-07T10:00:00+00:00",
      atText: "11-07-2013 at 10:00 AM",
    });
    expect(quotes(postNumbered(thread, 4))).toEqual([{ author: "Priya Nair", postNumber: 2, postId: "52002" }]);
    noTextLost(result, "wayback-vb42-p2.html");
  });
});

describe("vBulletin 5.5 (vb55-nodes.html)", () => {
  const result = parseFixtures(html("vb55-nodes.html"));
  const thread = onlyThread(result);

  it("reads the page chrome: site from og:site_name, thread id from the node URL", () => {
    expect(thread.title).toBe("Cloudy water after filter change");
    expect(thread.site).toBe("Tank Talk");
    expect(thread.breadcrumbs).toEqual(["Tank Talk", "Freshwater", "Water Quality"]);
    expect(thread.forum.name).toBe("Water Quality");
    expect(thread.timezone).toEqual({ label: "GMT+1", offsetMinutes: 60 });
    expect(thread.source.threadId).toBe("88120");
    expect(thread.source.url).toBe(
      "https://tanks.example/forum/freshwater/water-quality/88120-cloudy-water-after-filter-change",
    );
  });

  it("reads every post's number, author and date", () => {
    expect(summary(thread)).toEqual([
      [1, "kelpie", "2019-06-02T14:05:00+01:00"],
      [2, "Old Man Pleco", "2019-06-02T16:22:00+01:00"],
      [3, "cheapfish", "2019-06-02T17:01:00+01:00"],
      [4, "kelpie", "2019-06-05T09:15:00+01:00"],
    ]);
    expect(thread.posts.map((post) => post.id)).toEqual(["88120", "88125", "88127", "88130"]);
  });

  it("reads the first post whole", () => {
    const first = postNumbered(thread, 1);
    expect(first.author).toEqual({
      name: "kelpie",
      title: "Senior Member",
      joinDate: "2016-02",
      postCount: 1207,
      hasAvatar: true,
    });
    expect(shape(first.body)).toEqual([
      "Swapped the sponge in my canister filter on Friday and by Sunday the whole 120 litre tank is milky white.",
      "Readings this morning:",
      { list: "bulleted", items: [["ammonia 0.25"], ["nitrite 0"], ["nitrate 20"]] },
      "Photo: milky-tank.jpg\nShould I do a water change or wait it out?",
    ]);
    expect(first.body[3]).toMatchObject({
      inlines: [
        {},
        { type: "link", image: true, href: "https://tanks.example/filedata/fetch?id=88121&d=1559484311" },
        {},
      ],
    });
    expect(first.edited).toEqual({ by: "kelpie", at: "2019-06-02T14:40:00+01:00", atText: "06-02-2019, 02:40 PM" });
    expect(shape(first.signature)).toEqual(["Two tanks, zero patience."]);
  });

  it("links quotes to their source by ?p= and by /node/ addresses; keeps the deleted post as a placeholder", () => {
    expect(quotes(postNumbered(thread, 2))).toEqual([{ author: "kelpie", postNumber: 1, postId: "88120" }]);
    expect(quotes(postNumbered(thread, 4))).toEqual([{ author: "Old Man Pleco", postNumber: 2, postId: "88125" }]);
    expect(postNumbered(thread, 3).deleted).toEqual({
      by: "Old Man Pleco",
      reason: "advertising",
      text: "This message has been deleted by Old Man Pleco. Reason: advertising",
    });
    expect(postNumbered(thread, 3).body).toEqual([]);
  });

  it("reads the last post whole", () => {
    expect(shape(postNumbered(thread, 4).body)).toEqual([
      { quote: "Old Man Pleco", post: 2, blocks: ["Wait it out."] },
      "Clear again on day four. Thanks!",
    ]);
  });

  it("loses no text", () => noTextLost(result, "vb55-nodes.html"));
});

describe("vBulletin 2.3, best effort (vb23-classic.html)", () => {
  const result = parseFixtures(html("vb23-classic.html"));
  const thread = onlyThread(result);

  it("reads the nav line, the thread id from the reply form and the footer's zone", () => {
    expect(thread.title).toBe("Waxing in the cold");
    expect(thread.breadcrumbs).toEqual(["Powder Hounds Forums", "Gear Talk"]);
    expect(thread.forum.name).toBe("Gear Talk");
    expect(thread.source.threadId).toBe("5121");
    expect(thread.timezone).toEqual({ label: "GMT -8 hours", offsetMinutes: -480 });
  });

  it("numbers posts by their place on the page, with a warning each", () => {
    expect(summary(thread)).toEqual([
      [1, "powderhound", "2002-01-12T19:45:00-08:00"],
      [2, "wax_on_wax_off", "2002-01-12T21:02:00-08:00"],
      [3, "powderhound", "2002-01-13T08:15:00-08:00"],
    ]);
    expect(
      result.warnings
        .filter((warning) => warning.message.includes("has no post counter"))
        .map((warning) => warning.line),
    ).toEqual([47, 71, 96]);
  });

  it("reads the first post: card, body, signature", () => {
    const first = postNumbered(thread, 1);
    expect(first.author).toEqual({
      name: "powderhound",
      title: "Registered User",
      joinDate: "2001-11",
      location: "Tahoe",
      postCount: 212,
      hasAvatar: false,
    });
    expect(first.title).toBe("Waxing in the cold");
    expect(shape(first.body)).toEqual([
      "Below minus ten my usual wax feels like sandpaper. Do I need a cold wax or just a harder scrape?\nBoard is a 2000 model, sintered base.",
    ]);
    expect(shape(first.signature)).toEqual(["first chair or nothing"]);
  });

  it("reads the <hr>-ruled quote and code boxes; the quote's source is found by its text", () => {
    expect(shape(postNumbered(thread, 2).body)).toEqual([
      { quote: "powderhound", post: 1, blocks: ["Do I need a cold wax or just a harder scrape?"] },
      "Cold wax. Iron it in twice and let it sit overnight in the garage.",
      "My routine:",
      { code: "iron 120C\nscrape\nbrush nylon" },
    ]);
  });

  it("reads the last post whole", () => {
    expect(postNumbered(thread, 3).body).toEqual([
      {
        type: "paragraph",
        inlines: [
          { type: "text", text: "Did the garage trick. Glides again, see " },
          { type: "link", href: "http://www.example-wax.example/temps.html", text: "the temperature chart" },
          { type: "text", text: "." },
        ],
      },
    ]);
  });

  it("loses no text", () => noTextLost(result, "vb23-classic.html", "utf8", VB2_POSTS));

  it("numbers page 2's posts on from page 1 (Pages (2): [2], perpage=3 in its links) and merges the pages by thread id", () => {
    const both = parseFixtures(html("vb23-classic.html"), html("vb23-classic-p2.html"));
    const merged = onlyThread(both);
    expect(summary(merged)).toEqual([
      [1, "powderhound", "2002-01-12T19:45:00-08:00"],
      [2, "wax_on_wax_off", "2002-01-12T21:02:00-08:00"],
      [3, "powderhound", "2002-01-13T08:15:00-08:00"],
      [4, "wax_on_wax_off", "2002-01-13T11:30:00-08:00"],
      [5, "Guest_Yeti", "2002-01-14T18:05:00-08:00"],
    ]);
    // "<i>Originally posted by powderhound</i>": the quoted line is #3's.
    expect(shape(postNumbered(merged, 4).body)).toEqual([
      { quote: "powderhound", post: 3, blocks: ["Did the garage trick."] },
      "Told you. Next season try a graphite base cleaner first.",
    ]);
    expect(shape(postNumbered(merged, 5).body)).toEqual(["Minus twenty up here tomorrow. Bring a thermos."]);
    noTextLost(both, "vb23-classic-p2.html", "utf8", VB2_POSTS);
  });
});

describe("an HTTrack mirror of a vBSEO board (httrack-vb38-vbseo.html)", () => {
  const result = parseFixtures(html("httrack-vb38-vbseo.html"));
  const thread = onlyThread(result);

  it("takes the page's address and capture day from HTTrack's note and resolves the mirror's relative links against it", () => {
    expect(thread.source).toEqual({
      files: [html("httrack-vb38-vbseo.html")],
      url: "http://www.kayak.example/sea-kayaking/345-tide-tables-sound.html",
      captured: "2015-06-20",
      threadId: "345",
    });
    expect(thread.breadcrumbs).toEqual(["Salt Spray Paddlers", "Trips and Planning", "Sea Kayaking"]);
    expect(thread.timezone).toEqual({ label: "GMT -8", offsetMinutes: -480 });
    expect(result.warnings).toEqual([]);
  });

  it("reads the non-legacy postbit: every post's number, author, date and card", () => {
    expect(summary(thread)).toEqual([
      [1, "Jon Bay", "2015-06-14T17:20:00-08:00"],
      [2, "Rae Whitcombe", "2015-06-14T20:03:00-08:00"],
    ]);
    expect(postNumbered(thread, 1).author).toEqual({
      name: "Jon Bay",
      title: "Paddler",
      joinDate: "2012-06",
      location: "Port Townsend",
      postCount: 402,
      hasAvatar: true,
      online: false,
    });
    expect(postNumbered(thread, 2).author).toEqual({
      name: "Rae Whitcombe",
      title: "Coach",
      joinDate: "2009-03",
      postCount: 1877,
      hasAvatar: false,
    });
  });

  it("reads the first and last posts, the quote's source from its vBSEO #post link", () => {
    expect(shape(postNumbered(thread, 1).body)).toEqual([
      "Planning a crossing to Marrowstone on the 27th. Slack is at 10:42 by the station page, but the current atlas says 11:15.",
      "Which one do you trust?",
    ]);
    const last = postNumbered(thread, 2);
    expect(quotes(last)).toEqual([{ author: "Jon Bay", postNumber: 1, postId: "6701" }]);
    expect(textOf(last.body)).toBe(
      "Which one do you trust? The atlas. Slack water and the tide turning are not the same thing in a narrow channel; read this thread first.",
    );
    expect(last.body[1]).toMatchObject({
      inlines: [
        {},
        { type: "link", href: "http://www.kayak.example/safety/212-slack-versus-high-water.html", text: "this thread" },
        {},
      ],
    });
  });

  it("loses no text", () => noTextLost(result, "httrack-vb38-vbseo.html"));
});

describe("German vBulletin 3.8 declared ISO-8859-1 (vb38-de-latin1.html)", () => {
  const result = parseFixtures(html("vb38-de-latin1.html"));
  const thread = onlyThread(result);

  it("decodes by the declared charset (ISO-8859-1 read as Windows-1252: 0x80 is €)", () => {
    expect(thread.forum.name).toBe("Gemüse & Kräuter");
    expect(textOf(postNumbered(thread, 1).body)).toBe(
      "Nach dem Gewitter gestern sind fast alle Ochsenherzen aufgeplatzt. Die Früchte waren noch grün. Gießt ihr bei Hitze morgens oder abends? Der Dünger hat übrigens 12,50 € gekostet.",
    );
  });

  it("reads the German language pack: dates, card, edit note, Zitat von, zone, deleted post", () => {
    expect(thread.timezone).toEqual({ label: "WEZ +1", offsetMinutes: 60 });
    expect(summary(thread)).toEqual([
      [1, "Jürgen Weiß", "2010-08-18T07:12:00+01:00"],
      [2, "Gärtnerin Öztürk", "2010-08-18T09:47:00+01:00"],
      [3, "Spamkönig", "2010-08-19T21:05:00+01:00"],
    ]);
    const first = postNumbered(thread, 1);
    expect(first.author).toEqual({
      name: "Jürgen Weiß",
      title: "Erfahrener Benutzer",
      joinDate: "2007-03",
      location: "Würzburg",
      postCount: 1234,
      hasAvatar: false,
      online: false,
    });
    expect(first.edited).toEqual({
      by: "Jürgen Weiß",
      at: "2010-08-18T07:30:00+01:00",
      atText: "18.08.2010 um 07:30 Uhr",
      reason: "Sorte ergänzt",
    });
    expect(shape(postNumbered(thread, 2).body)).toEqual([
      { quote: "Jürgen Weiß", post: 1, blocks: ["Gießt ihr bei Hitze morgens oder abends?"] },
      "Morgens, und immer gleichmäßig. Das Platzen kommt vom Wechsel zwischen trocken und nass.",
    ]);
    expect(postNumbered(thread, 3).deleted).toEqual({
      by: "Gärtnerin Öztürk",
      reason: "Werbung",
      text: "Dieser Beitrag wurde von Gärtnerin Öztürk gelöscht. Grund: Werbung",
    });
  });

  it("loses no text", () => noTextLost(result, "vb38-de-latin1.html", "win1252"));
});

describe("a Windows-1252 page that declares no charset (vb41-cp1252-undeclared.html)", () => {
  const result = parseFixtures(html("vb41-cp1252-undeclared.html"));
  const thread = onlyThread(result);

  it("is decoded by detection; the thread id comes from the post links", () => {
    expect(thread.title).toBe("Café racer seat foam");
    expect(thread.source.threadId).toBe("512");
    expect(summary(thread)).toEqual([
      [1, "Renée Dubois", "2012-04-21T22:00:00"],
      [2, "Björn Eklund", "2012-04-22T08:30:00"],
    ]);
    expect(textOf(postNumbered(thread, 1).body)).toBe(
      "The shop called it “closed cell” foam – is that the same as the stuff in camping mats? Naïve question, I know… It cost me £38 and it already feels flat after a week of riding round the cafés.",
    );
    expect(textOf(postNumbered(thread, 2).body)).toBe(
      "Not quite. Camping mats are closed cell too, but seat foam is much denser – ask for “high density” and don’t settle for less.",
    );
    expect(result.warnings.map((warning) => warning.message)).toEqual([
      "the page does not say its own address (no canonical link, no saving tool's note)",
    ]);
  });

  it("loses no text", () => noTextLost(result, "vb41-cp1252-undeclared.html", "win1252"));
});

describe("a saved page under the archivist's front matter", () => {
  const page = new TextDecoder().decode(fixtureBytes(html("vb38-legacy.html")));
  const frontMatter =
    "---\nurl: http://rowing.example/forum/showthread.php?t=77&page=1\ncaptured: 2009-03-20\ntimezone: GMT -5\nforum: Erg Talk\n---\n";
  const result = parseDumps([{ file: "annotated.html", bytes: frontMatter + page }]);
  const thread = onlyThread(result);

  it("is read as the page, the front matter winning over what the page says", () => {
    expect(thread.source).toEqual({
      files: ["annotated.html"],
      url: "http://rowing.example/forum/showthread.php?t=77&page=1",
      captured: "2009-03-20",
      threadId: "77",
    });
    expect(thread.timezone).toEqual({ label: "GMT -5", offsetMinutes: -300 });
    expect(thread.forum.name).toBe("Erg Talk");
    expect(postNumbered(thread, 1).postedAt).toBe("2009-03-14T19:45:00-05:00");
  });

  it("counts post lines in the file, front matter included", () => {
    const alone = onlyThread(parseFixtures(html("vb38-legacy.html")));
    expect(thread.posts.map((post) => post.source.line)).toEqual(alone.posts.map((post) => post.source.line + 6));
  });
});

describe("vBulletin 4 deleted and moderated posts (a small page written here)", () => {
  const page = `<!DOCTYPE html><html><head><meta name="generator" content="vBulletin 4.2.5" /><title>Spoke tension - Wheel Room</title>
<link rel="canonical" href="http://wheels.example/showthread.php?t=610" /></head><body>
<div id="breadcrumb"><ul><li class="navbit"><a href="forum.php">Wheel Room</a></li><li class="navbit"><a href="forumdisplay.php?f=2">Builds</a></li><li class="navbit lastnavbit"><span>Spoke tension</span></li></ul></div>
<ol id="posts">
<li class="postbitlegacy postbitim postcontainer old" id="post_7001">
  <div class="posthead"><span class="postdate old"><span class="date">02-03-2015,&nbsp;<span class="time">10:00 AM</span></span></span>
  <span class="nodecontrols"><a name="post7001" href="showthread.php?t=610&amp;p=7001#post7001" class="postcounter">#1</a></span></div>
  <div class="postdetails"><div class="userinfo"><div class="username_container"><a class="username offline" href="member.php?u=3"><strong>Truing Stand</strong></a></div></div>
  <div class="postbody"><div class="postrow"><div class="content"><div id="post_message_7001"><blockquote class="postcontent restore">What tension for a 32 hole rim?</blockquote></div></div></div></div></div>
</li>
<li class="postbitdeleted postbitim postcontainer" id="post_7002">
  <div class="posthead"><span class="postdate old"><span class="date">02-03-2015,&nbsp;<span class="time">11:00 AM</span></span></span>
  <span class="nodecontrols"><a name="post7002" href="showthread.php?t=610&amp;p=7002#post7002" class="postcounter">#2</a></span></div>
  <div class="postdetails_noavatar"><div class="userinfo"><span class="username guest">spokebot</span></div>
  <div class="postbody"><div class="postrow"><div class="content">This message has been deleted by Truing Stand. Reason: link spam</div></div></div></div>
</li>
<li class="postbitlegacy postbitim postcontainer old moderated" id="post_7003">
  <div class="posthead"><span class="postdate old"><span class="date">02-04-2015,&nbsp;<span class="time">08:15 PM</span></span></span>
  <span class="nodecontrols"><a name="post7003" href="showthread.php?t=610&amp;p=7003#post7003" class="postcounter">#3</a></span></div>
  <div class="postdetails"><div class="userinfo"><div class="username_container"><a class="username offline" href="member.php?u=9"><strong>Nipple Twister</strong></a></div></div>
  <div class="postbody"><div class="postrow"><div class="content"><div id="post_message_7003"><blockquote class="postcontent restore">About 110 kgf on the drive side.</blockquote></div></div></div></div></div>
</li>
</ol>
<div id="footer_time">All times are GMT -5. The time now is <span class="time">09:00 PM</span>.</div>
</body></html>`;
  const result = parseDumps([{ file: "vb4-deleted.html", bytes: page }]);
  const thread = onlyThread(result);

  it("keeps the deleted post as a placeholder and marks the moderated one", () => {
    expect(summary(thread)).toEqual([
      [1, "Truing Stand", "2015-02-03T10:00:00-05:00"],
      [2, "spokebot", "2015-02-03T11:00:00-05:00"],
      [3, "Nipple Twister", "2015-02-04T20:15:00-05:00"],
    ]);
    expect(postNumbered(thread, 2).deleted).toEqual({
      by: "Truing Stand",
      reason: "link spam",
      text: "This message has been deleted by Truing Stand. Reason: link spam",
    });
    expect(postNumbered(thread, 2).body).toEqual([]);
    expect(postNumbered(thread, 3).moderated).toBe(true);
    expect(postNumbered(thread, 1).moderated).toBeUndefined();
    expect(shape(postNumbered(thread, 3).body)).toEqual(["About 110 kgf on the drive side."]);
    expect(thread.source.threadId).toBe("610");
  });
});

describe("format detection", () => {
  it("reads text dumps and HTML pages in one call, each by its own format", () => {
    const result = parseDumps([
      { file: "seed.txt", bytes: readFileSync(FIXTURES_DIR + "en-legacy.txt") },
      { file: "page.html", bytes: fixtureBytes(html("vb55-nodes.html")) },
    ]);
    expect(result.failures).toEqual([]);
    expect(result.threads.map((thread) => thread.source.files).sort()).toEqual([["page.html"], ["seed.txt"]]);
    expect(result.threads.find((thread) => thread.source.files[0] === "page.html")!.site).toBe("Tank Talk");
  });

  it("an HTML page without vBulletin posts is a failure with its reason, not a crash", () => {
    const result = parseDumps([
      {
        file: "blog.html",
        bytes: "<!DOCTYPE html><html><head><title>Blog</title></head><body><p>Hello</p></body></html>",
      },
    ]);
    expect(result.threads).toEqual([]);
    expect(result.failures).toEqual([
      { file: "blog.html", reason: expect.stringContaining("no vBulletin post found") },
    ]);
  });
});
