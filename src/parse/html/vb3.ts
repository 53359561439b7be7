// vBulletin 3.x thread pages: one `<table id="post123">` per post (legacy and non-legacy
// postbits), `div#post_message_123`, `a#postcount123`, quotes and code boxes as
// `div > div.smallfont + table|pre`, Similar Threads as a five-column table, polls as a table of bars.
import type { CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import type { Poll } from "../../model.ts";
import type { Crumb } from "./place.ts";
import { preText, type CodeShape, type QuoteShape } from "./content.ts";
import { matchDeleted } from "./phrases.ts";
import {
  attachmentBoxes,
  cardLinesOf,
  digitsOf,
  editNoteIn,
  elementChildren,
  isInside,
  postedBy,
  type RawPost,
  type SimilarRow,
  type Skin,
} from "./skin.ts";
import { hasClass, textOf } from "./text.ts";

/** `div > div.smallfont ("Quote:") + table`: the quote box of vBulletin 3. */
function quoteOf(element: Element): QuoteShape | undefined {
  if (element.name !== "div") return undefined;
  const [label, box] = elementChildren(element);
  if (!label || !box || label.name !== "div" || !hasClass(label, "smallfont") || box.name !== "table") return undefined;
  const cell = findCell(box);
  if (!cell) return undefined;
  const parts = elementChildren(cell);
  const heading = parts[0];
  // "Originally Posted by <strong>X</strong> <a href="showthread.php?p=N#postN">": the heading div, then the quoted text.
  if (
    heading &&
    heading.name === "div" &&
    parts.length >= 2 &&
    heading.children.some((child) => child.type === "tag" && (child as Element).name === "strong")
  ) {
    const rest = cell.children.slice(cell.children.indexOf(heading) + 1);
    const only = rest.filter((node) => node.type === "tag");
    const content = only.length === 1 && (only[0] as Element).name === "div" ? (only[0] as Element).children : rest;
    return { ...postedBy(heading), content };
  }
  return { content: cell.children };
}

function findCell(table: Element): Element | undefined {
  for (const child of elementChildren(table)) {
    if (child.name === "td") return child;
    const inner = findCell(child);
    if (inner) return inner;
  }
  return undefined;
}

/** `div > div.smallfont ("Code:", "PHP Code:") + pre|div.alt2`. */
function codeOf(element: Element): CodeShape | undefined {
  if (element.name !== "div") return undefined;
  const [label, box] = elementChildren(element);
  if (!label || !box || label.name !== "div" || !hasClass(label, "smallfont")) return undefined;
  if (box.name !== "pre" && !(box.name === "div" && hasClass(box, "alt2"))) return undefined;
  return { label: textOf(label), text: preText(box.children) };
}

function posts($: CheerioAPI): Element[] {
  return $("table[id^='post']")
    .toArray()
    .filter((table) => /^post\d+$/.test(table.attribs.id ?? ""));
}

function read($: CheerioAPI, post: Element): RawPost {
  const $post = $(post);
  const id = /^post(\d+)$/.exec(post.attribs.id ?? "")?.[1];
  const counter = $post.find("a[id^='postcount']").first();
  const numberText =
    counter.attr("name") ??
    digitsOf(textOf(counter.toArray())) ??
    digitsOf(/postcount=(\d+)/.exec(counter.attr("href") ?? "")?.[1]);
  const dateCell = $post.find("td.thead").first().clone();
  dateCell.find("a[id^='postcount']").remove();
  // The counter's "#" stays behind when the link goes (before the date in the non-legacy postbit, after it in the legacy one).
  const dateText = textOf(dateCell.toArray()).replace(/^#\s*|\s*#$/g, "") || undefined;
  const message = $post.find(`#post_message_${id}`).first();
  const messageNodes = message.length ? message[0]!.children : undefined;
  const postCell = $post.find(`#td_post_${id}`).first();
  // The author card: the post table's own cells other than the message cell and the date bar.
  const userCells = $post
    .children("tbody, thead")
    .children("tr")
    .children("td")
    .add($post.children("tr").children("td"))
    .not(postCell)
    .not("td.thead");
  const nameLink = $post.find("a.bigusername").first();
  const menu = $post.find(`#postmenu_${id}`).first();
  const name = textOf((nameLink.length ? nameLink : menu).toArray()) || undefined;
  const titleDiv = menu.length ? menu.nextAll("div.smallfont").first() : $();
  const userTitle = textOf(titleDiv.toArray()) || undefined;
  const status = $post
    .find("img[src*='user_online'], img[src*='user_offline'], img[src*='user_invisible']")
    .first()
    .attr("alt");
  const avatar =
    $post.find("img[src*='avatar'], img[src*='image.php?u='], img[alt$=\"'s Avatar\"], img[alt^='Benutzerbild von ']")
      .length > 0;
  const heading = postCell.children("div.smallfont").first();
  const title = textOf(heading.find("strong").toArray()) || undefined;
  const icon = heading.find("img:not([src*='moderated'])").first().attr("alt") || undefined;
  let signature: Element | undefined;
  // The signature's div follows the message, as its sibling or (skins that wrap the message) further out.
  const after = message.nextAll("div").toArray();
  const inCell = postCell
    .find("div")
    .toArray()
    .filter((div) => !message.toArray().some((node) => isInside(div, node)));
  for (const div of after.length ? [...after, ...inCell] : inCell) {
    const first = div.children.find(
      (child) => child.type !== "text" || (child as unknown as { data: string }).data.trim() !== "",
    );
    if (first?.type === "text" && /^_{3,}$/.test((first as unknown as { data: string }).data.trim())) {
      signature = div;
      break;
    }
  }
  const signatureNodes = signature ? afterSeparator(signature) : undefined;
  const candidates = postCell.find("em, div.smallfont").toArray();
  const editText = editNoteIn(candidates, [...(messageNodes ?? []), ...(signature ? [signature] : [])]);
  const deletedLine = messageNodes
    ? undefined
    : $post
        .find("td")
        .toArray()
        .map((cell) => textOf(cell))
        .find((text) => matchDeleted(text));
  return {
    element: post,
    ...(id ? { id } : {}),
    ...(numberText ? { numberText } : {}),
    ...(dateText ? { dateText } : {}),
    ...(name ? { name } : {}),
    ...(userTitle ? { userTitle } : {}),
    cardLines: cardLinesOf(userCells.toArray()),
    ...(status ? { statusText: status } : {}),
    avatar,
    ...(title ? { title } : {}),
    ...(icon ? { icon } : {}),
    ...(messageNodes ? { message: messageNodes } : {}),
    ...(signatureNodes ? { signature: signatureNodes } : {}),
    ...(editText ? { editText } : {}),
    attachments: attachmentBoxes($, post, messageNodes),
    ...(deletedLine && !messageNodes ? { deletedText: deletedLine } : {}),
    moderated: $post.find("img[src*='moderated']").length > 0 || /moderated/i.test(post.attribs.class ?? ""),
  };
}

/** A signature's nodes after its "__________________" line and the <br> that ends it. */
function afterSeparator(signature: Element): Element["children"] {
  const children = signature.children;
  let index = children.findIndex(
    (child) => child.type === "text" && /_{3,}/.test((child as unknown as { data: string }).data),
  );
  index++;
  while (
    index < children.length &&
    (children[index]!.type === "text"
      ? (children[index] as unknown as { data: string }).data.trim() === ""
      : (children[index] as Element).name === "br")
  ) {
    const isBreak = children[index]!.type === "tag";
    index++;
    if (isBreak) break;
  }
  return children.slice(index);
}

function title($: CheerioAPI): string | undefined {
  const strong = $("td.navbar strong").last();
  return textOf(strong.toArray()) || undefined;
}

/** The nav bar's links; skins that show the nav bar twice (above and below the posts) give it once. */
function breadcrumbs($: CheerioAPI): Crumb[] {
  const crumbs: Crumb[] = [];
  for (const link of $("span.navbar a").toArray()) {
    const crumb = { name: textOf(link), href: link.attribs.href };
    if (!crumb.name) continue;
    if (crumbs.some((earlier) => earlier.name === crumb.name && earlier.href === crumb.href)) break;
    crumbs.push(crumb);
  }
  return crumbs;
}

function similar($: CheerioAPI): SimilarRow[] {
  const rows: SimilarRow[] = [];
  for (const row of $("#collapseobj_similarthreads tr").toArray()) {
    const cells = $(row).children("td").toArray();
    const link = $(cells[0]).find("a[href*='showthread'], a[href]").first();
    if (cells.length < 5 || !link.length) continue;
    rows.push({
      title: textOf(link.toArray()),
      href: link.attr("href"),
      starter: textOf(cells[1]),
      forum: textOf(cells[2]),
      replies: textOf(cells[3]),
      lastPost: textOf(cells[4]),
    });
  }
  return rows;
}

/** The results table: a `td.tcat` with the question in `span.normal`, one row per option with a bar image. */
function poll($: CheerioAPI): Poll | undefined {
  const bar = $("img[src*='polls/bar']").first();
  if (!bar.length) return undefined;
  const table = bar.closest("table");
  const question =
    textOf(table.find("td.tcat span.normal").first().toArray()) || textOf(table.find("td.tcat").first().toArray());
  const options: Poll["options"] = [];
  for (const row of table.find("tr").toArray()) {
    if (!$(row).find("img[src*='polls/bar']").length) continue;
    const cells = $(row).children("td").toArray();
    const text = textOf(cells[0]);
    const votes = digitsOf(textOf($(row).find("strong").first().toArray()));
    const percentText = cells.map((cell) => textOf(cell)).find((cell) => /%$/.test(cell));
    const percent = percentText ? Number(percentText.replace("%", "").replace(",", ".")) : undefined;
    options.push({
      text,
      ...(votes ? { votes: Number(votes) } : {}),
      ...(percent !== undefined && !Number.isNaN(percent) ? { percent } : {}),
    });
  }
  const footer = textOf(table.find("td.tfoot, tr:last-child td").last().toArray());
  const voters = digitsOf(/:\s*(\d[\d.,]*)/.exec(footer)?.[1]);
  return {
    question,
    options,
    ...(voters ? { voters: Number(voters) } : {}),
    ...(table.find("img[src*='poll_closed'], .pollclosed").length ? { closed: true } : {}),
  };
}

export const VB3: Skin = { generation: "3", posts, read, quoteOf, codeOf, title, breadcrumbs, similar, poll };
