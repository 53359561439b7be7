// vBulletin 5.x thread pages: `<li class="b-post js-post" data-node-id="…">`, the date in
// `.b-post__timestamp time[datetime]`, the counter `.b-post__count`, the message in
// `.js-post__content-text`, quotes and code as `div.bbcode_container` like vBulletin 4.
import type { CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import type { Poll } from "../../model.ts";
import type { Crumb } from "./place.ts";
import { matchDeleted } from "./phrases.ts";
import {
  attachmentBoxes,
  bbcodeCode,
  bbcodeQuote,
  cardLinesOf,
  digitsOf,
  editNoteIn,
  type RawPost,
  type SimilarRow,
  type Skin,
} from "./skin.ts";
import { classesOf, textOf } from "./text.ts";

function posts($: CheerioAPI): Element[] {
  return $("[data-node-id].b-post, [data-node-id].js-post")
    .toArray()
    .filter((post) => /^\d+$/.test(post.attribs["data-node-id"] ?? ""));
}

function read($: CheerioAPI, post: Element): RawPost {
  const $post = $(post);
  const id = post.attribs["data-node-id"];
  const numberText = digitsOf(textOf($post.find(".b-post__count").first().toArray()));
  const time = $post.find(".b-post__timestamp time, time[itemprop='dateCreated']").first();
  const dateText =
    textOf(time.length ? time.toArray() : $post.find(".b-post__timestamp").first().toArray()) || undefined;
  const dateIso = time.attr("datetime");
  const message = $post.find(".js-post__content-text").first();
  const messageNodes = message.length ? message[0]!.children : undefined;
  const details = $post.find(".b-userinfo__details").first();
  const nameElement = details.find(".author [itemprop='name'], .author a, .author").first();
  const name =
    textOf(nameElement.toArray()) ||
    textOf($post.find("[itemprop='author'] [itemprop='name']").first().toArray()) ||
    undefined;
  const userTitle = textOf(details.find(".usertitle, .b-userinfo__title").first().toArray()) || undefined;
  const avatar = $post.find('.b-avatar img, img[alt$="\'s Avatar"]').length > 0;
  const heading = $post.find(".b-post__title").first();
  const title = textOf(heading.toArray()) || undefined;
  const signature = $post.find(".b-post__signature").first();
  const signatureNodes = signature.length ? signature[0]!.children : undefined;
  const editText = editNoteIn(
    $post.find(".b-post__edit, .post-edit-info, .edit-info, [class*='edit']").toArray(),
    messageNodes,
  );
  const classes = classesOf(post);
  const deleted = classes.some((name) => /deleted/.test(name));
  const deletedText =
    deleted || !messageNodes
      ? $post
          .find("div, p, span")
          .toArray()
          .map((element) => textOf(element))
          .find((text) => matchDeleted(text))
      : undefined;
  const status = $post
    .find(".b-userinfo__icon--online, .b-userinfo__icon--offline, [class*='online-status']")
    .first()
    .attr("title");
  return {
    element: post,
    ...(id ? { id } : {}),
    ...(numberText ? { numberText } : {}),
    ...(dateText ? { dateText } : {}),
    ...(dateIso ? { dateIso } : {}),
    ...(name ? { name } : {}),
    ...(userTitle ? { userTitle } : {}),
    cardLines: cardLinesOf(details.find(".b-userinfo__additional-info, li").toArray()),
    ...(status ? { statusText: status } : {}),
    avatar,
    ...(title ? { title } : {}),
    ...(messageNodes && !deleted ? { message: messageNodes } : {}),
    ...(signatureNodes ? { signature: signatureNodes } : {}),
    ...(editText ? { editText } : {}),
    attachments: attachmentBoxes($, post, messageNodes),
    ...(deletedText && (deleted || !messageNodes) ? { deletedText } : {}),
    moderated: classes.some((name) => /unapproved|moderated/.test(name)),
  };
}

function title($: CheerioAPI): string | undefined {
  return textOf($("h1.main-title, .main-title").first().toArray()) || undefined;
}

/** The crumbs ("Home", "Forum" link to / and /forum: they stand for the site, named by og:site_name). */
function breadcrumbs($: CheerioAPI): Crumb[] {
  return $(".breadcrumbs li, #breadcrumbs li")
    .toArray()
    .map((crumb) => ({ name: textOf(crumb), href: $(crumb).find("a[href]").attr("href") }))
    .filter((crumb) => crumb.name);
}

const similar = (): SimilarRow[] => [];

/** vBulletin 5 polls are not read yet (no page of one to check the markup against). */
const poll = (): Poll | undefined => undefined;

export const VB5: Skin = {
  generation: "5",
  posts,
  read,
  quoteOf: bbcodeQuote,
  codeOf: bbcodeCode,
  title,
  breadcrumbs,
  similar,
  poll,
};
