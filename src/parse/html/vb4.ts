// vBulletin 4.x thread pages: `<li class="postbit… postcontainer" id="post_123">`, the date in
// `span.date`, the counter `a.postcounter` ("#1"), the card as `dl.userinfo_extra`, the message in
// `div#post_message_123 > blockquote.postcontent`, quotes and code as `div.bbcode_container`.
import type { CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import type { Poll } from "../../model.ts";
import type { Crumb } from "./place.ts";
import { STARTER_IN_FORUM, matchDeleted } from "./phrases.ts";
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
  return $("li[id^='post_'], div[id^='post_'].postcontainer")
    .toArray()
    .filter((post) => /^post_\d+$/.test(post.attribs.id ?? ""));
}

function read($: CheerioAPI, post: Element): RawPost {
  const $post = $(post);
  const id = /^post_(\d+)$/.exec(post.attribs.id ?? "")?.[1];
  const counter = $post.find("a.postcounter").first();
  // Skins without the counter link still show "#2" in the post head's controls.
  const controls = textOf($post.find(".posthead .nodecontrols").first().toArray());
  const numberText =
    digitsOf(textOf(counter.toArray())) ??
    $post.find("a[id^='postcount']").first().attr("name") ??
    (/^#\d+$/.test(controls) ? digitsOf(controls) : undefined);
  const dateText = textOf($post.find(".postdate .date, span.date").first().toArray()) || undefined;
  const container = $post.find(`#post_message_${id}`).first();
  const content = container.find("blockquote.postcontent").first();
  const message = content.length ? content : container;
  const messageNodes = message.length ? message[0]!.children : undefined;
  const username = $post.find(".username").first();
  const name = textOf(username.toArray()) || undefined;
  const userTitle = textOf($post.find(".usertitle").first().toArray()) || undefined;
  const cardLines = $post
    .find("dl.userinfo_extra, dl.userstats")
    .first()
    .children("dt")
    .toArray()
    .map((dt) => `${textOf(dt)}: ${textOf($(dt).next("dd").toArray())}`);
  // The status: the name's title, the status icon, or (skins without either) the avatar link's title.
  const status =
    username.attr("title") ??
    $post.find("img.onlinestatus").attr("alt") ??
    $post.find("a.postuseravatar[title]").attr("title");
  const avatar =
    $post.find("a.postuseravatar img, .postuseravatarlink img, img[alt$=\"'s Avatar\"], img[alt^='Benutzerbild von ']")
      .length > 0;
  const heading = $post.find("h2.title, h2.posttitle").first();
  const title = textOf(heading.toArray()) || undefined;
  const icon = heading.find("img").first().attr("alt") || undefined;
  const signature = $post.find(".signaturecontainer, blockquote.signature").first();
  const signatureNodes = signature.length ? signature[0]!.children : undefined;
  const editText = editNoteIn($post.find(".lastedited, blockquote.lastedited").toArray(), messageNodes);
  const classes = classesOf(post);
  // Only a post without its message (or marked deleted) is looked through for the placeholder text.
  const deletedText =
    classes.includes("postbitdeleted") || !messageNodes
      ? $post
          .find(".postbody, .postrow, .content, .postcontent, div, p")
          .toArray()
          .map((element) => textOf(element))
          .find((text) => matchDeleted(text))
      : undefined;
  return {
    element: post,
    ...(id ? { id } : {}),
    ...(numberText ? { numberText } : {}),
    ...(dateText ? { dateText } : {}),
    ...(name ? { name } : {}),
    ...(userTitle ? { userTitle } : {}),
    cardLines: cardLines.length ? cardLines : cardLinesOf($post.find(".userinfo_extra").toArray()),
    ...(status ? { statusText: status } : {}),
    avatar,
    ...(title ? { title } : {}),
    ...(icon ? { icon } : {}),
    ...(messageNodes && !classes.includes("postbitdeleted") ? { message: messageNodes } : {}),
    ...(signatureNodes ? { signature: signatureNodes } : {}),
    ...(editText ? { editText } : {}),
    attachments: attachmentBoxes($, post, messageNodes),
    ...(deletedText && (classes.includes("postbitdeleted") || !messageNodes) ? { deletedText } : {}),
    moderated:
      classes.some((name) => /moderated|unapproved/.test(name)) || $post.find("img[src*='moderated']").length > 0,
  };
}

function title($: CheerioAPI): string | undefined {
  return (
    textOf($("#pagetitle .threadtitle, .threadtitle").first().toArray()) ||
    textOf($("#breadcrumb .lastnavbit").first().toArray()) ||
    undefined
  );
}

function breadcrumbs($: CheerioAPI): Crumb[] {
  return $("#breadcrumb .navbit:not(.lastnavbit) a, .breadcrumb .navbit:not(.lastnavbit) a")
    .toArray()
    .map((link) => ({ name: textOf(link), href: link.attribs.href }))
    .filter((crumb) => crumb.name);
}

function similar($: CheerioAPI): SimilarRow[] {
  const rows: SimilarRow[] = [];
  for (const item of $("#similar_threads li, ol.similarthreads li").toArray()) {
    const link = $(item).find("h6 a, .titleblock a").first();
    if (!link.length) continue;
    const byLine = $(item).find(".titleblock .starter_forum").first();
    const forumLink = byLine.find("a").last();
    // "By NAME in forum FORUM": the forum a link, or (skins without one) the text after the phrase.
    let forum = textOf(forumLink.toArray());
    const byText = textOf(byLine.toArray());
    let starter = byText;
    for (const [before, inForum] of STARTER_IN_FORUM) {
      if (byText.startsWith(before) && byText.includes(inForum)) {
        starter = byText.slice(before.length, byText.lastIndexOf(inForum));
        forum ||= byText.slice(byText.lastIndexOf(inForum) + inForum.length).trim();
        break;
      }
    }
    const dateBlock = $(item).find(".dateblock").first();
    const lastPostBlock = dateBlock.find(".starter_forum").first().clone();
    lastPostBlock.find(".shade").remove();
    const repliesBlock = dateBlock.clone();
    repliesBlock.find(".starter_forum").remove();
    repliesBlock.find(".shade").remove();
    rows.push({
      title: textOf(link.toArray()),
      href: link.attr("href"),
      starter,
      forum,
      replies: textOf(repliesBlock.toArray()),
      lastPost: textOf(lastPostBlock.toArray()),
    });
  }
  return rows;
}

/** vBulletin 4 poll results: `.pollresults` with one `li` per option (`.option` text, `.votes` count and share). */
function poll($: CheerioAPI): Poll | undefined {
  const block = $("#pollresults, .pollresults, .pollresultsblock").first();
  if (!block.length) return undefined;
  const question = textOf(block.find(".polltitle, h2").first().toArray());
  const options: Poll["options"] = [];
  for (const item of block.find("li").toArray()) {
    const text = textOf($(item).find(".option, .optiontext").first().toArray());
    if (!text) continue;
    const votesText = textOf($(item).find(".votes, .numvotes").first().toArray());
    const votes = /^(\d[\d.,]*)/.exec(votesText)?.[1]?.replace(/[.,]/g, "");
    const percent = /(\d+(?:[.,]\d+)?)\s*%/.exec(votesText)?.[1];
    options.push({
      text,
      ...(votes ? { votes: Number(votes) } : {}),
      ...(percent ? { percent: Number(percent.replace(",", ".")) } : {}),
    });
  }
  const voters = digitsOf(textOf(block.find(".voters, .pollvoters").first().toArray()));
  return { question, options, ...(voters ? { voters: Number(voters) } : {}) };
}

export const VB4: Skin = {
  generation: "4",
  posts,
  read,
  quoteOf: bbcodeQuote,
  codeOf: bbcodeCode,
  title,
  breadcrumbs,
  similar,
  poll,
};
