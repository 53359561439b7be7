// The Something Awful Forums: a heavily modified vBulletin 2.2.9 fork. A post is
// `<table class="post" id="post123" data-idx="48561">` (data-idx: its number in the thread, so
// numbers run on across pages): `dt.author`, `dd.registered`, `dd.title`, the message in
// `td.postbody`, the date in `td.postdate`, the edit note in `p.editedby`. Quotes are
// `div.bbc-block` with an `h4` ("NAME posted:", linked to the quoted post), code boxes
// `div.bbc-block.code` with an `h5` label and a `pre`.
import type { CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import type { Poll } from "../../model.ts";
import { preText, type CodeShape, type QuoteShape } from "./content.ts";
import { QUOTE_BY, QUOTE_POSTED, matchSaEditNote } from "./phrases.ts";
import type { Crumb } from "./place.ts";
import { elementChildren, findFirst, type RawPost, type SimilarRow, type Skin } from "./skin.ts";
import { hasClass, isElement, textOf } from "./text.ts";
import { postIdOf } from "./urls.ts";

function posts($: CheerioAPI): Element[] {
  return $("table.post[id^='post']")
    .toArray()
    .filter((table) => /^post\d+$/.test(table.attribs.id ?? ""));
}

/** "NAME posted:" (a broken one writes `NAME" post="123 posted:`, the quoted post's id inside). */
function quoteHeading(heading: Element): { author?: string; postId?: string } {
  let text = textOf(heading);
  // A bare "quote:" heading names nobody.
  if (QUOTE_BY.some((label) => label.endsWith(":") && label.toLowerCase() === text.toLowerCase())) text = "";
  for (const tail of QUOTE_POSTED) if (text.endsWith(tail)) text = text.slice(0, -tail.length).trim();
  const link = findFirst([heading], (element) => element.name === "a" && !!element.attribs.href);
  let postId = link ? postIdOf(link.attribs.href) : undefined;
  const broken = /^(?<author>.*?)" post="(?<id>\d+)$/.exec(text);
  if (broken?.groups) {
    text = broken.groups.author!.trim();
    postId ??= broken.groups.id;
  }
  return { ...(text ? { author: text } : {}), ...(postId ? { postId } : {}) };
}

function quoteOf(element: Element): QuoteShape | undefined {
  if (element.name !== "div" || !hasClass(element, "bbc-block") || hasClass(element, "code")) return undefined;
  const parts = elementChildren(element);
  const heading = parts.find((part) => part.name === "h4");
  const body = parts.find((part) => part.name === "blockquote");
  if (!body) return undefined;
  return { ...(heading ? quoteHeading(heading) : {}), content: body.children };
}

function codeOf(element: Element): CodeShape | undefined {
  if (element.name !== "div" || !hasClass(element, "bbc-block")) return undefined;
  const pre = findFirst(element.children, (inner) => inner.name === "pre");
  if (!pre) return undefined;
  const label = textOf(elementChildren(element).filter((part) => /^h\d$/.test(part.name)));
  return { text: preText(pre.children), ...(label ? { label } : {}) };
}

function read($: CheerioAPI, post: Element): RawPost {
  const $post = $(post);
  const id = /^post(\d+)$/.exec(post.attribs.id ?? "")?.[1];
  const numberText = /^\d+$/.test(post.attribs["data-idx"] ?? "") ? post.attribs["data-idx"] : undefined;
  const card = $post.find("td.userinfo dl.userinfo").first();
  const name = textOf(card.find("dt.author").first().toArray()) || undefined;
  const registered = textOf(card.find("dd.registered").first().toArray());
  const titleBox = card.find("dd.title").first();
  const userTitle = textOf(titleBox.toArray()) || textOf(card.find("dd.special_title").first().toArray()) || undefined;
  const dateCell = $post.find("td.postdate").first().clone();
  dateCell.find("a").remove();
  const dateText = textOf(dateCell.toArray()) || undefined;
  const body = $post.find("td.postbody").first();
  const editBox = body.find("p.editedby").first();
  const signatureBox = body.find(".signature").first();
  const message = body.length
    ? body[0]!.children.filter(
        (node) => !(isElement(node) && ["editedby", "signature"].some((name) => hasClass(node, name))),
      )
    : undefined;
  const editText = textOf(editBox.toArray());
  const edit = editText ? matchSaEditNote(editText) : undefined;
  return {
    element: post,
    ...(id ? { id } : {}),
    ...(numberText ? { numberText } : {}),
    ...(dateText ? { dateText } : {}),
    ...(name ? { name } : {}),
    ...(userTitle ? { userTitle } : {}),
    cardLines: registered ? [`Registered: ${registered}`] : [],
    avatar: titleBox.find("img").length > 0,
    ...(message ? { message: message as AnyNode[] } : {}),
    ...(signatureBox.length ? { signature: signatureBox[0]!.children } : {}),
    ...(editText ? { editText } : {}),
    ...(edit ? { editNote: edit } : {}),
    attachments: [],
    moderated: false,
  };
}

function title($: CheerioAPI): string | undefined {
  return textOf($(".breadcrumbs a.bclast").first().toArray()) || undefined;
}

function breadcrumbs($: CheerioAPI): Crumb[] {
  return $(".breadcrumbs")
    .first()
    .find("a:not(.bclast)")
    .toArray()
    .map((link) => ({ name: textOf(link), href: link.attribs.href }))
    .filter((crumb) => crumb.name);
}

const similar = (): SimilarRow[] => [];
const poll = (): Poll | undefined => undefined;

export const SOMETHING_AWFUL: Skin = {
  generation: "2",
  name: "Something Awful (vBulletin 2 fork)",
  hallmark: "table.post td.userinfo dt.author, table.post td.postbody",
  posts,
  read,
  quoteOf,
  codeOf,
  title,
  breadcrumbs,
  similar,
  poll,
};
