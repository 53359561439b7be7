// The vBulletin text-dump parser: one dump's text in, one DumpPage (posts with their raw
// body lines, page chrome recognised) and warnings out. Pure. Quotes are resolved later
// (quotes.ts), once every page of the thread is known.
import type { Attachment, Author, Block, ListedThread, Poll, Post, TimeZone, Warning } from "../model.ts";
import { parseForumDate, parseJoinDate, type DateContext } from "./dates.ts";
import type { FrontMatter } from "./decode.ts";
import { parseZoneLabel } from "./language.ts";
import { splitLines } from "./text-lines.ts";
import {
  isAttachmentHeading,
  isAvatarLine,
  isChrome,
  isGuestTitle,
  isNotApplicable,
  isPostEnd,
  isSignatureSeparator,
  isSimilarThreadsHeader,
  isSimilarThreadsHeading,
  matchBreadcrumbs,
  matchCardFieldSpan,
  matchEditNote,
  matchOnlineStatus,
  matchPageNav,
  matchPostHeader,
  matchTimeZoneLine,
  matchTitleIcon,
  hasReplyPrefix,
  type CardField,
  type CardFieldSpan,
  type PostHeader,
} from "./phrases.ts";

/** One line of the dump, whitespace-normalised, with its 1-based line number in the file. */
export interface SourceLine {
  text: string;
  line: number;
}

/** A post as one page shows it: the body still as the dump wrote it, quotes not yet told apart from the reply.
 *  Lines are strings, with the body's line numbers beside them (issue 15: an object a line cost a fifth of
 *  parse time in garbage collection); nothing asks for a signature line's number. */
export type PostDraft = Omit<Post, "body" | "signature"> & {
  body: string[];
  /** Text dumps: the file's line number of each body line, or, when they follow each other without a gap
   *  (most bodies), the first one's alone (issue 15: an array a post, held until assembly). */
  bodyLines?: BodyLines;
  signature: string[];
  /** HTML pages: the body and signature already as blocks (quotes end where the markup ends them). */
  blocks?: Block[];
  signatureBlocks?: Block[];
};

/** A body's line numbers: one a line, or the first of lines that follow each other (`lineOfBody`). */
export type BodyLines = number | readonly number[];

/** The file's line number of body line `index`. */
export const lineOfBody = (lines: BodyLines, index: number): number =>
  typeof lines === "number" ? lines + index : lines[index]!;

