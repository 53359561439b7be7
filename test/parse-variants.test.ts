// One describe per fixture in test/fixtures (see its README.md). Expectations were written
// from the fixtures' text, not from the parser's output.
import { describe, expect, it } from "vitest";
import type { Thread } from "../src/model.ts";
import {
  allInlines,
  onlyThread,
  parseFixtures,
  parseSample,
  postNumbered,
  SAMPLE_FILE,
  sampleBytes,
  shape,
  squash,
  fixtureBytes,
} from "./fixtures/helpers.ts";
import { parseDumps } from "../src/parse/index.ts";

/** A bare `Quote:` names nobody; the parser may leave the author out or take it from the source post. */
const bare = (sourceAuthor: string) => expect.toBeOneOf([null, sourceAuthor]);
/** Offset zero may be written "Z" or "+00:00". */
const utc = (local: string) => expect.toBeOneOf([`${local}Z`, `${local}+00:00`]);

function squashedAuthor(thread: Thread, n: number) {
  const author = postNumbered(thread, n).author;
  return { ...author, location: squash(author.location) };
}

describe("en-legacy.txt: English legacy layout (user title and online status on one line)", () => {
  const result = parseFixtures("en-legacy.txt");
  const thread = onlyThread(result);
  const post = (n: number) => postNumbered(thread, n);

  it("thread fields", () => {
    expect(result.failures).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(thread.title).toBe("Damper setting for 2k tests");
    expect(thread.site).toBe("Concept2 Rowing Forum");
    expect(thread.breadcrumbs).toEqual(["Concept2 Rowing Forum", "Training", "Indoor Rowing"]);
    expect(thread.forum).toEqual({ name: "Indoor Rowing", description: "Ergs, technique & training plans" });
    expect(thread.timezone).toEqual({ label: "GMT -6", offsetMinutes: -360 });
    expect(thread.footer).toEqual(["Concept2 is a registered trademark of Concept2, Inc."]);
    expect(thread.posts.map((p) => p.number)).toEqual([1, 2, 3, 4, 5]);
    expect(thread.posts.map((p) => p.source.line)).toEqual([11, 27, 49, 68, 87]);
    expect(thread.url).toMatch(/^\/concept2-rowing-forum\/indoor-rowing\/damper-setting-for-2k-tests-[0-9a-f]{8}\/$/);
  });

  it("authors: multi-word user titles split from the name, online and offline, optional location", () => {
    expect(squashedAuthor(thread, 1)).toMatchObject({
      name: "Dave Lindgren",
      title: "Senior Member",
      online: true,
      hasAvatar: true,
      joinDate: "2006-06",
      location: "Duluth MN",
      postCount: 1482,
    });
    expect(squashedAuthor(thread, 2)).toMatchObject({
      name: "Marta Ruiz",
      title: "Member",
      online: false,
      hasAvatar: false,
      joinDate: "2010-11",
      postCount: 87,
    });
    expect(post(2).author.location).toBeUndefined();
    expect(squashedAuthor(thread, 3)).toMatchObject({ name: "Dave Lindgren", postCount: 1483 });
    expect(squashedAuthor(thread, 4)).toMatchObject({
      name: "Tom O'Brien",
      title: "Junior Member",
      online: false,
      hasAvatar: false,
      joinDate: "2011-02",
      location: "Cork Ireland",
      postCount: 3,
    });
  });

  it("dates in 12-hour clock with the GMT -6 offset", () => {
    expect(thread.posts.map((p) => p.postedAt)).toEqual([
      "2011-03-14T19:05:00-06:00",
      "2011-03-14T20:12:00-06:00",
      "2011-03-15T06:40:00-06:00",
      "2011-03-15T21:30:00-06:00",
      "2011-03-16T07:15:00-06:00",
    ]);
  });

  it("#1 body", () => {
    expect(post(1).title).toBe("Damper setting for 2k tests");
    expect(shape(post(1).body)).toEqual([
      "I row 5k three times a week at a 2:05 split, and my lower back is fine. But my knees ache after every session.",
      "Which damper setting do you use for a 2k test? I have been using 10 because it feels strongest.",
    ]);
  });

  it("#2: a whole-line quote and a quote of the trimmed end of a line, both from #1", () => {
    expect(shape(post(2).body)).toEqual([
      {
        quote: "Dave Lindgren",
        post: 1,
        blocks: ["Which damper setting do you use for a 2k test? I have been using 10 because it feels strongest."],
      },
      "Ten is too heavy for most people. Check your drag factor on the monitor instead.\nMost lightweights end up between 115 and 125.",
      { quote: "Dave Lindgren", post: 1, blocks: ["my knees ache after every session."] },
      "That sounds like you are opening the knees too early at the catch.",
    ]);
    expect(shape(post(2).signature)).toEqual(["2k: 7:31.4 | 5k: 19:48.0"]);
  });

  it("#3: quote of a trimmed part of #2's line; edit note without reason", () => {
    expect(shape(post(3).body)).toEqual([
      { quote: "Marta Ruiz", post: 2, blocks: ["Check your drag factor on the monitor instead."] },
      "Mine reads 142 at damper 10. I will drop it to 5 and see.",
    ]);
    expect(post(3).signature).toBeUndefined();
    expect(post(3).edited).toMatchObject({ by: "Dave Lindgren", at: "2011-03-15T06:52:00-06:00" });
    expect(post(3).edited?.reason).toBeUndefined();
  });

  it("#4: a full link (not truncated), signature, edit note with reason", () => {
    const url = "http://www.concept2.com/indoor-rowers/training/tips-and-general-info/damper-setting";
    expect(shape(post(4).body)).toEqual([
      `The official guide explains drag factor well:\n${url}`,
      "Short version: damper 3 to 5 for most of us.",
    ]);
    const links = allInlines(post(4).body).filter((inline) => inline.type === "link");
    expect(links).toEqual([expect.objectContaining({ type: "link", href: url, text: url })]);
    expect(links[0]).not.toMatchObject({ truncated: true });
    expect(shape(post(4).signature)).toEqual(["Row hard, row often."]);
    expect(post(4).edited).toMatchObject({
      by: "Tom O'Brien",
      at: "2011-03-15T21:34:00-06:00",
      reason: "fixed the link",
    });
  });

  it("#5: a quote starting mid-line and running on to the next (link) line, ending the post's body", () => {
    const url = "http://www.concept2.com/indoor-rowers/training/tips-and-general-info/damper-setting";
    expect(shape(post(5).body)).toEqual([
      { quote: "Tom O'Brien", post: 4, blocks: [`explains drag factor well:\n${url}`] },
      "Bookmarked, thanks Tom.",
    ]);
    expect(allInlines(post(5).body).filter((inline) => inline.type === "link")).toEqual([
      expect.objectContaining({ href: url, text: url }),
    ]);
    expect(shape(post(5).signature)).toEqual(["2k: 7:31.4 | 5k: 19:48.0"]);
    expect(post(5).author).toMatchObject({ name: "Marta Ruiz", postCount: 88 });
  });

  it("Similar Threads: rows kept, the row with a known starter and forum split exactly", () => {
    expect(thread.similarListed.map((row) => row.row)).toEqual([
      "Damper vs drag factor Dave Lindgren Indoor Rowing 6 01-09-2011 09:14 PM",
      "Knee pain at the catch Sarah Okafor Injuries 3 11-30-2010 05:02 PM",
    ]);
    expect(thread.similarListed[0]).toMatchObject({
      title: "Damper vs drag factor",
      starter: "Dave Lindgren",
      forum: "Indoor Rowing",
      replies: 6,
      lastPostAt: "2011-01-09T21:14:00-06:00",
      split: "known",
    });
    expect(thread.similarListed[1]).toMatchObject({ replies: 3, lastPostAt: "2010-11-30T17:02:00-06:00" });
  });
});

