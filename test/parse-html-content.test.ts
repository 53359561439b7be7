// Saved HTML pages, on small vBulletin 4 pages written here and damaged fixtures: images
// with damaged or non-http addresses, embedded players, text areas, stray bytes, a Wayback
// toolbar without its END comment. Expectations are read from
// the markup in each test.
import "./helpers/html-reader.ts";
import { describe, expect, it } from "vitest";
import type { Block, Inline } from "../src/model.ts";
import { parseDumps, type ParseResult } from "../src/parse/index.ts";
import { fixtureBytes, onlyThread } from "./fixtures/helpers.ts";

/** A vBulletin 4.2 page of one thread (t=610) with one post per message (ids 7001, 7002, …). */
export function vb4Page(messages: readonly string[], head = ""): string {
  const posts = messages.map((message, index) => {
    const id = 7001 + index;
    return `<li class="postbitlegacy postbitim postcontainer old" id="post_${id}">
  <div class="posthead"><span class="postdate old"><span class="date">02-03-2015,&nbsp;<span class="time">10:0${index % 10} AM</span></span></span>
  <span class="nodecontrols"><a name="post${id}" href="showthread.php?t=610&amp;p=${id}#post${id}" class="postcounter">#${index + 1}</a></span></div>
  <div class="postdetails"><div class="userinfo"><div class="username_container"><a class="username offline" href="member.php?u=3"><strong>Truing Stand</strong></a></div></div>
  <div class="postbody"><div class="postrow"><div class="content"><div id="post_message_${id}"><blockquote class="postcontent restore">${message}</blockquote></div></div></div></div></div>
</li>`;
  });
  return `<!DOCTYPE html><html><head><meta name="generator" content="vBulletin 4.2.5" />${head}<title>Spoke tension - Wheel Room</title>
<link rel="canonical" href="http://wheels.example/showthread.php?t=610" /></head><body>
<ol id="posts">
${posts.join("\n")}
</ol>
<div id="footer_time">All times are GMT -5. The time now is <span class="time">09:00 PM</span>.</div>
</body></html>`;
}

const parsePage = (page: string | Uint8Array, file = "page.html"): ParseResult => parseDumps([{ file, bytes: page }]);

/** The inlines of a post's blocks, paragraphs only, in order. */
const inlinesOf = (body: readonly Block[]): Inline[] =>
  body.flatMap((block) => (block.type === "paragraph" ? block.inlines : []));

describe("images whose address is damaged or not http(s)", () => {
  it("a bad % escape in an image's file name is kept as written, and the page keeps its posts", () => {
    const result = parsePage(
      vb4Page([
        `Before <img src="http://wheels.example/pics/a%zz.jpg"> after`,
        `Latin-1 name: <img src="http://wheels.example/pics/Bild%E4.jpg">`,
        `Escaped well: <img src="http://wheels.example/pics/Gr%C3%BC%C3%9Fe.jpg">`,
        `A thumbnail: <a href="http://wheels.example/full/b%zz.png"><img src="http://wheels.example/thumbs/b.png"></a>`,
      ]),
    );
    expect(result.failures).toEqual([]);
    const thread = onlyThread(result);
    expect(thread.posts.map((post) => post.number)).toEqual([1, 2, 3, 4]);
    const images = thread.posts.map((post) => inlinesOf(post.body).filter((inline) => inline.type === "link"));
    expect(images).toEqual([
      [{ type: "link", href: "http://wheels.example/pics/a%zz.jpg", text: "a%zz.jpg", image: true }],
      [{ type: "link", href: "http://wheels.example/pics/Bild%E4.jpg", text: "Bild%E4.jpg", image: true }],
      [{ type: "link", href: "http://wheels.example/pics/Gr%C3%BC%C3%9Fe.jpg", text: "Grüße.jpg", image: true }],
      [{ type: "link", href: "http://wheels.example/full/b%zz.png", text: "b%zz.png", image: true }],
    ]);
  });

  it('a data: URI image says its alt text, or "image", never its base64', () => {
    const base64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    const thread = onlyThread(
      parsePage(
        vb4Page([
          `Pasted: <img src="data:image/png;base64,${base64}">`,
          `With alt: <img src="data:image/png;base64,${base64}" alt="my wheel">`,
        ]),
      ),
    );
    const [first, second] = thread.posts.map((post) => inlinesOf(post.body).filter((inline) => inline.type === "link"));
    expect(first!.map((inline) => inline.text)).toEqual(["image"]);
    expect(second!.map((inline) => inline.text)).toEqual(["my wheel"]);
    expect(JSON.stringify(thread.posts.map((post) => inlinesOf(post.body).map((inline) => inline.text)))).not.toContain(
      "iVBOR",
    );
  });
});

