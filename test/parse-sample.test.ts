// Golden test of the sample dump (seeds/crossfit-back-spasms-from-running.txt). Every
// expectation was written by reading the dump with `cat -n` / `cat -A`; long body lines are
// referred to by their line number in the dump (L(n)) so each quote's end is pinned to a line.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Post, Thread } from "../src/model.ts";
import type { ParseResult } from "../src/parse/index.ts";
import {
  allInlines,
  onlyThread,
  parseSample,
  postNumbered,
  SAMPLE_FILE,
  SAMPLE_PATH,
  shape,
  squash,
} from "./fixtures/helpers.ts";

const lines = readFileSync(SAMPLE_PATH, "utf8").split("\n");
/** Line n (1-based) of the sample. */
const L = (n: number): string => lines[n - 1]!;
/** Lines a..b joined as one paragraph. */
const P = (a: number, b: number): string => lines.slice(a - 1, b).join("\n");

const SIGNATURE_STEVEN = [
  "Posts are NOT medical, training, nutrition info\nBodyweight Article, Overcoming Gravity Book",
];
/** A bare `Quote:` names nobody; the parser may leave the author out or take it from the source post. */
const bare = (sourceAuthor: string) => expect.toBeOneOf([null, sourceAuthor]);

let result: ParseResult;
let thread: Thread;
let post: (n: number) => Post;

beforeAll(() => {
  result = parseSample();
  thread = onlyThread(result);
  post = (n) => postNumbered(thread, n);
});