describe("en-nonlegacy-icons.txt: non-legacy layout, post icons, untitled posts, GMT without offset", () => {
  const result = parseFixtures("en-nonlegacy-icons.txt");
  const thread = onlyThread(result);
  const post = (n: number) => postNumbered(thread, n);

  it("thread fields", () => {
    expect(result.warnings).toEqual([]);
    expect(thread.title).toBe("Model D or Model E?");
    expect(thread.site).toBe("Rowing World");
    expect(thread.breadcrumbs).toEqual(["Rowing World", "Equipment", "Ergometers"]);
    expect(thread.forum).toEqual({ name: "Ergometers", description: "Buying, servicing and comparing machines" });
    expect(thread.timezone).toEqual({ label: "GMT", offsetMinutes: 0 });
    expect(thread.posts.map((p) => p.number)).toEqual([1, 2, 3, 4]);
  });

  it("user title on its own line, no online status", () => {
    expect(squashedAuthor(thread, 1)).toMatchObject({
      name: "Greg Hollis",
      title: "Senior Member",
      hasAvatar: true,
      joinDate: "2007-02",
      location: "Leeds UK",
      postCount: 2310,
    });
    expect(squashedAuthor(thread, 2)).toMatchObject({
      name: "Ann Becker",
      title: "Member",
      hasAvatar: false,
      joinDate: "2008-08",
      postCount: 45,
    });
    expect(squashedAuthor(thread, 3)).toMatchObject({ name: "Greg Hollis", postCount: 2311 });
    expect(squashedAuthor(thread, 4)).toMatchObject({
      name: "Luis Ortega",
      title: "Junior Member",
      hasAvatar: false,
      joinDate: "2008-10",
      location: "Madrid",
      postCount: 7,
    });
    for (const p of thread.posts) expect(p.author.online).toBeUndefined();
  });

  it("icon alt text is split from the title; 'Default' alone means no title; no icon line at all also works", () => {
    expect([post(1).icon, post(1).title]).toEqual(["Default", "Model D or Model E?"]);
    expect([post(2).icon, post(2).title]).toEqual(["Default", "Re: Model D or Model E?"]);
    expect([post(3).icon, post(3).title]).toEqual(["Default", undefined]);
    expect([post(4).icon, post(4).title]).toEqual([undefined, undefined]);
  });

  it("bodies and signature", () => {
    expect(shape(post(1).body)).toEqual([
      "I'm finally buying my own erg. Is the Model E worth the extra money over the Model D?\nBoth have the PM4 now.",
    ]);
    expect(shape(post(2).body)).toEqual(["The E is taller, which my knees appreciate. Otherwise they row the same."]);
    expect(shape(post(3).body)).toEqual(["Thanks Ann. Taller is good, I have a bad hip."]);
    expect(shape(post(4).body)).toEqual(["Get the D and spend the difference on a good seat pad."]);
    expect(shape(post(4).signature)).toEqual(["Luis"]);
  });

  it("dates at offset zero", () => {
    expect(post(1).postedAt).toEqual(utc("2008-11-02T19:41:00"));
    expect(post(4).postedAt).toEqual(utc("2008-11-03T10:15:00"));
  });

  it("Similar Threads row", () => {
    expect(thread.similarListed).toEqual([
      expect.objectContaining({
        row: "Model D noise Greg Hollis Ergometers 4 10-12-2008 06:30 PM",
        title: "Model D noise",
        starter: "Greg Hollis",
        forum: "Ergometers",
        replies: 4,
        lastPostAt: utc("2008-10-12T18:30:00"),
      }),
    ]);
  });
});

