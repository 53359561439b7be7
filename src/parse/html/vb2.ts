// vBulletin 2.x thread pages, best effort: a post is the table row holding `<a name="post123">`
// (name and card in its first cell, title and message in its second) and the row after it
// (the date). Quotes and code are `<blockquote>` boxes ruled off by `<hr>`. Posts carry no
// counter: numbers are counted on the page (the parser warns).
import type { CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import type { Poll } from "../../model.ts";
import { preText, type CodeShape, type QuoteShape } from "./content.ts";
import { QUOTE_BY } from "./phrases.ts";
import { elementChildren, findFirst, type RawPost, type SimilarRow, type Skin } from "./skin.ts";
import { isElement, linesOf, textOf } from "./text.ts";

function quoteOf(element: Element): QuoteShape | undefined {
  if (element.name !== "blockquote") return undefined;
  const children = element.children;
  const rules = children.flatMap((child, index) => (isElement(child) && child.name === "hr" ? [index] : []));
  if (findFirst(children, (inner) => inner.name === "pre")) return undefined;
  let inner: AnyNode[] = rules.length >= 2 ? children.slice(rules[0]! + 1, rules.at(-1)) : rules.length === 1 ? children.slice(rules[0]! + 1) : children;
  // A box inside a <font> wrapper: look inside it.
  const only = inner.filter((node) => isElement(node) || textOf(node) !== "");
  if (only.length === 1 && isElement(only[0]) && (only[0] as Element).name === "font") inner = (only[0] as Element).children;
  // "Originally posted by <b>X</b>" (or the whole line in <i>): the author, then the quoted text.
  let author: string | undefined;
  const headIndex = inner.findIndex((node) => isElement(node) && /^(?:i|b|em|strong)$/.test(node.name) && QUOTE_BY.some((phrase) => textOf(node).toLowerCase().startsWith(phrase.toLowerCase())));
  if (headIndex >= 0) {
    const heading = textOf(inner[headIndex]);
    const phrase = QUOTE_BY.find((candidate) => heading.toLowerCase().startsWith(candidate.toLowerCase()))!;
    author = heading.slice(phrase.length).trim() || undefined;
    let next = headIndex + 1;
    if (!author) {
      const name = inner.slice(next).find((node) => isElement(node));
      if (name && isElement(name) && /^(?:b|strong)$/.test(name.name)) {
        author = textOf(name);
        next = inner.indexOf(name) + 1;
      }
    }
    while (next < inner.length && (textOf(inner[next]) === "" && !(isElement(inner[next]) && (inner[next] as Element).name !== "br"))) next++;
    inner = inner.slice(next);
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
  const headingFont = fonts.find((element) => element.name === "font" && $(element).find("b").length > 0 && $(element).attr("size") === "1");
  const title = headingFont ? textOf($(headingFont).find("b").first().toArray()) || undefined : undefined;
  const icon = headingFont ? $(headingFont).find("img").first().attr("alt") || undefined : undefined;
  const messageParts = main ? main.children.filter((node) => node !== headingFont) : [];
  const signatureIndex = messageParts.findIndex((node) => /^_{5,}/.test(textOf(node)));
  const message = signatureIndex >= 0 ? messageParts.slice(0, signatureIndex) : messageParts;
  const signatureNodes = signatureIndex >= 0 ? afterRule(messageParts[signatureIndex]!) : undefined;
  const dateRow = $(row).nextAll("tr").first();
  const dateText = textOf(dateRow.children("td").first().toArray()).replace(/^(?:Posted|Geschrieben):?\s*/i, "") || undefined;
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
    attachments: [],
    moderated: false,
  };
}

/** The nodes of a signature element after its "__________" text. */
function afterRule(node: AnyNode): AnyNode[] {
  if (!isElement(node)) return [];
  const children = node.children;
  const index = children.findIndex((child) => /_{5,}/.test(textOf(child)));
  const first = children[index];
  if (first && isElement(first) && first.name !== "br" && index >= 0 && textOf(first).replace(/_+/, "").trim() !== "") return afterRule(first);
  return children.slice(index + 1);
}

function title($: CheerioAPI): string | undefined {
  // The nav line "Site > Forum > Thread title": the last bold piece after the links.
  const nav = $("a[href*='forumdisplay.php']").last().parent();
  const bold = nav.find("b").last();
  return textOf(bold.toArray()) || undefined;
}

function breadcrumbs($: CheerioAPI): string[] {
  const last = $("a[href*='forumdisplay.php']").last();
  if (!last.length) return [];
  return last
    .parent()
    .find("a")
    .toArray()
    .map((link) => textOf(link))
    .filter(Boolean);
}

const similar = (): SimilarRow[] => [];
const poll = (): Poll | undefined => undefined;

export const VB2: Skin = { generation: "2", posts, read, quoteOf, codeOf, title, breadcrumbs, similar, poll };
