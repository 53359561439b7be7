// The shapes real saved pages showed (issue 12, ../shared/corpus/html/), each in a small page made
// from what the corpus shows, for what the corpus pages alone do not pin down.
import "./helpers/html-reader.ts";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseForumDate, parseJoinDate } from "../src/parse/dates.ts";
import { decodeHtml } from "../src/parse/html/charset.ts";
import { matchEditNote } from "../src/parse/phrases.ts";
import { parseDumps } from "../src/parse/index.ts";
import { onlyThread, shape } from "./fixtures/helpers.ts";

describe("charset: valid multi-byte UTF-8 wins over a declared single-byte charset", () => {
  const page = (charset: string, body: string) =>
    `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"></head><body>${body}</body></html>`;

  it("reads a page declared ISO-8859-1 whose bytes are UTF-8 as UTF-8, with a warning", () => {
    const decoded = decodeHtml(new TextEncoder().encode(page("ISO-8859-1", "Schönen Gruß, 19.04.2020,\u00a021:41")));
    expect(decoded.encoding).toBe("utf-8");
    expect(decoded.text).toContain("Schönen Gruß, 19.04.2020,\u00a021:41");
    expect(decoded.problems).toEqual([
      { line: 0, message: 'the page declares the charset "iso-8859-1" but its bytes are UTF-8; read as UTF-8' },
    ]);
  });

  it("keeps the declared charset when the bytes are not UTF-8 (real Latin-1), and says nothing", () => {
    const decoded = decodeHtml(new Uint8Array(iconv.encode(page("ISO-8859-1", "Schönen Gruß"), "latin1")));
    expect(decoded.encoding).toBe("windows-1252");
    expect(decoded.text).toContain("Schönen Gruß");
    expect(decoded.problems).toEqual([]);
  });

  it("keeps the declared charset for pure ASCII bytes", () => {
    const decoded = decodeHtml(new TextEncoder().encode(page("windows-1252", "plain")));
    expect(decoded.encoding).toBe("windows-1252");
    expect(decoded.problems).toEqual([]);
  });
});

describe("dates: skins' prefixes and separators, and French as a language pack", () => {
  const zone = { offsetMinutes: 60 };

  it("reads a skin's prefix and separators (skyscraperpage: 'Posted Apr 11, 2020, 1:02 PM')", () => {
    expect(parseForumDate("Posted Apr 11, 2020, 1:02 PM")).toEqual({ ok: true, iso: "2020-04-11T13:02:00" });
    expect(parseForumDate("Posted: Mar 21, 2020, 12:31 AM")).toEqual({ ok: true, iso: "2020-03-21T00:31:00" });
    expect(parseForumDate("Mar 31, 2019 14:11")).toEqual({ ok: true, iso: "2019-03-31T14:11:00" });
    expect(parseForumDate("Apr 12, 2020 at 12:23 AM")).toEqual({ ok: true, iso: "2020-04-12T00:23:00" });
  });

  it("reads French dates: day-first slashes, '13h16', month names, relative days", () => {
    const french = { ...zone, slashDates: "dmy" as const, captured: "2020-03-02" };
    expect(parseForumDate("10/05/2006, 13h16", french)).toEqual({ ok: true, iso: "2006-05-10T13:16:00+01:00" });
    expect(parseForumDate("09/04/2019 à 09h38", french)).toEqual({ ok: true, iso: "2019-04-09T09:38:00+01:00" });
    expect(parseForumDate("12 mars 2008, 10h02", french)).toEqual({ ok: true, iso: "2008-03-12T10:02:00+01:00" });
    expect(parseForumDate("1er févr. 2008", french)).toEqual({ ok: true, iso: "2008-02-01T00:00:00+01:00" });
    expect(parseForumDate("Aujourd'hui, 10h02", french)).toEqual({ ok: true, iso: "2020-03-02T10:02:00+01:00" });
    expect(parseForumDate("Hier, 23h59", french)).toEqual({ ok: true, iso: "2020-03-01T23:59:00+01:00" });
    expect(parseJoinDate("janvier 2003")).toBe("2003-01");
    expect(parseJoinDate("août 2011")).toBe("2011-08");
  });

  it("reads slashes month first unless the page says otherwise", () => {
    expect(parseForumDate("10/05/2006, 01:16 PM")).toEqual({ ok: true, iso: "2006-10-05T13:16:00" });
    expect(parseForumDate("10/05/2006, 01:16 PM", { slashDates: "mdy" })).toEqual({
      ok: true,
      iso: "2006-10-05T13:16:00",
    });
  });

  it("never returns page text as a date", () => {
    expect(parseForumDate("Aujourd'hui").ok).toBe(false);
    expect(parseForumDate("Posted yesterday-ish").ok).toBe(false);
  });

  it("reads the French edit note with its reason (futura-sciences)", () => {
    expect(
      matchEditNote(
        "Dernière modification par mach3 ; 09/04/2019 à 09h38. Motif: mise à jour du lien vers symbols.pdf",
      ),
    ).toEqual({
      by: "mach3",
      when: "09/04/2019 à 09h38",
      reason: "mise à jour du lien vers symbols.pdf",
    });
    expect(matchEditNote("Dernière modification par Futura ; 09/02/2005 à 21h10.")).toEqual({
      by: "Futura",
      when: "09/02/2005 à 21h10",
      reason: undefined,
    });
  });
});