describe("en-vb30-guests.txt: guests, vB 3.0 edit notes, quotes without View Post, attachments, page navigation", () => {
  const result = parseFixtures("en-vb30-guests.txt");
  const thread = onlyThread(result);
  const post = (n: number) => postNumbered(thread, n);

  it("thread fields; page navigation and Powered-by lines are not body", () => {
    expect(result.warnings).toEqual([]);
    expect(thread.title).toBe("Stuck sparge every time");
    expect(thread.breadcrumbs).toEqual(["Home Brew Talk", "Brewing", "All Grain Brewing"]);
    expect(thread.forum).toEqual({ name: "All Grain Brewing", description: "Mash tuns, sparging and recipes" });
    expect(thread.timezone).toEqual({ label: "GMT -8", offsetMinutes: -480 });
    expect(thread.footer).toEqual([
      "Powered by vBulletin Version 3.0.7",
      "Copyright ©2000 - 2007, Jelsoft Enterprises Ltd.",
    ]);
    expect(thread.similarListed).toEqual([]);
    expect(thread.posts.map((p) => p.number)).toEqual([1, 2, 3, 4, 5]);
    expect(JSON.stringify(thread.posts)).not.toContain("Page 1 of 2");
  });

  it("guest posts: 'Guest' title, no post count, no join date", () => {
    for (const n of [2, 5]) {
      const author = post(n).author;
      expect(author).toMatchObject({ title: "Guest", guest: true, hasAvatar: false });
      expect(author.postCount).toBeUndefined();
      expect(author.joinDate).toBeUndefined();
    }
    expect(post(2).author.name).toBe("Brewbert");
    expect(post(5).author.name).toBe("Sparge Pete");
    expect(post(1).author).toMatchObject({
      name: "hopfenfan",
      title: "Junior Member",
      joinDate: "2007-01",
      postCount: 14,
      hasAvatar: false,
    });
    expect(post(1).author.guest ?? false).toBe(false);
    expect(post(4).author).toMatchObject({
      name: "mashmaster",
      title: "Senior Member",
      joinDate: "2005-04",
      location: "Portland, OR",
      postCount: 3004,
    });
  });

  it("#1: attached thumbnails kept apart from the body", () => {
    expect(shape(post(1).body)).toEqual([
      "Third brew day in a row with a stuck sparge. I use a cooler with a braided hose.\nCrush is from the shop, 60% wheat.",
    ]);
    expect(post(1).attachments).toEqual([
      {
        label: "Attached Thumbnails",
        lines: ["Click image for larger version.\tName:\tmash-tun.jpg\tViews:\t152\tSize:\t48.3 KB\tID:\t1234"],
      },
    ]);
  });

  it("#2 and #5: guest bodies; #5 has no title", () => {
    expect(post(2).title).toBe("Re: Stuck sparge every time");
    expect(shape(post(2).body)).toEqual(["60% wheat is your problem. Add a pound of rice hulls."]);
    expect(post(5).title).toBeUndefined();
    expect(shape(post(5).body)).toEqual(["Rice hulls fixed it for me too."]);
    expect(post(2).postedAt).toBe("2007-03-04T21:40:00-08:00");
  });

  it("#3: quote of a guest without View Post; vB 3.0 edit note", () => {
    expect(shape(post(3).body)).toEqual([
      { quote: "Brewbert", post: 2, blocks: ["Add a pound of rice hulls."] },
      "Will do. Where do you buy them?",
    ]);
    expect(post(3).edited).toMatchObject({ by: "hopfenfan", at: "2007-03-04T22:12:00-08:00" });
    expect(post(3).edited?.atText).toMatch(/03-04-2007.*10:12 PM/);
    expect(post(3).edited?.reason).toBeUndefined();
  });

  it("#4: quote of the second line of #1's paragraph, attached files, signature, vB 3.0 edit note", () => {
    expect(shape(post(4).body)).toEqual([
      { quote: "hopfenfan", post: 1, blocks: ["Crush is from the shop, 60% wheat."] },
      "Ask the shop to run the wheat through the mill twice as well.",
      "Here is my sparge log:",
    ]);
    expect(post(4).attachments).toEqual([
      { label: "Attached Files", lines: ["File Type: pdf\tsparge-log.pdf (84.2 KB, 37 views)"] },
    ]);
    expect(shape(post(4).signature)).toEqual(["Brewing since 1994"]);
    expect(post(4).edited).toMatchObject({ by: "mashmaster", at: "2007-03-05T07:45:00-08:00" });
  });
});

