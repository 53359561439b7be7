// The language packs compiled once into the matchers the parser asks: "is this line a
// post header?", "is it page chrome?". Knows every pack at once (see language.ts).
import { LANGUAGE_PACKS } from "./language.ts";
import { isTrimmedSpace } from "./text-lines.ts";

const packs = LANGUAGE_PACKS;
const all = <T>(pick: (pack: (typeof packs)[number]) => T[]): T[] => [...new Set(packs.flatMap(pick))];

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const alternatives = (words: string[]): string =>
  words
    .map(escapeRegExp)
    .sort((a, b) => b.length - a.length)
    .join("|");

const headerIcons = alternatives(all((pack) => pack.postHeaderIcons));
/** "Old 05-09-2009, 09:27 AM   #1", "Alt Heute, 09:27   #3", "02-01-2016, 14:21   Link #3021". */
/** Captures, numbered (a groups object a line costs garbage): 1 icon, 2 date, 3 counter, 4 number. */
const POST_HEADER = new RegExp(
  String.raw`^(?:(${headerIcons})\s+)?(\S.*?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*Uhr)?)\s+(?:([^\s#]{1,12})\s+)?#(\d{1,9})$`,
);

export interface PostHeader {
  icon?: string;
  dateText: string;
  number: number;
}

export function matchPostHeader(text: string): PostHeader | undefined {
  // A header ends in its number's digits, and most lines have no "#": skip the regular expression for them.
  const last = text.charCodeAt(text.length - 1);
  if (!(last >= 48 && last <= 57) || !text.includes("#")) return undefined;
  const match = POST_HEADER.exec(text);
  if (!match) return undefined;
  return { icon: match[1], dateText: match[2]!, number: Number(match[4]) };
}

const postEnds = new Set(all((pack) => pack.postEnd));
const postEndLengths = new Set([...postEnds].map((end) => end.length));
/** The length first: a set look-up hashes the whole line, and body lines are long. */
export const isPostEnd = (text: string): boolean => postEndLengths.has(text.length) && postEnds.has(text);

const chromeLines = new Set(all((pack) => pack.chromeLines));
const chromePatterns = all((pack) => pack.chromePatterns);
/** Page chrome dropped by rule: buttons, nav bar, forum rules. */
export const isChrome = (text: string): boolean =>
  chromeLines.has(text) || chromePatterns.some((pattern) => pattern.test(text));

const goBack = new RegExp(String.raw`^(?:${alternatives(all((pack) => pack.goBack))})\s+(?<crumbs>.+)$`);
export function matchBreadcrumbs(text: string): string[] | undefined {
  const crumbs = goBack.exec(text)?.groups?.crumbs;
  if (!crumbs) return undefined;
  return splitCrumbs(crumbs);
}

const isSpace = (char: string | undefined): boolean => char !== undefined && /\s/.test(char);

/** "A > B > C" → [A, B, C]: split at each ">" with white space on both sides. A loop, not
 *  split(/\s+>\s+/), which retries from every character of a long run of spaces (quadratic). */
function splitCrumbs(text: string): string[] {
  const crumbs: string[] = [];
  let start = 0;
  for (let at = text.indexOf(">"); at >= 0; at = text.indexOf(">", at + 1)) {
    if (isSpace(text[at - 1]) && isSpace(text[at + 1])) {
      crumbs.push(text.slice(start, at));
      start = at + 1;
    }
  }
  crumbs.push(text.slice(start));
  // Trimmed in place, not map().filter(): an array an optimized map() makes is holey, which deopts its readers.
  let kept = 0;
  for (const crumb of crumbs) {
    const trimmed = crumb.trim();
    if (trimmed !== "") crumbs[kept++] = trimmed;
  }
  crumbs.length = kept;
  return crumbs;
}

const pageNavs = all((pack) => [pack.pageNav]);
export function matchPageNav(text: string): { page: number; count: number } | undefined {
  for (const pattern of pageNavs) {
    const groups = pattern.exec(text)?.groups;
    if (groups) return { page: Number(groups.page), count: Number(groups.count) };
  }
  return undefined;
}

const zoneLines = all((pack) => [pack.timeZoneLine]);
export function matchTimeZoneLine(text: string): string | undefined {
  for (const pattern of zoneLines) {
    const zone = pattern.exec(text)?.groups?.zone;
    if (zone !== undefined) return zone.trim();
  }
  return undefined;
}

const similarHeadings = new Set(all((pack) => pack.similarThreads));
export const isSimilarThreadsHeading = (text: string): boolean => similarHeadings.has(text);
const similarHeaders = new Set(all((pack) => pack.similarHeader));
export const isSimilarThreadsHeader = (text: string): boolean => similarHeaders.has(text);

const signatureSeparators = all((pack) => [pack.signatureSeparator]);
export const isSignatureSeparator = (text: string): boolean =>
  text.startsWith("__") && signatureSeparators.some((pattern) => pattern.test(text));

