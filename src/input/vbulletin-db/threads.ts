// A gathered board to the archive's threads: only what a guest could read (forums guests may
// view, visible threads and posts), numbered in the board's own order, with vBulletin's ids kept.
// Dates: `dateline` is a Unix time; it is shown in the board's default time zone (the setting
// `timeoffset`, what guests saw), else in UTC.
import { createHash } from "node:crypto";
import type { Attachment, Author, Block, Poll, Post, Thread, TimeZone } from "../../model.ts";
import { folderSlugOf, slugOf } from "../../parse/thread.ts";
import type { AttachmentFiles } from "./attachment-files.ts";
import { bbcodeToBlocks, type BbcodeContext } from "./bbcode.ts";
import type { AttachmentRow, Board, ForumRow, ThreadRow, UserRow } from "./board.ts";
import type { StoredEntry, StoredPost } from "./post-store.ts";
import { decodeTitle, htmlToText } from "./text.ts";
import { vbulletinFragment } from "../../vbulletin-url.ts";

export interface ThreadOptions {
  /** The site's name; default the board's title (setting `bbtitle`). */
  siteName?: string;
  /** Forum ids published even where guests could not read them (their subforums are not included). */
  includeForums?: readonly number[];
  /** Forum ids never published, with their subforums. */
  excludeForums?: readonly number[];
  /** Called with each thread as soon as it is made (the loader packs its post bodies out of the heap). */
  onThread?: (thread: Thread) => void;
  /** The attachments' bytes (--attachments): published posts' files get their address in the site. */
  attachmentFiles?: AttachmentFiles;
}

/** What the archive leaves out of a board, per kind (for `check` and the build summary). */
export interface LeftOut {
  hiddenForums: number;
  threadsInHiddenForums: number;
  postsInHiddenForums: number;
  moderatedThreads: number;
  deletedThreads: number;
  movedThreadLinks: number;
  moderatedPosts: number;
  deletedPosts: number;
  hiddenAttachments: number;
  privateMessages: number;
}

/** vBulletin's forumpermissions bits a guest needs to read a forum's threads. */
const CAN_VIEW = 1;
const CAN_VIEW_OTHERS = 2;
const CAN_VIEW_THREADS = 524288;
const GUESTS = 1;
const FORUM_ACTIVE = 1;

export function boardThreads(
  board: Board,
  options: ThreadOptions = {},
): { threads: Thread[]; leftOut: LeftOut; published: AttachmentRow[] } {
  const site = options.siteName ?? (htmlToText(board.settings.get("bbtitle") ?? "") || "vBulletin forum");
  const boardUrl = (board.settings.get("bburl") ?? "").replace(/\/+$/, "") || undefined;
  const zone = timeZoneOf(board.settings.get("timeoffset"));
  const visible = visibleForums(board, options);
  const leftOut: LeftOut = {
    hiddenForums: [...board.forums.keys()].filter((id) => !visible.has(id)).length,
    threadsInHiddenForums: 0,
    postsInHiddenForums: 0,
    moderatedThreads: 0,
    deletedThreads: 0,
    movedThreadLinks: 0,
    ...board.leftOut,
    hiddenAttachments: 0,
  };
  const forumNames = forumNamesOf(board, visible);
  const cards = new Map<number, Author>();
  const forumParts = new Map<number, ForumParts>();
  const attachments = new Map<number, AttachmentRow[]>();
  for (const attachment of board.attachments)
    attachments.set(attachment.postId, [...(attachments.get(attachment.postId) ?? []), attachment]);
  const threads: Thread[] = [];
  const publishedPosts = new Set<number>();
  const rows = [...board.threads.values()].sort((a, b) => a.id - b.id);
  const publishable: number[] = [];
  for (const row of rows) {
    if (row.open === 10) leftOut.movedThreadLinks++;
    else if (!visible.has(row.forumId)) {
      leftOut.threadsInHiddenForums++;
      leftOut.postsInHiddenForums += (board.posts.byThread.get(row.id)?.length ?? 0) / 4;
    } else if (row.visible !== 1) {
      if (row.visible === 0) leftOut.moderatedThreads++;
      else leftOut.deletedThreads++;
    } else publishable.push(row.id);
  }
  // Threads are made a post file at a time (see post-store.ts), then put back in id order.
  for (const { threadId, posts } of board.posts.threadsByBucket(publishable)) {
    const thread = threadOf(board, board.threads.get(threadId)!, posts, {
      site,
      boardUrl,
      zone,
      forumNames,
      attachments,
      cards,
      forumParts,
      files: options.attachmentFiles,
    });
    if (!thread) continue;
    // Only posts with attachments: a set of every post's id would be ~50 MB at 2,000,000 posts.
    for (const post of thread.posts) if (attachments.has(Number(post.id))) publishedPosts.add(Number(post.id));
    options.onThread?.(thread);
    threads.push(thread);
  }
  threads.sort((a, b) => Number(a.source.threadId) - Number(b.source.threadId));
  const published = board.attachments.filter(
    (attachment) =>
      publishedPosts.has(attachment.postId) && attachment.visible && isPostAttachment(board, attachment.contentTypeId),
  );
  leftOut.hiddenAttachments = board.attachments.length - published.length;
  return { threads, leftOut, published };
}

