// What a vBulletin generation's markup tells about one post and about the page, as the parser
// asks it. Each generation (vb2.ts … vb5.ts) answers from its own markup; pieces they share are here.
import type { CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import type { Poll } from "../../model.ts";
import { matchEditNote } from "../phrases.ts";
import type { CodeShape, QuoteShape } from "./content.ts";
import { isElement, linesOf, textOf } from "./text.ts";
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
  posts($: CheerioAPI): Element[];
  read($: CheerioAPI, post: Element): RawPost;
  quoteOf(element: Element): QuoteShape | undefined;
  codeOf(element: Element): CodeShape | undefined;
  title($: CheerioAPI): string | undefined;
  breadcrumbs($: CheerioAPI): string[];
  similar($: CheerioAPI): SimilarRow[];
  poll($: CheerioAPI): Poll | undefined;
}

/** Element children of a node. */
export const elementChildren = (node: Element): Element[] => node.children.filter((child): child is Element => isElement(child) && child.type === "tag");

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
export function bbcodeQuote($: CheerioAPI, element: Element): QuoteShape | undefined {
  if (!$(element).hasClass("bbcode_container")) return undefined;
  const quote = $(element).find(".bbcode_quote").first();
  if (!quote.length) return undefined;
  const container = quote.find(".quote_container").first();
  const box = (container.length ? container : quote)[0]!;
  const heading = $(box).find(".bbcode_postedby").first()[0];
  const message = $(box).find(".message").first()[0];
  const content = message
    ? message.children
    : box.children.filter((child) => !(isElement(child) && ($(child).hasClass("bbcode_quote_container") || $(child).hasClass("bbcode_postedby"))));
  return { ...(heading ? postedBy(heading) : {}), content };
}

export function bbcodeCode($: CheerioAPI, element: Element): CodeShape | undefined {
  if (!$(element).hasClass("bbcode_container")) return undefined;
  const code = $(element).find("pre.bbcode_code, .bbcode_code").first();
  if (!code.length || $(element).find(".bbcode_quote").length) return undefined;
  const label = textOf($(element).find(".bbcode_description").first().toArray());
  return { text: preTextOf(code[0]!), ...(label ? { label } : {}) };
}

import { preText } from "./content.ts";
const preTextOf = (element: Element): string => preText(element.children);

/** An edit note in a post, outside its message: the first element whose text is one. */
export function editNoteIn(post: Element, candidates: readonly Element[], message: readonly AnyNode[] | undefined): string | undefined {
  for (const candidate of candidates) {
    if (message?.some((node) => isInside(candidate, node))) continue;
    const text = textOf(candidate);
    if (matchEditNote(text)) return text;
  }
  void post;
  return undefined;
}

/** Attachment boxes of a post (fieldsets outside the message). */
export function attachmentBoxes($: CheerioAPI, post: Element, message: readonly AnyNode[] | undefined): Element[] {
  return $(post)
    .find("fieldset")
    .toArray()
    .filter((fieldset) => !message?.some((node) => isInside(fieldset, node)) && !$(fieldset).parents("fieldset").length);
}

/** Lines of the author card that are "Label: value" fields. */
export function cardLinesOf(nodes: AnyNode | readonly AnyNode[]): string[] {
  return linesOf(nodes).filter((line) => /^[^:]{2,40}:\s*\S/.test(line));
}

/** Digits of "#12", "12", "Post 12". */
export const digitsOf = (text: string | undefined): string | undefined => (text ? /(\d[\d.,]*)/.exec(text)?.[1]?.replace(/[.,]/g, "") : undefined);