/** A loop, not starts.some(…): asked of every body line, without a closure each time. */
function startsWithAny(text: string, starts: readonly string[]): boolean {
  for (const start of starts) if (text.startsWith(start)) return true;
  return false;
}

const editNotes = all((pack) => pack.editNotes);
/** The words an edit note starts with, read off the patterns ("Last edited by ", "Geändert von "). */
const editNoteStarts = all((pack) => pack.editNoteStarts);
export function matchEditNote(text: string): { by: string; when: string; reason?: string } | undefined {
  if (!startsWithAny(text, editNoteStarts)) return undefined;
  for (const pattern of editNotes) {
    const groups = pattern.exec(text)?.groups;
    if (groups) return { by: groups.by!.trim(), when: groups.when!.trim(), reason: groups.reason?.trim() || undefined };
  }
  return undefined;
}

const attachmentHeadings = new Set(all((pack) => pack.attachmentHeadings));
const headingLengths = [...attachmentHeadings].map((heading) => heading.length);
const [shortestHeading, longestHeading] = [Math.min(...headingLengths), Math.max(...headingLengths) + 1];
/** Asked of every body line: the length tells most lines apart before a slice and a look-up. */
export const isAttachmentHeading = (text: string): boolean =>
  text.length >= shortestHeading &&
  text.length <= longestHeading &&
  attachmentHeadings.has(text.endsWith(":") ? text.slice(0, -1) : text);

const quoteLabels = all((pack) => pack.quote);
const quotedFrom = all((pack) => pack.quotedFrom);
/** Numbered groups, not named: a groups object a match is garbage (issue 15). 1: what follows "Quote:". */
const QUOTE_OPEN = new RegExp(String.raw`^(?:${alternatives(quoteLabels)}):(?:\s+(.*))?$`);
/** 1: the name. */
const QUOTED_FROM = quotedFrom.map(
  ([before, after]) => new RegExp(String.raw`^${escapeRegExp(before)}(.+?)(?:${escapeRegExp(after)})?$`, "i"),
);

/** "Originally Posted by NAME View Post" → NAME. */
export function matchQuotedFrom(text: string): string | undefined {
  for (const pattern of QUOTED_FROM) {
    const name = pattern.exec(text)?.[1];
    if (name) return name.trim();
  }
  return undefined;
}

/** The first characters of the quote labels: a line opening otherwise opens no quote (asked of every body line). */
const quoteLabelStarts = quoteLabels.every((label) => label !== "")
  ? new Set(quoteLabels.map((label) => label.charCodeAt(0)))
  : undefined;

/** "Quote:" alone, or "Quote: Originally Posted by NAME" on one line. */
export function matchQuoteOpen(text: string): { author?: string; sameLine: boolean } | undefined {
  if (quoteLabelStarts !== undefined && !quoteLabelStarts.has(text.charCodeAt(0))) return undefined;
  if (!text.includes(":")) return undefined;
  const match = QUOTE_OPEN.exec(text);
  if (!match) return undefined;
  const rest = match[1];
  if (!rest) return { sameLine: false };
  const author = matchQuotedFrom(rest);
  return author ? { author, sameLine: true } : undefined;
}

const titleIcons = all((pack) => pack.titleIcons).map((icon) => [icon, `${icon} `] as const);
/** "Default Re: Back spasms" → icon "Default", title "Re: Back spasms"; "Default" → icon, no title. */
export function matchTitleIcon(text: string): { icon: string; title?: string } | undefined {
  for (const [icon, iconAndSpace] of titleIcons) {
    if (text === icon) return { icon };
    if (text.startsWith(iconAndSpace)) return { icon, title: text.slice(icon.length + 1).trim() || undefined };
  }
  return undefined;
}

const replyPrefixes = all((pack) => pack.replyPrefixes);
const REPLY_PREFIX = new RegExp(String.raw`^(?:(?:${alternatives(replyPrefixes)})\s*)+`, "i");
/** "Re: Back spasms" → "Back spasms". */
export const stripReplyPrefix = (title: string): string => title.replace(REPLY_PREFIX, "").trim();
export const hasReplyPrefix = (title: string): boolean => REPLY_PREFIX.test(title);

export type CardField = "joinDate" | "location" | "posts" | "profile" | "other";
const cardLabels = new Map<string, CardField>();
for (const pack of packs) {
  for (const label of pack.joinDate) cardLabels.set(label.toLowerCase(), "joinDate");
  for (const label of pack.location) cardLabels.set(label.toLowerCase(), "location");
  for (const label of pack.posts) cardLabels.set(label.toLowerCase(), "posts");
  for (const label of pack.profile) cardLabels.set(label.toLowerCase(), "profile");
  for (const label of pack.otherCardFields) cardLabels.set(label.toLowerCase(), "other");
}
/** The same look-up keyed by each label as a pack writes it (the answer is always the lower-case one's). */
const cardLabelsAsWritten = new Map<string, CardField>();
for (const pack of packs) {
  for (const label of [...pack.joinDate, ...pack.location, ...pack.posts, ...pack.profile, ...pack.otherCardFields])
    cardLabelsAsWritten.set(label, cardLabels.get(label.toLowerCase())!);
}
/** Each label as a pack writes it, by its length: a card line's label is found in place (issue 15: a copy of it
 *  and a map look-up a card line). */
