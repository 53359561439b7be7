// vBulletin BBCode (a post's `pagetext`, a signature) to the archive's blocks, through
// @bbob/parser. Only the tags vBulletin ships are read as tags; any other, and any tag left
// unclosed, stays literal text exactly as written. Nothing becomes markup: [html] is a code box,
// and text keeps <, > and & as characters for the renderer to escape. Pure: text in, blocks out.
import { parse } from "@bbob/parser";
import type { Block, Inline, Mark } from "../../model.ts";
import { decodeNumericEntities, decodeTitle } from "./text.ts";

interface TagNode {
  tag: string;
  attrs: Record<string, string>;
  content: Node[] | null;
  start?: { from: number; to: number };
  end?: { from: number; to: number };
}
type Node = string | TagNode;

export interface BbcodeContext {
  /** The old board's address ("http://example.com/forum"), for [thread] and [post] links. */
  boardUrl?: string;
  /** The file name of the post's attachment `id`, for [attach]; undefined when it has none of that id. */
  attachmentName?: (id: string) => string | undefined;
}

const RAW_TAGS = ["code", "php", "html", "noparse"];
const CODE_LABELS: Record<string, string> = { code: "Code:", php: "PHP Code:", html: "HTML Code:" };
const MARKS: Record<string, Mark> = { b: "bold", i: "italic", u: "underline", s: "strike" };
/** Tags whose content is kept as it is, with nothing around it (the archive shows no colours or sizes). */
const PLAIN_TAGS = new Set(["color", "size", "font", "highlight"]);
const BLOCK_TAGS = new Set(["left", "center", "right", "indent"]);
const KNOWN_TAGS = new Set([
  ...RAW_TAGS,
  ...Object.keys(MARKS),
  ...PLAIN_TAGS,
  ...BLOCK_TAGS,
  "url",
  "email",
  "img",
  "video",
  "quote",
  "list",
  "attach",
  "thread",
  "post",
  "hr",
]);

/** The blocks of a BBCode text. */
export function bbcodeToBlocks(text: string, context: BbcodeContext = {}): Block[] {
  const source = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  // Text before the first "[" holds no tag, nor does text after the last "]" with no "[" after it:
  // both are plain text at the top level (a tag still open there is read as literal text), so only
  // the span between goes through the parser, which would split the rest into words.
  const first = source.indexOf("[");
  if (first < 0) {
    const builder = new BlockBuilder(source, context);
    builder.nodes([source], []);
    return builder.finish();
  }
  const close = source.lastIndexOf("]");
  const end = close > first && !source.includes("[", close) ? close + 1 : source.length;
  const tagged = end - first === source.length ? source : source.slice(first, end);
  const builder = new BlockBuilder(tagged, context);
  builder.nodes([source.slice(0, first)], []);
  builder.nodes(parse(tagged, { caseFreeTags: true, contextFreeTags: RAW_TAGS }) as Node[], []);
  builder.nodes([source.slice(end)], []);
  return builder.finish();
}

class BlockBuilder {
  readonly #blocks: Block[] = [];
  #inlines: Inline[] = [];

  constructor(
    private readonly source: string,
    private readonly context: BbcodeContext,
  ) {}

  finish(): Block[] {
    this.#flush();
    return this.#blocks;
  }

  nodes(nodes: readonly Node[], marks: Mark[]): void {
    for (const node of nodes) {
      if (typeof node === "string") this.#text(decodeNumericEntities(node), marks);
      else this.#tag(node, marks);
    }
  }