describe("en-today-captured.txt: Today / Yesterday resolved against front matter `captured`", () => {
  const result = parseFixtures("en-today-captured.txt");
  const thread = onlyThread(result);
  const post = (n: number) => postNumbered(thread, n);

  it("front matter url and captured land in source", () => {
    expect(result.warnings).toEqual([]);
    expect(thread.source).toMatchObject({
      files: ["en-today-captured.txt"],
      url: "https://forums.example.org/showthread.php?t=48213",
      captured: "2010-03-15",
    });
    expect(thread.title).toBe("Cascadia 5 sizing");
    expect(thread.breadcrumbs).toEqual(["Trail Runners Forum", "Gear", "Shoes"]);
  });

  it("dates: absolute, Yesterday and Today", () => {
    expect(thread.posts.map((p) => [p.number, p.postedAtText, p.postedAt])).toEqual([
      [1, "03-12-2010, 06:20 PM", "2010-03-12T18:20:00-07:00"],
      [2, "Yesterday, 11:40 PM", "2010-03-14T23:40:00-07:00"],
      [3, "Today, 08:05 AM", "2010-03-15T08:05:00-07:00"],
    ]);
  });

  it("post source lines count the front matter", () => {
    expect(thread.posts.map((p) => p.source.line)).toEqual([15, 27, 38]);
  });

  it("authors", () => {
    expect(squashedAuthor(thread, 1)).toMatchObject({
      name: "Nora Quinn",
      location: "Boulder CO",
      postCount: 311,
      online: false,
    });
    expect(post(3).author).toMatchObject({ name: "Nora Quinn", postCount: 312, online: true });
    expect(shape(post(3).body)).toEqual(["Thanks Pete, ordering a 9 then."]);
  });
});

describe("en-today-no-captured.txt: Today / Yesterday without `captured`", () => {
  const result = parseFixtures("en-today-no-captured.txt");
  const thread = onlyThread(result);
  const post = (n: number) => postNumbered(thread, n);

  it("keeps the relative dates as text in postedAtText, and postedAt empty (never page text)", () => {
    expect(post(1).postedAt).toBe("2010-03-10T17:00:00-07:00");
    expect([post(2).postedAtText, post(2).postedAt]).toEqual(["Yesterday, 11:40 PM", ""]);
    expect([post(3).postedAtText, post(3).postedAt]).toEqual(["Today, 08:05 AM", ""]);
  });

  it("warns at each relative date's header line, in the result and in the thread", () => {
    const lines = (warnings: typeof result.warnings) =>
      warnings.filter((w) => w.file === "en-today-no-captured.txt").map((w) => w.line);
    expect(lines(result.warnings)).toEqual(expect.arrayContaining([22, 33]));
    expect(lines(thread.warnings)).toEqual(expect.arrayContaining([22, 33]));
    expect(result.warnings.filter((w) => w.line === 11)).toEqual([]);
  });

  it("the rest is parsed as usual", () => {
    expect(thread.posts.map((p) => p.number)).toEqual([1, 2, 3]);
    expect(shape(post(2).body)).toEqual(["Rechargeable. AAA always die at the worst moment."]);
    expect(thread.forum).toEqual({ name: "Headlamps", description: "Lights for night running" });
  });
});

describe("en-iso-dates.txt: YYYY-MM-DD dates, 24-hour clock, a half-hour zone (GMT +5.5)", () => {
  const result = parseFixtures("en-iso-dates.txt");
  const thread = onlyThread(result);

  it("dates", () => {
    expect(result.warnings).toEqual([]);
    expect(thread.timezone).toEqual({ label: "GMT +5.5", offsetMinutes: 330 });
    expect(thread.posts.map((p) => [p.postedAtText, p.postedAt])).toEqual([
      ["2016-02-01, 02:21", "2016-02-01T02:21:00+05:30"],
      ["2016-02-01, 14:21", "2016-02-01T14:21:00+05:30"],
      ["2016-02-02, 23:59", "2016-02-02T23:59:00+05:30"],
    ]);
  });

  it("authors and bodies", () => {
    expect(thread.title).toBe("Xruns at 64 frames");
    expect(postNumbered(thread, 1).author).toMatchObject({
      name: "xrun_hunter",
      title: "Member",
      online: false,
      joinDate: "2014-03",
      postCount: 208,
    });
    expect(postNumbered(thread, 2).author).toMatchObject({
      name: "Ingrid Falk",
      title: "Moderator",
      location: "Uppsala",
      postCount: 4977,
    });
    expect(shape(postNumbered(thread, 3).body)).toEqual(["3 periods did it. Thanks!"]);
  });

  it("Similar Threads date in the same format", () => {
    expect(thread.similarListed).toEqual([
      expect.objectContaining({
        row: "USB interface latency xrun_hunter JACK 3 2015-11-20 18:05",
        title: "USB interface latency",
        starter: "xrun_hunter",
        forum: "JACK",
        replies: 3,
        lastPostAt: "2015-11-20T18:05:00+05:30",
      }),
    ]);
  });
});