interface ThreadContext {
  site: string;
  boardUrl: string | undefined;
  zone: TimeZone;
  forumNames: Map<number, string>;
  attachments: Map<number, AttachmentRow[]>;
  files: AttachmentFiles | undefined;
  /** Author cards made so far, by user id: a member's card is the same on every post. */
  cards: Map<number, Author>;
  forumParts: Map<number, ForumParts>;
}

function cardOf(cards: Map<number, Author>, userId: number, make: () => Author): Author {
  let card = cards.get(userId);
  if (!card) cards.set(userId, (card = make()));
  return card;
}

/** What the threads of one forum have alike, made once and shared by them (nothing changes a
 *  thread's breadcrumbs, forum or files in place: the loader replaces them). */
interface ForumParts {
  /** "site-folder/forum-folder". */
  folder: string;
  breadcrumbs: string[];
  forum: Thread["forum"];
  files: string[];
  forumId: string;
}

function forumPartsOf(board: Board, forum: ForumRow, forumName: string, context: ThreadContext): ForumParts {
  let parts = context.forumParts.get(forum.id);
  if (parts) return parts;
  const parents = forum.parentList.filter((forumId) => forumId !== forum.id).reverse();
  parts = {
    folder: `${folderSlugOf(context.site, "site")}/${folderSlugOf(forumName, "forum")}`,
    breadcrumbs: [
      context.site,
      ...parents.map(
        (forumId) => context.forumNames.get(forumId) ?? htmlToText(board.forums.get(forumId)?.title ?? ""),
      ),
      forumName,
    ],
    forum: { name: forumName, ...(forum.description.trim() ? { description: htmlToText(forum.description) } : {}) },
    files: [board.source],
    forumId: String(forum.id),
  };
  context.forumParts.set(forum.id, parts);
  return parts;
}

function threadOf(board: Board, row: ThreadRow, stored: StoredEntry[], context: ThreadContext): Thread | undefined {
  if (stored.length === 0) return undefined;
  const forum = board.forums.get(row.forumId)!;
  // Made when a quote first asks: most posts quote nothing.
  let numbers: Map<string, number> | undefined;
  const numberOf = () => (numbers ??= new Map(stored.map((post, index) => [String(post.postId), index + 1])));
  const prefix = row.prefixId ? board.prefixes.get(row.prefixId)?.text : undefined;
  const title = (prefix ? `${htmlToText(prefix)}: ` : "") + decodeTitle(row.title);
  const forumName = context.forumNames.get(forum.id)!;
  const bbcode: BbcodeContext = { ...(context.boardUrl ? { boardUrl: context.boardUrl } : {}) };
  const postContext = { ...context, bbcode };
  const posts = stored.map((entry, index) => {
    const post = postOf(board, entry.postId, entry.dateline, entry.read(), index + 1, postContext);
    if (post.body.some(holdsQuote)) post.body = withQuoteNumbers(post.body, numberOf());
    return post;
  });
  // The first 8 bytes' hex: a flat string of 16 characters, not a slice that keeps all 64.
  const digest = createHash("sha256")
    .update(JSON.stringify(["vbulletin", context.site, row.id]))
    .digest();
  const id = digest.toString("hex", 0, 8);
  const poll = row.pollId ? pollOf(board, row.pollId) : undefined;
  const shared = forumPartsOf(board, forum, forumName, context);
  return {
    id,
    title,
    // Joined, the URL is one flat string (a template literal leaves a chain of pieces: ~250 bytes a thread).
    url: ["/", shared.folder, "/", slugOf(title, "thread"), "-", id.slice(0, 8), "/"].join(""),
    site: context.site,
    breadcrumbs: shared.breadcrumbs,
    forum: shared.forum,
    posts,
    similarListed: [],
    timezone: context.zone,
    source: {
      files: shared.files,
      ...(row.url
        ? { url: row.url }
        : context.boardUrl
          ? { url: oldThreadUrl(context.boardUrl, row, board.settings.get("friendlyurl")) }
          : {}),
      threadId: String(row.id),
      forumId: shared.forumId,
    },
    ...(poll ? { poll } : {}),
    ...(row.sticky ? { sticky: true as const } : {}),
    warnings: [],
  };
}