export interface DumpPage {
  file: string;
  site?: string;
  /** The language pack a saved page is written in ("en", "de", "fr"), when its reader tells. */
  language?: string;
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

/** A page with nothing read yet: what both readers (text dumps, saved HTML pages) start from. */
export function emptyDumpPage(file: string, frontMatter: FrontMatter, warnings: Warning[]): DumpPage {
  return { file, breadcrumbs: [], posts: [], listedRows: [], footer: [], frontMatter, warnings, dayFirstDashes: false };
}

export interface ParseOptions {
  frontMatter?: FrontMatter;
  /** Lines before the dump text in the file (front matter), so line numbers are the file's. */
  lineOffset?: number;
}

/** vBulletin caps post titles at 85 characters: a longer line is body. */
const MAX_TITLE_LENGTH = 85;

/**
 * The dump's lines, trimmed, as plain strings: line `index` of the array is line `index + 1 + offset`
 * of the file. Lines are strings plus that offset, not one object each: a line becomes a SourceLine
 * only when it ends up in a post's body or signature or in the Similar Threads rows (issue 15: the
 * per-line objects and the slices of them cost a fifth of parse time in garbage collection).
 */
interface Lines {
  texts: string[];
  offset: number;
}

const lineNumber = (lines: Lines, index: number): number => index + 1 + lines.offset;
const sourceLine = (lines: Lines, index: number): SourceLine => ({
  text: lines.texts[index]!,
  line: index + 1 + lines.offset,
});

/** The first line in [from, to) with text, or -1. */
function firstWithText(texts: readonly string[], from: number, to: number): number {
  for (let index = from; index < to; index++) if (texts[index] !== "") return index;
  return -1;
}

type Warn = (line: number, message: string) => void;

/** What a page's readers warn through. Made here, not as a named closure in parseVbulletinText: tsx (which
 *  bench:parse runs) keeps function names by a defineProperty on every named closure, once a page. */
function warnerOf(warnings: Warning[], file: string): Warn {
  return (line, message) => {
    warnings.push({ file, line, message });
  };
}

export function parseVbulletinText(text: string, file: string, options: ParseOptions = {}): DumpPage {
  const lines: Lines = { texts: splitLines(text), offset: options.lineOffset ?? 0 };
  const texts = lines.texts;
  const frontMatter = options.frontMatter ?? {};
  const warnings: Warning[] = [];
  const warn = warnerOf(warnings, file);
  const page = emptyDumpPage(file, frontMatter, warnings);

  page.timezone = findTimeZone(lines, frontMatter, warn);
  const headerIndexes: number[] = [];
  const headers: PostHeader[] = [];
  const numbersSeen = new Set<number>();
  for (let index = 0; index < texts.length; index++) {
    const header = matchPostHeader(texts[index]!);
    if (!header) continue;
    if (numbersSeen.has(header.number)) {
      // A page shows each post once: a repeated header is damage, and its lines stay in the post before it.
      warn(
        lineNumber(lines, index),
        `post header #${header.number} repeats an earlier one on this page; its lines are kept in the post above`,
      );
      continue;
    }
    numbersSeen.add(header.number);
    headerIndexes.push(index);
    headers.push(header);
  }
  page.dayFirstDashes = headers.some((header) => /^(?:\D*\s)?(1[3-9]|2\d|3[01])-\d{1,2}-\d{4}/.test(header.dateText));
  const dateContext: DateContext = {
    offsetMinutes: page.timezone?.offsetMinutes,
    captured: frontMatter.captured,
    dayFirstDashes: page.dayFirstDashes,
  };

  // Indexes of the lines outside every post, in order.
  const outside: number[] = [];
  const firstPost = headerIndexes[0] ?? texts.length;
  for (let index = 0; index < firstPost; index++) outside.push(index);
  let markedEnds = 0;
  for (let h = 0; h < headerIndexes.length; h++) {
    const start = headerIndexes[h]!;
    const from = start + 1;
    const next = headerIndexes[h + 1] ?? texts.length;
    let end = -1;
    for (let index = next - 1; index >= from; index--) {
      if (isPostEnd(texts[index]!)) {
        end = index;
        break;
      }
    }
    if (end >= 0) markedEnds++;
    if (end < 0 && h === headerIndexes.length - 1) {
      end = findFooterStart(texts, from, next);
      // Nothing after the last post, where the other posts end with "Reply With Quote": the save stopped mid-post.
      if (end < 0 && (markedEnds > 0 || headerIndexes.length === 1)) {
        let last = start;
        for (let index = next - 1; index >= from; index--) {
          if (texts[index] !== "") {
            last = index;
            break;
          }
        }
        warn(
          lineNumber(lines, last),
          `the file ends inside post #${headers[h]!.number} (no end-of-post line like "Reply With Quote", no page footer): ` +
            "it looks cut off here; the post is kept as far as it goes",
        );
      }
    }
    if (end < 0) end = next;
    page.posts.push(parsePost(lines, start, end, headers[h]!, file, dateContext, warn));
    for (let index = end < next && isPostEnd(texts[end]!) ? end + 1 : end; index < next; index++) outside.push(index);
  }
  readChrome(lines, outside, page, warn);
  return page;
}

/** The zone of the dump's dates: the archivist's front matter wins over the footer's "All times are GMT -7". */
function findTimeZone(lines: Lines, frontMatter: FrontMatter, warn: Warn): TimeZone | undefined {
  if (frontMatter.timezone) {
    const offsetMinutes = parseZoneLabel(frontMatter.timezone);
    if (offsetMinutes !== undefined) return { label: frontMatter.timezone, offsetMinutes };
    warn(
      1,
      `front matter timezone "${frontMatter.timezone}" is not one the parser knows (write it like "GMT -7"); the footer's is used`,
    );
  }
  for (let index = lines.texts.length - 1; index >= 0; index--) {
    const zone = matchTimeZoneLine(lines.texts[index]!);
    if (zone === undefined) continue;
    const offsetMinutes = parseZoneLabel(zone);
    if (offsetMinutes !== undefined) return { label: zone, offsetMinutes };
    warn(lineNumber(lines, index), `time zone "${zone}" is not one the parser knows; dates kept without offset`);
    break;
  }
  return undefined;
}

/** Where the last post stops when the page shows no "Reply With Quote" (closed threads, guests' view):
 *  an index in [from, to), or -1. */
function findFooterStart(texts: readonly string[], from: number, to: number): number {
  for (let index = from; index < to; index++) {
    const text = texts[index]!;
    const footer =
      isChrome(text) ||
      isSimilarThreadsHeading(text) ||
      matchTimeZoneLine(text) !== undefined ||
      matchPageNav(text) !== undefined;
    if (footer) return index;
  }
  return -1;
}

/**
 * A post as a page holds it until assembly, made by a constructor rather than an object literal: the
 * keys a post adds later (title, icon, edited, attachments) then fit in the object (V8 leaves room in
 * objects a constructor makes) instead of a property array a post, which the garbage collector copies
 * with the page (issue 15). The keys come in the literal's order; assembly copies what a thread keeps.
 */
class TextPostDraft {
  number: number;
  postedAt: string;
  postedAtText: string;
  author: Author;
  body: string[] = [];
  bodyLines: BodyLines = 0;
  signature: string[] = [];
  source: { file: string; line: number };
  declare title?: string;
  declare icon?: string;
  declare edited?: PostDraft["edited"];
  declare attachments?: Attachment[];

