// The real saved pages of ../shared/corpus/html/ (issue 12), read in place. Every fact below was
// checked by reading the page's HTML: post ids, counters, author names, the times the page shows,
// the first and last words of each post's own text (quotes and signatures left out), quote
// sources, signatures, edit notes, title, forum, site, language.
import "./helpers/html-reader.ts";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Block, Post, Thread } from "../src/model.ts";
import { decodeHtml } from "../src/parse/html/charset.ts";
import { parseHtmlPage } from "../src/parse/html/page.ts";
import { parseDumps, type ParseResult } from "../src/parse/index.ts";

const CORPUS = fileURLToPath(new URL("../../shared/corpus/html/", import.meta.url));
const bytesOf = (name: string) => new Uint8Array(readFileSync(CORPUS + name));
const parsePages = (...names: string[]): ParseResult =>
  parseDumps(names.map((name) => ({ file: name, bytes: bytesOf(name) })));
const languageOf = (name: string) => parseHtmlPage(decodeHtml(bytesOf(name)).text, name).language;

const squash = (text: string) => text.replace(/\s+/g, " ").trim();
function textOf(blocks: readonly Block[], withQuotes: boolean): string {
  const parts: string[] = [];
  for (const block of blocks) {
    if (block.type === "paragraph") parts.push(block.inlines.map((inline) => inline.text).join(""));
    else if (block.type === "quote") {
      if (withQuotes) parts.push(textOf(block.blocks, true));
    } else if (block.type === "list") parts.push(block.items.map((item) => textOf(item, withQuotes)).join(" "));
    else parts.push(block.text);
  }
  return squash(parts.join(" "));
}
/** A post's own text: its body without what it quotes. */
const ownText = (post: Post) => textOf(post.body, false);
const quotesOf = (post: Post) =>
  post.body
    .filter((block): block is Extract<Block, { type: "quote" }> => block.type === "quote")
    .map((quote) => [quote.author ?? null, quote.postId ?? null]);

/** What the page shows of a post. `at`: the local time as the page shows it (minutes). */
interface Fact {
  n: number;
  id: string;
  by: string;
  at: string;
  first?: string;
  last?: string;
  quotes?: [string | null, string | null][];
  sig?: [string, string];
  edited?: [string, string];
  title?: string;
  /** Only the post's number, id, author and time are checked. */
  unchecked?: true;
}

/** Rows of [number, id, author, local time] as a page shows them, for pages of many posts. */
const rows = (list: [number, string, string, string][], details: readonly Fact[] = []): Fact[] =>
  list.map(([n, id, by, at]) => details.find((fact) => fact.n === n) ?? { n, id, by, at, unchecked: true });

function checkPosts(thread: Thread, facts: readonly Fact[]): void {
  expect(thread.posts.map((post) => [post.number, post.id, post.author.name, post.postedAt.slice(0, 16)])).toEqual(
    facts.map((fact) => [fact.n, fact.id, fact.by, fact.at]),
  );
  for (const fact of facts) {
    if (fact.unchecked) continue;
    const post = thread.posts.find((candidate) => candidate.number === fact.n)!;
    const own = ownText(post);
    if (fact.first)
      expect(own.startsWith(fact.first), `#${fact.n} starts "${fact.first}": ${own.slice(0, 120)}`).toBe(true);
    if (fact.last) expect(own.endsWith(fact.last), `#${fact.n} ends "${fact.last}": ${own.slice(-120)}`).toBe(true);
    expect(quotesOf(post), `quotes of #${fact.n}`).toEqual(fact.quotes ?? []);
    if (fact.sig) {
      const signature = textOf(post.signature ?? [], true);
      expect(
        signature.startsWith(fact.sig[0]) && signature.endsWith(fact.sig[1]),
        `signature of #${fact.n}: ${signature}`,
      ).toBe(true);
    } else expect(post.signature ?? [], `#${fact.n} has no signature`).toEqual([]);
    if (fact.edited)
      expect([post.edited?.by, post.edited?.at.slice(0, 16)], `edit note of #${fact.n}`).toEqual(fact.edited);
    else expect(post.edited, `#${fact.n} has no edit note`).toBeUndefined();
    if (fact.title) expect(post.title).toBe(fact.title);
  }
}

/** What no page may leave in a thread: chrome in bodies, page text as a date, invented authors. */
function checkClean(thread: Thread): void {
  for (const post of thread.posts) {
    expect(post.postedAt, `#${post.number}`).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:\d{2})?$/);
    expect(post.author.name).not.toBe("Unknown");
    expect(ownText(post).length + quotesOf(post).length, `#${post.number} has text`).toBeGreaterThan(0);
  }
  const json = JSON.stringify(thread.posts.map((post) => [post.body, post.signature]));
  expect(json).not.toMatch(/Report this post to a moderator|IP: Logged|Reply With Quote|Ã[¤¶¼©Ÿ]|Â/);
  expect(thread.warnings.filter((warning) => /NOT READ PROPERLY|is not a date format/.test(warning.message))).toEqual(
    [],
  );
}

const only = (result: ParseResult): Thread => {
  expect(result.failures).toEqual([]);
  expect(result.threads).toHaveLength(1);
  return result.threads[0]!;
};