/** The thread's address as the board wrote it: by its friendly URL setting (1 basic, 2 advanced,
 *  3 rewrite; vBulletin 4), else `showthread.php?t=`. */
function oldThreadUrl(boardUrl: string, row: ThreadRow, friendly: string | undefined): string {
  const fragment = vbulletinFragment(row.id, row.title);
  if (friendly === "1") return `${boardUrl}/showthread.php?${fragment}`;
  if (friendly === "2") return `${boardUrl}/showthread.php/${fragment}`;
  if (friendly === "3") return `${boardUrl}/threads/${fragment}`;
  return `${boardUrl}/showthread.php?t=${row.id}`;
}

function postOf(
  board: Board,
  postId: number,
  dateline: number,
  stored: StoredPost,
  number: number,
  context: ThreadContext & { bbcode: BbcodeContext },
): Post {
  const at = isoOf(dateline, context.zone);
  const user = stored.userid > 0 ? board.users.get(stored.userid) : undefined;
  const attachments = (context.attachments.get(postId) ?? NO_ATTACHMENTS)
    .filter((attachment) => attachment.visible && isPostAttachment(board, attachment.contentTypeId))
    .sort((a, b) => a.id - b.id);
  const inBody = new Set<string>();
  let bbcode = context.bbcode;
  if (attachments.length) {
    const names = new Map(attachments.map((attachment) => [String(attachment.id), decodeTitle(attachment.fileName)]));
    bbcode = {
      ...bbcode,
      attachmentName: (id) => {
        if (names.has(id)) inBody.add(id);
        return names.get(id);
      },
    };
  }
  const body = bbcodeToBlocks(stored.pagetext, bbcode);
  const signature = stored.showsignature && user ? board.signatures.get(user.id) : undefined;
  const edit = board.edits.get(postId);
  const title = decodeTitle(stored.title).trim();
  return {
    number,
    postedAt: at,
    postedAtText: at,
    author: user
      ? (context.cards.get(user.id) ??
        cardOf(context.cards, user.id, () => authorOf(board, user, stored, context.zone)))
      : authorOf(board, user, stored, context.zone),
    ...(title ? { title } : {}),
    body,
    ...(signature ? { signature: bbcodeToBlocks(signature, context.bbcode) } : {}),
    ...(edit
      ? {
          edited: {
            by: decodeTitle(edit.by),
            at: isoOf(edit.dateline, context.zone),
            atText: isoOf(edit.dateline, context.zone),
            ...(edit.reason.trim() ? { reason: decodeTitle(edit.reason).trim() } : {}),
          },
        }
      : {}),
    ...(attachments.length ? { attachments: [attachmentBlock(board, attachments, inBody, context)] } : {}),
    id: String(postId),
    source: { file: board.source, line: stored.line },
  };
}

/** The post's "Attached Files": each file's name and size, and with --attachments its address in the
 *  site (and image size) when its bytes were found. */
function attachmentBlock(
  board: Board,
  rows: readonly AttachmentRow[],
  inBody: ReadonlySet<string>,
  context: ThreadContext,
): Attachment {
  const siteFolder = folderSlugOf(context.site, "site");
  const files = rows.map((row) => {
    const id = String(row.id);
    const size = row.size ?? board.fileSizes.get(row.fileDataId ?? -1);
    const placed = context.files?.place(row, siteFolder, board.fileUsers.get(row.fileDataId ?? -1)) ?? {};
    return {
      id,
      name: decodeTitle(row.fileName),
      ...(size !== undefined && size > 0 ? { size } : {}),
      ...placed,
      ...(inBody.has(id) ? { inBody: true } : {}),
    };
  });
  return {
    label: "Attached Files",
    lines: files.map((file) => fileLine(file.name, file.size)),
    files,
  };
}

