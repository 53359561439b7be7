// The vBulletin text-dump parser: one dump's text in, one DumpPage (posts with their raw
// body lines, page chrome recognised) and warnings out. Pure. Quotes are resolved later
// (quotes.ts), once every page of the thread is known.
import type { Attachment, Author, Block, ListedThread, Poll, Post, TimeZone, Warning } from "../model.ts";
import { parseForumDate, parseJoinDate, type DateContext } from "./dates.ts";
import type { FrontMatter } from "./decode.ts";
import { parseZoneLabel } from "./language.ts";
import {
  isAttachmentHeading, isAvatarLine, isChrome, isGuestTitle, isNotApplicable, isPostEnd,
  isSignatureSeparator, isSimilarThreadsHeader, isSimilarThreadsHeading, matchBreadcrumbs,
  matchCardField, matchEditNote, matchOnlineStatus, matchPageNav, matchPostHeader,
  matchTimeZoneLine, matchTitleIcon, hasReplyPrefix, type PostHeader,
} from "./phrases.ts";

/** One line of the dump, whitespace-normalised, with its 1-based line number in the file. */
export interface SourceLine {
  text: string;
  line: number;
}

/** A post as one page shows it: the body still as the dump wrote it, quotes not yet told apart from the reply. */
export type PostDraft = Omit<Post, "body" | "signature"> & {
  body: SourceLine[];
  signature: SourceLine[];
  /** HTML pages: the body and signature already as blocks (quotes end where the markup ends them). */
  blocks?: Block[];
  signatureBlocks?: Block[];
};

export interface DumpPage {
  file: string;
  site?: string;
  breadcrumbs: string[];
  forum?: { name: string; description?: string };
  /** The thread's title as this page tells it, and how sure that is. */
  title?: string;
  posts: PostDraft[];
  /** Similar Threads rows, unsplit: the split needs archive-wide knowledge. */
  listedRows: SourceLine[];
  timezone?: TimeZone;
  pageNav?: { page: number; count: number };
  /** The board writes dashed dates day first (DD-MM-YYYY): seen from a day over 12. */
  dayFirstDashes: boolean;
  footer: string[];
  frontMatter: FrontMatter;
  warnings: Warning[];
  /** HTML pages: the thread's id on the original forum, its Similar Threads rows (columns told
   *  apart by the markup) and its poll. */
  threadId?: string;
  listed?: ListedThread[];
  poll?: Poll;
}

export interface ParseOptions {
  frontMatter?: FrontMatter;
  /** Lines before the dump text in the file (front matter), so line numbers are the file's. */
  lineOffset?: number;
}

/** vBulletin caps post titles at 85 characters: a longer line is body. */
const MAX_TITLE_LENGTH = 85;

/** No-break spaces are layout, not text; tabs separate fields (attachment lines) and stay. */
function normaliseSpaces(text: string): string {
  return text.replace(/[\u00a0\u2007\u202f]/g, " ");
}