describe("en-24h-link.txt: MM-DD-YYYY with a 24-hour clock, `Link #N` counters, a later page of a long thread", () => {
  const result = parseFixtures("en-24h-link.txt");
  const thread = onlyThread(result);

  it("post numbers come from `Link #N`", () => {
    expect(result.warnings).toEqual([]);
    expect(thread.posts.map((p) => p.number)).toEqual([3021, 3022, 3023]);
  });

  it("dates", () => {
    expect(thread.timezone).toEqual({ label: "GMT +1", offsetMinutes: 60 });
    expect(thread.posts.map((p) => [p.postedAtText, p.postedAt])).toEqual([
      ["02-17-2016, 14:21", "2016-02-17T14:21:00+01:00"],
      ["02-17-2016, 18:05", "2016-02-17T18:05:00+01:00"],
      ["02-18-2016, 07:44", "2016-02-18T07:44:00+01:00"],
    ]);
  });

  it("the thread title comes from the replies' 'Re:' titles when post #1 is not in the dump", () => {
    expect(thread.title).toBe("Post your current setup");
    expect(thread.url).toMatch(/^\/cyclist-hub\/show-your-bike\/post-your-current-setup-[0-9a-f]{8}\/$/);
  });

  it("quote resolves to #3021; the page navigation line is not body", () => {
    expect(shape(postNumbered(thread, 3023).body)).toEqual([
      { quote: "Rafael Costa", post: 3021, blocks: ["Steel frame, 105 groupset, 28 mm tyres."] },
      "Same here, but 32 mm. Steel is real.",
    ]);
    expect(JSON.stringify(thread.posts)).not.toContain("Page 152");
  });
});

describe("de-legacy.txt: German language pack", () => {
  const result = parseFixtures("de-legacy.txt");
  const thread = onlyThread(result);
  const post = (n: number) => postNumbered(thread, n);

  it("thread fields from German chrome", () => {
    expect(result.warnings).toEqual([]);
    expect(thread.title).toBe("Widerstandsstufe am Concept2");
    expect(thread.site).toBe("Rudersport-Forum");
    expect(thread.breadcrumbs).toEqual(["Rudersport-Forum", "Training", "Ergometer"]);
    expect(thread.forum).toEqual({ name: "Ergometer", description: "Concept2, RowPerfect & Co." });
    expect(thread.timezone).toEqual({ label: "WEZ +1", offsetMinutes: 60 });
    expect(thread.footer).toEqual([
      "Powered by vBulletin® Version 3.8.4",
      "Copyright ©2000 - 2009, Jelsoft Enterprises Ltd.",
    ]);
    expect(thread.source.captured).toBe("2009-05-12");
    expect(thread.posts.map((p) => p.number)).toEqual([1, 2, 3, 4]);
  });

  it("dates: DD.MM.YYYY, Gestern, Heute", () => {
    expect(thread.posts.map((p) => [p.postedAtText, p.postedAt])).toEqual([
      ["09.05.2009, 09:27", "2009-05-09T09:27:00+01:00"],
      ["09.05.2009, 09:51", "2009-05-09T09:51:00+01:00"],
      ["Gestern, 23:10", "2009-05-11T23:10:00+01:00"],
      ["Heute, 08:05", "2009-05-12T08:05:00+01:00"],
    ]);
  });

  it("authors: ist offline/online, Benutzerbild, Registriert seit (Mär), Ort, Beiträge with a dot separator", () => {
    expect(post(1).author).toMatchObject({
      name: "Jürgen Weiß",
      title: "Erfahrener Benutzer",
      online: false,
      hasAvatar: true,
      joinDate: "2008-04",
      location: "Köln",
      postCount: 1234,
    });
    expect(post(2).author).toMatchObject({
      name: "Anna Schmidt",
      title: "Benutzer",
      online: false,
      hasAvatar: false,
      joinDate: "2007-03",
      location: "Hamburg",
      postCount: 512,
    });
    expect(post(4).author).toMatchObject({ name: "Anna Schmidt", online: true, postCount: 513 });
  });

  it("titles with AW:", () => {
    expect(post(1).title).toBe("Widerstandsstufe am Concept2");
    expect(post(2).title).toBe("AW: Widerstandsstufe am Concept2");
  });

  it("#1 body", () => {
    expect(shape(post(1).body)).toEqual([
      "Welche Widerstandsstufe nehmt ihr für den 2000-m-Test? Ich rudere immer auf Stufe 10.",
      "Meine Schlagzahl liegt bei 30.",
    ]);
  });

  it("#2: Zitat von … Beitrag anzeigen, signature, Geändert von … Grund", () => {
    expect(shape(post(2).body)).toEqual([
      { quote: "Jürgen Weiß", post: 1, blocks: ["Ich rudere immer auf Stufe 10."] },
      "Stufe 10 ist viel zu schwer. Schau lieber auf den Drag Factor.",
    ]);
    expect(shape(post(2).signature)).toEqual(["Rudern ist Leben."]);
    expect(post(2).edited).toMatchObject({ by: "Anna Schmidt", at: "2009-05-09T10:02:00+01:00", reason: "Tippfehler" });
    expect(post(2).edited?.atText).toMatch(/09\.05\.2009.*10:02/);
  });

  it("#3: bare Zitat: of a trimmed part of #2", () => {
    expect(shape(post(3).body)).toEqual([
      { quote: bare("Anna Schmidt"), post: 2, blocks: ["Schau lieber auf den Drag Factor."] },
      "Der Drag Factor liegt bei Stufe 10 bei 145. Ist das zu viel?",
    ]);
  });

  it("Ähnliche Themen with German dates", () => {
    expect(thread.similarListed.map((row) => row.row)).toEqual([
      "Concept2 Modell D oder E? Lars Petersen Ergometer 5 12.03.2009 18:44",
      "Schlagzahl beim 2000-m-Test Anna Schmidt Ergometer 2 01.02.2009 09:12",
    ]);
    expect(thread.similarListed[0]).toMatchObject({
      forum: "Ergometer",
      replies: 5,
      lastPostAt: "2009-03-12T18:44:00+01:00",
    });
    expect(thread.similarListed[1]).toMatchObject({
      title: "Schlagzahl beim 2000-m-Test",
      starter: "Anna Schmidt",
      forum: "Ergometer",
      replies: 2,
      lastPostAt: "2009-02-01T09:12:00+01:00",
    });
  });

  it("no German chrome in bodies", () => {
    const text = JSON.stringify(thread.posts.map((p) => [p.body, p.signature ?? []]));
    for (const chrome of [
      "Mit Zitat antworten",
      "Zitat von",
      "Beitrag anzeigen",
      "Zitat:",
      "Registriert seit",
      "Geändert von",
      "Benutzerbild",
    ]) {
      expect(text).not.toContain(chrome);
    }
  });
});