const cardLabelsByLength = new Map<number, [string, CardField][]>();
for (const [label, field] of cardLabelsAsWritten) {
  const same = cardLabelsByLength.get(label.length);
  if (same) same.push([label, field]);
  else cardLabelsByLength.set(label.length, [[label, field]]);
}

/** The field whose label is `text` before `colon`, trimmed, in any case. */
function cardFieldBefore(text: string, colon: number): CardField | undefined {
  const same = cardLabelsByLength.get(colon);
  if (same) for (const [label, field] of same) if (text.startsWith(label)) return field;
  const label = text.slice(0, colon).trim();
  // Labels as the packs write them first ("Join Date"), so most lines need no lower-case copy.
  return cardLabelsAsWritten.get(label) ?? cardLabels.get(label.toLowerCase());
}

/** Where a card line's parts are: its field, its colon, and its value's first and last-plus-one code units. */
export interface CardFieldSpan {
  field: CardField;
  colon: number;
  valueAt: number;
  valueEnd: number;
}
/** The one span `matchCardFieldSpan` fills (issue 15: the parser reads it at once, before the next line). */
const span: CardFieldSpan = { field: "other", colon: 0, valueAt: 0, valueEnd: 0 };

/** What matchCardField tells, without a copy of the label or the value: the span is reused by the next call. */
export function matchCardFieldSpan(text: string): Readonly<CardFieldSpan> | undefined {
  // /^([^:]{2,40}):\s*(.*)$/ without a match object per card line (issue 15): the label runs to the first colon.
  const colon = text.indexOf(":");
  if (colon < 2 || colon > 40) return undefined;
  const field = cardFieldBefore(text, colon);
  if (!field) return undefined;
  // The value from its first character that trimStart keeps, to its last that trimEnd keeps.
  let valueAt = colon + 1;
  while (valueAt < text.length && isTrimmedSpace(text.charCodeAt(valueAt))) valueAt++;
  // "." stops at line terminators: a value holding one is no match.
  for (let at = valueAt; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029) return undefined;
  }
  let valueEnd = text.length;
  while (valueEnd > valueAt && isTrimmedSpace(text.charCodeAt(valueEnd - 1))) valueEnd--;
  span.field = field;
  span.colon = colon;
  span.valueAt = valueAt;
  span.valueEnd = valueEnd;
  return span;
}

/** "Join Date: Apr 2008" → joinDate, "Apr 2008". */
export function matchCardField(text: string): { field: CardField; label: string; value: string } | undefined {
  const found = matchCardFieldSpan(text);
  if (!found) return undefined;
  return {
    field: found.field,
    label: text.slice(0, found.colon).trim(),
    value: text.slice(found.valueAt, found.valueEnd),
  };
}

const statusTails: [string, boolean][] = [
  ...all((pack) => pack.onlineSuffix).map((suffix): [string, boolean] => [` ${suffix}`, true]),
  ...all((pack) => pack.offlineSuffix).map((suffix): [string, boolean] => [` ${suffix}`, false]),
];
/** The last characters of the tails: a card line ending otherwise is no status line. */
const statusTailEnds = new Set(statusTails.map(([tail]) => tail.charCodeAt(tail.length - 1)));
/** "Member Kieran Barry is offline" → title "Member", online false. */
export function matchOnlineStatus(text: string, name: string): { title?: string; online: boolean } | undefined {
  if (!statusTailEnds.has(text.charCodeAt(text.length - 1))) return undefined;
  for (const [tail, online] of statusTails) {
    if (!text.endsWith(tail)) continue;
    // What precedes the tail is the name, or a title, a space and the name: read in place, without a copy
    // of it and a " name" string a card (issue 15: garbage).
    const nameAt = text.length - tail.length - name.length;
    if (nameAt < 0 || !text.startsWith(name, nameAt)) continue;
    if (nameAt === 0) return { online };
    if (text.charCodeAt(nameAt - 1) === 0x20) return { title: text.slice(0, nameAt - 1).trim() || undefined, online };
  }
  return undefined;
}

const avatars = all((pack) => pack.avatar);
/** A loop, not avatars.some(([before, after]) => …): asked of every card line, without a closure and an
 *  array destructured each time. */
export function isAvatarLine(text: string, name: string): boolean {
  for (const [before, after] of avatars) {
    if (
      text.length === before.length + name.length + after.length &&
      text.startsWith(before) &&
      text.endsWith(after) &&
      text.startsWith(name, before.length)
    )
      return true;
  }
  return false;
}

const guests = new Set(all((pack) => pack.guest));
export const isGuestTitle = (text: string): boolean => guests.has(text);
const notApplicable = new Set(all((pack) => pack.notApplicable));
export const isNotApplicable = (text: string): boolean => notApplicable.has(text);
