// What a vBulletin generation's markup tells about one post and about the page, as the parser
// asks it. Each generation (vb2.ts … vb5.ts) answers from its own markup; pieces they share are here.
import type { CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import type { Poll } from "../../model.ts";
import { matchEditNote } from "../phrases.ts";
import { preText, type CodeShape, type QuoteShape } from "./content.ts";
import type { Crumb } from "./place.ts";
import { hasClass, isElement, linesOf, textOf } from "./text.ts";
import { postIdOf } from "./urls.ts";

export type Generation = "2" | "3" | "4" | "5";

/** One post as its markup shows it, before dates and numbers are read. */
export interface RawPost {
  element: Element;
  id?: string;
  numberText?: string;
  dateText?: string;
  /** A machine-readable date (vB5 `<time datetime>`). */
  dateIso?: string;
  name?: string;
  userTitle?: string;
  /** "Join Date: Apr 2008", "Posts: 1,482", … as label: value lines. */
  cardLines: string[];
  /** "Kieran Barry is offline" (status icon alt text or title). */
  statusText?: string;
  avatar: boolean;
  title?: string;
  icon?: string;
  message?: AnyNode[];
  signature?: AnyNode[];
  editText?: string;
  /** The edit note already read, for skins whose wording no language pack holds. */
  editNote?: { by: string; when: string; reason?: string };
  attachments: Element[];
  deletedText?: string;
  moderated: boolean;
}

export interface SimilarRow {
  title: string;
  href?: string;
  starter: string;
  forum: string;
  replies: string;
  lastPost: string;
}

export interface Skin {
  generation: Generation;
  /** A skin beyond the stock ones of its generation (a fork), named in warnings. */
  name?: string;
  /** Markup only this skin has, telling it apart when the page names no generator. */
  hallmark?: string;
  posts($: CheerioAPI): Element[];
  read($: CheerioAPI, post: Element): RawPost;
  quoteOf(element: Element): QuoteShape | undefined;
  codeOf(element: Element): CodeShape | undefined;
  title($: CheerioAPI): string | undefined;
  /** The nav bar's crumbs above the thread, home first, with their links. */
  breadcrumbs($: CheerioAPI): Crumb[];
  similar($: CheerioAPI): SimilarRow[];
  poll($: CheerioAPI): Poll | undefined;
}

/** Element children of a node. */
export const elementChildren = (node: Element): Element[] =>
  node.children.filter((child): child is Element => isElement(child) && child.type === "tag");

/** The first descendant matching a test, depth first. */
export function findFirst(nodes: readonly AnyNode[], test: (element: Element) => boolean): Element | undefined {
  for (const node of nodes) {
    if (!isElement(node)) continue;
    if (test(node)) return node;
    const inner = findFirst(node.children, test);
    if (inner) return inner;
  }
  return undefined;
}

export function isInside(node: AnyNode, ancestor: AnyNode): boolean {
  for (let current: AnyNode | null = node; current; current = current.parent) if (current === ancestor) return true;
  return false;
}

/** The "Originally Posted by NAME [View Post]" heading of a quote: the name in <strong>, the source in the link. */
export function postedBy(heading: Element): { author?: string; postId?: string } {
  const strong = findFirst(heading.children, (element) => element.name === "strong" || element.name === "b");
  const link = findFirst(heading.children, (element) => element.name === "a" && !!element.attribs.href);
  const author = strong ? textOf(strong) : undefined;
  const postId = link ? postIdOf(link.attribs.href) : undefined;
  return { ...(author ? { author } : {}), ...(postId ? { postId } : {}) };
}

/** vBulletin 4 and 5 boxes: `div.bbcode_container` holding a quote (`.bbcode_quote`) or code (`pre.bbcode_code`). */
export function bbcodeQuote(element: Element): QuoteShape | undefined {
  if (element.name !== "div" || !hasClass(element, "bbcode_container")) return undefined;
  const quote = findFirst(element.children, (inner) => hasClass(inner, "bbcode_quote"));
  if (!quote) return undefined;
  const box = findFirst(quote.children, (inner) => hasClass(inner, "quote_container")) ?? quote;
  const heading = findFirst(box.children, (inner) => hasClass(inner, "bbcode_postedby"));
  const message = findFirst(box.children, (inner) => hasClass(inner, "message"));
  const content = message
    ? message.children
    : box.children.filter(
        (child) =>
          !(isElement(child) && (hasClass(child, "bbcode_quote_container") || hasClass(child, "bbcode_postedby"))),
      );
  return { ...(heading ? postedBy(heading) : {}), content };
}

export function bbcodeCode(element: Element): CodeShape | undefined {
  if (element.name !== "div" || !hasClass(element, "bbcode_container")) return undefined;
  if (findFirst(element.children, (inner) => hasClass(inner, "bbcode_quote"))) return undefined;
  const code = findFirst(element.children, (inner) => hasClass(inner, "bbcode_code"));
  if (!code) return undefined;
  const description = findFirst(element.children, (inner) => hasClass(inner, "bbcode_description"));
  const label = description ? textOf(description) : "";
  return { text: preText(code.children), ...(label ? { label } : {}) };
}

/** An edit note in a post, outside its message: the first element whose text is one. */
export function editNoteIn(
  candidates: readonly Element[],
  message: readonly AnyNode[] | undefined,
): string | undefined {
  for (const candidate of candidates) {
    if (message?.some((node) => isInside(candidate, node))) continue;
    const text = textOf(candidate);
    if (matchEditNote(text)) return text;
  }
  return undefined;
}

/** Attachment boxes of a post (fieldsets outside the message). */
export function attachmentBoxes($: CheerioAPI, post: Element, message: readonly AnyNode[] | undefined): Element[] {
  return $(post)
    .find("fieldset")
    .toArray()
    .filter(
      (fieldset) => !message?.some((node) => isInside(fieldset, node)) && !$(fieldset).parents("fieldset").length,
    );
}

/** Lines of the author card that are "Label: value" fields. */
export function cardLinesOf(nodes: AnyNode | readonly AnyNode[]): string[] {
  return linesOf(nodes).filter((line) => /^[^:]{2,40}:\s*\S/.test(line));
}

/** Digits of "#12", "12", "Post 12", "1,482", "5 913" (French thousands, a no-break space). */
export const digitsOf = (text: string | undefined): string | undefined =>
  text ? /(\d(?:[\d.,]|[ \u00a0\u202f](?=\d{3}(?!\d)))*)/.exec(text)?.[1]?.replace(/[^\d]/g, "") : undefined;