describe("skyscraperpage-1.html: vBulletin 3.8.7, English, UTF-8", () => {
  const thread = only(parsePages("skyscraperpage-1.html"));
  const dc: [string, string] = ["Joined the bus on the 33rd seat", "By the doo-doo room with the reek replete"];
  const isaidso: [string, string] = [
    "World's First Documented Baseball Game: Beachville, Ontario, June 4th, 1838.",
    "North America's 2 oldest pro football teams",
  ];

  it("reads the page's place: title, forum, site, thread id, zone, language", () => {
    expect(thread.title).toBe("Why Do Canadian Skylines Overperform Relative To Their Metro Populations?");
    expect(thread.site).toBe("SkyscraperPage Forum");
    expect(thread.breadcrumbs).toEqual(["SkyscraperPage Forum", "Discussion Forums", "City Discussions"]);
    expect(thread.forum.name).toBe("City Discussions");
    expect(thread.source.threadId).toBe("242327");
    expect(thread.timezone).toEqual({ label: "GMT", offsetMinutes: 0 });
    expect(languageOf("skyscraperpage-1.html")).toBe("en");
  });

  it("reads every post: counters, ids, authors, 'Posted Apr 11, 2020, 1:02 PM' dates, text, quotes, signatures, the edit note", () => {
    checkPosts(thread, [
      {
        n: 1,
        id: "8890642",
        by: "Razor",
        at: "2020-04-11T13:02",
        first: "I know I'm probably stating the obvious here",
        last: "in a nutshell.. Thoughts?",
        title: "Why Do Canadian Skylines Overperform Relative To Their Metro Populations?",
      },
      {
        n: 2,
        id: "8890704",
        by: "dc_denizen",
        at: "2020-04-11T15:27",
        first: "I find this a more interesting question outside of Toronto",
        last: "based on economic fundamentals.",
        sig: dc,
      },
      {
        n: 3,
        id: "8890707",
        by: "JManc",
        at: "2020-04-11T15:37",
        quotes: [["dc_denizen", "8890704"]],
        first: "It probably would..because Houston",
        last: "for the past few years.",
      },
      {
        n: 4,
        id: "8890708",
        by: "Maldive",
        at: "2020-04-11T15:38",
        quotes: [["Razor", "8890642"]],
        first: "Well the notion of barren nothingness",
        last: "keeping improving ur mid-rise aesthetic",
      },
      {
        n: 5,
        id: "8890719",
        by: "Crawford",
        at: "2020-04-11T15:50",
        first: "Canadians are much more apt",
        last: "accounts for the difference.",
      },
      {
        n: 6,
        id: "8890820",
        by: "mhays",
        at: "2020-04-11T17:47",
        first: "Mostly it comes down to the demand+economics",
        last: "about to tank due to oil prices.",
        sig: ['"Everyday" as one word means "ordinary."', 'You probably mean "every day."'],
      },
      {
        n: 7,
        id: "8890841",
        by: "isaidso",
        at: "2020-04-11T18:07",
        first: "I don't know whether 'over perform'",
        last: "their metros grow quickly too.",
        sig: isaidso,
      },
      {
        n: 8,
        id: "8890845",
        by: "isaidso",
        at: "2020-04-11T18:12",
        quotes: [["mhays", "8890820"]],
        first: "Calgary started tanking",
        last: "a few years ago.",
        sig: isaidso,
      },
      {
        n: 9,
        id: "8890858",
        by: "dc_denizen",
        at: "2020-04-11T18:34",
        first: "And yet they have 37 cranes",
        last: "(presumably) Highrises",
        sig: dc,
      },
      {
        n: 10,
        id: "8890862",
        by: "The North One",
        at: "2020-04-11T18:39",
        first: "Canada didn't deliberately sabotage",
        last: "as the US did/does.",
        sig: ["Spawn of questionable parentage!", "Spawn of questionable parentage!"],
      },
      {
        n: 11,
        id: "8890867",
        by: "kool maudit",
        at: "2020-04-11T18:42",
        first: "Australia and New Zealand are arguably better still.",
        last: 'a shame really."',
      },
      {
        n: 12,
        id: "8890882",
        by: "Doady",
        at: "2020-04-11T18:59",
        first: "More people using public transit",
        last: "much harder to control.",
      },
      {
        n: 13,
        id: "8890895",
        by: "kool maudit",
        at: "2020-04-11T19:18",
        first: "And Halifax transit sucks.",
        last: "but I guess no.",
      },
      {
        n: 14,
        id: "8890941",
        by: "dc_denizen",
        at: "2020-04-11T20:35",
        first: "Are these two cityscapes all that different?",
        last: "by Nick Chong, on Flickr",
        sig: dc,
      },
      {
        n: 15,
        id: "8890991",
        by: "someone123",
        at: "2020-04-11T22:24",
        quotes: [["kool maudit", "8890895"]],
        first: "Halifax transit is bad but it's quite different from the US.",
        last: "when it comes to infrastructure.",
      },
      {
        n: 16,
        id: "8891010",
        by: "Crawford",
        at: "2020-04-11T23:04",
        first: "Wow, the UK actually has",
        last: "perform as expected.",
      },
      {
        n: 17,
        id: "8891021",
        by: "SIGSEGV",
        at: "2020-04-11T23:27",
        first: "Canada (and other countries)",
        last: "to the same extent",
        sig: ["And here the air that I breathe isn't dead.", "Trump delenda est."],
      },
      {
        n: 18,
        id: "8891046",
        by: "giallo",
        at: "2020-04-12T00:12",
        quotes: [["dc_denizen", "8890704"]],
        first: "Wrong.",
        last: "high rises in and around downtown.",
        edited: ["giallo", "2020-04-12T00:23"],
      },
      {
        n: 19,
        id: "8891053",
        by: "JoeMusashi",
        at: "2020-04-12T00:25",
        first: "Americans generally don't want to live",
        last: "like living in a hotel.",
      },
      {
        n: 20,
        id: "8891088",
        by: "montréaliste",
        at: "2020-04-12T01:13",
        quotes: [["giallo", "8891046"]],
        first: "Yes, but you are answering someone",
        last: "in BC before the nineties.",
      },
    ]);
    expect(thread.posts[0]!.postedAt).toBe("2020-04-11T13:02:00+00:00");
    expect(thread.posts[14]!.author.title).toBe("hähnchenbrüstfiletstüc");
  });

  it("leaves no chrome, page text or mojibake in posts", () => checkClean(thread));
});

describe("msworld-1.html: vBulletin 4.2.2, English, UTF-8 declared ISO-8859-1", () => {
  const result = parsePages("msworld-1.html");
  const thread = only(result);

  it("reads the page's place: the site from the board's RSS feed, not the 'Forum' crumb", () => {
    expect(thread.title).toBe("FDA Approes Generic 20mg AND 40MG");
    expect(thread.site).toBe("MSWorld Forums");
    expect(thread.breadcrumbs).toEqual([
      "MSWorld Forums",
      "MSWorld Message Boards",
      "Medications & Treatments",
      "Glatiramer Acetate (Generic Copaxone)",
    ]);
    expect(thread.forum.name).toBe("Glatiramer Acetate (Generic Copaxone)");
    expect(thread.source.threadId).toBe("143493");
    expect(thread.timezone).toEqual({ label: "GMT -5", offsetMinutes: -300 });
    expect(languageOf("msworld-1.html")).toBe("en");
  });

  it("reads every post, its title, card and signature", () => {
    checkPosts(thread, [
      {
        n: 1,
        id: "1504900",
        by: "its2much",
        at: "2017-10-04T11:00",
        title: "FDA Approes Generic 20mg AND 40MG",
        first: "Just read that the FDA has approved a generic version",
        last: "The insurance companies will insist we change.........",
      },
      {
        n: 2,
        id: "1505375",
        by: "its2much",
        at: "2017-10-31T13:56",
        title: "So I just requested a refill on my Copaxone 40 mg",
        first: "with my specialty pharmacy (CVS).",
        last: "Anyone else been asked that question?",
      },
      {
        n: 3,
        id: "1505554",
        by: "alanpgh",
        at: "2017-11-11T20:42",
        first: "Here's the link to the Glatiramer Acetate website",
        last: "Good Luck! Alan",
      },
      {
        n: 4,
        id: "1505588",
        by: "Mamabug",
        at: "2017-11-14T11:14",
        first: "Thanks for the heads-up. I am a Copaxone 40 user.",
        last: "ask for her counsel and advice.",
        sig: ["~ Faith", "I volunteer in my church and community."],
      },
    ]);
    expect(thread.posts[3]!.author).toEqual({
      name: "Mamabug",
      title: "Moderation Team",
      joinDate: "2003-08",
      location: "Kansas",
      postCount: 4206,
      hasAvatar: true,
      online: true,
    });
    expect(thread.posts[0]!.postedAt).toBe("2017-10-04T11:00:00-05:00");
  });

  it("says once that the page's bytes are UTF-8 although it declares ISO-8859-1", () => {
    expect(thread.warnings.filter((warning) => warning.message.includes("declares the charset"))).toEqual([
      {
        file: "msworld-1.html",
        line: 0,
        message: 'the page declares the charset "iso-8859-1" but its bytes are UTF-8; read as UTF-8',
      },
    ]);
  });

  it("leaves no chrome, page text or mojibake in posts", () => checkClean(thread));
});