  #text(text: string, marks: Mark[]): void {
    if (text === "") return;
    const last = this.#inlines.at(-1);
    if (last?.type === "text" && sameMarks(last.marks, marks)) last.text += text;
    else this.#inlines.push(marks.length ? { type: "text", text, marks: [...marks] } : { type: "text", text });
  }

  #tag(node: TagNode, marks: Mark[]): void {
    const tag = node.tag.toLowerCase();
    // An unclosed tag (or one vBulletin does not know) is text: its own characters, then its content.
    if (!KNOWN_TAGS.has(tag) || (!node.end && !["hr", "*"].includes(tag))) return this.#literal(node, marks);
    const mark = MARKS[tag];
    if (mark) return this.nodes(node.content ?? [], marks.includes(mark) ? marks : [...marks, mark]);
    if (PLAIN_TAGS.has(tag)) return this.nodes(node.content ?? [], marks);
    if (BLOCK_TAGS.has(tag)) {
      this.#flush();
      this.nodes(node.content ?? [], marks);
      return this.#flush();
    }
    if (tag in CODE_LABELS)
      return this.#block({
        type: "code",
        text: trimNewlines(decodeNumericEntities(this.#inner(node))),
        label: CODE_LABELS[tag]!,
      });
    if (tag === "noparse") return this.#text(decodeNumericEntities(this.#inner(node)), marks);
    if (tag === "quote") return this.#block(this.#quote(node));
    if (tag === "list") return this.#block(this.#list(node));
    if (tag === "hr") return this.#block({ type: "paragraph", inlines: [{ type: "text", text: "———" }] });
    this.#inline(tag, node, marks);
  }

  #inline(tag: string, node: TagNode, marks: Mark[]): void {
    const option = optionOf(node);
    const inner = decodeNumericEntities(plainText(node.content ?? []));
    if (tag === "url" || tag === "video") {
      const href = withScheme(tag === "video" ? inner.trim() : (option ?? inner).trim());
      return this.#link({ type: "link", href, text: inner.trim() || href }, marks);
    }
    if (tag === "img") {
      const href = withScheme(inner.trim());
      return this.#link(
        { type: "link", href, text: href.split(/[/?#]/).filter(Boolean).at(-1) ?? href, image: true },
        marks,
      );
    }
    if (tag === "email") return this.#text(option && option !== inner ? `${inner} (${option})` : inner, marks);
    if (tag === "attach") {
      // The post's own attachment: shown where the text names it (the site finds its file by id).
      // vBulletin 5 names its attachment node as "n107" or in JSON ({"data-attachmentid":107,…}),
      // and serves it at filedata/fetch?id=.
      const raw = inner.trim();
      const vb5Id = /^n(\d+)$/.exec(raw)?.[1] ?? /"data-attachmentid"\s*:\s*"?(\d+)/.exec(raw)?.[1];
      const id = vb5Id ?? raw;
      const name = this.context.attachmentName?.(id);
      if (name === undefined) return this.#text(`[Attachment: ${id}]`, marks);
      const path = vb5Id !== undefined ? `filedata/fetch?id=${id}` : `attachment.php?attachmentid=${id}`;
      const href = `${this.context.boardUrl ? `${this.context.boardUrl}/` : ""}${path}`;
      return this.#link({ type: "link", href, text: name, attachment: id }, marks);
    }
    // [thread=12]text[/thread], [thread]12[/thread], the same for [post]: the old address, which the
    // archive's redirects lead to the new page.
    const id = (option ?? inner).trim();
    const board = this.context.boardUrl;
    if (!/^\d+$/.test(id) || !board) return this.#text(inner, marks);
    const href = tag === "thread" ? `${board}/showthread.php?t=${id}` : `${board}/showthread.php?p=${id}#post${id}`;
    this.#link({ type: "link", href, text: inner.trim() || href }, marks);
  }

  #link(link: Extract<Inline, { type: "link" }>, marks: Mark[]): void {
    this.#inlines.push(marks.length ? { ...link, marks: [...marks] } : link);
  }

  #quote(node: TagNode): Block {
    const option = optionOf(node);
    const match = option === undefined ? null : /^(.*?)(?:;\s*n?(\d+))?$/s.exec(option); // vBulletin 5: "Name;n1234" (a node id)
    const author = match?.[1] ? decodeTitle(match[1].replace(/^"(.*)"$/s, "$1")).trim() : undefined;
    const inner = new BlockBuilder(this.source, this.context);
    inner.nodes(node.content ?? [], []);
    return {
      type: "quote",
      ...(author ? { author } : {}),
      ...(match?.[2] ? { postId: match[2] } : {}),
      blocks: inner.finish(),
    };
  }

  #list(node: TagNode): Block {
    const items: Node[][] = [];
    for (const child of node.content ?? []) {
      if (typeof child !== "string" && child.tag === "*") items.push([...(child.content ?? [])]);
      else if (items.length) items.at(-1)!.push(child);
      else if (typeof child !== "string" || child.trim() !== "") items.push([child]);
    }
    const blocks = items.map((item) => {
      const builder = new BlockBuilder(this.source, this.context);
      builder.nodes(item, []);
      return builder.finish();
    });
    return { type: "list", ordered: optionOf(node) !== undefined, items: blocks };
  }

  /** The text between a tag's own brackets, exactly as written. */
  #inner(node: TagNode): string {
    return node.start && node.end ? this.source.slice(node.start.to, node.end.from) : plainText(node.content ?? []);
  }

  #literal(node: TagNode, marks: Mark[]): void {
    this.#text(node.start ? this.source.slice(node.start.from, node.start.to) : `[${node.tag}]`, marks);
    this.nodes(node.content ?? [], marks);
    if (node.end) this.#text(this.source.slice(node.end.from, node.end.to), marks);
  }

  #block(block: Block): void {
    this.#flush();
    this.#blocks.push(block);
  }

  /** The inlines gathered so far as paragraphs: a blank line parts two. */
  #flush(): void {
    const inlines = this.#inlines;
    this.#inlines = [];
    let paragraph: Inline[] = [];
    const close = () => {
      const trimmed = trimParagraph(paragraph);
      if (trimmed.length) this.#blocks.push({ type: "paragraph", inlines: trimmed });
      paragraph = [];
    };
    for (const inline of inlines) {
      // A text with no blank line in it is one part: kept as it is (a paragraph's inlines are its own).
      if (inline.type !== "text" || !inline.text.includes("\n")) {
        if (inline.type !== "text" || inline.text) paragraph.push(inline);
        continue;
      }
      const parts = inline.text.split(/\n[ \t]*\n\s*/);
      parts.forEach((part, index) => {
        if (index > 0) close();
        if (part) paragraph.push(parts.length === 1 ? inline : { ...inline, text: part });
      });
    }
    close();
  }
}