describe("two-page-p1.txt + two-page-p2.txt: one thread in two files, post #4 on both", () => {
  const result = parseFixtures("two-page-p1.txt", "two-page-p2.txt");
  const thread = onlyThread(result);

  it("merges into one thread with posts 1–6, #4 once", () => {
    expect(result.failures).toEqual([]);
    expect(thread.posts.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...thread.source.files].sort()).toEqual(["two-page-p1.txt", "two-page-p2.txt"]);
    expect(thread.title).toBe("Studded tyres worth it?");
    expect(shape(postNumbered(thread, 4).body)).toEqual([
      "Swapping wheels sounds like a plan. Which brand do you use?",
    ]);
  });

  it("a quote on page 2 resolves to a post on page 1, without warnings", () => {
    expect(shape(postNumbered(thread, 6).body)).toEqual([
      { quote: "Karl Jensen", post: 2, blocks: ["Run them at low pressure for more grip."] },
      "Ordered a pair. How low is low?",
    ]);
    expect(result.warnings).toEqual([]);
  });

  it("the Similar Threads table shown on both pages is listed once", () => {
    expect(thread.similarListed.map((row) => row.row)).toEqual([
      "Fenders for snow Dana Cole Winter Riding 5 01-03-2012 06:12 PM",
    ]);
    expect(thread.similarListed[0]).toMatchObject({
      title: "Fenders for snow",
      starter: "Dana Cole",
      forum: "Winter Riding",
      replies: 5,
      lastPostAt: "2012-01-03T18:12:00-06:00",
    });
  });

  it("input order does not matter", () => {
    const reversed = onlyThread(parseFixtures("two-page-p2.txt", "two-page-p1.txt"));
    expect(reversed.id).toBe(thread.id);
    expect(reversed.url).toBe(thread.url);
    expect(reversed.posts.map((p) => [p.number, p.postedAt, shape(p.body)])).toEqual(
      thread.posts.map((p) => [p.number, p.postedAt, shape(p.body)]),
    );
  });

  it("adding an unrelated dump changes neither id nor url", () => {
    const withOthers = parseDumps([
      { file: "en-legacy.txt", bytes: fixtureBytes("en-legacy.txt") },
      { file: "two-page-p2.txt", bytes: fixtureBytes("two-page-p2.txt") },
      { file: SAMPLE_FILE, bytes: sampleBytes() },
      { file: "two-page-p1.txt", bytes: fixtureBytes("two-page-p1.txt") },
    ]);
    const same = withOthers.threads.find((t) => t.title === "Studded tyres worth it?");
    expect(withOthers.threads).toHaveLength(3);
    expect(same?.id).toBe(thread.id);
    expect(same?.url).toBe(thread.url);
  });
});

describe("recapture-early.txt + recapture-late.txt: the same page saved twice, #2 edited in between", () => {
  const early = "recapture-early.txt";
  const late = "recapture-late.txt";
  const result = parseFixtures(early, late);
  const thread = onlyThread(result);
  const edited = [
    "Oil, and wipe the chain after every wet ride.\nA thick wet lube such as Finish Line Wet lasts longest in slush.",
  ];

  it("merges into posts 1–3, #2 taken from the later capture (with its edit note)", () => {
    expect(thread.posts.map((p) => p.number)).toEqual([1, 2, 3]);
    expect([...thread.source.files].sort()).toEqual([early, late]);
    expect(shape(postNumbered(thread, 2).body)).toEqual(edited);
    expect(postNumbered(thread, 2).edited).toMatchObject({
      by: "Karl Jensen",
      at: "2012-11-21T09:00:00-06:00",
      reason: "added a brand",
    });
  });

  it("so #3's quote of the edited line resolves to #2", () => {
    expect(shape(postNumbered(thread, 3).body)).toEqual([
      { quote: "Karl Jensen", post: 2, blocks: ["A thick wet lube such as Finish Line Wet lasts longest in slush."] },
      "Bought a bottle, thanks.",
    ]);
  });

  it("whatever the input order", () => {
    const reversed = onlyThread(parseFixtures(late, early));
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(thread));
  });
});