/** 3.8 attachments all belong to posts; 4.x ones to the content type whose class is "Post". */
function isPostAttachment(board: Board, contentTypeId: number | undefined): boolean {
  return contentTypeId === undefined || board.contentTypes.get(contentTypeId) === "Post";
}

function fileLine(name: string, size: number | undefined): string {
  if (size === undefined || size <= 0) return name;
  return size < 1024 ? `${name} (${size} bytes)` : `${name} (${(size / 1024).toFixed(1)} KB)`;
}

function authorOf(board: Board, user: UserRow | undefined, stored: StoredPost, zone: TimeZone): Author {
  if (!user) {
    const guestTitle = htmlToText(board.groups.get(GUESTS)?.userTitle ?? "") || "Guest";
    return { name: decodeTitle(stored.username).trim() || "Guest", title: guestTitle, hasAvatar: false, guest: true };
  }
  const title =
    htmlToText(user.userTitle) ||
    htmlToText(board.groups.get(user.groupId)?.userTitle ?? "") ||
    ladderTitle(board, user.posts);
  const location = board.publicFields.has(2) ? board.locations.get(user.id) : undefined;
  return {
    name: decodeTitle(user.name),
    ...(title ? { title } : {}),
    ...(user.joinDate > 0 ? { joinDate: isoOf(user.joinDate, zone).slice(0, 7) } : {}),
    ...(location ? { location: htmlToText(location) } : {}),
    postCount: user.posts,
    hasAvatar: board.avatars.has(user.id) || user.avatarId > 0,
    userId: String(user.id),
  };
}

function ladderTitle(board: Board, posts: number): string {
  const fitting = board.userTitles
    .filter((title) => title.minPosts <= posts)
    .sort((a, b) => b.minPosts - a.minPosts || (a.title < b.title ? -1 : 1));
  return fitting[0] ? htmlToText(fitting[0].title) : "";
}

function pollOf(board: Board, pollId: number): Poll | undefined {
  const row = board.polls.get(pollId);
  if (!row) return undefined;
  const votes = row.votes.split("|||").map((vote) => Number(vote) || 0);
  const total = votes.reduce((sum, vote) => sum + vote, 0);
  return {
    question: decodeTitle(row.question),
    options: row.options.split("|||").map((text, index) => {
      const count = votes[index] ?? 0;
      return { text: decodeTitle(text), votes: count, percent: total ? Math.round((count / total) * 10000) / 100 : 0 };
    }),
    voters: row.voters,
    closed: row.active === 0,
  };
}

const NO_ATTACHMENTS: readonly AttachmentRow[] = [];
const holdsQuote = (block: Block): boolean =>
  block.type === "quote" || (block.type === "list" && block.items.some((item) => item.some(holdsQuote)));

/** Quotes that name a post of this thread by id get its number. */
function withQuoteNumbers(blocks: Block[], numberOf: ReadonlyMap<string, number>): Block[] {
  return blocks.map((block): Block => {
    if (block.type === "quote") {
      const number = block.postId !== undefined ? numberOf.get(block.postId) : undefined;
      return {
        ...block,
        ...(number !== undefined ? { postNumber: number } : {}),
        blocks: withQuoteNumbers(block.blocks, numberOf),
      };
    }
    if (block.type === "list") return { ...block, items: block.items.map((item) => withQuoteNumbers(item, numberOf)) };
    return block;
  });
}

/** Forums a guest could read: active, no password, guests' canview bits (the forum's own
 *  forumpermission row, else its parents', else the guest group's), every parent too. */
