// Rendering what HTML pages add to posts (marks, image links, lists, code boxes): escaped, and
// only http(s) addresses become links.
import { describe, expect, it } from "vitest";
import type { Block } from "../src/model.ts";
import { plainText, renderBlocks } from "../src/site/render.ts";

describe("renderBlocks for HTML pages' blocks", () => {
  it("renders marks around escaped text, nested in order", () => {
    const blocks: Block[] = [
      {
        type: "paragraph",
        inlines: [
          { type: "text", text: "a <b>", marks: ["bold", "italic"] },
          { type: "text", text: " & ", marks: ["strike"] },
          { type: "text", text: "u", marks: ["underline"] },
        ],
      },
    ];
    expect(renderBlocks(blocks)).toBe("<p><strong><em>a &lt;b&gt;</em></strong><s> &amp; </s><u>u</u></p>");
  });

  it("renders images as links to their address, never as <img>; unsafe addresses as text", () => {
    const blocks: Block[] = [
      {
        type: "paragraph",
        inlines: [
          { type: "link", href: "http://x.example/a.jpg", text: 'a "pic"', image: true },
          { type: "link", href: "javascript:alert(1)", text: "evil", image: true },
        ],
      },
    ];
    const html = renderBlocks(blocks);
    expect(html).not.toContain("<img");
    expect(html).toBe(
      '<p><a class="image-link" href="http://x.example/a.jpg" rel="nofollow ugc noopener"><span class="mark">image: </span>a &quot;pic&quot;</a><span class="image-link"><span class="mark">image: </span>evil</span></p>',
    );
  });

  it("renders lists with their items' blocks and code boxes as escaped <pre>", () => {
    const blocks: Block[] = [
      {
        type: "list",
        ordered: true,
        items: [[{ type: "paragraph", inlines: [{ type: "text", text: "one" }] }], [{ type: "code", text: "<x>" }]],
      },
      { type: "code", text: "if (a < b) {\n  go();\n}", label: "PHP Code:" },
    ];
    expect(renderBlocks(blocks)).toBe(
      '<ol><li><p>one</p></li><li><figure class="code"><pre><code>&lt;x&gt;</code></pre></figure></li></ol>\n' +
        '<figure class="code"><figcaption>PHP Code:</figcaption><pre><code>if (a &lt; b) {\n  go();\n}</code></pre></figure>',
    );
    expect(plainText(blocks)).toBe("one\n\n<x>\n\nif (a < b) {\n  go();\n}");
  });
});