describe("same-title-a.txt + same-title-b.txt: two threads that share a title", () => {
  const result = parseFixtures("same-title-a.txt", "same-title-b.txt");

  it("stay two threads with their own posts, ids and urls", () => {
    expect(result.threads).toHaveLength(2);
    const [first, second] = result.threads;
    expect(first!.title).toBe("Back Spasms");
    expect(second!.title).toBe("Back Spasms");
    expect(first!.id).not.toBe(second!.id);
    expect(first!.url).not.toBe(second!.url);
    const byStarter = new Map(result.threads.map((t) => [t.posts[0]!.author.name, t]));
    expect(byStarter.get("Keith Wiggins")?.posts.map((p) => [p.number, p.author.name])).toEqual([
      [1, "Keith Wiggins"],
      [2, "Steven Low"],
      [3, "Keith Wiggins"],
    ]);
    expect(byStarter.get("Mike Breslin")?.posts.map((p) => [p.number, p.author.name])).toEqual([
      [1, "Mike Breslin"],
      [2, "Jonas Berg"],
      [3, "Dan Patrick"],
    ]);
    expect(byStarter.get("Keith Wiggins")?.source.files).toEqual(["same-title-a.txt"]);
    expect(byStarter.get("Mike Breslin")?.source.files).toEqual(["same-title-b.txt"]);
  });

  it("ids do not depend on input order", () => {
    const ids = (r: typeof result) => r.threads.map((t) => t.id).sort();
    expect(ids(parseFixtures("same-title-b.txt", "same-title-a.txt"))).toEqual(ids(result));
  });

  it("with the sample, its Similar Threads rows point at the archived thread of the right starter", () => {
    const all = parseDumps([
      { file: SAMPLE_FILE, bytes: sampleBytes() },
      { file: "same-title-a.txt", bytes: fixtureBytes("same-title-a.txt") },
      { file: "same-title-b.txt", bytes: fixtureBytes("same-title-b.txt") },
    ]);
    expect(all.threads).toHaveLength(3);
    const sample = all.threads.find((t) => t.title === "Back spasms from running")!;
    const urlOf = (starter: string) =>
      all.threads.find((t) => t.title === "Back Spasms" && t.posts[0]!.author.name === starter)!.url;
    const listed = (starter: string) => sample.similarListed.find((row) => row.starter === starter);
    expect(listed("Keith Wiggins")).toMatchObject({ title: "Back Spasms", archivedUrl: urlOf("Keith Wiggins") });
    expect(listed("Mike Breslin")).toMatchObject({ title: "Back Spasms", archivedUrl: urlOf("Mike Breslin") });
    expect(listed("Jonathan Kessler")?.archivedUrl).toBeUndefined();
  });
});

describe("quote-source-missing.txt: a quote whose source is not in the dump", () => {
  const result = parseFixtures("quote-source-missing.txt");
  const thread = onlyThread(result);

  it("page 3 of 3: posts #21–#23, title from the replies", () => {
    expect(thread.posts.map((p) => p.number)).toEqual([21, 22, 23]);
    expect(thread.title).toBe("Best bar for a home gym");
  });

  it("falls back to the paragraph rule: the quote is the first paragraph, no postNumber", () => {
    expect(shape(postNumbered(thread, 22).body)).toEqual([
      {
        quote: "Cliff Booth",
        post: null,
        blocks: ["Whatever you buy, avoid chrome sleeves on a cheap bar.\nThey rust within a year."],
      },
      "Good to know. I was about to order one with chrome sleeves.",
    ]);
  });

  it("warns once, at the quote's marker lines", () => {
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ file: "quote-source-missing.txt", line: expect.toBeOneOf([31, 32]) });
    expect(thread.warnings).toEqual(result.warnings);
  });

  it("a bare quote of a trimmed part of #21 still resolves", () => {
    expect(shape(postNumbered(thread, 23).body)).toEqual([
      { quote: bare("Rick Dalton"), post: 21, blocks: ["medium knurling and a bit of whip."] },
      "Agreed, whip matters once you clean over 100 kg.",
    ]);
  });
});

describe("front-matter-overrides.txt: title, forum and timezone from front matter win", () => {
  const result = parseFixtures("front-matter-overrides.txt");
  const thread = onlyThread(result);

  it("overrides", () => {
    expect(thread.title).toBe("Rowing: damper vs. drag factor");
    expect(thread.forum.name).toBe("Indoor Rowing");
    expect(thread.timezone).toEqual({ label: "GMT +1", offsetMinutes: 60 });
    expect(thread.source.url).toBe("https://www.rowingworld.example/forum/showthread.php?t=9911");
    expect(thread.url).toMatch(/^\/rowing-world\/indoor-rowing\/rowing-damper-vs-drag-factor-[0-9a-f]{8}\/$/);
  });

  it("dates use the overriding offset; the dump's own post titles stay", () => {
    expect(thread.posts.map((p) => p.postedAt)).toEqual(["2014-01-05T10:00:00+01:00", "2014-01-05T11:30:00+01:00"]);
    expect(thread.posts.map((p) => p.title)).toEqual(["damper vs drag factor", "Re: damper vs drag factor"]);
    expect(thread.posts.map((p) => p.source.line)).toEqual([17, 28]);
  });
});