export function parseVbulletinText(text: string, file: string, options: ParseOptions = {}): DumpPage {
  const offset = options.lineOffset ?? 0;
  const lines: SourceLine[] = normaliseSpaces(text).split(/\r\n|\r|\n/).map((raw, index) => ({ text: raw.trim(), line: index + 1 + offset }));
  const frontMatter = options.frontMatter ?? {};
  const warnings: Warning[] = [];
  const warn = (line: number, message: string) => warnings.push({ file, line, message });
  const page: DumpPage = { file, breadcrumbs: [], posts: [], listedRows: [], footer: [], frontMatter, warnings, dayFirstDashes: false };

  page.timezone = findTimeZone(lines, frontMatter, warn);
  const headerIndexes: number[] = [];
  const headers = new Map<number, PostHeader>();
  const numbersSeen = new Set<number>();
  lines.forEach((line, index) => {
    const header = matchPostHeader(line.text);
    if (!header) return;
    if (numbersSeen.has(header.number)) {
      // A page shows each post once: a repeated header is damage, and its lines stay in the post before it.
      warnings.push({ file, line: line.line, message: `post header #${header.number} repeats an earlier one on this page; its lines are kept in the post above` });
      return;
    }
    numbersSeen.add(header.number);
    headerIndexes.push(index);
    headers.set(index, header);
  });
  page.dayFirstDashes = [...headers.values()].some((header) => /^(?:\D*\s)?(1[3-9]|2\d|3[01])-\d{1,2}-\d{4}/.test(header.dateText));
  const dateContext: DateContext = { offsetMinutes: page.timezone?.offsetMinutes, captured: frontMatter.captured, dayFirstDashes: page.dayFirstDashes };

  const firstPost = headerIndexes[0] ?? lines.length;
  const outside: SourceLine[] = lines.slice(0, firstPost);
  let markedEnds = 0;
  for (let h = 0; h < headerIndexes.length; h++) {
    const start = headerIndexes[h]!;
    const next = headerIndexes[h + 1] ?? lines.length;
    const isLast = h === headerIndexes.length - 1;
    const region = lines.slice(start + 1, next);
    let end = region.findLastIndex((line) => isPostEnd(line.text));
    if (end >= 0) markedEnds++;
    if (end < 0 && isLast) {
      end = findFooterStart(region);
      // Nothing after the last post, where the other posts end with "Reply With Quote": the save stopped mid-post.
      if (end < 0 && (markedEnds > 0 || headerIndexes.length === 1)) {
        const lastLine = region.findLast((line) => line.text !== "") ?? lines[start]!;
        warn(lastLine.line, `the file ends inside post #${headers.get(start)!.number} (no end-of-post line like "Reply With Quote", no page footer): it looks cut off here; the post is kept as far as it goes`);
      }
    }
    if (end < 0) end = region.length;
    page.posts.push(parsePost(lines[start]!, headers.get(start)!, region.slice(0, end), file, dateContext, warn));
    outside.push(...region.slice(isPostEnd(region[end]?.text ?? "") ? end + 1 : end));
  }
  readChrome(outside, page, warn);
  return page;
}

/** The zone of the dump's dates: the archivist's front matter wins over the footer's "All times are GMT -7". */
function findTimeZone(lines: SourceLine[], frontMatter: FrontMatter, warn: (line: number, message: string) => void): TimeZone | undefined {
  if (frontMatter.timezone) {
    const offsetMinutes = parseZoneLabel(frontMatter.timezone);
    if (offsetMinutes !== undefined) return { label: frontMatter.timezone, offsetMinutes };
    warn(1, `front matter timezone "${frontMatter.timezone}" is not one the parser knows (write it like "GMT -7"); the footer's is used`);
  }
  for (let index = lines.length - 1; index >= 0; index--) {
    const zone = matchTimeZoneLine(lines[index]!.text);
    if (zone === undefined) continue;
    const offsetMinutes = parseZoneLabel(zone);
    if (offsetMinutes !== undefined) return { label: zone, offsetMinutes };
    warn(lines[index]!.line, `time zone "${zone}" is not one the parser knows; dates kept without offset`);
    break;
  }
  return undefined;
}

/** Where the last post stops when the page shows no "Reply With Quote" (closed threads, guests' view). */
function findFooterStart(region: SourceLine[]): number {
  return region.findIndex(
    (line) => isChrome(line.text) || isSimilarThreadsHeading(line.text) || matchTimeZoneLine(line.text) !== undefined || matchPageNav(line.text) !== undefined,
  );
}