  constructor(number: number, postedAt: string, postedAtText: string, file: string, line: number) {
    this.number = number;
    this.postedAt = postedAt;
    this.postedAtText = postedAtText;
    // A plain object: the thread's post takes it as it is, and a thread is data to the site's templates.
    this.author = { name: "", hasAvatar: false };
    this.source = { file, line };
  }
}

/** The post whose header is line `start`; its lines run up to `end` (exclusive). One pass over them. */
function parsePost(
  lines: Lines,
  start: number,
  end: number,
  header: PostHeader,
  file: string,
  dateContext: DateContext,
  warn: Warn,
): PostDraft {
  const texts = lines.texts;
  const headerLine = lineNumber(lines, start);
  const date = parseForumDate(header.dateText, dateContext);
  if (!date.ok) warn(headerLine, `post #${header.number}: ${date.problem}; date kept as written`);
  // postedAt is never page text: the text stays in postedAtText, a warning says why
  const post = new TextPostDraft(header.number, date.ok ? date.iso : "", header.dateText, file, headerLine);

  const nameAt = firstWithText(texts, start + 1, end);
  if (nameAt < 0) {
    warn(headerLine, `post #${header.number} has no author and no text`);
    return post;
  }
  post.author.name = texts[nameAt]!;
  const index = readAuthorCard(lines, nameAt + 1, end, post.author, warn);

  // The post title: an icon's alt text ("Default Re: …"), or a short line right after the card.
  let bodyStart = index;
  const first = index < end ? texts[index]! : "";
  if (first !== "") {
    const icon = matchTitleIcon(first);
    if (icon) {
      post.icon = icon.icon;
      post.title = icon.title;
      bodyStart = index + 1;
    } else if (
      first.length <= MAX_TITLE_LENGTH &&
      (index + 1 < end ? texts[index + 1] : "") === "" &&
      (firstWithText(texts, index + 1, end) >= 0 || hasReplyPrefix(first))
    ) {
      // A "Re: …" line alone after the card is the title of a post whose body is empty.
      post.title = first;
      bodyStart = index + 1;
    }
  }

  // The edit note: the last line that reads like one, wherever the skin puts it.
  let editIndex = -1;
  for (let at = end - 1; at >= bodyStart; at--) {
    if (matchEditNote(texts[at]!) !== undefined) {
      editIndex = at;
      break;
    }
  }
  if (editIndex >= 0) {
    const note = matchEditNote(texts[editIndex]!)!;
    const when = parseForumDate(note.when, dateContext);
    if (!when.ok) warn(lineNumber(lines, editIndex), `edit note: ${when.problem}; kept as written`);
    post.edited = {
      by: note.by,
      at: when.ok ? when.iso : note.when,
      atText: note.when,
      ...(note.reason ? { reason: note.reason } : {}),
    };
  }
  let separator = -1;
  for (let at = bodyStart; at < end; at++) {
    if (at !== editIndex && isSignatureSeparator(texts[at]!)) {
      separator = at;
      break;
    }
  }
  // The body's attachments before the signature's.
  const bodyEnd = separator >= 0 ? separator : end;
  const plainBody = plainRange(texts, bodyStart, bodyEnd, editIndex);
  if (plainBody) {
    post.body = texts.slice(plainBody.start, plainBody.end);
    post.bodyLines = lineNumber(lines, plainBody.start);
  } else {
    const numbers: number[] = [];
    post.body = takeLines(lines, bodyStart, bodyEnd, editIndex, post, numbers);
    post.bodyLines = numbers;
  }
  if (separator >= 0) {
    const plain = plainRange(texts, separator + 1, end, editIndex);
    post.signature = plain
      ? texts.slice(plain.start, plain.end)
      : takeLines(lines, separator + 1, end, editIndex, post, undefined);
  }
  // Blank lines are trimmed off: a body with no text is empty.
  if (post.body.length === 0 && !post.attachments) {
    warn(headerLine, `post #${header.number} by ${post.author.name || "unknown"} has no body text`);
  }
  return post;
}

/**
 * What takeLines keeps of lines [from, to) when that is one run of them, its blank ends and the line at `skip`
 * left off: no attachment heading among the lines and `skip` not inside the run. Undefined otherwise. Most
 * bodies are one run: an exact-size slice of the lines and the first line's number, not a grown array of
 * lines and another of numbers, held with the page until assembly (issue 15).
 */
function plainRange(
  texts: readonly string[],
  from: number,
  to: number,
  skip: number,
): { start: number; end: number } | undefined {
  let start = from;
  let end = to;
  while (start < end && (start === skip || texts[start] === "")) start++;
  while (end > start && (end - 1 === skip || texts[end - 1] === "")) end--;
  if (skip > start && skip < end) return undefined;
  for (let index = start; index < end; index++) if (isAttachmentHeading(texts[index]!)) return undefined;
  return { start, end };
}

/**
 * Lines [from, to) less the line at `skip` (the edit note), in one pass: "Attached Thumbnails" / "Attached
 * Files" blocks (the heading, then the lines up to a blank line) go into the post's attachments, and
 * blank lines at both ends are dropped. Each kept line's number goes into `numbers` when given.
 */
function takeLines(
  lines: Lines,
  from: number,
  to: number,
  skip: number,
  post: PostDraft,
  numbers: number[] | undefined,
): string[] {
  const texts = lines.texts;
  const kept: string[] = [];
  for (let index = from === skip ? from + 1 : from; index < to; index = nextLine(index, skip)) {
    const text = texts[index]!;
    if (!isAttachmentHeading(text)) {
      kept.push(text);
      numbers?.push(lineNumber(lines, index));
      continue;
    }
    const attachment: Attachment = { label: text.replace(/:$/, ""), lines: [] };
    while (nextLine(index, skip) < to && texts[nextLine(index, skip)] === "") index = nextLine(index, skip);
    while (nextLine(index, skip) < to && texts[nextLine(index, skip)] !== "") {
      index = nextLine(index, skip);
      attachment.lines.push(texts[index]!);
    }
    (post.attachments ??= []).push(attachment);
  }
  let start = 0;
  let end = kept.length;
  while (start < end && kept[start] === "") start++;
  while (end > start && kept[end - 1] === "") end--;
  if (start === 0 && end === kept.length) return kept;
  // In place: no copy of the lines and numbers kept.
  if (start > 0) {
    kept.copyWithin(0, start, end);
    numbers?.copyWithin(0, start, end);
  }
  kept.length = end - start;
  if (numbers) numbers.length = end - start;
  return kept;
}

/** The line after `index`, passing over the line at `skip`. */
const nextLine = (index: number, skip: number): number => (index + 1 === skip ? index + 2 : index + 1);

/** Reads the author card after the name line (lines `start` to `end`); returns the index of the first line after it. */
function readAuthorCard(lines: Lines, start: number, end: number, author: Author, warn: Warn): number {
  const texts = lines.texts;
  let index = start;
  let sawField = false;
  // The fields read so far, one bit each (CARD_FIELD_BITS): an array a post was garbage (issue 15).
  let seenFields = 0;
  let freeTitle = -1;
  let lastCardLine = start - 1;
  for (; index < end; index++) {
    const text = texts[index]!;
    if (text === "") continue;
    const line = lineNumber(lines, index);
    const status = matchOnlineStatus(text, author.name);
    if (status && author.online !== undefined) {
      // A card shows one status line: a second one (damage) must not overwrite the first's title.
      warn(line, `author card line repeated, kept as a warning: ${text}`);
    } else if (status) {
      author.online = status.online;
      if (status.title) {
        // The status line names the user title; a free line taken for it before was something else.
        if (freeTitle >= 0 && texts[freeTitle] !== status.title)
          warn(lineNumber(lines, freeTitle), `line in the author card kept as a warning: ${texts[freeTitle]}`);
        freeTitle = -1;
        author.title = status.title;
      }
    } else if (isAvatarLine(text, author.name)) {
      author.hasAvatar = true;
    } else {
      const field = matchCardFieldSpan(text);
      if (field) {
        sawField = true;
        seenFields = readCardField(field, text, line, seenFields, author, warn);
      } else if (!sawField && author.title === undefined && cardFieldFollows(texts, index + 1, end)) {
        // A user title on its own line (the non-legacy layout, guests).
        author.title = text;
        freeTitle = index;
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

/** A bit for each card field, for the set of fields a card has shown. */
const CARD_FIELD_BITS: Record<CardField, number> = { joinDate: 1, location: 2, posts: 4, profile: 8, other: 16 };
/** The fields a card shows once: a second one is damage. */
const ONCE_FIELDS = CARD_FIELD_BITS.joinDate | CARD_FIELD_BITS.location | CARD_FIELD_BITS.posts;

/** One "Label: value" line of the author card into the author; returns the fields seen (bits), this one added.
 *  The value is copied out of the line only where it is kept or read as text (issue 15: garbage). */
function readCardField(
  field: Readonly<CardFieldSpan>,
  text: string,
  line: number,
  seenFields: number,
  author: Author,
  warn: Warn,
): number {
  const bit = CARD_FIELD_BITS[field.field];
  const seen = (seenFields & bit & ONCE_FIELDS) !== 0;
  const { valueAt, valueEnd } = field;
  if (seen) {
    warn(line, `author card field repeated, kept as a warning: ${text}`);
  } else if (field.field === "joinDate") {
    const value = text.slice(valueAt, valueEnd);
    const joined = joinDateOf(value);
    if (joined) author.joinDate = joined;
    else warn(line, `join date "${value}" not understood; kept in a warning`);
  } else if (field.field === "location") {
    const value = text.slice(valueAt, valueEnd);
    // White space made single spaces (only a value with other white space than single spaces changes).
    if (value) author.location = /\s\s|[^\S ]/.test(value) ? value.replace(/\s+/g, " ") : value;
  } else if (field.field === "posts") {
    const count = postCountOf(text, valueAt, valueEnd);
    if (count >= 0) author.postCount = count;
    else if (isNotApplicable(text.slice(valueAt, valueEnd))) author.guest = true;
    else warn(line, `post count "${text.slice(valueAt, valueEnd)}" not understood; kept in a warning`);
  } else if (field.field === "other") {
    warn(line, `author card field kept as a warning: ${text}`);
  }
  // "Profile:" itself carries nothing.
  return seenFields | bit;
}

/** Digits at most: past 15, a number made digit by digit could round otherwise than Number() of the text. */
const EXACT_DIGITS = 15;

/**
 * A post count as written from `at` to `end`, or -1: digits ("1234"), or in groups of three after one to three
 * ("12,221", "1.234", "1 234", with `,` `.` `'` `’` or a space between groups), read in place: what
 * Number() of the digits gives (issue 15: a regular expression, a copy without the separators and one of
 * the value a card). No "not applicable" text starts with a digit, so those are -1 here as they were.
 */
export function postCountOf(text: string, at: number, end: number): number {
  let value = 0;
  let digits = 0;
  let groupDigits = 0;
  let groups = 0;
  for (let index = at; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x30 && code <= 0x39) {
      value = value * 10 + (code - 0x30);
      digits++;
      groupDigits++;
      continue;
    }
    const separator = code === 0x2c || code === 0x2e || code === 0x27 || code === 0x2019 || code === 0x20;
    // A separator follows one to three digits first, then exactly three.
    if (!separator || groupDigits === 0 || groupDigits > 3 || (groups > 0 && groupDigits !== 3)) return -1;
    groups++;
    groupDigits = 0;
  }
  if (digits === 0 || (groups > 0 && groupDigits !== 3)) return -1;
  if (digits > EXACT_DIGITS) return Number(groups > 0 ? text.slice(at, end).replace(/\D/g, "") : text.slice(at, end));
  return value;
}

/** Join dates repeat on every post of an author ("Apr 2008"): each text is read once per dump set. */
const joinDates = new Map<string, string | undefined>();
function joinDateOf(text: string): string | undefined {
  if (joinDates.has(text)) return joinDates.get(text);
  if (joinDates.size >= 10_000) joinDates.clear();
  const joined = parseJoinDate(text);
  joinDates.set(text, joined);
  return joined;
}

function cardFieldFollows(texts: readonly string[], from: number, end: number): boolean {
  let seen = 0;
  for (let index = from; index < end && seen < 4; index++) {
    const text = texts[index]!;
    if (text === "") continue;
    if (matchCardFieldSpan(text)) return true;
    seen++;
  }
  return false;
}

/** The text of the `position`th line outside the posts. */
const lineAt = (texts: readonly string[], outside: readonly number[], position: number): string =>
  texts[outside[position]!]!;

/** Everything outside the posts (`outside`: their line indexes, in order): site, breadcrumbs, forum,
 *  page navigation, Similar Threads, footer. */
function readChrome(lines: Lines, outside: readonly number[], page: DumpPage, warn: Warn): void {
  const texts = lines.texts;
  let crumbsAt = -1;
  for (let position = 0; position < outside.length && crumbsAt < 0; position++) {
    const crumbs = matchBreadcrumbs(lineAt(texts, outside, position));
    if (crumbs !== undefined) {
      crumbsAt = position;
      page.breadcrumbs = crumbs;
    }
  }
  if (page.frontMatter.forum) page.forum = { name: page.frontMatter.forum };
  else if (page.breadcrumbs.length >= 2) page.forum = { name: page.breadcrumbs.at(-1)! };
  page.site = page.breadcrumbs[0];
  const unplaced: SourceLine[] = [];
  const firstPostLine = page.posts[0]?.source.line ?? Infinity;
  let zoneSeen = false;
  let lastZoneLine = -1;
  for (let position = outside.length - 1; position >= 0 && lastZoneLine < 0; position--) {
    if (matchTimeZoneLine(lineAt(texts, outside, position)) !== undefined) lastZoneLine = position;
  }
  for (let position = 0; position < outside.length; position++) {
    const text = lineAt(texts, outside, position);
    if (text === "" || position === crumbsAt) continue;
    if (zoneSeen) {
      page.footer.push(text);
      continue;
    }
    // The page's own zone line is the last one (findTimeZone reads it, and the scan above found it).
    if (position === lastZoneLine) {
      zoneSeen = true;
      continue;
    }
    const line = lineNumber(lines, outside[position]!);
    if (matchTimeZoneLine(text) !== undefined) {
      // Another one is damage or quoted text.
      warn(line, `time zone line before the page's last one, kept here: ${text}`);
      continue;
    }
    const nav = matchPageNav(text);
    if (nav) {
      page.pageNav ??= nav;
      continue;
    }
    if (isSimilarThreadsHeading(text)) {
      // The table: a header row, then one row a line up to a blank line.
      while (
        position + 1 < outside.length &&
        (lineAt(texts, outside, position + 1) === "" || isSimilarThreadsHeader(lineAt(texts, outside, position + 1)))
      )
        position++;
      while (position + 1 < outside.length && lineAt(texts, outside, position + 1) !== "")
        page.listedRows.push(sourceLine(lines, outside[++position]!));
      continue;
    }
    if (isChrome(text)) continue;
    if (page.site === undefined && position === 0) {
      page.site = text;
      continue;
    }
    if (text === page.site) continue;
    // The forum's name line, with its description after the name ("Injuries Chronic & Acute").
    // The last crumb's, else the forum's (no array, closure and "name " string a line: issue 15).
    const crumbName = page.breadcrumbs.at(-1);
    const forumName = namesForum(text, crumbName)
      ? crumbName
      : namesForum(text, page.forum?.name)
        ? page.forum?.name
        : undefined;
    if (forumName && page.forum && page.forum.description === undefined) {
      const description = text.slice(forumName.length).trim();
      if (description) page.forum.description = description;
      continue;
    }
    // After the posts, what no rule names is the site's footer (copyright, trademark notes): kept there.
    if (line > firstPostLine) page.footer.push(text);
    else unplaced.push({ text, line });
  }
  page.title = page.frontMatter.title;
  for (const line of unplaced) {
    // A thread-title line in the header (some skins show it under the breadcrumbs).
    if (
      page.title === undefined &&
      line.line < (page.posts[0]?.source.line ?? Infinity) &&
      line.text.length <= MAX_TITLE_LENGTH &&
      titleMatchesPosts(line.text, page.posts)
    ) {
      page.title = line.text;
      continue;
    }
    warn(line.line, `line outside any post not recognised, kept here: ${line.text}`);
  }
}

/** Whether `text` is the forum name `name` (not empty), alone or with a space and more after it. */
const namesForum = (text: string, name: string | undefined): boolean =>
  name !== undefined &&
  name !== "" &&
  (text === name || (text.startsWith(name) && text.charCodeAt(name.length) === 0x20));

function titleMatchesPosts(text: string, posts: PostDraft[]): boolean {
  return posts.some((post) => post.title !== undefined && (post.title === text || post.title.endsWith(` ${text}`)));
}
