// A saved page's DOM: htmlparser2 in HTML mode (as cheerio would run it), with two guards against
// deeply nested markup (a post of 100,000 unclosed <b><i>, a 1 MB staircase of <div> or <ul><li>):
// - htmlparser2 keeps its open tags top first, with Array unshift, shift and indexOf on index 0:
//   each tag costs as much as the nesting is deep, so deep nesting parses in quadratic time. Its
//   two stacks are replaced by ones kept the other way round (constant time a tag).
// - Elements nested deeper than MAX_DEPTH are not built: what they hold goes into the element
//   at that depth, as text (line breaks where block elements opened and closed, images and other
//   empty elements kept), so no word is lost. No tree walk (ours, domutils' `find` under cheerio's
//   selectors, which is quadratic in depth too) then meets more than MAX_DEPTH levels, and no
//   recursive walker can overflow the stack. Each place that was flattened is reported.
import { DomHandler, type Document, type ParentNode } from "domhandler";
import { Parser } from "htmlparser2";
import { BLOCKS } from "./text.ts";

/** Elements a reader never sees the text of (text.ts skips them in built markup); flattened, their
 *  text is left out too. */
const HIDDEN = new Set(["noscript", "template", "select", "option", "button", "svg", "head"]);

/** Levels of elements below the document that are built; what is deeper is read as its text. */
export const MAX_DEPTH = 200;

/** Elements without children (htmlparser2's void elements) and those whose content the
 *  tokenizer reads as raw text: built at any depth, as they add at most one level. */
const LEAVES = new Set([
  "area",
  "base",
  "basefont",
  "br",
  "col",
  "command",
  "embed",
  "frame",
  "hr",
  "image",
  "img",
  "input",
  "keygen",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
  "script",
  "style",
  "title",
  "textarea",
  "xmp",
]);

/** Where markup was nested deeper than MAX_DEPTH: the element that took the deeper content, and
 *  the offset in the source of the first element not built. */
export interface Flattened {
  element: ParentNode;
  startIndex: number;
}

/** A stack with htmlparser2's top-first interface (`[0]` is the top, `unshift` pushes, `shift`
 *  pops, `indexOf` counts from the top), kept bottom first so each of them takes constant time
 *  (`indexOf`: as long as the distance to the match, which the parser then pops; a name not open
 *  is answered from a count). */
class TopFirstStack<T> {
  private readonly items: T[] = [];
  private readonly counts = new Map<T, number>();

  get 0(): T | undefined {
    return this.items[this.items.length - 1];
  }

  get length(): number {
    return this.items.length;
  }

  set length(value: number) {
    if (value !== 0) throw new Error("only emptying is supported");
    this.items.length = 0;
    this.counts.clear();
  }

  unshift(item: T): number {
    this.items.push(item);
    this.counts.set(item, (this.counts.get(item) ?? 0) + 1);
    return this.items.length;
  }

  shift(): T | undefined {
    if (this.items.length === 0) return undefined;
    const item = this.items.pop()!;
    this.counts.set(item, this.counts.get(item)! - 1);
    return item;
  }

  indexOf(item: T): number {
    if (!this.counts.get(item)) return -1;
    for (let index = this.items.length - 1; index >= 0; index--)
      if (this.items[index] === item) return this.items.length - 1 - index;
    return -1;
  }
}

/** The DomHandler that builds MAX_DEPTH levels and flattens what is deeper into text. */
class DepthCappedHandler extends DomHandler {
  readonly flattened: Flattened[] = [];
  /** Per open tag, top last: undefined when built, its name when flattened. */
  private readonly open: (string | undefined)[] = [];
  private source: { startIndex: number | null } | undefined;
  /** Flattened elements open now that hide their text, and flattened <pre>s (line ends kept). */
  private hiddenOpen = 0;
  private preOpen = 0;

  override onparserinit(parser: { startIndex: number | null; endIndex: number | null }): void {
    super.onparserinit(parser);
    this.source = parser;
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    // tagStack holds the document too: its length is the depth of the element opened here.
    if (this.tagStack.length <= MAX_DEPTH || LEAVES.has(name)) {
      this.open.push(undefined);
      super.onopentag(name, attribs);
      return;
    }
    this.open.push(name);
    if (HIDDEN.has(name)) this.hiddenOpen++;
    if (name === "pre") this.preOpen++;
    const element = this.tagStack[this.tagStack.length - 1]!;
    if (this.flattened.at(-1)?.element !== element)
      this.flattened.push({ element, startIndex: this.source?.startIndex ?? 0 });
    if (BLOCKS.has(name)) this.lineBreak();
  }

  override onclosetag(): void {
    // htmlparser2 closes what is still open at the end once more; those pops are the built ones.
    const name = this.open.pop();
    if (name === undefined) super.onclosetag();
    else {
      if (HIDDEN.has(name)) this.hiddenOpen--;
      if (name === "pre") this.preOpen--;
      if (BLOCKS.has(name)) this.lineBreak();
    }
  }

  override ontext(data: string): void {
    if (this.hiddenOpen > 0) return;
    if (this.preOpen === 0 || !data.includes("\n")) {
      super.ontext(data);
      return;
    }
    // A flattened <pre> is read as text, which folds line ends: each becomes a <br>.
    data.split("\n").forEach((part, index) => {
      if (index > 0) this.lineBreak();
      if (part !== "") super.ontext(part);
    });
  }

  /** A <br> where a flattened block element began or ended, so its text stays on its own line. */
  private lineBreak(): void {
    super.onopentag("br", {});
    super.onclosetag();
  }
}

interface ParserStacks {
  stack: unknown;
  foreignContext: unknown;
}

/** Non-void elements closed by "/>": a page written out as XHTML. */
const SELF_CLOSED = /<(?:div|span|a|p|ul|ol|li|td|tr|table|b|i|font|blockquote)(?:\s[^<>]*)?\/>/i;
function isXhtmlSerialized(html: string): boolean {
  return SELF_CLOSED.test(html);
}

/** The page's document, as cheerio's `load(html, { xml: { xmlMode: false, decodeEntities: true,
 *  withStartIndices: true } })` builds it, and where nesting deeper than MAX_DEPTH was flattened. */
export function parseDeepSafe(html: string): { document: Document; flattened: Flattened[] } {
  const handler = new DepthCappedHandler(undefined, { withStartIndices: true });
  // A page saved by serializing its DOM as XHTML writes empty elements as `<div class="x"/>`: read
  // so, or the empty div would swallow what follows (a quote's text into its icon's box).
  const parser = new Parser(handler, {
    xmlMode: false,
    decodeEntities: true,
    recognizeSelfClosing: isXhtmlSerialized(html),
  });
  const stacks = parser as unknown as ParserStacks;
  // Private to htmlparser2: should a later version keep them otherwise, they are left alone
  // (still right, only slow on deep nesting, which the timings of test/parse-safety.test.ts catch).
  if (Array.isArray(stacks.stack) && stacks.stack.length === 0 && Array.isArray(stacks.foreignContext)) {
    const foreign = new TopFirstStack<boolean>();
    for (const value of [...(stacks.foreignContext as boolean[])].reverse()) foreign.unshift(value);
    stacks.stack = new TopFirstStack<string>();
    stacks.foreignContext = foreign;
  }
  parser.end(html);
  return { document: handler.root, flattened: handler.flattened };
}