describe("drwindows-1.html: vBulletin 4.2.5, German, UTF-8 declared ISO-8859-1, saved as XHTML", () => {
  const thread = only(parsePages("drwindows-1.html"));

  it("reads the page's place: the site from the RSS feed (not 'Forum'), the thread id from the vBSEO address", () => {
    expect(thread.title).toBe("Durch Zufall entdeckte Problemlösungen");
    expect(thread.site).toBe("Dr. Windows");
    expect(thread.breadcrumbs).toEqual(["Dr. Windows", "Windows-Foren", "Windows 7 allgemein"]);
    expect(thread.source.threadId).toBe("16340");
    expect(thread.timezone).toEqual({ label: "WEZ +2", offsetMinutes: 120 });
    expect(languageOf("drwindows-1.html")).toBe("de");
  });

  it("reads every post: German dates, 'Zitat von' quotes (an unnamed one too), edit notes with their reasons, a guest", () => {
    checkPosts(thread, [
      {
        n: 1,
        id: "136533",
        by: "MK204",
        at: "2009-11-08T11:49",
        title: "Durch Zufall entdeckte Problemlösungen",
        first: "Serwas, Ich hatte Xp auf der ersten Partition",
        last: "Hat funktioniert gg (Bild 4)",
        edited: ["MK204", "2009-11-08T13:53"],
      },
      {
        n: 2,
        id: "136634",
        by: "John Sinclair",
        at: "2009-11-08T16:07",
        title: "Internet Probleme durch Data Becker Programme",
        first: "Hallo zusammen,",
        last: "mfg John Sinclair",
      },
      {
        n: 3,
        id: "136674",
        by: "Martin",
        at: "2009-11-08T17:41",
        first: "Nicht selber entdeckt und auch nicht durch Zufall",
        last: "Start des Windows 7 Setups dauert 20 Minuten",
      },
      {
        n: 4,
        id: "137356",
        by: "prinblac",
        at: "2009-11-10T17:21",
        quotes: [[null, null]],
        first: "Hallo @John Sinclair Habe mir gerade dieses Wochenende",
        last: "Gruß Lou Augenzwinkern",
      },
      {
        n: 5,
        id: "137364",
        by: "John Sinclair",
        at: "2009-11-10T17:54",
        quotes: [["prinblac", "137356"]],
        first: "Wie gesagt am schlimmsten war es bei dem Game ShotOnline",
        last: "mfg John Sinclair",
        edited: ["John Sinclair", "2009-11-10T18:07"],
      },
      {
        n: 6,
        id: "137857",
        by: "Blokkmonsta",
        at: "2009-11-12T09:27",
        first: "so leute hier von mir eben durch zufall was entdeckt.",
        last: "mfg blokka",
      },
      {
        n: 7,
        id: "143235",
        by: "Firefox95",
        at: "2009-12-03T21:55",
        title: "Es lassen sich keine neuen Verknüpfungen hinzufügen",
        first: "Hatte unter Win 7 lange Zeit das Problem",
        last: "funktioniert es einwandfrei.",
      },
      {
        n: 8,
        id: "143352",
        by: "little tyrolean",
        at: "2009-12-04T15:17",
        first: "Zu obigem Problem (lange schon bekannt",
        last: "keiner glaubt es Breites Grinsen):",
        edited: ["little tyrolean", "2009-12-04T15:28"],
      },
      {
        n: 9,
        id: "146615",
        by: "unawave",
        at: "2009-12-16T21:32",
        quotes: [["Firefox95", "143235"]],
        first: "Richtig - das ist der falsche Weg.",
        last: "durch transparente Icons ersetzt.",
      },
      {
        n: 10,
        id: "146808",
        by: "prinblac",
        at: "2009-12-17T17:52",
        first: "Hallo @All",
        last: "Gruß Lou",
        edited: ["prinblac", "2009-12-25T09:30"],
      },
      {
        n: 11,
        id: "148147",
        by: "paradonym",
        at: "2009-12-23T11:17",
        quotes: [["prinblac", "146808"]],
        first: "So -- dann will ich auch mal meine Lösung",
        last: "und gibts dafür noch ein 64 bit Tool?",
        edited: ["yellow", "2009-12-24T20:30"],
      },
      {
        n: 12,
        id: "148231",
        by: "prinblac",
        at: "2009-12-23T16:22",
        first: "Hallo cheaty",
        last: "Verknüpfungspfeil entfernen",
        edited: ["prinblac", "2009-12-23T16:40"],
      },
      {
        n: 13,
        id: "148357",
        by: "Klabautermann",
        at: "2009-12-24T01:08",
        quotes: [[null, null]],
        first: "@prinblac Guckst Du deine PN.",
        last: "Guckst Du deine PN.",
        edited: ["Klabautermann", "2009-12-24T12:06"],
      },
      {
        n: 14,
        id: "148513",
        by: "paradonym",
        at: "2009-12-24T14:40",
        first: "@prinblac,",
        last: "ne Astreine datei",
        edited: ["yellow", "2009-12-24T20:31"],
      },
      {
        n: 15,
        id: "148598",
        by: "DaTaRebell",
        at: "2009-12-25T07:40",
        first: "zu der 8900 gt & Win 7",
        last: "graka einem xp-user gegeben.",
      },
    ]);
    const reasons = thread.posts.map((post) => post.edited?.reason ?? null);
    expect(reasons).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      "64-Bit Download ergänzt",
      "Beiträge zusammengeführt",
      null,
      "Links gelöscht.",
      "Bitte keine Voll Zitate",
      null,
    ]);
    expect(thread.posts[14]!.author).toMatchObject({ name: "DaTaRebell", title: "Gast", guest: true });
    // "MK204 ist offline" stands in the avatar link's title; three posts show no avatar link, so no status.
    expect(thread.posts.map((post) => post.author.online ?? null)).toEqual([
      false,
      false,
      null,
      false,
      false,
      null,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      null,
    ]);
    // "Ähnliche Themen": "Von NAME im Forum FORUM", the forum as text (no link on this skin).
    expect(thread.similarListed.map((row) => [row.title, row.starter, row.forum, row.replies, row.lastPostAt])).toEqual(
      [
        [
          "Durch Zufall entdeckte Problemlösungen",
          "Roberto",
          "Windows Vista allgemein",
          66,
          "2012-05-03T18:01:00+02:00",
        ],
        ["Spätfolgen durch Trojaner", "Markusx3", "Programme und Tools", 5, "2009-04-23T14:19:00+02:00"],
        ["Problem durch Drahtlosnetzwerktreiber", "Anasef", "Hardware & Treiber", 4, "2009-02-09T15:54:00+02:00"],
        [
          "Stabilitätsproblem durch Readyboost?",
          "manfred.krenn6",
          "Windows Vista allgemein",
          2,
          "2008-03-30T23:58:00+02:00",
        ],
      ],
    );
    expect(thread.posts[0]!.postedAt).toBe("2009-11-08T11:49:00+02:00");
  });

  it("leaves no chrome, page text or mojibake in posts", () => checkClean(thread));
});

