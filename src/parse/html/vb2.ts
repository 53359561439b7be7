// vBulletin 2.x thread pages, best effort: a post is the table row holding `<a name="post123">`
// (name and card in its first cell, title and message in its second) and the row after it
// (the date). Quotes and code are `<blockquote>` boxes ruled off by `<hr>`. Posts carry no
// counter: numbers are counted on the page (the parser warns).
import type { CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import type { Poll } from "../../model.ts";
import type { Crumb } from "./place.ts";
import { preText, type CodeShape, type QuoteShape } from "./content.ts";
import { matchEditNote } from "../phrases.ts";
import { ATTACHMENT_LINES, QUOTE_BY, isPostbitChrome } from "./phrases.ts";
import { elementChildren, findFirst, type RawPost, type SimilarRow, type Skin } from "./skin.ts";
import { isElement, linesOf, textOf } from "./text.ts";

function quoteOf(element: Element): QuoteShape | undefined {
  if (element.name !== "blockquote") return undefined;
  // The parser carries open <font> tags into the box: look through wrappers that are all it holds.
  let children = element.children;
  for (;;) {
    const significant = children.filter((node) => isElement(node) || textOf(node) !== "");
    const only = significant[0];
    if (significant.length !== 1 || !isElement(only) || !/^(?:font|span|div)$/.test(only.name)) break;
    children = only.children;
  }
  const rules = children.flatMap((child, index) => (isElement(child) && child.name === "hr" ? [index] : []));
  if (findFirst(children, (inner) => inner.name === "pre")) return undefined;
  let inner: AnyNode[] =
    rules.length >= 2
      ? children.slice(rules[0]! + 1, rules.at(-1))
      : rules.length === 1
        ? children.slice(rules[0]! + 1)
        : children;
  // A box inside a <font> wrapper: look inside it.
  const only = inner.filter((node) => isElement(node) || textOf(node) !== "");
  if (only.length === 1 && isElement(only[0]) && (only[0] as Element).name === "font")
    inner = (only[0] as Element).children;
  // The first line ("Originally posted by <b>X</b>", or the whole line in <i>) names the author.
  let author: string | undefined;
  const lineEnd = inner.findIndex((node) => isElement(node) && node.name === "br");
  const firstLine = textOf(lineEnd >= 0 ? inner.slice(0, lineEnd) : inner);
  const phrase = QUOTE_BY.find(
    (candidate) => firstLine.toLowerCase().startsWith(candidate.toLowerCase()) && !candidate.endsWith(":"),
  );
  if (phrase && lineEnd >= 0) {
    author = firstLine.slice(phrase.length).trim() || undefined;
    inner = inner.slice(lineEnd + 1);
  }
  return { ...(author ? { author } : {}), content: inner };
}

function codeOf(element: Element): CodeShape | undefined {
  if (element.name !== "blockquote") return undefined;
  const pre = findFirst(element.children, (inner) => inner.name === "pre");
  return pre ? { text: preText(pre.children), label: "code:" } : undefined;
}

function posts($: CheerioAPI): Element[] {
  return $("a[name^='post']")
    .toArray()
    .filter((anchor) => /^post\d+$/.test(anchor.attribs.name ?? ""))
    .map((anchor) => $(anchor).closest("tr")[0])
    .filter((row): row is Element => row !== undefined);
}

function read($: CheerioAPI, row: Element): RawPost {
  const cells = elementChildren(row).filter((cell) => cell.name === "td");
  const [card, main] = cells;
  const anchor = $(row).find("a[name^='post']").first();
  const id = /^post(\d+)$/.exec(anchor.attr("name") ?? "")?.[1];
  const name = card ? textOf($(card).find("b").first().toArray()) || undefined : undefined;
  const cardLines = card ? linesOf(card).filter((line) => line !== name) : [];
  const userTitle = cardLines.find((line) => !line.includes(":"));
  const fonts = main ? elementChildren(main) : [];
  const headingFont = fonts.find(
    (element) => element.name === "font" && $(element).find("b").length > 0 && $(element).attr("size") === "1",
  );
  const title = headingFont ? textOf($(headingFont).find("b").first().toArray()) || undefined : undefined;
  const icon = headingFont ? $(headingFont).find("img").first().attr("alt") || undefined : undefined;
  const parts = main ? main.children.filter((node) => node !== headingFont) : [];
  const { kept, editText, attachments } = postbitParts(parts);
  const signatureIndex = kept.findIndex((node) => /^_{5,}/.test(textOf(node)));
  const message = signatureIndex >= 0 ? kept.slice(0, signatureIndex) : kept;
  // The signature runs from its rule to the end of the post, whatever paragraphs follow it.
  const signatureNodes =
    signatureIndex >= 0 ? [...afterRule(kept[signatureIndex]!), ...kept.slice(signatureIndex + 1)] : undefined;
  const dateRow = $(row).nextAll("tr").first();
  const dateText =
    textOf(dateRow.children("td").first().toArray()).replace(/^(?:Posted|Geschrieben):?\s*/i, "") || undefined;
  return {
    element: row,
    ...(id ? { id } : {}),
    ...(dateText ? { dateText } : {}),
    ...(name ? { name } : {}),
    ...(userTitle ? { userTitle } : {}),
    cardLines: cardLines.filter((line) => line.includes(":")),
    avatar: card ? $(card).find("img[src*='avatar']").length > 0 : false,
    ...(title ? { title } : {}),
    ...(icon ? { icon } : {}),
    message,
    ...(signatureNodes?.length ? { signature: signatureNodes } : {}),
    ...(editText ? { editText } : {}),
    attachments,
    moderated: false,
  };
}

/** The message cell's parts sorted by rule: the postbit's own links ("Report this post to a
 *  moderator | IP: Logged") are chrome, "Last edited by X on DATE" the edit note (before or after
 *  the signature), "Attachment: NAME" paragraphs attachments; the rest is the post. */
function postbitParts(parts: readonly AnyNode[]): { kept: AnyNode[]; editText?: string; attachments: Element[] } {
  const kept: AnyNode[] = [];
  const attachments: Element[] = [];
  let editText: string | undefined;
  for (const part of parts) {
    if (!isElement(part)) {
      kept.push(part);
      continue;
    }
    const text = textOf(part);
    if (isPostbitChrome(text)) continue;
    if (!editText && matchEditNote(text)) {
      editText = text;
      continue;
    }
    const attachmentLink = (inner: Element) => inner.name === "a" && /attachment\.php/i.test(inner.attribs.href ?? "");
    if (ATTACHMENT_LINES.some((pattern) => pattern.test(text)) && findFirst([part], attachmentLink)) {
      attachments.push(part);
      continue;
    }
    kept.push(part);
  }
  return { kept, ...(editText ? { editText } : {}), attachments };
}

/** The nodes of a signature element after its "__________" text. */
function afterRule(node: AnyNode): AnyNode[] {
  if (!isElement(node)) return [];
  const children = node.children;
  const index = children.findIndex((child) => /_{5,}/.test(textOf(child)));
  const first = children[index];
  if (first && isElement(first) && first.name !== "br" && index >= 0 && textOf(first).replace(/_+/, "").trim() !== "")
    return afterRule(first);
  return children.slice(index + 1);
}

/** The nav line "Site > Forum > Thread title": the first line of forum links outside the posts
 *  (a link in a post is never the page's place). */
function navLine($: CheerioAPI) {
  const rows = new Set<AnyNode>(posts($));
  const inPost = (node: AnyNode) => {
    for (let current: AnyNode | null = node; current; current = current.parent) if (rows.has(current)) return true;
    return false;
  };
  const link = $("a[href*='forumdisplay.php']")
    .toArray()
    .find((candidate) => !inPost(candidate) && textOf(candidate.parent ?? []).includes(" > "));
  return link ? $(link).parent() : $();
}

/** The text after the nav line's last link; none when the line ends with a link (the forum). */
function title($: CheerioAPI): string | undefined {
  const line = navLine($);
  const pieces = textOf(line.toArray()).split(" > ");
  const last = pieces.at(-1)?.trim();
  const lastLink = textOf(line.find("a").last().toArray());
  return pieces.length > 1 && last && last !== lastLink ? last : undefined;
}

function breadcrumbs($: CheerioAPI): Crumb[] {
  return navLine($)
    .find("a")
    .toArray()
    .map((link) => ({ name: textOf(link), href: link.attribs.href }))
    .filter((crumb) => crumb.name);
}

const similar = (): SimilarRow[] => [];
const poll = (): Poll | undefined => undefined;

export const VB2: Skin = { generation: "2", posts, read, quoteOf, codeOf, title, breadcrumbs, similar, poll };