/** A vBulletin 2.3 page in the shape of the Steam Users Forums pages of the corpus (steampowered-3/-4). */
function vb2Page(options: {
  nav?: string;
  posts: { id: number; name: string; date: string; message: string }[];
  pages?: string;
}): string {
  const post = (p: { id: number; name: string; date: string; message: string }) => `
<table cellpadding="4" cellspacing="1" border="0" width="100%">
<tr>
	<td width="175" valign="top" nowrap><a name="post${p.id}"></a>
	<font face="verdana, arial, helvetica" size="2"><b>${p.name}</b></font><br>
	<font face="verdana,arial,helvetica" size="1">Registered: Jun 2003</font></td>
	<td width="100%" valign="top">
	<font face="verdana,arial,helvetica" size="1"> <b></b></font>
	${p.message}
	<p align="right"><font face="verdana,arial,helvetica" size="1"><a href="report.php?s=&amp;postid=${p.id}">Report this post to a moderator</a> | IP: <a href="postings.php?s=&amp;action=getip&amp;postid=${p.id}">Logged</a></font></p>
	</td>
</tr>
<tr>
	<td width="175" height="16" nowrap><font face="verdana,arial,helvetica" size="1"><img src="images/posticon.gif" border="0" alt="Old Post">
	${p.date}</font></td>
	<td><a href="editpost.php?s=&amp;action=editpost&amp;postid=${p.id}"><img src="images/edit.gif" alt="Edit/Delete Message"></a></td>
</tr>
</table>`;
  return `<html><head><title>Steam Users Forums - Backward facing players</title></head><body>
<table><tr><td><font face="verdana, arial, helvetica" size="2"><b><a href="index.php?s=">Steam Users Forums</a> &gt; <a href="forumdisplay.php?s=&amp;forumid=13">Steam Discussions</a> &gt; <a href="forumdisplay.php?s=&amp;forumid=17">Steam Support / Help</a>${options.nav ?? " &gt; Backward facing players"}</b></font></td></tr></table>
${options.pages ?? ""}
${options.posts.map(post).join("\n")}
<form action="showthread.php" method="get"><input type="hidden" name="threadid" value="78948"></form>
</body></html>`;
}