describe("worldofplayers-1.html: vBulletin 4.2.2, German, page 1 of 2, many quotes, saved as XHTML", () => {
  const thread = only(parsePages("worldofplayers-1.html"));
  const thoronador: [string, string] = [
    "-Have you got anything without spam in it?-",
    '"After all, the mark of the truly great was not merely having power, but knowing how and when to use it."',
  ];
  const opodeldox: [string, string] = [
    "“And if all others accepted the lie which the Party imposed—if all records told the same tale—then",
    "― George Orwell, 1984",
  ];
  const times = <T>(count: number, value: T): T[] => Array.from({ length: count }, () => value);

  it("reads the page's place", () => {
    expect(thread.title).toBe("Welchen Blog benutzt man in 2020?");
    expect(thread.site).toBe("World of Players");
    expect(thread.breadcrumbs).toEqual(["World of Players", "Allgemeine Foren", "Webdesign und Programmierung"]);
    expect(thread.source.threadId).toBe("1548322");
    expect(thread.timezone).toEqual({ label: "WEZ +2", offsetMinutes: 120 });
    expect(languageOf("worldofplayers-1.html")).toBe("de");
  });

  it("reads every post with its quotes (each with its source post), signatures and edit notes", () => {
    checkPosts(thread, [
      {
        n: 1,
        id: "26274846",
        by: "Lookbehind",
        at: "2019-12-14T21:42",
        title: "Welchen Blog benutzt man in 2020?",
        first: "Hallo zusammen, ich habe selbst absolut keine Erfahrung",
        last: "Ich freue mich auf Empfehlungen. gratuliere",
      },
      {
        n: 2,
        id: "26275694",
        by: "Thoronador",
        at: "2019-12-15T15:02",
        quotes: [["Lookbehind", "26274846"]],
        first: "WordPress dürfte die genannten Anforderungen erfüllen",
        last: "nicht mehr benutzbar war.",
        sig: thoronador,
      },
      {
        n: 3,
        id: "26283526",
        by: "Opodeldox",
        at: "2019-12-23T15:53",
        first: "Für den Fall würde ich auf wordpress.com",
        last: "immer ein Risiko.",
        sig: opodeldox,
      },
      {
        n: 4,
        id: "26284351",
        by: "Lookbehind",
        at: "2019-12-24T12:57",
        quotes: [
          ["Thoronador", "26275694"],
          ["Thoronador", "26275694"],
          ["Opodeldox", "26283526"],
        ],
        first: "Ja, WordPress hat sich wohl echt zum Platzhirsch entwickelt.",
        last: "macht den Kohl nicht fett.",
      },
      {
        n: 5,
        id: "26284411",
        by: "Thoronador",
        at: "2019-12-24T14:27",
        quotes: times(2, ["Lookbehind", "26284351"]),
        first: "Nein. Das ist nur für den rein optischen Aspekt.",
        last: "Das schließt in dem Fall auch PHP mit ein.",
        sig: thoronador,
      },
      {
        n: 6,
        id: "26284569",
        by: "Opodeldox",
        at: "2019-12-24T19:45",
        quotes: [["Lookbehind", "26284351"]],
        first: "Dann registriere dir eine Domain woanders",
        last: "um das man sich nicht kümmern möchte.",
        sig: opodeldox,
      },
      {
        n: 7,
        id: "26284890",
        by: "Lookbehind",
        at: "2019-12-25T14:59",
        quotes: [...times(2, ["Thoronador", "26284411"]), ...times(2, ["Opodeldox", "26284569"])] as [string, string][],
        first: "Das passt irgendwie nicht dazu",
        last: "dann her damit.",
      },
      {
        n: 8,
        id: "26284898",
        by: "Thoronador",
        at: "2019-12-25T15:17",
        quotes: [["Lookbehind", "26284890"]],
        first: "Von der Datenbank habe ich nichts gesagt",
        last: "nicht mehr benutzbar.",
        sig: thoronador,
      },
      {
        n: 9,
        id: "26284901",
        by: "Lookbehind",
        at: "2019-12-25T15:23",
        quotes: [["Thoronador", "26284898"]],
        first: "Ne, hast du nicht.",
        last: "und Templating hinaus.",
      },
      {
        n: 10,
        id: "26286399",
        by: "Feuerstern",
        at: "2019-12-27T14:44",
        first: "Es gibt unterschiedliche Themes",
        last: "Grundanforderungen erfüllt werden.",
      },
      {
        n: 11,
        id: "26288377",
        by: "Opodeldox",
        at: "2019-12-29T16:37",
        quotes: times(3, ["Lookbehind", "26284890"]),
        first: "Wenn dein Dienstleister dich rauswirft",
        last: "Es ist einfach zu benutzen",
        sig: opodeldox,
      },
      {
        n: 12,
        id: "26288431",
        by: "Lookbehind",
        at: "2019-12-29T17:11",
        quotes: times(3, ["Opodeldox", "26288377"]),
        first: "Ich wiederhole meine Frage:",
        last: "eine alternative Blogging-Software.",
      },
      {
        n: 13,
        id: "26288902",
        by: "Opodeldox",
        at: "2019-12-29T23:01",
        quotes: times(2, ["Lookbehind", "26288431"]),
        first: "Was es damit zu tun hat?",
        last: "Das trifft auf alle PHP Applikationen zu.",
        sig: opodeldox,
      },
      {
        n: 14,
        id: "26289555",
        by: "Lookbehind",
        at: "2019-12-30T14:20",
        quotes: times(6, ["Opodeldox", "26288902"]),
        first: "Weil ich es gerne unter meiner Kontrolle haben will",
        last: "ich mach das nicht erst seit gestern.",
      },
      {
        n: 15,
        id: "26293437",
        by: "summit",
        at: "2020-01-04T09:56",
        quotes: [["Lookbehind", "26288431"]],
        first: "Hi Lookbehind, vielleicht könnte Django CMS",
        last: "siehe www.djangopackages.org",
      },
      {
        n: 16,
        id: "26293618",
        by: "Lookbehind",
        at: "2020-01-04T13:45",
        quotes: times(9, ["summit", "26293437"]),
        first: "Hm, ja, ich kenne Django",
        last: "an diese Alternative erinnerst. gratuliere",
      },
      {
        n: 17,
        id: "26293690",
        by: "Opodeldox",
        at: "2020-01-04T14:48",
        quotes: times(5, ["Lookbehind", "26289555"]),
        first: "Du bist von keinem Fremden abhängig.",
        last: "jekyll empfehlen: https://jekyllrb.com",
        sig: opodeldox,
        edited: ["Opodeldox", "2020-01-04T14:51"],
      },
      {
        n: 18,
        id: "26293840",
        by: "summit",
        at: "2020-01-04T16:45",
        quotes: [
          ["Lookbehind", "26293618"],
          [null, null],
        ],
        first: "Ich nicht - aber du würdest dich wundern",
        last: "schnell in den Rückstand.",
        edited: ["summit", "2020-01-04T17:15"],
      },
      {
        n: 19,
        id: "26294139",
        by: "Lookbehind",
        at: "2020-01-04T20:33",
        quotes: [...times(8, ["Opodeldox", "26293690"]), ...times(2, ["summit", "26293840"])] as [string, string][],
        first: "Nur weil ich den DNS-Eintrag kontrolliere",
        last: "wird die Seite auch nie erleben.",
      },
      {
        n: 20,
        id: "26294606",
        by: "summit",
        at: "2020-01-05T10:03",
        first: "Eine andere Möglichkeit wäre noch Drupal",
        last: "Selbst eingesetzt habe ich das aber noch nicht.",
      },
    ]);
    expect(thread.posts[0]!.author.title).toBe("Tieftöner");
  });

  it("leaves no chrome, page text or mojibake in posts", () => checkClean(thread));
});