function sameMarks(a: readonly Mark[] | undefined, b: readonly Mark[]): boolean {
  const marks = a ?? NO_MARKS;
  if (marks.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (marks[i] !== b[i]) return false;
  return true;
}
const NO_MARKS: readonly Mark[] = [];

/** `[url=X]`: bbob keeps the option as an attribute named by its own value. */
function optionOf(node: TagNode): string | undefined {
  const values = Object.values(node.attrs ?? {});
  return values.length ? values.join(" ") : undefined;
}

function plainText(nodes: readonly Node[]): string {
  return nodes.map((node) => (typeof node === "string" ? node : plainText(node.content ?? []))).join("");
}

/** vBulletin links "www.example.com" as http://www.example.com. */
function withScheme(href: string): string {
  return /^www\./i.test(href) ? `http://${href}` : href;
}

function trimNewlines(text: string): string {
  return text.replace(/^\n+/, "").replace(/\s+$/, "");
}

/** A paragraph without the line breaks and spaces that open or close it. */
function trimParagraph(inlines: Inline[]): Inline[] {
  let from = 0;
  let to = inlines.length;
  while (from < to && isBlank(inlines[from]!)) from++;
  while (to > from && isBlank(inlines[to - 1]!)) to--;
  const out = from === 0 && to === inlines.length ? inlines : inlines.slice(from, to);
  const first = out[0];
  if (first?.type === "text") {
    const text = first.text.replace(/^\s*\n/, "");
    if (text !== first.text) out[0] = { ...first, text };
  }
  const last = out.at(-1);
  if (last?.type === "text") {
    const text = last.text.replace(/\n\s*$/, "");
    if (text !== last.text) out[out.length - 1] = { ...last, text };
  }
  return out;
}

const isBlank = (inline: Inline) => inline.type === "text" && inline.text.trim() === "";