describe("vBulletin 2 postbits (steampowered-3, -4, -7 shapes)", () => {
  const parse = (html: string) => parseDumps([{ file: "thread.html", bytes: html }]);

  it("keeps 'Report this post to a moderator | IP: Logged' out of the body and reads an edit note after a signature", () => {
    const thread = onlyThread(
      parse(
        vb2Page({
          posts: [
            {
              id: 741901,
              name: "minus_human",
              date: "07-07-2004 <font>01:02 AM</font>",
              message: `<p><font size="2">Simple.</font></p>
	<p><p><font size="2">__________________<br>Touch me so i think im here</font></p></p>
	<p><font size="1"><i>Last edited by minus_human on 07-07-2004 at 01:05 AM</i></font></p>`,
            },
          ],
        }),
      ),
    );
    const post = thread.posts[0]!;
    expect(shape(post.body)).toEqual(["Simple."]);
    expect(shape(post.signature ?? [])).toEqual(["Touch me so i think im here"]);
    expect(post.edited).toEqual({ by: "minus_human", at: "2004-07-07T01:05:00", atText: "07-07-2004 at 01:05 AM" });
    expect(post.postedAt).toBe("2004-07-07T01:02:00");
    expect(JSON.stringify(thread)).not.toMatch(/Report this post|IP: Logged/);
  });

  it("takes the site and forum from the nav line, never from a forum link inside a post", () => {
    const thread = onlyThread(
      parse(
        vb2Page({
          posts: [
            {
              id: 1,
              name: "ocarD",
              date: "04-27-2004 12:24 AM",
              message: `<p><font size="2">Ask in <a href="http://other.example/forums/forumdisplay.php?forumid=9">Other Board &gt; Help</a> instead.</font></p>`,
            },
          ],
        }),
      ),
    );
    expect(thread.site).toBe("Steam Users Forums");
    expect(thread.breadcrumbs).toEqual(["Steam Users Forums", "Steam Discussions", "Steam Support / Help"]);
    expect(thread.title).toBe("Backward facing players");
  });

  it("takes the title from <title> without the site's name when the nav line lacks it, never the site's name", () => {
    const thread = onlyThread(
      parse(vb2Page({ nav: "", posts: [{ id: 1, name: "ocarD", date: "04-27-2004 12:24 AM", message: "<p>Hi</p>" }] })),
    );
    expect(thread.title).toBe("Backward facing players");
    expect(thread.site).toBe("Steam Users Forums");
  });

  it("numbers page 2 from page size × pages before it ('Pages (6): « 1 [2] 3 »' and perpage=40)", () => {
    const pages = `<table><tr><td><font size="1"><b>Pages (6):</b> <a href="showthread.php?s=&amp;threadid=78948&amp;perpage=40&amp;pagenumber=1">&laquo;</a> <a href="showthread.php?s=&amp;threadid=78948&amp;perpage=40&amp;pagenumber=1">1</a> <font size="2">[2]</font> <a href="showthread.php?s=&amp;threadid=78948&amp;perpage=40&amp;pagenumber=3">3</a></font></td></tr></table>`;
    const result = parse(
      vb2Page({
        pages,
        posts: [
          { id: 556372, name: "Vladd", date: "04-29-2004 10:56 PM", message: "<p>First on page two</p>" },
          {
            id: 556666,
            name: "wishmeluck",
            date: "04-29-2004 11:27 PM",
            message: `<p>Second on page two, see ${[1, 2, 3, 4, 5].map((n) => `<a href="showthread.php?threadid=111&amp;pagenumber=${n}">this</a>`).join(" ")}</p>`,
          },
        ],
      }),
    );
    const thread = onlyThread(result);
    expect(thread.posts.map((post) => [post.number, post.id])).toEqual([
      [41, "556372"],
      [42, "556666"],
    ]);
    // The page's own id stands in its page links and reply form; the post's links to thread 111 are the poster's.
    expect(thread.source.threadId).toBe("78948");
  });
});

describe("a page whose posts are found but not their authors, dates or text", () => {
  it("says so loudly, once for the page, instead of a silent 'Unknown' per post", () => {
    // vBulletin 3 post tables whose skin moved the name, the date and the message elsewhere.
    const post = (id: number) =>
      `<table class="tborder" id="post${id}"><tr><td class="alt1"><div class="x">?</div></td></tr></table>`;
    const html = `<html><head><meta name="generator" content="vBulletin 3.8.7"><title>T - Board</title></head><body>${[1, 2, 3].map(post).join("")}</body></html>`;
    const result = parseDumps([{ file: "odd.html", bytes: html }]);
    const thread = onlyThread(result);
    const loud = thread.warnings.filter((warning) => warning.message.startsWith("THIS PAGE IS NOT READ PROPERLY"));
    expect(loud).toHaveLength(1);
    expect(loud[0]!.message).toContain("not their authors (3 of 3), their dates (3 of 3), their text (3 of 3)");
    expect(
      thread.warnings.filter((warning) => /names no author|shows no date|no message text/.test(warning.message)),
    ).toEqual([]);
  });
});

describe("Something Awful's edit note (the fork's own wording, no language pack's)", () => {
  it("becomes `edited`", async () => {
    const { matchSaEditNote } = await import("../src/parse/html/phrases.ts");
    expect(matchSaEditNote("Hammerite fucked around with this message at Mar 31, 2019 around 17:02")).toEqual({
      by: "Hammerite",
      when: "Mar 31, 2019 around 17:02",
    });
    expect(parseForumDate("Mar 31, 2019 around 17:02")).toEqual({ ok: true, iso: "2019-03-31T17:02:00" });
  });
});