describe("futura-sciences-1.html: vBulletin 4 era, French, advertisements in post markup", () => {
  const thread = only(parsePages("futura-sciences-1.html"));

  it("reads the page's place and the French pack", () => {
    expect(thread.title).toBe("LaTeX débarque sur FSG : explications et mode d'emploi");
    expect(thread.site).toBe("Forum FS Generation");
    expect(thread.forum.name).toBe("Annonces Officielles");
    expect(thread.source.threadId).toBe("12735");
    expect(thread.timezone).toEqual({ label: "GMT +1", offsetMinutes: 60 });
    expect(languageOf("futura-sciences-1.html")).toBe("fr");
  });

  it("reads every post: '29/07/2004, 19h46' dates, 'Dernière modification par' edit notes, the card; the two advertisements are no posts", () => {
    checkPosts(thread, [
      {
        n: 1,
        id: "96558",
        by: "Futura",
        at: "2004-07-29T19:46",
        title: "LaTeX débarque sur FSG : explications et mode d'emploi",
        first: "Bonjour, L'équipe Futura-sciences est fière de vous annoncer",
        last: "liste complémentaire de nombreux symboles",
        edited: ["mach3", "2019-04-09T09:38"],
      },
      {
        n: 2,
        id: "197864",
        by: "Futura",
        at: "2005-02-04T12:25",
        title: "Re : LaTeX débarque sur FSG : explications et mode d'emploi",
        first: "Pour les fans, le module a été mis à jour aujourd'hui.",
        last: "http://www.forkosh.com/mimetexchangelog.html.",
        edited: ["Futura", "2005-02-09T21:10"],
      },
      {
        n: 3,
        id: "1106404",
        by: "Futura",
        at: "2007-05-11T07:49",
        first: "Pour les fans, vous pourrez, depuis le passage à la V4",
        last: "depuis un certain temps clin d'oeil",
        sig: ["Just do it !", "Just do it !"],
      },
      {
        n: 4,
        id: "5123374",
        by: "LPFR",
        at: "2015-02-13T16:40",
        first: "Bonjour. Je constate que les intégrales sont toujours mauvaises",
        last: "Au revoir.",
      },
      {
        n: 5,
        id: "5429535",
        by: "LPFR",
        at: "2015-12-08T08:08",
        title: "Bug d'affichage de TeX",
        first: "Bonjour. De temps en temps il y a un bug dans TeX",
        last: "et avant la balise [/tex] . Au revoir.",
      },
    ]);
    expect(thread.posts[0]!.edited?.reason).toBe("mise à jour du lien vers symbols.pdf");
    expect(thread.posts[0]!.author).toMatchObject({ joinDate: "2003-01", location: "En transit", postCount: 5913 });
    expect(thread.posts[0]!.postedAt).toBe("2004-07-29T19:46:00+01:00");
    expect(JSON.stringify(thread.posts)).not.toMatch(/Publicité|A voir en vidéo sur Futura/);
    // "Discussions similaires": "Par NAME dans le forum FORUM".
    expect(thread.similarListed.map((row) => [row.title, row.starter, row.forum, row.replies, row.lastPostAt])).toEqual(
      [["mode d'emploi", "almubedoja", "Dépannage", 0, "2007-03-12T15:38:00+01:00"]],
    );
  });

  it("leaves no chrome, page text or mojibake in posts", () => checkClean(thread));
});

describe("steampowered-6.html: vBulletin 2.x, a single page with vBulletin 2 quotes", () => {
  const thread = only(parsePages("steampowered-6.html"));

  it("reads the page's place, its thread id from its links", () => {
    expect(thread.title).toBe("Do your bink videos run like crap in a bucket???");
    expect(thread.site).toBe("Steam Users Forums");
    expect(thread.breadcrumbs).toEqual(["Steam Users Forums", "Steam Discussions", "General"]);
    expect(thread.source.threadId).toBe("10137");
    expect(thread.timezone).toEqual({ label: "GMT", offsetMinutes: 0 });
    expect(languageOf("steampowered-6.html")).toBe("en");
  });

  it("reads every post: no chrome, 'Last edited by X on DATE' as edit notes, 'quote: Originally posted by'", () => {
    checkPosts(thread, [
      {
        n: 1,
        id: "67934",
        by: "thehunter1320",
        at: "2003-08-02T17:40",
        title: "Do your bink videos run like crap in a bucket???",
        first: "Do you want to change that? well now you can!",
        last: "please bump this topic.",
        edited: ["thehunter1320", "2003-08-03T07:23"],
      },
      {
        n: 2,
        id: "67941",
        by: "LoneDeranger",
        at: "2003-08-02T18:05",
        first: "I thought it looked OK at first",
        last: "now it's much better. Thanks.",
      },
      {
        n: 3,
        id: "67951",
        by: "DiSTuRbEdofX",
        at: "2003-08-02T18:33",
        first: "If you have nothing running in the background",
        last: "tried it again, worked fine.",
      },
      { n: 4, id: "67952", by: "crucher", at: "2003-08-02T18:35", first: "it was good.", last: "now its perfect" },
      {
        n: 5,
        id: "67964",
        by: "Mongo Wulf",
        at: "2003-08-02T18:56",
        first: "I did this on the bugbait movie.",
        last: "Guess that's plain hardware limitation.",
      },
      { n: 6, id: "68002", by: "thehunter1320", at: "2003-08-02T20:49", first: "bump", last: "bump" },
      {
        n: 7,
        id: "68015",
        by: "DiSTuRbEdofX",
        at: "2003-08-02T21:22",
        first: "Whats the bump about?",
        last: "http://www.ebgames.com/ebx_assets/p...235059-mock.jpg",
        edited: ["DiSTuRbEdofX", "2003-08-02T21:24"],
      },
      {
        n: 8,
        id: "68017",
        by: "Mongo Wulf",
        at: "2003-08-02T21:24",
        quotes: [["DiSTuRbEdofX", null]],
        first: "People want to see the high quality clips",
        last: "by watching the 600MB video.",
      },
      {
        n: 9,
        id: "68022",
        by: "thehunter1320",
        at: "2003-08-02T21:37",
        first: "plus sum people's bink videos",
        last: "like they're suppossed to",
      },
      {
        n: 10,
        id: "68025",
        by: "bas_fau",
        at: "2003-08-02T21:39",
        title: "Thx u thehunter1320",
        first: "omfg, thx u very much thehunter1320",
        last: "thx u very much",
      },
      { n: 11, id: "68033", by: "thehunter1320", at: "2003-08-02T21:50", first: "ur welcome", last: "ur welcome" },
      {
        n: 12,
        id: "68046",
        by: "supersonic1425",
        at: "2003-08-02T22:09",
        first: "I *hate* that box-design!!",
        last: "http://mysite.freeserve.com/superso...304638764858658",
      },
      {
        n: 13,
        id: "68077",
        by: "LoneDeranger",
        at: "2003-08-02T23:53",
        first: "While are all these sites making up the box art",
        last: "http://hl2hc.halflife.org/pics/hl2_boxes.jpg",
        edited: ["LoneDeranger", "2003-08-02T23:55"],
      },
      {
        n: 14,
        id: "68097",
        by: "Calhoun",
        at: "2003-08-03T00:46",
        first: "I'm getting the Silver (Special Edition) Box",
        last: "(Special Edition) Box",
      },
      {
        n: 15,
        id: "68104",
        by: "Enforcer",
        at: "2003-08-03T01:26",
        quotes: [["supersonic1425", null]],
        first: "Sorry guy but that design is way to blah",
        last: '"Hey what is that...oh cool!".',
      },
    ]);
    // A guest of vBulletin 2: "Guest", "Registered: Not Yet".
    expect(thread.posts[13]!.author).toEqual({ name: "Calhoun", title: "Guest", guest: true, hasAvatar: false });
    expect(thread.warnings.filter((warning) => warning.message.includes("Not Yet"))).toEqual([]);
    // Without post counters, quotes get the number of the quoted post by its text.
    expect((thread.posts[7]!.body[0] as { postNumber?: number }).postNumber).toBe(7);
    expect((thread.posts[14]!.body[0] as { postNumber?: number }).postNumber).toBe(12);
  });

  it("leaves no chrome, page text or mojibake in posts", () => checkClean(thread));
});