describe("embedded players and text areas in a post", () => {
  const result = parsePage(
    vb4Page([
      // vBulletin 3/4's YouTube box: the same address as the movie parameter and the embed.
      `Watch this:<br /><object width="425" height="350"><param name="movie" value="http://www.youtube.com/v/ybsaH2wbGkM"></param><param name="wmode" value="transparent"></param><embed src="http://www.youtube.com/v/ybsaH2wbGkM" type="application/x-shockwave-flash" wmode="transparent" width="425" height="350"></embed></object><br />Great start.`,
      `<object type="application/x-shockwave-flash" data="https://vimeo.example/moogaloop.swf?clip_id=42"></object> and <embed src="media/clip.swf"> and <embed src="javascript:alert(1)">`,
      `Copy this:<textarea rows="3" cols="40">[url]http://wheels.example/spokes[/url]
  tension &lt;= 120 kgf</textarea>Done.`,
    ]),
  );
  const thread = onlyThread(result);
  const links = (number: number) =>
    inlinesOf(thread.posts[number - 1]!.body)
      .filter((inline) => inline.type === "link")
      .map((inline) => inline.href);

  it("an <object> with its movie parameter and <embed> becomes one link to what it played", () => {
    expect(links(1)).toEqual(["http://www.youtube.com/v/ybsaH2wbGkM"]);
    expect(thread.posts[0]!.body).toEqual([
      {
        type: "paragraph",
        inlines: [
          { type: "text", text: "Watch this:\n" },
          { type: "link", href: "http://www.youtube.com/v/ybsaH2wbGkM", text: "http://www.youtube.com/v/ybsaH2wbGkM" },
          { type: "text", text: "\nGreat start." },
        ],
      },
    ]);
  });

  it("object[data] and embed[src] become links, relative ones made absolute; only http(s)", () => {
    expect(links(2)).toEqual([
      "https://vimeo.example/moogaloop.swf?clip_id=42",
      "http://wheels.example/media/clip.swf",
    ]);
  });

  it("a text area keeps its text as a code block", () => {
    expect(thread.posts[2]!.body).toEqual([
      { type: "paragraph", inlines: [{ type: "text", text: "Copy this:" }] },
      { type: "code", text: "[url]http://wheels.example/spokes[/url]\n  tension <= 120 kgf" },
      { type: "paragraph", inlines: [{ type: "text", text: "Done." }] },
    ]);
  });
});

describe("a UTF-8 page with a few stray Windows-1252 bytes", () => {
  /** The page as UTF-8 bytes, each "\u0001" replaced by the single byte 0x92 (Windows-1252's ’) and each "\u0002" by 0xE9 (é). */
  function strayPage(head: string): { bytes: Uint8Array; lines: { apostrophe: number; accent: number } } {
    const text = vb4Page([`Größe matters: it\u0001s 28 mm`, `Grüße aus Köln<br>Café\u0002 noir`], head);
    const lines = text.split("\n");
    const bytes = Buffer.from(text, "utf8");
    const out = Buffer.from(bytes.map((byte) => (byte === 1 ? 0x92 : byte === 2 ? 0xe9 : byte)));
    return {
      bytes: new Uint8Array(out),
      lines: {
        apostrophe: lines.findIndex((line) => line.includes("\u0001")) + 1,
        accent: lines.findIndex((line) => line.includes("\u0002")) + 1,
      },
    };
  }

  for (const [what, head] of [
    ["declaring no charset", ""],
    ["declaring UTF-8", '<meta charset="utf-8">'],
  ] as const) {
    it(`${what}: read as UTF-8, each stray byte read as Windows-1252 and named with its line in a warning`, () => {
      const { bytes, lines } = strayPage(head);
      expect(lines.apostrophe).toBeGreaterThan(1);
      expect(lines.accent).toBeGreaterThan(lines.apostrophe);
      const result = parsePage(bytes, "stray.html");
      const thread = onlyThread(result);
      expect(thread.posts.map((post) => post.body)).toEqual([
        [{ type: "paragraph", inlines: [{ type: "text", text: "Größe matters: it\u2019s 28 mm" }] }],
        [{ type: "paragraph", inlines: [{ type: "text", text: "Grüße aus Köln\nCaféé noir" }] }],
      ]);
      const byteWarnings = result.warnings.filter((warning) => /not UTF-8: byte/.test(warning.message));
      expect(byteWarnings).toEqual([
        {
          file: "stray.html",
          line: lines.apostrophe,
          message: 'not UTF-8: byte 0x92 as "\u2019" (read as Windows-1252)',
        },
        { file: "stray.html", line: lines.accent, message: 'not UTF-8: byte 0xE9 as "é" (read as Windows-1252)' },
      ]);
    });
  }
});

