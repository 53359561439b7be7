// One saved HTML page into a DumpPage, the same shape a text dump becomes, so merging, quotes
// and everything downstream work unchanged. Pure: text in, page and warnings out.
import { load, type CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import type { Attachment, Author, ListedThread, TimeZone, Warning } from "../../model.ts";
import { parseForumDate, parseJoinDate, type DateContext } from "../dates.ts";
import type { FrontMatter } from "../decode.ts";
import { parseZoneLabel } from "../language.ts";
import {
  isGuestTitle,
  matchCardField,
  matchEditNote,
  matchOnlineStatus,
  matchPageNav,
  matchTimeZoneLine,
} from "../phrases.ts";
import { type DumpPage, emptyDumpPage, type PostDraft } from "../vbulletin-text.ts";
import { blocksOf, type ContentContext } from "./content.ts";
import { detectGeneration } from "./detect.ts";
import { languagePackOf, slashDatesOf } from "./language.ts";
import { placeOf, titleFromHead } from "./place.ts";
import { threadIdOfPage } from "./thread-id.ts";
import { otherPageKindOf, vbulletinMessageOf } from "./other-pages.ts";
import { MAX_DEPTH, parseDeepSafe, type Flattened } from "./dom.ts";
import {
  DEFAULT_POSTS_PER_PAGE,
  EXTRA_JOIN_DATE_LABELS,
  NOT_REGISTERED,
  PAGES_NAV,
  ZONE_UNITS,
  isAdvertiserName,
  matchDeleted,
} from "./phrases.ts";
import type { RawPost, SimilarRow, Skin } from "./skin.ts";
import { digitsOf } from "./skin.ts";
import { fold, lineFinder, linesOf, textOf } from "./text.ts";
import { originalUrl, threadIdOf, unwrapWayback } from "./urls.ts";
import { cleanArchivingArtifacts } from "./wayback.ts";

export interface HtmlPage {
  page: DumpPage;
  /** A page without posts that is no thread: what it is ("vBulletin message: Invalid Thread
   *  specified.", "forum index"), and whether only its markup tells. */
  otherPage?: { kind: string; byMarkup: boolean };
  /** The language pack the page is written in ("en", "de", "fr"), when it tells. */
  language?: string;
  /** The vBulletin generation the page was read as; undefined when no post markup was found. */
  generation?: Skin["generation"];
}

export interface HtmlOptions {
  /** The archivist's front matter above the page: it wins over what the page says. */
  frontMatter?: FrontMatter;
  /** Lines the front matter took, so line numbers stay those of the file. */
  lineOffset?: number;
}

type Warn = (line: number, message: string) => void;
type LineOf = (node: AnyNode | { startIndex: number }) => number;
/** What the steps of reading one page share. */
interface Reading {
  $: CheerioAPI;
  page: DumpPage;
  overrides: FrontMatter;
  warn: Warn;
  lineOf: LineOf;
  resolve: (href: string) => string;
}

export function parseHtmlPage(html: string, file: string, options: HtmlOptions = {}): HtmlPage {
  const warnings: Warning[] = [];
  const warn: Warn = (line, message) => warnings.push({ file, line, message });
  const overrides = options.frontMatter ?? {};
  const page = emptyDumpPage(file, { ...overrides }, warnings);
  // htmlparser2 in HTML mode: several times faster than parse5 on table-heavy vBulletin pages, and
  // it leaves stray text where the page wrote it (parse5 would foster-parent it out of tables).
  // Built by dom.ts: linear on deep nesting, which it flattens beyond MAX_DEPTH levels.
  const { document, flattened } = parseDeepSafe(html);
  const $ = load(document, { xml: { xmlMode: false, decodeEntities: true, withStartIndices: true } });
  const lineInPage = lineFinder(html);
  const lineOf: LineOf = (node) => {
    const line = lineInPage(node as AnyNode);
    return line ? line + (options.lineOffset ?? 0) : 0;
  };
  const resolve = readAddress($, page, overrides, lineOf, warn);

  const detected = detectGeneration($);
  if (!detected) {
    const otherPage = otherPageOf($);
    if (!otherPage) warn(0, "no vBulletin post markup found in this HTML page");
    return { page, ...(otherPage ? { otherPage } : {}) };
  }
  const skin = detected.skin;
  if (detected.by === "posts")
    warn(0, `the vBulletin generation was guessed from the post markup (read as vBulletin ${skin.generation})`);
  if (skin.generation === "2" && !skin.hallmark) {
    warn(0, "vBulletin 2 pages are read best effort: post numbers are counted on the page");
  }
  const reading: Reading = { $, page, overrides, warn, lineOf, resolve };
  const lines = readChrome(reading, skin);
  const pack = readPosts(reading, skin, lines, flattened);
  const poll = skin.poll($);
  if (poll) page.poll = poll;
  const otherPage = page.posts.length ? undefined : otherPageOf($);
  const language = pack ? { language: pack.code } : {};
  return { page, generation: skin.generation, ...language, ...(otherPage ? { otherPage } : {}) };
}

/** The page's own address and capture date (front matter wins), the saving tools' leftovers
 *  removed; returns how its links resolve. */
function readAddress(
  $: CheerioAPI,
  page: DumpPage,
  overrides: FrontMatter,
  lineOf: LineOf,
  warn: Warn,
): (href: string) => string {
  const frontMatter = page.frontMatter;
  const provenance = cleanArchivingArtifacts($);
  for (const problem of provenance.problems) warn(lineOf(problem.node), problem.message);
  const canonical = firstOf([
    $("link[rel='canonical']").attr("href"),
    $("meta[property='og:url']").attr("content"),
    provenance.savedFrom,
  ]);
  const baseHref = $("base[href]").attr("href");
  // Links resolve against the page's <base>, else its own address (a saving tool's note when the canonical link was made relative).
  const base =
    absolute(baseHref ? unwrapWayback(baseHref).url : undefined) ??
    absolute(canonical ? unwrapWayback(canonical).url : undefined) ??
    absolute(provenance.savedFrom);
  const resolve = (href: string) => originalUrl(href, base);
  if (canonical && !overrides.url) frontMatter.url = resolve(canonical);
  if (provenance.captured && !overrides.captured) frontMatter.captured = provenance.captured;
  return resolve;
}

/** What the page's chrome tells: time zone, page navigation, its own address when it named none,
 *  and its place (site, breadcrumbs, forum, title). Returns the body's lines. */
function readChrome(reading: Reading, skin: Skin): string[] {
  const { $, page, overrides, warn, resolve } = reading;
  const frontMatter = page.frontMatter;
  const lines = linesOf($("body").toArray());
  page.timezone = timeZoneOf(lines, warn);
  if (overrides.timezone) {
    const offsetMinutes = parseZoneLabel(overrides.timezone);
    if (offsetMinutes !== undefined) page.timezone = { label: overrides.timezone, offsetMinutes };
    else
      warn(
        1,
        `front matter timezone "${overrides.timezone}" is not one the parser knows (write it like "GMT -7"); the page's is used`,
      );
  }
  for (const line of lines) {
    const nav = matchPageNav(line) ?? olderPageNav(line);
    if (nav) {
      page.pageNav = nav;
      break;
    }
  }
  // The page's own address when it names none: its "Reload this Page" or thread title link.
  const ownLink = firstOf(
    $("td.navbar a[href], .threadtitle a[href]")
      .toArray()
      .map((link) => (threadIdOf(resolve(link.attribs.href ?? "")) ? resolve(link.attribs.href ?? "") : undefined)),
  );
  if (!frontMatter.url && ownLink && /^https?:/i.test(ownLink)) frontMatter.url = ownLink;
  if (!frontMatter.url) warn(0, "the page does not say its own address (no canonical link, no saving tool's note)");

  const crumbs = skin
    .breadcrumbs($)
    .map((crumb) => ({ ...crumb, ...(crumb.href ? { href: resolve(crumb.href) } : {}) }));
  const place = placeOf($, crumbs);
  const title = skin.title($) ?? titleFromHead($, place.site);
  page.breadcrumbs = place.breadcrumbs;
  if (place.site) page.site = place.site;
  if (place.breadcrumbs.length >= 2) page.forum = { name: place.breadcrumbs.at(-1)! };
  if (title) page.title = title;
  if (overrides.forum) page.forum = { name: overrides.forum };
  return lines;
}

/** The page's posts, numbered, each copy and each unread part said once, and its Similar Threads
 *  rows. Returns the language pack the page is written in. */
function readPosts(
  reading: Reading,
  skin: Skin,
  lines: string[],
  flattened: readonly Flattened[],
): ReturnType<typeof languagePackOf> {
  const { $, page, warn, lineOf, resolve } = reading;
  const raws = withoutAdvertisements(skin.posts($).map((post) => skin.read($, post)));
  const postersText = raws.flatMap((raw) => [...(raw.message ?? []), ...(raw.signature ?? [])]);
  page.threadId = threadIdOf(page.frontMatter.url) ?? threadIdOfPage($, postersText, resolve);
  page.dayFirstDashes = raws.some((raw) => /^(?:1[3-9]|2\d|3[01])-\d{1,2}-\d{4}/.test(raw.dateText ?? ""));
  const pack = languagePackOf($, lines);
  const slashDates = slashDatesOf(
    raws.map((raw) => raw.dateText ?? ""),
    pack,
  );
  const dates: DateContext = {
    offsetMinutes: page.timezone?.offsetMinutes,
    captured: page.frontMatter.captured,
    dayFirstDashes: page.dayFirstDashes,
    ...(slashDates ? { slashDates } : {}),
  };
  const ctx: ContentContext = {
    resolve,
    quoteOf: (element) => skin.quoteOf(element),
    codeOf: (element) => skin.codeOf(element),
  };
  let previous = raws.every((raw) => raw.numberText) ? 0 : firstNumber($, page.pageNav, raws.length, warn) - 1;
  const numbers = new Set<number>();
  const deep = flattenedByPost(
    flattened,
    raws.map((raw) => raw.element),
  );
  const missing: Missing[] = [];
  for (const raw of raws) {
    const post = draftOf(raw, lineOf(raw.element), previous, page.file, dates, ctx, warn, missing);
    if (numbers.has(post.number)) {
      // Its text goes into the warning: nothing of the page is lost.
      const text = linesOf(raw.message ?? []).join(" ");
      warn(
        post.source.line,
        `post #${post.number} appears twice on this page; the second copy is left out${text ? `: ${text}` : ""}`,
      );
      continue;
    }
    numbers.add(post.number);
    previous = post.number;
    page.posts.push(post);
    const first = deep.inPosts.get(raw.element);
    if (first) warn(post.source.line, `post #${post.number}: ${deepMessage(lineOf(first))}`);
  }
  reportMissing(missing, page.posts.length, skin, warn);
  if (deep.outside) warn(lineOf(deep.outside), deepMessage(lineOf(deep.outside)));
  page.listed = skin.similar($).map((row) => listedOf(row, dates));
  return pack;
}

/** A page with no posts that shows a vBulletin message, or the markup of another kind of page. */
function otherPageOf($: CheerioAPI): HtmlPage["otherPage"] {
  const message = vbulletinMessageOf(linesOf($("body").toArray()));
  if (message) return { kind: `vBulletin message: ${message}`, byMarkup: false };
  const kind = otherPageKindOf($);
  return kind ? { kind, byMarkup: true } : undefined;
}

/** Advertisements in post markup (futura-sciences: "Publicité" after the first post): no counter of
 *  their own, and no post id, or the id of the post before them under another name, or an
 *  advertiser's name. They are the site's, not a poster's: dropped by this rule, like other page
 *  chrome. (The same post twice, same id and author, is a copy: the numbering warns of it.) */
function withoutAdvertisements(raws: readonly RawPost[]): RawPost[] {
  return raws.filter((raw, index) => {
    if (raw.numberText) return true;
    const previous = raws[index - 1];
    const borrowed = !raw.id || (previous !== undefined && previous.id === raw.id && previous.name !== raw.name);
    return !(borrowed || (raw.name !== undefined && isAdvertiserName(raw.name)));
  });
}

/** Places flattened by dom.ts, the first of each post (by its element) and the first outside posts. */
function flattenedByPost(
  flattened: readonly Flattened[],
  posts: readonly Element[],
): { inPosts: Map<Element, Flattened>; outside?: Flattened } {
  const postSet = new Set<AnyNode>(posts);
  const inPosts = new Map<Element, Flattened>();
  let outside: Flattened | undefined;
  for (const place of flattened) {
    let post: AnyNode | null = place.element as AnyNode;
    while (post && !postSet.has(post)) post = post.parent;
    if (!post) outside ??= place;
    else if (!inPosts.has(post as Element)) inPosts.set(post as Element, place);
  }
  return { inPosts, ...(outside ? { outside } : {}) };
}

const deepMessage = (line: number) =>
  `markup nested more than ${MAX_DEPTH} elements deep (from line ${line} on) is read as plain text: its words are kept, its bold, italics, links, quotes and lists are not`;

const firstOf = <T>(values: readonly (T | undefined)[]): T | undefined =>
  values.find((value) => value !== undefined && value !== "");

function absolute(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function timeZoneOf(lines: readonly string[], warn: (line: number, message: string) => void): TimeZone | undefined {
  for (let index = lines.length - 1; index >= 0; index--) {
    // vBulletin 5: "All times are GMT-5. This page was generated at …": the first sentence tells the zone.
    const line = lines[index]!;
    const zone =
      matchTimeZoneLine(line) ??
      (line.includes(". ") ? matchTimeZoneLine(line.slice(0, line.indexOf(". ") + 1)) : undefined);
    if (zone === undefined) continue;
    const unit = ZONE_UNITS.find((candidate) => zone.endsWith(candidate));
    const offsetMinutes = parseZoneLabel(unit ? zone.slice(0, -unit.length) : zone);
    if (offsetMinutes !== undefined) return { label: zone, offsetMinutes };
    warn(0, `time zone "${zone}" is not one the parser knows; dates kept without offset`);
    return undefined;
  }
  return undefined;
}

function olderPageNav(line: string): { page: number; count: number } | undefined {
  for (const pattern of PAGES_NAV) {
    const groups = pattern.exec(line)?.groups;
    if (groups) return { page: Number(groups.page), count: Number(groups.count) };
  }
  return undefined;
}

/** Posts without counters (vBulletin 2) are numbered on from the page's first number: page N of a
 *  thread starts after N - 1 full pages, as many posts as its links' `perpage=` say, or as this page
 *  holds when it is not the last, or vBulletin's default (with a warning). */
function firstNumber(
  $: CheerioAPI,
  nav: { page: number; count: number } | undefined,
  onPage: number,
  warn: (line: number, message: string) => void,
): number {
  if (!nav || nav.page <= 1) return 1;
  const linked = firstOf(
    $("a[href*='perpage=']")
      .toArray()
      .map((link) => /[?&;]perpage=(\d+)/.exec(link.attribs.href ?? "")?.[1]),
  );
  let perPage = linked ? Number(linked) : nav.page < nav.count ? onPage : undefined;
  if (!perPage) {
    perPage = DEFAULT_POSTS_PER_PAGE;
    warn(
      0,
      `page ${nav.page} of ${nav.count} does not say how many posts a page holds; ${perPage} assumed for its post numbers`,
    );
  }
  return (nav.page - 1) * perPage + 1;
}

/** A post whose author, date or text the page did not give up. */
interface Missing {
  line: number;
  number: number;
  what: "author" | "date" | "text";
}

const MISSING_WORDS: Record<Missing["what"], (number: number) => string> = {
  author: (number) => `post #${number} names no author`,
  date: (number) => `post #${number} shows no date`,
  text: (number) => `post #${number} has no message text on this page`,
};

/** A few posts without an author, a date or text are said post by post. When most posts of the page
 *  lack one, the skin is not read: one loud warning says so for the page (never a silent "Unknown"). */
function reportMissing(
  missing: readonly Missing[],
  posts: number,
  skin: Skin,
  warn: (line: number, message: string) => void,
): void {
  const count = (what: Missing["what"]) =>
    new Set(missing.filter((entry) => entry.what === what).map((entry) => entry.number)).size;
  const counts = { author: count("author"), date: count("date"), text: count("text") };
  const unread = (Object.keys(counts) as Missing["what"][]).filter((what) => posts >= 2 && counts[what] * 2 >= posts);
  if (!unread.length) {
    for (const entry of missing) warn(entry.line, MISSING_WORDS[entry.what](entry.number));
    return;
  }
  const skinName = skin.name ?? `vBulletin ${skin.generation}`;
  const parts = unread.map(
    (what) => `${what === "text" ? "their text" : `their ${what}s`} (${counts[what]} of ${posts})`,
  );
  warn(
    0,
    `THIS PAGE IS NOT READ PROPERLY: its ${posts} posts were found (read as ${skinName}) ` +
      `but not ${parts.join(", ")}; its markup is a skin the parser does not know, so check these posts against the page`,
  );
  for (const entry of missing) {
    if (!unread.includes(entry.what)) warn(entry.line, MISSING_WORDS[entry.what](entry.number));
  }
}

function draftOf(
  raw: RawPost,
  line: number,
  previous: number,
  file: string,
  dates: DateContext,
  ctx: ContentContext,
  warn: (line: number, message: string) => void,
  missing: Missing[],
): PostDraft {
  let number = raw.numberText ? Number(raw.numberText) : Number.NaN;
  if (!Number.isInteger(number) || number < 1) {
    number = Math.max(previous + 1, 1);
    warn(
      line,
      `post ${raw.id ? `id ${raw.id} ` : ""}has no post counter; numbered #${number} by its place on the page`,
    );
  }
  const name = raw.name ?? "";
  if (!name) missing.push({ line, number, what: "author" });
  const author: Author = { name: name || "Unknown", hasAvatar: raw.avatar };
  if (raw.userTitle) author.title = raw.userTitle;
  if (raw.userTitle && isGuestTitle(raw.userTitle)) author.guest = true;
  for (const cardLine of raw.cardLines) readCardLine(author, cardLine, line, warn);
  if (raw.statusText) {
    // vBulletin 3 says "X is online now".
    const status = matchOnlineStatus(raw.statusText.replace(/ now$/, ""), name);
    if (status) author.online = status.online;
  }
  // An ISO time or nothing (""), never page text: the text as shown stays in postedAtText.
  let postedAt = "";
  const postedAtText = raw.dateText ?? "";
  if (postedAtText) {
    const parsed = parseForumDate(postedAtText, dates);
    if (parsed.ok) postedAt = parsed.iso;
    else if (raw.dateIso && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(raw.dateIso)) postedAt = raw.dateIso;
    else warn(line, `post #${number}: ${parsed.problem}; its time is left out`);
  } else if (raw.dateIso) postedAt = raw.dateIso;
  else missing.push({ line, number, what: "date" });
  const draft: PostDraft = {
    number,
    postedAt,
    postedAtText: postedAtText || raw.dateIso || "",
    author,
    body: [],
    signature: [],
    blocks: raw.message ? blocksOf(raw.message, ctx) : [],
    source: { file, line },
  };
  if (raw.id) draft.id = raw.id;
  if (raw.title) draft.title = raw.title;
  if (raw.icon) draft.icon = raw.icon;
  if (raw.signature) {
    const signature = blocksOf(raw.signature, ctx);
    if (signature.length) draft.signatureBlocks = signature;
  }
  if (raw.editText || raw.editNote) {
    const note = raw.editNote ?? matchEditNote(raw.editText ?? "");
    if (note) {
      const at = parseForumDate(note.when, dates);
      draft.edited = {
        by: note.by,
        at: at.ok ? at.iso : note.when,
        atText: note.when,
        ...(note.reason ? { reason: note.reason } : {}),
      };
    }
  }
  const attachments = raw.attachments
    .map((box) => attachmentOf(box, ctx))
    .filter((attachment) => attachment.lines.length || attachment.links?.length);
  if (attachments.length) draft.attachments = attachments;
  if (raw.deletedText) {
    const deleted = matchDeleted(raw.deletedText);
    draft.deleted = { ...(deleted ?? {}), text: raw.deletedText };
  }
  if (raw.moderated) draft.moderated = true;
  const noText = !raw.message || (draft.blocks ?? []).length === 0;
  if (!raw.deletedText && noText) missing.push({ line, number, what: "text" });
  return draft;
}

function readCardLine(
  author: Author,
  cardLine: string,
  line: number,
  warn: (line: number, message: string) => void,
): void {
  const extra = EXTRA_JOIN_DATE_LABELS.find((label) => cardLine.startsWith(`${label}:`));
  const field = extra
    ? { field: "joinDate" as const, label: extra, value: cardLine.slice(extra.length + 1).trim() }
    : matchCardField(cardLine);
  if (!field) return;
  if (field.field === "joinDate") {
    const joined = parseJoinDate(field.value);
    if (joined) author.joinDate = joined;
    // vBulletin 2's guests: "Registered: Not Yet".
    else if (NOT_REGISTERED.includes(field.value.toLowerCase())) author.guest = true;
    else warn(line, `join date "${field.value}" not understood`);
  } else if (field.field === "location") author.location = field.value;
  else if (field.field === "posts") {
    const count = digitsOf(field.value);
    if (count) author.postCount = Number(count);
    else if (!/^(?:n\/a|k\.A\.)$/i.test(field.value)) warn(line, `post count "${field.value}" not understood`);
  }
}

function attachmentOf(box: Element, ctx: ContentContext): Attachment {
  const children = box.children.filter((child) => !(child.type === "tag" && (child as Element).name === "legend"));
  const legend = box.children.find(
    (child): child is Element => child.type === "tag" && (child as Element).name === "legend",
  );
  const links: { href: string; text: string }[] = [];
  const walk = (nodes: Element["children"]) => {
    for (const node of nodes) {
      if (node.type !== "tag") continue;
      const element = node as Element;
      if (element.name === "a" && element.attribs.href) {
        const text =
          textOf(element) ||
          fold(
            element.children
              .filter((child): child is Element => child.type === "tag")
              .map((image) => image.attribs.alt ?? "")
              .join(" "),
          ).trim();
        links.push({ href: ctx.resolve(element.attribs.href), text: text || ctx.resolve(element.attribs.href) });
      } else walk(element.children);
    }
  };
  walk(children);
  return {
    label: legend ? textOf(legend) : "Attachments",
    lines: linesOf(children),
    ...(links.length ? { links } : {}),
  };
}

function listedOf(row: SimilarRow, dates: DateContext): ListedThread {
  const parsed = parseForumDate(row.lastPost, dates);
  return {
    title: row.title,
    starter: row.starter,
    forum: row.forum,
    replies: Number(digitsOf(row.replies) ?? 0),
    lastPostAt: parsed.ok ? parsed.iso : row.lastPost,
    row: [row.title, row.starter, row.forum, row.replies, row.lastPost].join(" "),
    split: "known",
  };
}