function parsePost(
  headerLine: SourceLine,
  header: PostHeader,
  region: SourceLine[],
  file: string,
  dateContext: DateContext,
  warn: (line: number, message: string) => void,
): PostDraft {
  const date = parseForumDate(header.dateText, dateContext);
  if (!date.ok) warn(headerLine.line, `post #${header.number}: ${date.problem}; date kept as written`);
  const post: PostDraft = {
    number: header.number,
    postedAt: date.ok ? date.iso : header.dateText,
    postedAtText: header.dateText,
    author: { name: "", hasAvatar: false },
    body: [],
    signature: [],
    source: { file, line: headerLine.line },
  };

  let index = region.findIndex((line) => line.text !== "");
  if (index < 0) {
    warn(headerLine.line, `post #${header.number} has no author and no text`);
    return post;
  }
  post.author.name = region[index]!.text;
  index = readAuthorCard(region, index + 1, post.author, warn);

  // The post title: an icon's alt text ("Default Re: …"), or a short line right after the card.
  let bodyStart = index;
  const first = region[index];
  if (first && first.text !== "") {
    const icon = matchTitleIcon(first.text);
    const rest = region.slice(index + 1);
    const restHasText = rest.some((line) => line.text !== "");
    if (icon) {
      post.icon = icon.icon;
      post.title = icon.title;
      bodyStart = index + 1;
    } else if (first.text.length <= MAX_TITLE_LENGTH && (rest[0]?.text ?? "") === "" && (restHasText || hasReplyPrefix(first.text))) {
      // A "Re: …" line alone after the card is the title of a post whose body is empty.
      post.title = first.text;
      bodyStart = index + 1;
    }
  }

  const content = region.slice(bodyStart);
  // The edit note: the last line that reads like one, wherever the skin puts it.
  const editIndex = content.findLastIndex((line) => matchEditNote(line.text) !== undefined);
  if (editIndex >= 0) {
    const note = matchEditNote(content[editIndex]!.text)!;
    const when = parseForumDate(note.when, dateContext);
    if (!when.ok) warn(content[editIndex]!.line, `edit note: ${when.problem}; kept as written`);
    post.edited = { by: note.by, at: when.ok ? when.iso : note.when, atText: note.when, ...(note.reason ? { reason: note.reason } : {}) };
    content.splice(editIndex, 1);
  }
  const separator = content.findIndex((line) => isSignatureSeparator(line.text));
  const body = separator >= 0 ? content.slice(0, separator) : content;
  const signature = separator >= 0 ? content.slice(separator + 1) : [];
  post.body = takeAttachments(body, post);
  post.signature = trimBlank(takeAttachments(signature, post));
  post.body = trimBlank(post.body);
  if (!post.body.some((line) => line.text !== "") && !post.attachments) {
    warn(headerLine.line, `post #${header.number} by ${post.author.name || "unknown"} has no body text`);
  }
  return post;
}