describe("a Wayback Machine capture whose toolbar has no END comment (wayback-vb42-p2.html, damaged)", () => {
  const page = new TextDecoder().decode(fixtureBytes("html/wayback-vb42-p2.html"));
  const end = "<!-- END WAYBACK TOOLBAR INSERT -->";

  it("keeps everything after the BEGIN comment, drops the toolbar's known elements, and warns at the BEGIN comment", () => {
    expect(page).toContain(end);
    const beginLine = page.split("\n").findIndex((line) => line.includes("<!-- BEGIN WAYBACK TOOLBAR INSERT -->")) + 1;
    expect(beginLine).toBe(23);
    const result = parsePage(page.replace(end, ""), "no-end.html");
    expect(result.failures).toEqual([]);
    const thread = onlyThread(result);
    // The same posts as the whole capture (test/parse-html.test.ts).
    expect(thread.posts.map((post) => [post.number, post.author.name, post.postedAt])).toEqual([
      [4, "Sofia Marsh", "2013-11-05T12:20:00+00:00"],
      [5, "Priya Nair", "2013-11-06T06:48:00+00:00"],
    ]);
    expect(thread.source.threadId).toBe("2041");
    expect(JSON.stringify([thread.posts, thread.breadcrumbs, thread.title])).not.toMatch(/captures|Wayback/);
    expect(result.warnings.filter((warning) => /WAYBACK/.test(warning.message))).toEqual([
      {
        file: "no-end.html",
        line: 23,
        message:
          "the Wayback Machine's toolbar has no END WAYBACK TOOLBAR INSERT comment; only its known elements were removed",
      },
    ]);
  });
});

describe("vBulletin 2 told by its font classes (vb23-classic.html, post anchors wrapped)", () => {
  // Each post's <a name="post…"> alone in a <span>, so no <font> follows it as a sibling, and the
  // fonts written with vBulletin 2's smallfont/normalfont classes.
  const page = new TextDecoder()
    .decode(fixtureBytes("html/vb23-classic.html"))
    .replace(/<a name="(post\d+)"><\/a>/g, '<span><a name="$1"></a></span>')
    .replace(
      /<font face="verdana,arial,helvetica" size="1">/g,
      '<font class="smallfont" face="verdana,arial,helvetica" size="1">',
    )
    .replace(
      /<font face="verdana,arial,helvetica" size="2">/g,
      '<font class="normalfont" face="verdana,arial,helvetica" size="2">',
    );

  it("is told by its markup, not guessed from its posts", () => {
    expect(page.match(/<span><a name="post\d+"><\/a><\/span>/g)).toHaveLength(3);
    expect(page).not.toMatch(/generator/i);
    const result = parsePage(page, "vb2-classes.html");
    expect(onlyThread(result).posts.map((post) => post.author.name)).toEqual([
      "powderhound",
      "wax_on_wax_off",
      "powderhound",
    ]);
    expect(result.warnings.map((warning) => warning.message)).not.toContainEqual(
      expect.stringContaining("guessed from the post markup"),
    );
  });
});