function visibleForums(board: Board, options: ThreadOptions): Set<number> {
  const excluded = new Set(options.excludeForums ?? []);
  const included = new Set(options.includeForums ?? []);
  const guestDefault = board.groups.get(GUESTS)?.forumPermissions ?? 0;
  const readable = (forum: ForumRow): boolean => {
    if (!(forum.options & FORUM_ACTIVE) || forum.hasPassword || forum.isLink) return false;
    const chain = forum.parentList.length ? forum.parentList : [forum.id];
    const own =
      chain.map((id) => board.permissions.get(id)?.get(GUESTS)).find((bits) => bits !== undefined) ?? guestDefault;
    const needed = CAN_VIEW | CAN_VIEW_OTHERS | CAN_VIEW_THREADS;
    return (own & needed) === needed;
  };
  const visible = new Set<number>();
  for (const forum of board.forums.values()) {
    const chain = forum.parentList.length ? forum.parentList : [forum.id];
    if (chain.some((id) => excluded.has(id))) continue;
    const allReadable = chain.every((id) => {
      const row = board.forums.get(id);
      return row !== undefined && readable(row);
    });
    if (included.has(forum.id) || allReadable) visible.add(forum.id);
  }
  return visible;
}

/** Forum names as the archive files threads under them: the title, and where two forums share
 *  one, the parent's title too, so their threads never merge into one forum page. */
function forumNamesOf(board: Board, visible: ReadonlySet<number>): Map<number, string> {
  const names = new Map<number, string>();
  const counts = new Map<string, number>();
  for (const id of visible) {
    const title = htmlToText(board.forums.get(id)!.title) || `Forum ${id}`;
    names.set(id, title);
    counts.set(title.toLowerCase(), (counts.get(title.toLowerCase()) ?? 0) + 1);
  }
  for (const [id, title] of names) {
    if (counts.get(title.toLowerCase())! < 2) continue;
    const parent = board.forums.get(board.forums.get(id)!.parentId);
    names.set(id, `${title} (${parent ? htmlToText(parent.title) : `forum ${id}`})`);
  }
  return names;
}

function timeZoneOf(offset: string | undefined): TimeZone {
  const hours = Number(offset ?? "0");
  const minutes = Number.isFinite(hours) ? Math.round(hours * 60) : 0;
  if (minutes === 0) return { label: "GMT", offsetMinutes: 0 };
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return {
    label: `GMT ${sign}${abs % 60 ? `${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, "0")}` : abs / 60}`,
    offsetMinutes: minutes,
  };
}

/** Each zone's offset as isoOf writes it ("Z", "-05:00"), by its minutes. */
const offsetTexts = new Map<number, string>();
/** Where isoOf writes its digits: the text is read back as one flat string (a post keeps it). */
const isoBytes = Buffer.from("0000-00-00T00:00:00" + " ".repeat(13), "latin1");

/** A Unix time as ISO 8601 in the zone: "2009-05-09T11:27:00-05:00". Made for every post and kept
 *  by it: its digits are written into bytes and read out as one flat string, not concatenated. */
export function isoOf(unixSeconds: number, zone: TimeZone): string {
  const date = new Date((unixSeconds + zone.offsetMinutes * 60) * 1000);
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return isoOfSlow(unixSeconds, zone);
  let offset = offsetTexts.get(zone.offsetMinutes);
  if (offset === undefined) offsetTexts.set(zone.offsetMinutes, (offset = isoOfSlow(0, zone).slice(19)));
  twoDigits(0, Math.floor(year / 100));
  twoDigits(2, year % 100);
  twoDigits(5, date.getUTCMonth() + 1);
  twoDigits(8, date.getUTCDate());
  twoDigits(11, date.getUTCHours());
  twoDigits(14, date.getUTCMinutes());
  twoDigits(17, date.getUTCSeconds());
  return isoBytes.toString("latin1", 0, 19 + isoBytes.write(offset, 19, "latin1"));
}

function twoDigits(at: number, value: number): void {
  isoBytes[at] = 0x30 + Math.floor(value / 10);
  isoBytes[at + 1] = 0x30 + (value % 10);
}

/** isoOf by the Date's own ISO text (years outside 0–9999 are written in its extended form). */
export function isoOfSlow(unixSeconds: number, zone: TimeZone): string {
  const local = new Date((unixSeconds + zone.offsetMinutes * 60) * 1000).toISOString().slice(0, 19);
  const abs = Math.abs(zone.offsetMinutes);
  const two = (n: number) => String(n).padStart(2, "0");
  const offset =
    zone.offsetMinutes === 0
      ? "Z"
      : `${zone.offsetMinutes < 0 ? "-" : "+"}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
  return `${local}${offset}`;
}