describe("no-footer.txt: a save cut off after the last post (no footer, no time zone)", () => {
  const result = parseFixtures("no-footer.txt");
  const thread = onlyThread(result);

  it("still a thread; dates without an offset since the zone is unknown", () => {
    expect(result.failures).toEqual([]);
    expect(thread.posts.map((p) => p.number)).toEqual([1, 2]);
    expect(thread.timezone).toBeUndefined();
    expect(thread.similarListed).toEqual([]);
    expect(thread.posts.map((p) => p.postedAt)).toEqual(["2013-08-30T21:05:00", "2013-08-30T22:20:00"]);
    expect(thread.forum).toEqual({ name: "Racks", description: "Power racks, squat stands and pull-up bars" });
    expect(shape(postNumbered(thread, 2).body)).toEqual([
      "Build a platform of two layers of plywood and bolt into that instead.",
    ]);
  });
});

describe("cp1252.txt: Windows-1252 bytes", () => {
  const result = parseFixtures("cp1252.txt");
  const thread = onlyThread(result);
  const quoted = "Des patins “premium” à 15 € la paire – ça vaut le coup… ou pas ?";

  it("decodes accents, €, curly quotes, dashes and ellipses (0x80–0x9F are cp1252, not C1 controls)", () => {
    expect(thread.site).toBe("Forum Vélo Français");
    expect(thread.breadcrumbs).toEqual(["Forum Vélo Français", "Matériel", "Freins"]);
    expect(thread.forum).toEqual({ name: "Freins", description: "Disques, patins & réglages" });
    expect(thread.title).toBe("Patins à 15 € ?");
    expect(squashedAuthor(thread, 1)).toMatchObject({ name: "José Müller", location: "Lyon Rhône", postCount: 1024 });
    expect(shape(postNumbered(thread, 1).body)).toEqual([quoted]);
    expect(shape(postNumbered(thread, 2).body)).toEqual([
      { quote: "José Müller", post: 1, blocks: [quoted] },
      "Oui, surtout sous la pluie. Œuvre d’art, même.",
    ]);
    const json = JSON.stringify(result);
    expect(json).not.toMatch(/[\u0080-\u009f\ufffd]/);
  });

  it("0x85 (…) is not a line break", () => {
    expect(thread.posts.map((p) => p.source.line)).toEqual([11, 23]);
  });
});

describe("crlf.txt: CRLF line ends", () => {
  const result = parseFixtures("crlf.txt");
  const thread = onlyThread(result);

  it("no carriage return survives; line numbers count CRLF as one break", () => {
    expect(JSON.stringify(result)).not.toContain("\\r");
    expect(thread.posts.map((p) => p.source.line)).toEqual([11, 23]);
    expect(thread.timezone).toEqual({ label: "GMT -4", offsetMinutes: -240 });
  });

  it("paragraph lines joined by \\n, quote resolved", () => {
    expect(shape(postNumbered(thread, 1).body)).toEqual([
      "My starter smells like nail polish remover after two days in the fridge.\nIs it dead?",
    ]);
    expect(shape(postNumbered(thread, 2).body)).toEqual([
      { quote: "Priya Nair", post: 1, blocks: ["Is it dead?"] },
      "Not dead, just hungry. Feed it twice a day for a few days.",
    ]);
    expect(postNumbered(thread, 2).author).toMatchObject({
      name: "Tomás Reyes",
      title: "Senior Member",
      location: "Valencia",
      postCount: 2047,
    });
  });
});

describe("bom.txt: UTF-8 with a byte order mark before the front matter", () => {
  const result = parseFixtures("bom.txt");
  const thread = onlyThread(result);

  it("the BOM is not text, the front matter is still read", () => {
    expect(JSON.stringify(result)).not.toContain("\ufeff");
    expect(thread.site).toBe("Sourdough Circle");
    expect(thread.source.url).toBe("https://www.sourdough.example/forum/showthread.php?t=771");
    expect(thread.title).toBe("Rye percentage");
    expect(thread.posts.map((p) => p.source.line)).toEqual([14, 25]);
    expect(shape(postNumbered(thread, 2).body)).toEqual(["Up to 30 % is easy. Beyond that, lower the hydration."]);
  });
});

describe("cr-only.txt: classic Mac line ends (CR only)", () => {
  const result = parseFixtures("cr-only.txt");
  const thread = onlyThread(result);

  it("splits on CR", () => {
    expect(JSON.stringify(result)).not.toContain("\\r");
    expect(thread.posts.map((p) => [p.number, p.source.line])).toEqual([
      [1, 11],
      [2, 22],
    ]);
    expect(thread.title).toBe("Dutch oven preheat");
    expect(shape(postNumbered(thread, 2).body)).toEqual(["Yes, lid on, 45 minutes at 250 °C."]);
    expect(postNumbered(thread, 1).postedAt).toBe("2015-11-11T17:05:00-04:00");
  });
});

describe("sample given as a string instead of bytes", () => {
  it("parses the same", () => {
    const fromBytes = parseSample();
    const fromString = parseDumps([{ file: SAMPLE_FILE, bytes: new TextDecoder().decode(sampleBytes()) }]);
    expect(JSON.stringify(fromString)).toBe(JSON.stringify(fromBytes));
  });
});
