// vBulletin BBCode to blocks: every tag vBulletin ships, and what stays literal text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Block, Inline, Mark } from "../src/model.ts";
import { bbcodeToBlocks } from "../src/input/vbulletin-db/bbcode.ts";
import { bbcodeToBlocks as referenceBlocks } from "./helpers/bbcode-reference.ts";

const text = (value: string, marks?: Mark[]): Inline =>
  marks ? { type: "text", text: value, marks } : { type: "text", text: value };
const paragraph = (...inlines: Inline[]): Block => ({ type: "paragraph", inlines });
const board = { boardUrl: "http://forums.example.com/forum" };

/** All the text of blocks, in order. */
function allText(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      if (block.type === "paragraph") return block.inlines.map((inline) => inline.text).join("");
      if (block.type === "code") return block.text;
      if (block.type === "quote") return allText(block.blocks);
      return block.items.map(allText).join("\n");
    })
    .join("\n");
}

describe("BBCode to blocks", () => {
  it("b, i, u, s become marks, nested ones both; tags are read without case", () => {
    expect(bbcodeToBlocks("[b]B[/b] [I]I[/i] [u]U[/u] [s]S[/s] [B][I]both[/I][/B]")).toEqual([
      paragraph(
        text("B", ["bold"]),
        text(" "),
        text("I", ["italic"]),
        text(" "),
        text("U", ["underline"]),
        text(" "),
        text("S", ["strike"]),
        text(" "),
        text("both", ["bold", "italic"]),
      ),
    ]);
  });

  it("color, size, font, highlight keep their text only", () => {
    expect(
      bbcodeToBlocks("[color=red]r[/color] [size=4]s[/size] [font=Arial]f[/font] [highlight]h[/highlight]"),
    ).toEqual([paragraph(text("r s f h"))]);
  });

  it("left, center, right and indent are paragraphs of their own", () => {
    expect(bbcodeToBlocks("a[center]c[/center]b[indent]i[/indent]")).toEqual([
      paragraph(text("a")),
      paragraph(text("c")),
      paragraph(text("b")),
      paragraph(text("i")),
    ]);
  });

  it("a blank line parts paragraphs; a single line break stays in the paragraph", () => {
    expect(bbcodeToBlocks("one\ntwo\n\nthree\r\n\r\nfour")).toEqual([
      paragraph(text("one\ntwo")),
      paragraph(text("three")),
      paragraph(text("four")),
    ]);
  });

  it("url (both forms), img, video become links; www. addresses get http://", () => {
    expect(
      bbcodeToBlocks(
        "[url]http://a.example/x[/url] [url=www.b.example]B[/url] [img]http://c.example/p/pic.png[/img] [video=youtube;abc]http://youtu.be/abc[/video]",
      ),
    ).toEqual([
      paragraph(
        { type: "link", href: "http://a.example/x", text: "http://a.example/x" },
        text(" "),
        { type: "link", href: "http://www.b.example", text: "B" },
        text(" "),
        { type: "link", href: "http://c.example/p/pic.png", text: "pic.png", image: true },
        text(" "),
        { type: "link", href: "http://youtu.be/abc", text: "http://youtu.be/abc" },
      ),
    ]);
  });

  it("email is text, never a mailto link", () => {
    expect(bbcodeToBlocks("[email]a@b.example[/email] [email=c@d.example]mail[/email]")).toEqual([
      paragraph(text("a@b.example mail (c@d.example)")),
    ]);
  });

  it("[QUOTE=Name;1234] is a quote with author and post id; [quote=Name] and [quote] without", () => {
    expect(bbcodeToBlocks("[QUOTE=Bob &amp; Co;1234]hi [b]there[/b][/QUOTE]after")).toEqual([
      { type: "quote", author: "Bob & Co", postId: "1234", blocks: [paragraph(text("hi "), text("there", ["bold"]))] },
      paragraph(text("after")),
    ]);
    expect(bbcodeToBlocks("[quote=Ann]x[/quote][quote]y[/quote]")).toEqual([
      { type: "quote", author: "Ann", blocks: [paragraph(text("x"))] },
      { type: "quote", blocks: [paragraph(text("y"))] },
    ]);
    expect(bbcodeToBlocks("[quote=a][quote=b]inner[/quote]outer[/quote]")).toEqual([
      {
        type: "quote",
        author: "a",
        blocks: [{ type: "quote", author: "b", blocks: [paragraph(text("inner"))] }, paragraph(text("outer"))],
      },
    ]);
  });

  it("code, php and html are code boxes with their text exactly; tags inside are not read", () => {
    expect(
      bbcodeToBlocks(
        "[code]\nif (a < b) { [b]x[/b] }\n  y();\n[/code][php]<?php echo 1; ?>[/php][html]<b>not markup</b>[/html]",
      ),
    ).toEqual([
      { type: "code", text: "if (a < b) { [b]x[/b] }\n  y();", label: "Code:" },
      { type: "code", text: "<?php echo 1; ?>", label: "PHP Code:" },
      { type: "code", text: "<b>not markup</b>", label: "HTML Code:" },
    ]);
  });

  it("noparse keeps its tags as text", () => {
    expect(bbcodeToBlocks("[noparse][b]x[/b] [url]y[/url][/noparse]")).toEqual([
      paragraph(text("[b]x[/b] [url]y[/url]")),
    ]);
  });

  it("list with [*] items, bulleted and numbered", () => {
    expect(bbcodeToBlocks("[list]\n[*]one\n[*]two [i]2[/i]\n[/list][list=1][*]a[*]b[/list]")).toEqual([
      {
        type: "list",
        ordered: false,
        items: [[paragraph(text("one"))], [paragraph(text("two "), text("2", ["italic"]))]],
      },
      { type: "list", ordered: true, items: [[paragraph(text("a"))], [paragraph(text("b"))]] },
    ]);
  });

  it("thread and post link to the old board's addresses (the redirects lead on); without a board address they are text", () => {
    expect(bbcodeToBlocks("[thread=12]T[/thread] [post]34[/post]", board)).toEqual([
      paragraph({ type: "link", href: "http://forums.example.com/forum/showthread.php?t=12", text: "T" }, text(" "), {
        type: "link",
        href: "http://forums.example.com/forum/showthread.php?p=34#post34",
        text: "34",
      }),
    ]);
    expect(bbcodeToBlocks("[thread=12]T[/thread]")).toEqual([paragraph(text("T"))]);
  });

  it("attach names the post's file where it stands, an id it lacks as text; hr is a rule line; smilies stay text", () => {
    expect(
      bbcodeToBlocks("[ATTACH=CONFIG]7[/ATTACH] [attach]8[/attach]", {
        ...board,
        attachmentName: (id) => (id === "7" ? "photo.png" : undefined),
      }),
    ).toEqual([
      paragraph(
        {
          type: "link",
          href: "http://forums.example.com/forum/attachment.php?attachmentid=7",
          text: "photo.png",
          attachment: "7",
        },
        text(" [Attachment: 8]"),
      ),
    ]);
    expect(bbcodeToBlocks("a[hr][/hr]b :) :D")).toEqual([
      paragraph(text("a")),
      paragraph(text("———")),
      paragraph(text("b :) :D")),
    ]);
  });

  it("attach takes vBulletin 5's node id forms (n107, JSON's data-attachmentid) before naming the file", () => {
    const vb5 = {
      boardUrl: "http://forums.example.com",
      attachmentName: (id: string) => (id === "107" ? "a.png" : undefined),
    };
    const link = {
      type: "link" as const,
      href: "http://forums.example.com/filedata/fetch?id=107",
      text: "a.png",
      attachment: "107",
    };
    expect(bbcodeToBlocks("[ATTACH]n107[/ATTACH]", vb5)).toEqual([paragraph(link)]);
    expect(bbcodeToBlocks('[ATTACH=JSON]{"data-align":"none","data-attachmentid":107}[/ATTACH]', vb5)).toEqual([
      paragraph(link),
    ]);
    expect(bbcodeToBlocks('[ATTACH]n108[/ATTACH] [ATTACH=JSON]{"data-attachmentid":"109"}[/ATTACH]', vb5)).toEqual([
      paragraph(text("[Attachment: 108] [Attachment: 109]")),
    ]);
  });

  it("unknown and unbalanced tags stay literal text, exactly as written", () => {
    expect(bbcodeToBlocks("[foo=1]x[/foo] [/quote] [b]open [i]also open")).toEqual([
      paragraph(text("[foo=1]x[/foo] [/quote] [b]open [i]also open")),
    ]);
    expect(bbcodeToBlocks("[b]bold [i]unclosed[/b]")).toEqual([paragraph(text("bold [i]unclosed", ["bold"]))]);
    expect(bbcodeToBlocks("[*] outside a list, a[1]")).toEqual([paragraph(text("[*] outside a list, a[1]"))]);
  });

  it("HTML in a post is text; numeric entities are characters, &lt; stays as written (vBulletin's display)", () => {
    expect(bbcodeToBlocks("<script>alert(1)</script> &#8364; &#60;i&#62; &lt;b&gt;")).toEqual([
      paragraph(text("<script>alert(1)</script> € <i> &lt;b&gt;")),
    ]);
  });

  it("keeps every character of text without tags, whatever it is", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", " ", "<", ">", "&", '"', "é", "😀", "x", ";") }), (value) => {
        const blocks = bbcodeToBlocks(value);
        expect(allText(blocks).replace(/\s+/g, "")).toBe(value.replace(/\s+/g, ""));
      }),
    );
  });

  it("reads text without brackets (not given to the parser) as the parser would", () => {
    const rule: Block = { type: "paragraph", inlines: [{ type: "text", text: "———" }] };
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", " ", "\n", "<", "&", "é", "x", ":)", "\t") }), (value) => {
        expect(bbcodeToBlocks(`${value}[hr][/hr]`)).toEqual([...bbcodeToBlocks(value), rule]);
      }),
    );
  });

  it("keeps the text of any mix of brackets and tag names (nothing lost, nothing thrown)", () => {
    const pieces = [
      "[b]",
      "[/b]",
      "[",
      "]",
      "x",
      " ",
      "[quote=a;1]",
      "[/quote]",
      "[list]",
      "[*]",
      "[/list]",
      "[code]",
      "[/code]",
      "[url=http://a]",
      "[/url]",
      "\n\n",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const blocks = bbcodeToBlocks(parts.join(""));
        const xs = (allText(blocks).match(/x/g) ?? []).length;
        expect(xs).toBe(parts.filter((part) => part === "x").length);
      }),
    );
  });
});

