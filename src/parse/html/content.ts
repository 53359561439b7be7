// A post's markup into blocks: paragraphs (a double <br> or a block element ends one), bold,
// italics, underline and strike-through as marks, links, images as links to their original
// address, lists, code boxes and quotes (which markup is a quote is the skin's to say).
// Nothing of the markup survives as markup: only text and http(s)-checked-later addresses.
import { load } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import type { Block, Inline, Mark } from "../../model.ts";
import { BLOCKS, SKIPPED, fold, isElement, textOf } from "./text.ts";
import { unescaped } from "./urls.ts";

export interface QuoteShape {
  author?: string;
  postId?: string;
  /** The quoted text's nodes (the "Originally Posted by" line left out). */
  content: AnyNode[];
}

export interface CodeShape {
  label?: string;
  text: string;
}

export interface ContentContext {
  /** An address of the page as the original forum had it (Wayback wrapping removed, made absolute). */
  resolve(href: string): string;
  quoteOf(element: Element): QuoteShape | undefined;
  codeOf(element: Element): CodeShape | undefined;
}

const MARKS: Record<string, Mark> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  cite: "italic",
  u: "underline",
  ins: "underline",
  s: "strike",
  strike: "strike",
  del: "strike",
};

/** Smilies are text: their alt (":)"), never an image link. */
function isSmilie(element: Element): boolean {
  const src = (element.attribs.src ?? "").toLowerCase();
  return (
    /smilie|smiley|emoticon|\/smiles?\//.test(src) ||
    ((element.attribs.class ?? "").split(/\s+/).includes("inlineimg") &&
      (element.attribs.alt ?? "").length <= 12 &&
      (element.attribs.alt ?? "") !== "")
  );
}