describe("steampowered-7.html: vBulletin 2.x, one post whose edit note follows its signature", () => {
  const thread = only(parsePages("steampowered-7.html"));

  it("reads the post, its signature and the edit note after it", () => {
    expect(thread.title).toBe("*FIX* To Input Lag Issues");
    expect(thread.breadcrumbs).toEqual(["Steam Users Forums", "Steam Discussions", "Steam Support / Help"]);
    expect(thread.source.threadId).toBe("102034");
    checkPosts(thread, [
      {
        n: 1,
        id: "741901",
        by: "minus_human",
        at: "2004-07-07T01:02",
        title: "*FIX* To Input Lag Issues",
        first: "Ok, a while ago i read a large thread on people suffering Input lag",
        last: "Simple.",
        sig: ["Touch me so i think im here ... Skin my senses,", "Come squeeze the world an drip it down my throat a-"],
        edited: ["minus_human", "2004-07-07T01:05"],
      },
    ]);
    expect(thread.posts[0]!.author).toMatchObject({ name: "minus_human", title: "Junior Member", joinDate: "2003-03" });
  });

  it("leaves no chrome, page text or mojibake in posts", () => checkClean(thread));
});

describe("steampowered-1.html: vBulletin 2.x saved from the Wayback Machine by a browser", () => {
  const thread = only(parsePages("steampowered-1.html"));

  it("reads the page's place and capture", () => {
    expect(thread.title).toBe("VALVe --- is there a way to allow people to connect to our servers?");
    expect(thread.breadcrumbs).toEqual(["Steam Users Forums", "Counter-Strike Discussions", "Servers"]);
    expect(thread.source.threadId).toBe("150");
    expect(thread.source.captured).toBe("2003-04-15");
  });

  it("reads every post; attachment paragraphs are attachments, not text", () => {
    checkPosts(thread, [
      {
        n: 1,
        id: "418",
        by: "G00B5",
        at: "2003-01-17T05:03",
        title: "VALVe --- is there a way to allow people to connect to our servers?",
        first: "I think we are all havign the problem",
        last: "overall it looks great!",
      },
      {
        n: 2,
        id: "454",
        by: "G00B5",
        at: "2003-01-17T05:46",
        title: "Valve please read -- I have a log file for you.!!!",
        first: "OK attached is a LOG file",
        last: "I want to play against REAL people.",
      },
      {
        n: 3,
        id: "466",
        by: "Dirk",
        at: "2003-01-17T05:59",
        first: "How long did it take you to get hlds up.",
        last: "How long did it take for you. -dp-",
      },
      {
        n: 4,
        id: "469",
        by: "G00B5",
        at: "2003-01-17T06:05",
        first: "I didn't use HLDS",
        last: "(only when the other person is tring to connect)",
      },
      {
        n: 5,
        id: "483",
        by: "Dirk",
        at: "2003-01-17T06:29",
        first: "I tried that and my game froze. D:",
        last: "-dp-",
      },
      {
        n: 6,
        id: "506",
        by: "darkhelmet",
        at: "2003-01-17T07:14",
        first: "I got less freezes while loading games",
        sig: ["www.jonaswills.tk", "www.jonaswills.tk"],
      },
      {
        n: 7,
        id: "876",
        by: "Dingle",
        at: "2003-01-17T16:06",
        first: "I was lucky enough to find a link early on",
        last: "because im sure they will have lots of help now)",
      },
      {
        n: 8,
        id: "883",
        by: "Silent Hunter",
        at: "2003-01-17T16:16",
        first: "The problem is: Bandwith",
        last: "mean while you cant...",
      },
    ]);
    expect(thread.posts[0]!.icon).toBe("Talking");
    expect(thread.posts[0]!.attachments?.[0]?.links).toEqual([
      {
        href: "http://www.steampowered.com:80/forums/attachment.php?s=5bee958dc619aad0b2f75c0ab5be8500&postid=418",
        text: "shield off with deagle.jpg",
      },
    ]);
    expect(thread.posts[1]!.attachments?.[0]?.lines).toEqual([
      "Attachment: l0117000.txt",
      "This has been downloaded 286 time(s).",
    ]);
  });

  it("leaves no chrome, page text or mojibake in posts", () => checkClean(thread));
});

const STEAM_THREAD_78948_PAGE_1: [number, string, string, string][] = [
  [1, "544310", "ocarD", "2004-04-27T00:24"],
  [2, "544329", "|CC|Animal", "2004-04-27T00:30"],
  [3, "544353", "retribution", "2004-04-27T00:40"],
  [4, "544374", "ocarD", "2004-04-27T00:47"],
  [5, "544569", "spb_sqp", "2004-04-27T02:23"],
  [6, "545083", "Cool_Al", "2004-04-27T08:33"],
  [7, "545138", "Chimp", "2004-04-27T10:12"],
  [8, "545217", "blackpen", "2004-04-27T12:21"],
  [9, "545245", "Opo", "2004-04-27T12:48"],
  [10, "545262", "0815*Sir Tom", "2004-04-27T12:59"],
  [11, "545353", "Master_America", "2004-04-27T14:59"],
  [12, "545355", "d4rc0", "2004-04-27T15:01"],
  [13, "545443", "ocarD", "2004-04-27T16:17"],
  [14, "545444", "Gr1mRe4pEr", "2004-04-27T16:17"],
  [15, "545650", "Kenlongjr", "2004-04-27T18:34"],
  [16, "545655", "eXtrilh0", "2004-04-27T18:37"],
  [17, "546312", "Whisper", "2004-04-27T23:07"],
  [18, "546315", "evilcheese", "2004-04-27T23:07"],
  [19, "546319", "badomen", "2004-04-27T23:08"],
  [20, "546396", "Whisper", "2004-04-27T23:38"],
  [21, "546469", "P-Wolf", "2004-04-28T00:13"],
  [22, "546478", "w00ters", "2004-04-28T00:17"],
  [23, "546806", "SmudgePot", "2004-04-28T03:24"],
  [24, "547610", "Sintra", "2004-04-28T15:43"],
  [25, "547926", "vejiita7", "2004-04-28T18:22"],
  [26, "549725", "southbx", "2004-04-29T02:41"],
  [27, "550919", "Terroth", "2004-04-29T04:47"],
  [28, "551383", "Sinner_D", "2004-04-29T05:34"],
  [29, "552708", "vejiita7", "2004-04-29T10:40"],
  [30, "553181", "mimilian", "2004-04-29T13:07"],
  [31, "553299", "PolluX", "2004-04-29T13:30"],
  [32, "553620", "ProphetofGod", "2004-04-29T14:39"],
  [33, "554191", "NicoustiE", "2004-04-29T17:46"],
  [34, "554593", "Skyshroud", "2004-04-29T18:57"],
  [35, "554703", "Sidewind", "2004-04-29T19:16"],
  [36, "554904", "GAME-OVER", "2004-04-29T19:59"],
  [37, "555124", "vixro", "2004-04-29T20:27"],
  [38, "555152", "vejiita7", "2004-04-29T20:31"],
  [39, "555153", "ballzak79", "2004-04-29T20:31"],
  [40, "555393", "greensmith", "2004-04-29T21:04"],
];