describe("sample: thread fields", () => {
  it("parses without failures or warnings", () => {
    expect(result.failures).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(thread.warnings).toEqual([]);
  });

  it("reads the page chrome into site, breadcrumbs, forum and time zone", () => {
    expect(thread.title).toBe("Back spasms from running");
    expect(thread.site).toBe("CrossFit Discussion Board");
    expect(thread.breadcrumbs).toEqual(["CrossFit Discussion Board", "In Sickness and In Health", "Injuries"]);
    expect(thread.forum).toEqual({ name: "Injuries", description: "Chronic & Acute" });
    expect(thread.timezone).toEqual({ label: "GMT -7", offsetMinutes: -420 });
    expect(thread.source.files).toEqual([SAMPLE_FILE]);
    expect(thread.source.url).toBeUndefined();
  });

  it("keeps the trademark line after the footer's time line", () => {
    expect(thread.footer).toEqual(["CrossFit is a registered trademark of CrossFit Inc."]);
  });

  it("has a site-relative permalink built from site, forum and title slugs", () => {
    expect(thread.url).toMatch(/^\/crossfit-discussion-board\/injuries\/back-spasms-from-running-[0-9a-f]{8}\/$/);
    expect(thread.id).toMatch(/\S/);
  });

  it("has posts #1 to #10 in order, each starting at its header line", () => {
    expect(thread.posts.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(thread.posts.map((p) => p.source)).toEqual(
      [11, 36, 57, 80, 112, 135, 157, 173, 189, 228].map((line) => ({ file: SAMPLE_FILE, line })),
    );
  });

  it("is deterministic", () => {
    expect(JSON.stringify(parseSample())).toBe(JSON.stringify(result));
  });
});

describe("sample: post headers and authors", () => {
  const dates: [number, string, string][] = [
    [1, "05-09-2009, 09:27 AM", "2009-05-09T09:27:00-07:00"],
    [2, "05-09-2009, 09:57 AM", "2009-05-09T09:57:00-07:00"],
    [3, "05-09-2009, 11:31 AM", "2009-05-09T11:31:00-07:00"],
    [4, "05-09-2009, 11:54 AM", "2009-05-09T11:54:00-07:00"],
    [5, "05-09-2009, 12:02 PM", "2009-05-09T12:02:00-07:00"],
    [6, "05-09-2009, 12:10 PM", "2009-05-09T12:10:00-07:00"],
    [7, "05-11-2009, 11:00 PM", "2009-05-11T23:00:00-07:00"],
    [8, "12-20-2009, 06:55 AM", "2009-12-20T06:55:00-07:00"],
    [9, "12-20-2009, 07:24 AM", "2009-12-20T07:24:00-07:00"],
    [10, "12-20-2009, 08:30 AM", "2009-12-20T08:30:00-07:00"],
  ];
  it.each(dates)("#%i was posted %s → %s", (n, text, iso) => {
    expect(post(n).postedAtText).toBe(text);
    expect(post(n).postedAt).toBe(iso);
  });

  const kieran = {
    name: "Kieran Barry",
    title: "Member",
    online: false,
    hasAvatar: false,
    joinDate: "2008-04",
    location: "London England",
    postCount: 52,
  };
  const steven = {
    name: "Steven Low",
    title: "Member",
    online: false,
    hasAvatar: true,
    joinDate: "2005-09",
    location: "silver spring maryland",
    postCount: 12221,
  };
  const authors: [number, typeof kieran][] = [
    [1, kieran],
    [2, steven],
    [3, kieran],
    [4, steven],
    [5, kieran],
    [6, steven],
    [
      7,
      {
        name: "Katherine Derbyshire",
        title: "Member",
        online: false,
        hasAvatar: false,
        joinDate: "2009-01",
        location: "Seattle WA",
        postCount: 7596,
      },
    ],
    [
      8,
      {
        name: "Jeremy Williams",
        title: "Member",
        online: false,
        hasAvatar: true,
        joinDate: "2008-03",
        location: "Wilbraham MA",
        postCount: 67,
      },
    ],
    [
      9,
      {
        name: "Brian Strump",
        title: "Affiliate",
        online: false,
        hasAvatar: true,
        joinDate: "2009-09",
        location: "Charlotte NC",
        postCount: 2619,
      },
    ],
    [10, steven],
  ];
  it.each(authors)("#%i author", (n, expected) => {
    const author = post(n).author;
    // The location keeps its words; the dump's "London\u00a0 England" spacing is vBulletin's, not the user's.
    expect({ ...author, location: squash(author.location) }).toMatchObject(expected);
    expect(author.guest ?? false).toBe(false);
  });

  it("titles: #1 the thread's, the rest 'Re: …'; no post icons in this skin", () => {
    expect(post(1).title).toBe("Back spasms from running");
    for (let n = 2; n <= 10; n++) expect(post(n).title).toBe("Re: Back spasms from running");
    for (const p of thread.posts) expect(p.icon).toBeUndefined();
  });
});

describe("sample: bodies, quotes and their ends", () => {
  it("#1: six paragraphs, the Round lines one paragraph joined by newlines", () => {
    expect(shape(post(1).body)).toEqual([L(21), L(23), L(25), P(27, 30), L(32), L(34)]);
    expect(P(27, 30).split("\n")).toHaveLength(4);
    expect(post(1).signature).toBeUndefined();
    expect(post(1).edited).toBeUndefined();
  });

  it("#2: three paragraphs and a signature", () => {
    expect(shape(post(2).body)).toEqual([L(48), L(50), L(52)]);
    expect(shape(post(2).signature)).toEqual(SIGNATURE_STEVEN);
  });

  it("#3: a named quote of #2 ending at line 71, then a bare quote of #2 ending at line 77", () => {
    expect(shape(post(3).body)).toEqual([
      "Thanks for replying Steven. You do sterling work at this forum.",
      { quote: "Steven Low", post: 2, blocks: [L(71)] },
      L(72), // first reply line after the first quote
      { quote: bare("Steven Low"), post: 2, blocks: [L(75), L(77)] },
      L(78), // "M/40/220/6ft …": first reply line after the bare quote
    ]);
    expect(post(3).signature).toBeUndefined();
  });

  it("#4: quote of #3 without #3's own quotes (ends at line 97), bare quote of #3 (line 102), then 'Yes.'", () => {
    expect(shape(post(4).body)).toEqual([
      { quote: "Kieran Barry", post: 3, blocks: [L(94), L(97)] },
      L(98),
      { quote: bare("Kieran Barry"), post: 3, blocks: [L(102)] },
      "Yes.",
      L(105),
      L(107),
    ]);
    expect(shape(post(4).signature)).toEqual(SIGNATURE_STEVEN);
  });

  it("#5: quote of #4 (line 124), bare quote of #4 (lines 128–132), reply line 133", () => {
    expect(shape(post(5).body)).toEqual([
      { quote: "Steven Low", post: 4, blocks: [L(124)] },
      L(125),
      { quote: bare("Steven Low"), post: 4, blocks: ["Yes.", L(130), L(132)] },
      'Is that the "ankle on hip, then lean forward" stretch in the Kelly Starrett videos?',
    ]);
  });

  it("#6: the shortened YouTube link is a truncated link inside its paragraph", () => {
    expect(shape(post(6).body)).toEqual([
      "Samson stretch is a hip flexor stretch.",
      "Other example.. wfs\nhttp://www.youtube.com/watch?v=ybsaH...eature=related",
      L(152),
    ]);
    const links = allInlines(post(6).body).filter((inline) => inline.type === "link");
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      type: "link",
      text: "http://www.youtube.com/watch?v=ybsaH...eature=related",
      truncated: true,
    });
    expect(shape(post(6).signature)).toEqual(SIGNATURE_STEVEN);
  });

  it("#7: the sign-off 'Katherine' is body, there is no signature", () => {
    expect(shape(post(7).body)).toEqual([L(167), L(169), "Katherine"]);
    expect(post(7).signature).toBeUndefined();
  });

  it("#8: one paragraph and a one-line signature", () => {
    expect(shape(post(8).body)).toEqual([L(185)]);
    expect(shape(post(8).signature)).toEqual([
      "The World Breaks Everyone, Sometimes People are stronger at the Broken Places.",
    ]);
  });

  it("#9: the whole of #1 quoted (lines 203–216), reply from line 218; signature; edit note", () => {
    expect(shape(post(9).body)).toEqual([
      { quote: "Kieran Barry", post: 1, blocks: [L(203), L(205), L(207), P(209, 212), L(214), L(216)] },
      P(218, 219),
      L(221),
    ]);
    expect(shape(post(9).signature)).toEqual(["Brian Strump, D.C., FMS, NKT\nwww.crossfitsteelecreek.com/"]);
    expect(post(9).edited).toMatchObject({
      by: "Brian Strump",
      at: "2009-12-20T07:25:00-07:00",
      reason: "added last sentence",
    });
    expect(post(9).edited?.atText).toMatch(/12-20-2009 at 07:25 AM/);
  });

  it("#10: quote of #8 (line 242), the 'Page 3 and 4' line is body, truncated link", () => {
    expect(shape(post(10).body)).toEqual([
      { quote: "Jeremy Williams", post: 8, blocks: [L(242)] },
      "Page 3 and 4 here is a lot of lower body soft tissue work and postural correction that may help:",
      "wfs\nhttp://www.eatmoveimprove.com/2009/1...-dysfunctions/",
    ]);
    const links = allInlines(post(10).body).filter((inline) => inline.type === "link");
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ text: "http://www.eatmoveimprove.com/2009/1...-dysfunctions/", truncated: true });
    expect(shape(post(10).signature)).toEqual(SIGNATURE_STEVEN);
  });

  it("only #9 carries an edit note", () => {
    expect(thread.posts.filter((p) => p.edited).map((p) => p.number)).toEqual([9]);
  });

  it("no chrome leaks into bodies or signatures", () => {
    const text = JSON.stringify(thread.posts.map((p) => [p.body, p.signature ?? []]));
    for (const chrome of [
      "Reply With Quote",
      "Originally Posted by",
      "View Post",
      "Quote:",
      "Join Date",
      "Profile:",
      "__________",
      "Last edited by",
      "Thread Tools",
    ]) {
      expect(text).not.toContain(chrome);
    }
  });
});

describe("sample: Similar Threads table", () => {
  const rows: [number, string, string, number, string][] = [
    [271, "Back Spasms", "Keith Wiggins", 2, "2008-07-20T10:04:00-07:00"],
    [272, "Back inflammation spasms", "Dan Patrick", 1, "2007-07-29T10:26:00-07:00"],
    [273, "Back Spasms", "Mike Breslin", 2, "2007-01-17T10:57:00-07:00"],
    [274, "Lower back spasms when running?", "Allen Yeh", 8, "2005-11-17T04:48:00-07:00"],
    [275, "Back Spasms", "Jonathan Kessler", 4, "2004-12-02T22:17:00-07:00"],
  ];
  it("has the five rows in order", () => {
    expect(thread.similarListed.map((row) => row.row)).toEqual(rows.map(([line]) => L(line)));
  });
  it.each(rows)("row at line %i: %s by %s", (line, title, starter, replies, lastPostAt) => {
    const listed = thread.similarListed.find((row) => row.row === L(line));
    expect(listed).toMatchObject({ title, starter, forum: "Injuries", replies, lastPostAt });
    expect(["known", "guessed"]).toContain(listed?.split);
  });
});