const fileName = (href: string): string => unescaped(href.split(/[?#]/)[0]!.split("/").at(-1) ?? "") || href;

/** What an image link says: its alt text, else its file name; an image whose address has a
 *  scheme other than http(s) (a `data:` URI's base64, `blob:`, `file:`) is just "image". */
function imageText(alt: string, href: string): string {
  if (alt) return alt;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) && !/^https?:/i.test(href)) return "image";
  return fileName(href);
}

class Builder {
  readonly blocks: Block[] = [];
  private inlines: Inline[] = [];
  private breaks = 0;
  /** The last character of the last inline when it is text ("" for empty text), undefined when it
   *  is a link or there is none: read instead of the text itself, which is a string built by `+=`
   *  that each read of its end would flatten again (quadratic on a post of many short lines). */
  private tail: string | undefined;

  constructor(private readonly ctx: ContentContext) {}

  flush(): void {
    const inlines = this.inlines
      .map((inline) =>
        inline.type === "text" ? { ...inline, text: spacesAroundLineEndsDropped(inline.text) } : inline,
      )
      .filter((inline) => inline.type !== "text" || inline.text !== "");
    const last = inlines.at(-1);
    if (last?.type === "text") last.text = last.text.trimEnd();
    const first = inlines[0];
    if (first?.type === "text") first.text = first.text.trimStart();
    const kept = inlines.filter((inline) => inline.type !== "text" || inline.text !== "");
    if (kept.length) this.blocks.push({ type: "paragraph", inlines: kept });
    this.inlines = [];
    this.breaks = 0;
    this.tail = undefined;
  }

  private atLineStart(): boolean {
    return this.inlines.length === 0 || this.tail === "" || this.tail === "\n";
  }

  private afterSpace(): boolean {
    return this.tail === " ";
  }

  private beforeContent(): void {
    if (this.breaks >= 2) this.flush();
    else if (this.breaks === 1 && this.inlines.length) this.pushText("\n", undefined);
    this.breaks = 0;
  }

  private pushText(text: string, marks: readonly Mark[] | undefined): void {
    const last = this.inlines.at(-1);
    if (last?.type === "text" && sameMarks(last.marks, marks)) last.text += text;
    else {
      this.inlines.push({ type: "text", text, ...(marks?.length ? { marks: [...marks] } : {}) });
      this.tail = "";
    }
    if (text) this.tail = text[text.length - 1];
  }

  text(raw: string, marks: readonly Mark[]): void {
    let text = fold(raw);
    if (text.trim() === "") {
      // White space between elements: a space only inside a line.
      // Never after a space: a run of pushed spaces would be one more thing to trim.
      if (text && !this.atLineStart() && this.breaks === 0 && !this.afterSpace()) this.pushText(" ", marks);
      return;
    }
    this.beforeContent();
    if (this.atLineStart()) text = text.trimStart();
    this.pushText(text, marks);
  }

  inline(inline: Inline): void {
    this.beforeContent();
    this.inlines.push(inline);
    this.tail = undefined;
  }

  lineBreak(): void {
    if (this.inlines.length) this.breaks++;
  }

  block(block: Block): void {
    this.flush();
    this.blocks.push(block);
  }

  walk(node: AnyNode, marks: readonly Mark[]): void {
    if (node.type === "text") return this.text((node as unknown as { data: string }).data, marks);
    if (!isElement(node) || node.type !== "tag") return;
    const name = node.name.toLowerCase();
    // Embedded players (vBulletin 3/4 YouTube boxes are <object><param name="movie"><embed>) become links to what they played.
    if (name === "object" || name === "embed") return this.embedded(node);
    // A text area in a post (a box to copy code from) keeps its text as written.
    if (name === "textarea") {
      const text = textareaText(node);
      if (text.trim()) this.block({ type: "code", text });
      return;
    }
    if (SKIPPED.has(name)) return;
    if (name === "br") return this.lineBreak();
    if (name === "img") return this.image(node, marks);
    if (name === "iframe" || name === "video" || name === "audio") {
      const src = node.attribs.src;
      if (src) this.inline({ type: "link", href: this.ctx.resolve(src), text: this.ctx.resolve(src) });
      return;
    }
    if (name === "a") return this.anchor(node, marks);
    if (name === "ul" || name === "ol") return this.list(node, name === "ol");
    const quote = this.ctx.quoteOf(node);
    if (quote)
      return this.block({
        type: "quote",
        ...(quote.author ? { author: quote.author } : {}),
        ...(quote.postId ? { postId: quote.postId } : {}),
        blocks: blocksOf(quote.content, this.ctx),
      });
    const code = this.ctx.codeOf(node);
    if (code) return this.block({ type: "code", text: code.text, ...(code.label ? { label: code.label } : {}) });
    if (name === "pre") return this.block({ type: "code", text: preText(node) });
    const mark = MARKS[name];
    const inner = mark && !marks.includes(mark) ? [...marks, mark] : marks;
    const block = BLOCKS.has(name);
    if (block) this.flush();
    for (const child of node.children) this.walk(child, inner);
    if (block) this.flush();
  }

  private image(node: Element, marks: readonly Mark[]): void {
    const alt = fold(node.attribs.alt || node.attribs.title || "").trim();
    if (isSmilie(node)) {
      if (alt) this.text(alt, marks);
      return;
    }
    // Lazy-loading skins put a placeholder in src and the image in data-src.
    const src = node.attribs["data-src"] ?? node.attribs.src;
    if (!src) return;
    const href = this.ctx.resolve(src);
    this.inline({
      type: "link",
      href,
      text: imageText(alt, href),
      image: true,
      ...(marks.length ? { marks: [...marks] } : {}),
    });
  }

  /** `<object data>`, its `<param name="movie">` and `<embed src>` inside it, as links, each address once; only http(s). */
  private embedded(node: Element): void {
    const addresses: string[] = [];
    const add = (address: string | undefined) => {
      if (!address?.trim()) return;
      const href = this.ctx.resolve(address.trim());
      if (/^https?:\/\//i.test(href) && !addresses.includes(href)) addresses.push(href);
    };
    const visit = (element: Element) => {
      const name = element.name.toLowerCase();
      if (name === "object") add(element.attribs.data);
      else if (name === "embed") add(element.attribs.src);
      else if (name === "param" && /^(?:movie|src)$/i.test(element.attribs.name ?? "")) add(element.attribs.value);
      for (const child of element.children) if (isElement(child) && child.type === "tag") visit(child);
    };
    visit(node);
    for (const href of addresses) this.inline({ type: "link", href, text: href });
  }

  private anchor(node: Element, marks: readonly Mark[]): void {
    const href = node.attribs.href;
    if (!href) {
      for (const child of node.children) this.walk(child, marks);
      return;
    }
    const resolved = this.ctx.resolve(href);
    const images = node.children.filter(
      (child): child is Element => isElement(child) && child.name === "img" && !isSmilie(child),
    );
    const text = textOf(node.children);
    if (images.length && text === "") {
      // A thumbnail linking to the full image: one image link, to the full image.
      const alt = fold(images[0]!.attribs.alt ?? "").trim();
      this.inline({ type: "link", href: resolved, text: imageText(alt, resolved), image: true });
      return;
    }
    const allMarks = [...marks];
    for (const inner of node.children)
      if (isElement(inner) && MARKS[inner.name] && !allMarks.includes(MARKS[inner.name]!))
        allMarks.push(MARKS[inner.name]!);
    // A link text vBulletin shortened ("http://www.youtube.com/watch?v=ybsaH...eature=related") still has its full href here.
    this.inline({
      type: "link",
      href: resolved,
      text: text || resolved,
      ...(allMarks.length ? { marks: allMarks } : {}),
    });
  }

  private list(node: Element, ordered: boolean): void {
    const items: Block[][] = [];
    for (const child of node.children) {
      if (isElement(child) && child.name === "li") items.push(blocksOf(child.children, this.ctx));
      else if (child.type === "text" && fold((child as unknown as { data: string }).data).trim())
        items.push(blocksOf([child], this.ctx));
      else if (isElement(child)) items.push(blocksOf([child], this.ctx));
    }
    const kept = items.filter((item) => item.length);
    if (kept.length) this.block({ type: "list", ordered, items: kept });
  }
}

/** Spaces before and after each line end dropped, line by line: a regular expression of optional
 *  spaces around a line end is quadratic on a long run of spaces. Folded text: its only white
 *  space is spaces and line ends. */
function spacesAroundLineEndsDropped(text: string): string {
  if (!text.includes("\n")) return text;
  const lines = text.split("\n");
  return lines
    .map((line, index) => (index === 0 ? line.trimEnd() : index === lines.length - 1 ? line.trimStart() : line.trim()))
    .join("\n");
}

function sameMarks(a: readonly Mark[] | undefined, b: readonly Mark[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((mark, index) => mark === y[index]);
}

/** The text of a <pre> or code box exactly: line ends kept, <br> as line ends, no folding. */
export function preText(node: AnyNode | readonly AnyNode[]): string {
  let out = "";
  // The last character of `out`, kept apart: reading the end of a string built by `+=` flattens it (quadratic).
  let tail = "";
  const add = (text: string) => {
    out += text;
    if (text) tail = text[text.length - 1]!;
  };
  const walk = (current: AnyNode) => {
    if (current.type === "text") add((current as unknown as { data: string }).data.replace(/\u00a0/g, " "));
    else if (isElement(current) && current.type === "tag" && !SKIPPED.has(current.name)) {
      if (current.name === "br") add("\n");
      else {
        const block = current.name === "div" || current.name === "p" || current.name === "li";
        if (block && tail && tail !== "\n") add("\n");
        current.children.forEach(walk);
      }
    }
  };
  (Array.isArray(node) ? node : [node as AnyNode]).forEach(walk);
  // trimEnd, not /\s+$/: that expression is quadratic on a long run of white space not at the end.
  return out.replace(/^\r?\n/, "").trimEnd();
}

/** A text area's text as a browser shows it: htmlparser2 keeps it raw (entities undecoded), so
 *  it is read again as text alone (every "<" escaped, so nothing in it becomes markup). */
function textareaText(node: Element): string {
  const raw = node.children
    .map((child) => (child.type === "text" ? (child as unknown as { data: string }).data : ""))
    .join("");
  const decoded = load(raw.replace(/</g, "&lt;"), { xml: { xmlMode: false, decodeEntities: true } }, false)
    .root()
    .text();
  return decoded
    .replace(/^\r?\n/, "")
    .replace(/\r\n?/g, "\n")
    .trimEnd();
}

/** Nodes of a post (its message, its signature, a quote's text) into blocks. */
export function blocksOf(nodes: readonly AnyNode[], ctx: ContentContext): Block[] {
  const builder = new Builder(ctx);
  for (const node of nodes) builder.walk(node, []);
  builder.flush();
  return builder.blocks;
}