const STEAM_THREAD_78948_PAGE_2: [number, string, string, string][] = [
  [41, "556372", "Vladd", "2004-04-29T22:56"],
  [42, "556666", "wishmeluck", "2004-04-29T23:27"],
  [43, "557187", "Khaotiks", "2004-04-30T00:27"],
  [44, "565603", "g0t_bean", "2004-05-01T01:54"],
  [45, "566014", "PrimeArche", "2004-05-01T03:19"],
  [46, "567276", "stingsfish", "2004-05-01T09:53"],
  [47, "568524", "Amein", "2004-05-01T18:46"],
  [48, "569157", "DiZzyBonne", "2004-05-01T21:53"],
  [49, "569333", "cTsValkyrie", "2004-05-01T22:36"],
  [50, "569981", "chair_jacker", "2004-05-02T01:49"],
  [51, "571398", "watchinthewheel", "2004-05-02T12:09"],
  [52, "571809", "Lanly", "2004-05-02T16:10"],
  [53, "573589", "Achenar459", "2004-05-02T23:10"],
  [54, "574855", "lsc_vision", "2004-05-03T05:06"],
  [55, "575162", "BMFSaint", "2004-05-03T08:07"],
  [56, "575901", "Doctor Sayus", "2004-05-03T15:54"],
  [57, "576530", "SaiKano", "2004-05-03T20:09"],
  [58, "576848", "Aristotle", "2004-05-03T21:34"],
  [59, "580840", "NicoustiE", "2004-05-04T20:44"],
  [60, "582126", "DiZzyBonne", "2004-05-05T01:33"],
  [61, "583803", "Doctor Sayus", "2004-05-05T16:19"],
  [62, "584347", "Mikey415", "2004-05-05T20:27"],
  [63, "585308", "HLO-Crimson", "2004-05-06T01:07"],
  [64, "585674", "Deksesuma", "2004-05-06T03:53"],
  [65, "590194", "ripieces", "2004-05-07T16:38"],
  [66, "590236", "Whisper", "2004-05-07T16:56"],
  [67, "590299", "ripieces", "2004-05-07T17:28"],
  [68, "590773", "Energie", "2004-05-07T20:19"],
  [69, "591673", "Guoguodi", "2004-05-08T03:22"],
  [70, "592145", "ripieces", "2004-05-08T08:29"],
  [71, "592169", "Whisper", "2004-05-08T08:52"],
  [72, "592178", "dreek", "2004-05-08T09:01"],
  [73, "592271", "ripieces", "2004-05-08T11:05"],
  [74, "592374", "ripieces", "2004-05-08T12:59"],
  [75, "592389", "bob2", "2004-05-08T13:07"],
  [76, "592862", "Othello", "2004-05-08T18:56"],
  [77, "597487", "EricS", "2004-05-10T19:17"],
  [78, "597569", "Doctor Sayus", "2004-05-10T20:07"],
  [79, "597581", "w00ters", "2004-05-10T20:14"],
  [80, "597984", "ocarD", "2004-05-10T23:03"],
];

describe("steampowered-3.html and -4.html: pages 1 and 2 of one vBulletin 2.3 thread, read one at a time", () => {
  const first = only(parsePages("steampowered-3.html"));
  const second = only(parsePages("steampowered-4.html"));

  it("read the same thread id from their links and forms, and the forum each capture shows", () => {
    expect([first.source.threadId, second.source.threadId]).toEqual(["78948", "78948"]);
    expect(first.title).toBe("Backward facing players");
    expect(second.title).toBe("Backward facing players");
    expect(first.breadcrumbs).toEqual(["Steam Users Forums", "Steam Discussions", "Community Help and Tips"]);
    expect(second.breadcrumbs).toEqual(["Steam Users Forums", "Steam Discussions", "Steam Support / Help"]);
  });

  it("page 1: posts #1 to #40, edit notes out of the bodies", () => {
    checkPosts(
      first,
      rows(STEAM_THREAD_78948_PAGE_1, [
        {
          n: 1,
          id: "544310",
          by: "ocarD",
          at: "2004-04-27T00:24",
          title: "Backward facing players",
          first: "Whos seen this bug in CS/CZ",
          last: "Any other info you can provide?",
        },
        {
          n: 3,
          id: "544353",
          by: "retribution",
          at: "2004-04-27T00:40",
          first: "ocarD, from what I have been able to determine",
          last: "---Working on getting a good demo, will email.",
          edited: ["retribution", "2004-04-27T23:59"],
        },
        {
          n: 14,
          id: "545444",
          by: "Gr1mRe4pEr",
          at: "2004-04-27T16:17",
          first: "1: Quite Often",
          last: "5: CS and CZ",
          edited: ["Gr1mRe4pEr", "2004-04-27T16:21"],
        },
        {
          n: 36,
          id: "554904",
          by: "GAME-OVER",
          at: "2004-04-29T19:59",
          first: "maby its when a player is turning fast",
          last: "when hes not moving forward or something",
          edited: ["GAME-OVER", "2004-04-29T20:05"],
        },
        {
          n: 39,
          id: "555153",
          by: "ballzak79",
          at: "2004-04-29T20:31",
          first: "I noticed it 1st about 2 months ago",
          last: "or even in 1.6 until a while ago.",
          edited: ["ballzak79", "2004-04-29T20:34"],
        },
      ]),
    );
  });

  it("page 2 of 'Pages (6)' with perpage=40: posts #41 to #80, not #1 to #40", () => {
    checkPosts(
      second,
      rows(STEAM_THREAD_78948_PAGE_2, [
        {
          n: 41,
          id: "556372",
          by: "Vladd",
          at: "2004-04-29T22:56",
          title: "Buggy Buggy :)",
          first: "Questions: --------------- 1) how often have you seen it?",
          last: "Could possibly be messing up a certain section of coding.",
        },
        {
          n: 42,
          id: "556666",
          by: "wishmeluck",
          at: "2004-04-29T23:27",
          first: "yeah, i notice it on cs",
          last: "then still shot me.",
        },
        {
          n: 53,
          id: "573589",
          by: "Achenar459",
          at: "2004-05-02T23:10",
          first: "Happens ~2 times per map for the past month+",
          last: "but i guess i could try :/",
          edited: ["Achenar459", "2004-05-02T23:12"],
        },
        {
          n: 80,
          id: "597984",
          by: "ocarD",
          at: "2004-05-10T23:03",
          quotes: [["EricS", null]],
          first: "Great thanks Eric.",
          last: "Great thanks Eric.",
        },
      ]),
    );
    expect(second.posts[1]!.author).toMatchObject({ name: "wishmeluck", title: "Banned", joinDate: "2004-03" });
  });

  it("leave no chrome, page text or mojibake in posts", () => {
    checkClean(first);
    checkClean(second);
  });
});