describe("BBCode to blocks, made faster", () => {
  // Texts of tags (known, unknown, unclosed, nested, raw), blank lines, CRs, entities and words.
  const piece = fc.constantFrom(
    ...["[b]", "[/b]", "[I]", "[/i]", "[u]", "[/U]", "[s]", "[/s]", "[QUOTE=Ann;12]", "[quote]", "[/quote]"],
    ...["[url=www.example.com]", "[url]", "[/url]", "[list]", "[list=1]", "[*]", "[/list]", "[code]", "[/code]"],
    ...["[noparse]", "[/noparse]", "[color=red]", "[/color]", "[center]", "[/center]", "[img]", "[/img]", "[hr]"],
    ...["[attach]7[/attach]", "[thread=5]", "[/thread]", "[post]9[/post]", "[foo]", "[/foo]", "[", "]", "[b", "="],
    ...["\n", "\n\n", " \n \t\n ", "\r\n", "\r", "&#8364;", "&#55296;", "&amp;", "word", " ", "\t", "<b>"],
    ...["&#", "83", "64;", '"', "[/", "[*", "]]", "[[", "[b=x]", '[quote="A; B";3]', "[url=]", "[list=a]", "[/*]"],
  );
  const context = fc.constantFrom(
    {},
    { boardUrl: "http://forums.example.com/forum" },
    { attachmentName: (id: string) => (id === "7" ? "seven.png" : undefined) },
  );

  it("gives the blocks the reference (bbcode.ts before its speed-ups) gives, for any text", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 40 }), context, (pieces, at) => {
        const source = pieces.join("");
        expect(bbcodeToBlocks(source, at)).toStrictEqual(referenceBlocks(source, at));
      }),
      { numRuns: 3000 },
    );
  });
});