describe("vBulletin's own pages in a mirror are no threads (skipped, not errors)", () => {
  const vb3Message = (
    text: string,
  ) => `<!DOCTYPE html><html><head><meta name="generator" content="vBulletin 3.8.7"><title>SkyscraperPage Forum</title></head>
<body><table class="tborder"><tr><td class="tcat">vBulletin Message</td></tr><tr><td class="panelsurround" align="center"><div class="panel"><div align="left">
<blockquote><p><strong>${text}</strong></p></blockquote></div></div></td></tr></table></body></html>`;
  const vb2Message = (text: string) => `<html><head><title>Steam Users Forums</title></head><body>
<table><tr><td><font face="verdana,arial,helvetica" size="2" class="normalfont"><b>${text}</b></font></td></tr></table></body></html>`;

  const cases: [string, string, string][] = [
    [
      "showthread.php?t=99.html",
      vb3Message("Invalid Thread specified. If you followed a valid link, please notify the administrator"),
      "Invalid Thread specified.",
    ],
    [
      "showthread.php?threadid=7.html",
      vb2Message(
        "You are not logged in, or you do not have permission to access this page. This could be due to one of several reasons:",
      ),
      "You are not logged in",
    ],
    [
      "thread_5.html",
      vb2Message("There seems to have been a slight problem with the Steam Users Forums database."),
      "There seems to have been a slight problem",
    ],
    [
      "showthread.php?t=12.html",
      vb3Message(
        "Ungültiges Thema angegeben. Wenn Sie einem gültigen Link gefolgt sind, benachrichtigen Sie bitte den Administrator.",
      ),
      "Ungültiges Thema angegeben.",
    ],
  ];
  for (const [file, html, said] of cases) {
    it(`${said} (${file})`, () => {
      const { threads, failures } = parseDumps([{ file, bytes: html }]);
      expect(threads).toEqual([]);
      expect(failures).toHaveLength(1);
      expect(failures[0]!.notAThread).toBe(true);
      expect(failures[0]!.reason).toContain(`not a thread page (vBulletin message: ${said}`);
    });
  }

  it("tells forum indexes and member lists without an address by their markup", () => {
    const forumIndex = `<html><head><meta name="generator" content="vBulletin 4.2.2"><title>World of Players</title></head><body>
<ol id="forums" class="floatcontainer"><li id="cat145" class="forumbit_nopost"><a href="forums/145-Allgemeine-Foren">Allgemeine Foren</a></li></ol></body></html>`;
    const members = `<html><head><title>Member List</title></head><body><form action="memberlist.php?do=getall" method="post"><table id="memberlist_table"><tr><td><a href="member.php?u=1">Razor</a></td></tr></table></form></body></html>`;
    const result = parseDumps([
      { file: "saved1.html", bytes: forumIndex },
      { file: "saved2.html", bytes: members },
    ]);
    expect(result.failures).toEqual([
      { file: "saved1.html", reason: "not a thread page (forum index)", notAThread: true },
      { file: "saved2.html", reason: "not a thread page (member list)", notAThread: true },
    ]);
  });
});

describe("advertisements in post markup (futura-sciences shape)", () => {
  const post = (
    id: string,
    name: string,
    date: string,
    counter: string,
    text: string,
  ) => `<li class="postbitlegacy postcontainer" id="post_${id}">
<div class="posthead"><span class="postdate"><span class="date">${date}</span></span><span class="nodecontrols">${counter}</span></div>
<div class="userinfo"><span class="username">${name}</span></div>
<div class="postbody"><div class="content"><div id="post_message_${id}"><blockquote class="postcontent restore">${text}</blockquote></div></div></div></li>`;
  const page = (
    posts: string,
  ) => `<html lang="fr"><head><meta name="generator" content="vBulletin 4.2.0"><title>Sujet - Forum</title></head>
<body><ol id="posts">${posts}</ol><div>Fuseau horaire GMT +1. Il est actuellement 12h23.</div></body></html>`;

  it("drops a post that borrows the previous post's id under another name, or an advertiser's name, and has no counter", () => {
    const html = page(
      [
        post("10", "LPFR", "13/02/2015, 16h40", "#1", "Bonjour."),
        post("10", "Publicité", "Aujourd'hui", "", '<div class="Content_1"></div>'),
        post("11", "LPFR", "08/12/2015, 08h08", "#2", "Au revoir."),
        post("11", "A voir en vidéo sur Futura", "Aujourd'hui", "", "Sur le même sujet"),
        post("12", "Anzeige", "Heute", "", "Kaufen!"),
      ].join(""),
    );
    const thread = onlyThread(parseDumps([{ file: "fs.html", bytes: html }]));
    expect(thread.posts.map((p) => [p.number, p.id, p.author.name, p.postedAt])).toEqual([
      [1, "10", "LPFR", "2015-02-13T16:40:00+01:00"],
      [2, "11", "LPFR", "2015-12-08T08:08:00+01:00"],
    ]);
    expect(JSON.stringify(thread)).not.toMatch(/Publicité|Sur le même sujet|Kaufen/);
  });
});