const SOMETHING_AWFUL_PAGE_1215: [number, string, string, string][] = [
  [48561, "493828335", "VikingofRock", "2019-03-31T14:11"],
  [48562, "493828582", "Absurd Alhazred", "2019-03-31T14:22"],
  [48563, "493831380", "Hammerite", "2019-03-31T16:43"],
  [48564, "493832144", "CPColin", "2019-03-31T17:18"],
  [48565, "493839954", "DONT THREAD ON ME", "2019-03-31T23:13"],
  [48566, "493846017", "Hammerite", "2019-04-01T07:45"],
  [48567, "493846133", "Jazerus", "2019-04-01T08:00"],
  [48568, "493848617", "CPColin", "2019-04-01T11:01"],
  [48569, "493856109", "NihilCredo", "2019-04-01T15:38"],
  [48570, "493986746", "iospace", "2019-04-05T19:09"],
  [48571, "493987269", "dick traceroute", "2019-04-05T19:31"],
  [48572, "493987590", "flatluigi", "2019-04-05T19:45"],
  [48573, "493987759", "iospace", "2019-04-05T19:52"],
  [48574, "493987770", "Dylan16807", "2019-04-05T19:52"],
  [48575, "493988719", "ultrafilter", "2019-04-05T20:29"],
  [48576, "493988837", "Jazerus", "2019-04-05T20:34"],
  [48577, "493989905", "Tad Naff", "2019-04-05T21:11"],
  [48578, "493995545", "Soricidus", "2019-04-06T00:58"],
  [48579, "493995750", "ultrafilter", "2019-04-06T01:11"],
  [48580, "493995942", "Rocko Bonaparte", "2019-04-06T01:24"],
  [48581, "493996121", "iospace", "2019-04-06T01:38"],
  [48582, "493996172", "Dumb Lowtax", "2019-04-06T01:40"],
  [48583, "493999296", "Doom Mathematic", "2019-04-06T08:28"],
  [48584, "494001087", "Soricidus", "2019-04-06T11:35"],
  [48585, "494001135", "xtal", "2019-04-06T11:38"],
  [48586, "494004584", "Fatty Crabcakes", "2019-04-06T14:49"],
  [48587, "494040470", "iospace", "2019-04-07T21:01"],
  [48588, "494042654", "Dumb Lowtax", "2019-04-07T21:53"],
  [48589, "494057624", "repiv", "2019-04-08T11:13"],
  [48590, "494070216", "New Yorp New Yorp", "2019-04-08T18:43"],
  [48591, "494071851", "CPColin", "2019-04-08T19:50"],
  [48592, "494072654", "Scaramouche", "2019-04-08T20:19"],
  [48593, "494073086", "ErIog", "2019-04-08T20:35"],
  [48594, "494076088", "User", "2019-04-08T22:12"],
  [48595, "494122783", "Janitor Prime", "2019-04-10T14:41"],
  [48596, "494123661", "CPColin", "2019-04-10T15:10"],
  [48597, "494155935", "Dumb Lowtax", "2019-04-11T15:43"],
  [48598, "494155973", "Suspicious Dish", "2019-04-11T15:44"],
  [48599, "494156176", "Jeb Bush 2012", "2019-04-11T15:50"],
  [48600, "494156345", "Ola", "2019-04-11T15:55"],
];

describe("somethingawful-3.html: Something Awful's modified vBulletin 2.2.9 fork, page 1215 of a long thread", () => {
  const thread = only(parsePages("somethingawful-3.html"));

  it("reads the page's place from its breadcrumbs and <body data-thread>", () => {
    expect(thread.title).toBe("Coding Horrors: Turn screen off to reveal nemesis");
    expect(thread.site).toBe("The Something Awful Forums");
    expect(thread.breadcrumbs).toEqual([
      "The Something Awful Forums",
      "Discussion",
      "Serious Hardware / Software Crap",
      "The Cavern of COBOL",
    ]);
    expect(thread.source.threadId).toBe("2803713");
    expect(languageOf("somethingawful-3.html")).toBe("en");
  });

  it("reads every post: authors, dates, numbers running on from earlier pages (data-idx), bodies, bbc-block quotes and code", () => {
    checkPosts(
      thread,
      rows(SOMETHING_AWFUL_PAGE_1215, [
        {
          n: 48561,
          id: "493828335",
          by: "VikingofRock",
          at: "2019-03-31T14:11",
          quotes: [["Dumb Lowtax", "493812779"]],
          first: "An assert with side effects",
          last: "definitely belongs in this thread.",
        },
        {
          n: 48562,
          id: "493828582",
          by: "Absurd Alhazred",
          at: "2019-03-31T14:22",
          quotes: [["VikingofRock", "493828335"]],
          first: "I've done that.",
          last: "I've done that. :smith:",
        },
        {
          n: 48563,
          id: "493831380",
          by: "Hammerite",
          at: "2019-03-31T16:43",
          first: "Assert(Elon Musk is a dumb asshole)",
          last: "Assert(Elon Musk is a dumb asshole)",
        },
        {
          n: 48566,
          id: "493846017",
          by: "Hammerite",
          at: "2019-04-01T07:45",
          quotes: [[null, null]],
          first: "huawei bad, but not for the reasons everyone thought",
          last: "https://www.theregister.co.uk/2019/..._annual_report/",
        },
        {
          n: 48569,
          id: "493856109",
          by: "NihilCredo",
          at: "2019-04-01T15:38",
          quotes: [["CPColin", "493848617"]],
          first: "You scoundrel.",
          last: "which of their customers you are, didn't you?",
        },
        {
          n: 48571,
          id: "493987269",
          by: "dick traceroute",
          at: "2019-04-05T19:31",
          first: "I posted that on work slack...",
          last: "Bitches No hate",
        },
        {
          n: 48583,
          id: "493999296",
          by: "Doom Mathematic",
          at: "2019-04-06T08:28",
          first: "ASDFGHJKL:@~ Yep, my home row",
          last: "is a legal Perl program.",
        },
        {
          n: 48587,
          id: "494040470",
          by: "iospace",
          at: "2019-04-07T21:01",
          quotes: [["Fatty Crabcakes", "494004584"]],
          first: "Ruby, not PHP.",
          last: "not bloody diarrhea",
        },
        {
          n: 48590,
          id: "494070216",
          by: "New Yorp New Yorp",
          at: "2019-04-08T18:43",
          quotes: [["repiv", "494057624"]],
          first: "That's a debugging tool.",
          last: "That's a debugging tool.",
        },
        {
          n: 48591,
          id: "494071851",
          by: "CPColin",
          at: "2019-04-08T19:50",
          first: "Stumbled across all three of these today:",
          last: "Good protection against imaginary strings.",
        },
        {
          n: 48597,
          id: "494155935",
          by: "Dumb Lowtax",
          at: "2019-04-11T15:43",
          quotes: [
            ["Hammerite", "493831380"],
            ["Dumb Lowtax", "494155892"],
          ],
        },
        {
          n: 48600,
          id: "494156345",
          by: "Ola",
          at: "2019-04-11T15:55",
          first: "Well it's not me or Evan You.",
          last: "Well it's not me or Evan You.",
        },
      ]),
    );
    const code = thread.posts.find((post) => post.number === 48583)!.body[0];
    expect(code).toEqual({ type: "code", label: "Perl code:", text: "ASDFGHJKL:@~" });
    // The nested quote inside the first post's quote, its source written into a broken heading.
    const outer = thread.posts[0]!.body[0] as Extract<Block, { type: "quote" }>;
    expect(outer.blocks[0]).toMatchObject({ type: "quote", author: "Agronox", postId: "493812414" });
    expect(thread.posts[0]!.author).toMatchObject({
      name: "VikingofRock",
      joinDate: "2008-08",
      title: "Slippery Tilde",
    });
    expect(thread.posts[0]!.postedAt).toBe("2019-03-31T14:11:00");
  });

  it("says nothing of vBulletin 2 best effort or missing counters, and leaves no chrome in posts", () => {
    expect(thread.warnings.filter((warning) => /best effort|no post counter/.test(warning.message))).toEqual([]);
    checkClean(thread);
  });
});