/** Reads the author card after the name line; returns the index of the first line after it. */
function readAuthorCard(region: SourceLine[], start: number, author: Author, warn: (line: number, message: string) => void): number {
  let index = start;
  let sawField = false;
  const seenFields = new Set<string>();
  let freeTitle: SourceLine | undefined;
  let lastCardLine = start - 1;
  for (; index < region.length; index++) {
    const { text, line } = region[index]!;
    if (text === "") continue;
    const status = matchOnlineStatus(text, author.name);
    if (status && author.online !== undefined) {
      // A card shows one status line: a second one (damage) must not overwrite the first's title.
      warn(line, `author card line repeated, kept as a warning: ${text}`);
    } else if (status) {
      author.online = status.online;
      if (status.title) {
        // The status line names the user title; a free line taken for it before was something else.
        if (freeTitle && freeTitle.text !== status.title) warn(freeTitle.line, `line in the author card kept as a warning: ${freeTitle.text}`);
        freeTitle = undefined;
        author.title = status.title;
      }
    } else if (isAvatarLine(text, author.name)) {
      author.hasAvatar = true;
    } else {
      const field = matchCardField(text);
      if (field) {
        sawField = true;
        const seen = field.field === "joinDate" || field.field === "location" || field.field === "posts" ? seenFields.has(field.field) : false;
        seenFields.add(field.field);
        if (seen) {
          warn(line, `author card field repeated, kept as a warning: ${text}`);
        } else if (field.field === "joinDate") {
          const joined = parseJoinDate(field.value);
          if (joined) author.joinDate = joined;
          else warn(line, `join date "${field.value}" not understood; kept in a warning`);
        } else if (field.field === "location") {
          if (field.value) author.location = field.value.replace(/\s+/g, " ");
        } else if (field.field === "posts") {
          if (isNotApplicable(field.value)) author.guest = true;
          // Digits, in groups of three when a separator is used ("12,221", "1.234").
          else if (/^\d+$|^\d{1,3}(?:[,.'’ ]\d{3})+$/.test(field.value)) author.postCount = Number(field.value.replace(/\D/g, ""));
          else warn(line, `post count "${field.value}" not understood; kept in a warning`);
        } else if (field.field === "other") {
          warn(line, `author card field kept as a warning: ${text}`);
        }
        // "Profile:" itself carries nothing.
      } else if (!sawField && author.title === undefined && cardFieldFollows(region, index + 1)) {
        // A user title on its own line (the non-legacy layout, guests).
        author.title = text;
        freeTitle = region[index]!;
        if (isGuestTitle(text)) author.guest = true;
      } else {
        break;
      }
    }
    lastCardLine = index;
  }
  if (!sawField && lastCardLine < start) return start;
  return lastCardLine + 1;
}

function cardFieldFollows(region: SourceLine[], from: number): boolean {
  let seen = 0;
  for (let index = from; index < region.length && seen < 4; index++) {
    const text = region[index]!.text;
    if (text === "") continue;
    if (matchCardField(text)) return true;
    seen++;
  }
  return false;
}

/** "Attached Thumbnails" / "Attached Files" blocks: the heading and the lines up to a blank line. */
function takeAttachments(lines: SourceLine[], post: PostDraft): SourceLine[] {
  const kept: SourceLine[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (!isAttachmentHeading(line.text)) {
      kept.push(line);
      continue;
    }
    const attachment: Attachment = { label: line.text.replace(/:$/, ""), lines: [] };
    while (index + 1 < lines.length && lines[index + 1]!.text === "") index++;
    while (index + 1 < lines.length && lines[index + 1]!.text !== "") attachment.lines.push(lines[++index]!.text);
    (post.attachments ??= []).push(attachment);
  }
  return kept;
}

function trimBlank(lines: SourceLine[]): SourceLine[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.text === "") start++;
  while (end > start && lines[end - 1]!.text === "") end--;
  return lines.slice(start, end);
}

/** Everything outside the posts: site, breadcrumbs, forum, page navigation, Similar Threads, footer. */
function readChrome(outside: SourceLine[], page: DumpPage, warn: (line: number, message: string) => void): void {
  const crumbsAt = outside.findIndex((line) => matchBreadcrumbs(line.text) !== undefined);
  if (crumbsAt >= 0) page.breadcrumbs = matchBreadcrumbs(outside[crumbsAt]!.text)!;
  if (page.frontMatter.forum) page.forum = { name: page.frontMatter.forum };
  else if (page.breadcrumbs.length >= 2) page.forum = { name: page.breadcrumbs.at(-1)! };
  page.site = page.breadcrumbs[0];
  const unplaced: SourceLine[] = [];
  const firstPostLine = page.posts[0]?.source.line ?? Infinity;
  const afterPosts = (line: number) => line > firstPostLine;
  let zoneSeen = false;
  const lastZoneLine = outside.findLastIndex((line) => matchTimeZoneLine(line.text) !== undefined);
  for (let index = 0; index < outside.length; index++) {
    const { text, line } = outside[index]!;
    if (text === "" || index === crumbsAt) continue;
    if (zoneSeen) {
      page.footer.push(text);
      continue;
    }
    if (matchTimeZoneLine(text) !== undefined) {
      // The page's own zone line is the last one (findTimeZone reads it); another one is damage or quoted text.
      if (index !== lastZoneLine) {
        warn(line, `time zone line before the page's last one, kept here: ${text}`);
        continue;
      }
      zoneSeen = true;
      continue;
    }
    const nav = matchPageNav(text);
    if (nav) {
      page.pageNav ??= nav;
      continue;
    }
    if (isSimilarThreadsHeading(text)) {
      // The table: a header row, then one row a line up to a blank line.
      while (index + 1 < outside.length && (outside[index + 1]!.text === "" || isSimilarThreadsHeader(outside[index + 1]!.text))) index++;
      while (index + 1 < outside.length && outside[index + 1]!.text !== "") page.listedRows.push(outside[++index]!);
      continue;
    }
    if (isChrome(text)) continue;
    if (page.site === undefined && index === 0) {
      page.site = text;
      continue;
    }
    if (text === page.site) continue;
    // The forum's name line, with its description after the name ("Injuries Chronic & Acute").
    const forumName = [page.breadcrumbs.at(-1), page.forum?.name].find((name) => name && (text === name || text.startsWith(`${name} `)));
    if (forumName && page.forum && page.forum.description === undefined) {
      const description = text.slice(forumName.length).trim();
      if (description) page.forum.description = description;
      continue;
    }
    // After the posts, what no rule names is the site's footer (copyright, trademark notes): kept there.
    if (afterPosts(line)) page.footer.push(text);
    else unplaced.push(outside[index]!);
  }
  page.title = page.frontMatter.title;
  for (const line of unplaced) {
    // A thread-title line in the header (some skins show it under the breadcrumbs).
    if (page.title === undefined && line.line < (page.posts[0]?.source.line ?? Infinity) && line.text.length <= MAX_TITLE_LENGTH && titleMatchesPosts(line.text, page.posts)) {
      page.title = line.text;
      continue;
    }
    warn(line.line, `line outside any post not recognised, kept here: ${line.text}`);
  }
}

function titleMatchesPosts(text: string, posts: PostDraft[]): boolean {
  return posts.some((post) => post.title !== undefined && (post.title === text || post.title.endsWith(` ${text}`)));
}
