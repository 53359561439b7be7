// The parser's front door: dump bytes in, threads, warnings and failures out. Pure.
import type { Failure, ListedThread, Thread, Warning } from "../model.ts";
import { parseForumDate } from "./dates.ts";
import { decodeDump } from "./decode.ts";
import type { parseHtmlDump } from "./html/index.ts";
import { looksLikeHtml } from "./html/looks-like-html.ts";
import { stripReplyPrefix } from "./phrases.ts";
import { splitListedRow, type ArchiveKnowledge } from "./similar-rows.ts";
import { assembleThreads, makeIdsDistinct, pageJoinKeys, type AssembledThread } from "./thread.ts";
import { isTrimmedSpace } from "./text-lines.ts";
import { parseVbulletinText, type DumpPage } from "./vbulletin-text.ts";
import { compareText } from "../order.ts";
import { separateFolders } from "./folders.ts";

/** The saved-page reader (cheerio, parse5: ~0.18 CPU s to import), imported only once a page needs it
 *  (issue 15): a build of text dumps never does. Loading it changes what parseDump can read, not what it
 *  returns. */
let readHtmlDump: typeof parseHtmlDump | undefined;

/** Imports the saved-page reader; parseDump reads saved pages once this has settled. */
export async function loadHtmlReader(): Promise<void> {
  readHtmlDump ??= (await import("./html/index.ts")).parseHtmlDump;
}

/** What parseDump throws for a saved page before loadHtmlReader has settled: the caller loads the reader
 *  and asks again (see parseDumpLoadingReader). */
export class HtmlReaderNotLoaded extends Error {
  constructor(file: string) {
    super(`${file} is a saved page: the HTML reader is needed (await loadHtmlReader())`);
  }
}

/** parseDump, the saved-page reader imported first when the file turns out to need it. */
export async function parseDumpLoadingReader(input: DumpInput): Promise<ReturnType<typeof parseDump>> {
  try {
    return parseDump(input);
  } catch (error) {
    if (!(error instanceof HtmlReaderNotLoaded)) throw error;
    await loadHtmlReader();
    return parseDump(input);
  }
}

function htmlReaderFor(file: string): typeof parseHtmlDump {
  if (!readHtmlDump) throw new HtmlReaderNotLoaded(file);
  return readHtmlDump;
}

export interface DumpInput {
  file: string;
  bytes: Uint8Array | string;
}

export interface ParseResult {
  threads: Thread[];
  /** Every warning, threads' and failed files', by file and line. */
  warnings: Warning[];
  failures: Failure[];
}

/** One dump into a page, or the reason it holds no thread (a file a mirror holds besides thread pages,
 *  such as an image, robots.txt or another script's page, is skipped: `notAThread`). */
export function parseDump(input: DumpInput): { page: DumpPage } | { failure: Failure; warnings: Warning[] } {
  const result = parseDumpAsIs(input);
  if ("page" in result || result.failure.notAThread) return result;
  const other = mirroredNonPageOf(input);
  return other ? { failure: { file: input.file, reason: other, notAThread: true }, warnings: [] } : result;
}

/** Scripts of a vBulletin board whose pages hold a thread's posts (the HTML reader reads the first
 *  two; printable versions are not read, and a mirror holds the thread's own pages beside them). */
const THREAD_SCRIPTS = /^(?:showthread|showpost)$/i;
const IMAGE_SIGNATURES: [string, number[]][] = [
  ["GIF", [0x47, 0x49, 0x46, 0x38]],
  ["PNG", [0x89, 0x50, 0x4e, 0x47]],
  ["JPEG", [0xff, 0xd8, 0xff]],
  ["ICO", [0x00, 0x00, 0x01, 0x00]],
  ["BMP", [0x42, 0x4d]],
];

/**
 * Why a file that yields no thread is something a saved copy of a forum (wget, HTTrack) holds besides
 * its thread pages, not a broken dump: an image a script served (`image.php?u=5`, an avatar), the
 * site's robots.txt, or the page of a script that shows no thread (`member2.php?action=…&threadid=`,
 * `sendtofriend.php`, `printthread.php`). Undefined for anything else, which stays an error; so is
 * a `.txt` file of any kind, since a text dump is what the archivist put there.
 */
function mirroredNonPageOf(input: DumpInput): string | undefined {
  const name = input.file.split(/[\\/]/).at(-1) ?? "";
  if (/\.txt$/i.test(name) && name.toLowerCase() !== "robots.txt") return undefined;
  if (name.toLowerCase() === "robots.txt") return "not a page of the forum (robots.txt)";
  if (typeof input.bytes !== "string") {
    const bytes = input.bytes;
    const image = IMAGE_SIGNATURES.find(([, signature]) => signature.every((byte, index) => bytes[index] === byte));
    if (image) return `not a page (a ${image[0]} image)`;
  }
  const script = /^([A-Za-z0-9_]+)\.php(?:[?#]|\.html?$|$)/.exec(name)?.[1];
  if (script && /^printthread$/i.test(script)) return "a thread's printable version (not read: its own pages are)";
  if (script && !THREAD_SCRIPTS.test(script)) return `not a thread page (${script.toLowerCase()}.php)`;
  return undefined;
}

/** The code unit (text) or byte at `index`. */
const unitAt = (bytes: Uint8Array | string, index: number): number =>
  typeof bytes === "string" ? bytes.charCodeAt(index) : bytes[index]!;

/** How far looksLikeHtml reads. */
const HTML_HEAD = 1024;

/**
 * False only where looksLikeHtml is false too, read from the first units as they are: a page must
 * open with "<" after a byte order mark, NULs and white space, and a text dump opens with a letter.
 * Most files are dumps; looksLikeHtml copies, decodes and lower-cases their first kilobyte (issue 15).
 */
export function mayBeHtml(bytes: Uint8Array | string): boolean {
  const length = Math.min(HTML_HEAD, bytes.length);
  let index = 0;
  const first = length > 0 ? unitAt(bytes, 0) : -1;
  // The byte order marks looksLikeHtml removes: U+FEFF (text), EF BB BF, FF FE, FE FF (bytes read as Latin-1).
  if (first === 0xfeff) index = 1;
  else if (first === 0xef && length >= 3 && unitAt(bytes, 1) === 0xbb && unitAt(bytes, 2) === 0xbf) index = 3;
  else if (
    (first === 0xff && length >= 2 && unitAt(bytes, 1) === 0xfe) ||
    (first === 0xfe && length >= 2 && unitAt(bytes, 1) === 0xff)
  )
    index = 2;
  while (index < length && (unitAt(bytes, index) === 0 || isTrimmedSpace(unitAt(bytes, index)))) index++;
  return index < length && unitAt(bytes, index) === 0x3c;
}

function parseDumpAsIs(input: DumpInput): { page: DumpPage } | { failure: Failure; warnings: Warning[] } {
  // Each file says what it is: a saved HTML page (any vBulletin generation) or a text dump.
  if (mayBeHtml(input.bytes) && looksLikeHtml(input.bytes)) return htmlReaderFor(input.file)(input.file, input.bytes);
  const decoded = decodeDump(input.bytes);
  // A saved page under the archivist's front matter: the page parser, with the front matter winning.
  if (decoded.lineOffset > 0 && looksLikeHtml(decoded.text)) {
    const result = htmlReaderFor(input.file)(input.file, decoded.text, {
      frontMatter: decoded.frontMatter,
      lineOffset: decoded.lineOffset,
    });
    const problems = decoded.problems.map((problem: string | { line: number; message: string }) =>
      typeof problem === "string"
        ? { file: input.file, line: 1, message: problem }
        : { file: input.file, line: problem.line, message: problem.message },
    );
    if ("page" in result) result.page.warnings.unshift(...problems);
    else result.warnings.unshift(...problems);
    return result;
  }
  const page = parseVbulletinText(decoded.text, input.file, {
    frontMatter: decoded.frontMatter,
    lineOffset: decoded.lineOffset,
  });
  page.warnings.unshift(
    ...decoded.problems.map((problem) => ({ file: input.file, line: problem.line, message: problem.message })),
  );
  if (page.posts.length === 0) {
    const empty = decoded.text.trim() === "";
    const reason = empty
      ? "the file is empty"
      : looksBinary(decoded.text)
        ? "the file is binary data, not text"
        : 'no vBulletin post found (no post header line like "Old 05-09-2009, 09:27 AM #1")';
    return { failure: { file: input.file, reason }, warnings: page.warnings };
  }
  return { page };
}

/** Text has no control characters but tab and line ends; data has many (NUL, or over 1 in 20
 *  characters a control character or an undecodable byte). */
function looksBinary(text: string): boolean {
  if (text.includes("\u0000")) return true;
  let controls = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffd) controls++;
  }
  return controls * 20 > text.length;
}

export function parseDumps(inputs: readonly DumpInput[]): ParseResult {
  const pages: DumpPage[] = [];
  const failures: Failure[] = [];
  const warnings: Warning[] = [];
  for (const input of inputs) {
    const result = parseDump(input);
    if ("page" in result) pages.push(result.page);
    else {
      failures.push(result.failure);
      warnings.push(...result.warnings);
    }
  }
  return assemblePages(pages, failures, warnings);
}

/** Pages (parsed one file at a time, so the raw text can go) into threads with archive-wide knowledge. */
export function assemblePages(
  pages: readonly DumpPage[],
  failures: Failure[] = [],
  warnings: Warning[] = [],
): ParseResult {
  const groups = new PageGroups<DumpPage>();
  for (const page of pages) groups.add(pageJoinKeys(page), page);
  // Pushed, not map()ped: an optimized map() makes a holey array, which deopts assembleGroups' loop.
  const loaders: (() => DumpPage[])[] = [];
  for (const group of groups.take()) loaders.push(() => group);
  return assembleGroups(loaders, { dayFirstSites: dayFirstSitesOf(pages) }, failures, warnings);
}

/**
 * Items (pages, or what stands for them) gathered by the keys their pages may join under (`pageJoinKeys`):
 * two items that share a key, directly or through others, are in one group. Every thread's pages end up in
 * one group, and groups stay small, so each can be assembled on its own.
 */
export class PageGroups<T> {
  private readonly groupOfKey = new Map<string, number>();
  /** Union-find over group numbers: a group merged into another points at it. */
  private readonly parent: number[] = [];
  private readonly members: (T[] | undefined)[] = [];

  add(keys: readonly string[], item: T): void {
    let root: number | undefined;
    for (const key of keys) {
      const known = this.groupOfKey.get(key);
      if (known === undefined) continue;
      const other = this.rootOf(known);
      if (root === undefined) root = other;
      else if (other !== root) root = this.merge(other, root);
    }
    if (root === undefined) {
      root = this.parent.length;
      this.parent.push(root);
      this.members.push([]);
    }
    for (const key of keys) this.groupOfKey.set(key, root);
    this.members[root]!.push(item);
  }

  /** The groups in the order they were first made, each handed out once and let go. */
  *take(): Generator<T[]> {
    this.groupOfKey.clear();
    for (const [index, members] of this.members.entries()) {
      if (members === undefined || this.parent[index] !== index) continue;
      this.members[index] = undefined;
      yield members;
    }
  }

  private rootOf(group: number): number {
    let root = group;
    while (this.parent[root] !== root) root = this.parent[root]!;
    for (let at = group; at !== root; ) {
      const next = this.parent[at]!;
      this.parent[at] = root;
      at = next;
    }
    return root;
  }

  /** The younger group's items join the older's, so the groups' order stays that of their first items. */
  private merge(a: number, b: number): number {
    const [into, from] = a < b ? [a, b] : [b, a];
    const joined = this.members[into]!;
    for (const item of this.members[from]!) joined.push(item);
    this.members[from] = undefined;
    this.parent[from] = into;
    return into;
  }
}

export interface AssembleOptions {
  /** Sites whose dashed dates read day first (dayFirstSitesOf over all pages). */
  dayFirstSites: ReadonlySet<string>;
  /** Called with each thread once its pages are assembled (the loader packs its post bodies). */
  onThread?: (thread: Thread) => void;
  /** Called with each group's threads once assembled (the loader keeps them: archive/thread-cache.ts). */
  onGroup?: (entries: readonly AssembledThread[]) => void;
}

/** The sites any of whose pages shows a dashed date with a day over 12 first. */
export function dayFirstSitesOf(pages: Iterable<Pick<DumpPage, "site" | "dayFirstDashes">>): Set<string> {
  const sites = new Set<string>();
  for (const page of pages) if (page.dayFirstDashes && page.site !== undefined) sites.add(page.site);
  return sites;
}

/**
 * Threads from pages grouped by `pageJoinKeys` (PageGroups). Each group is loaded only when its turn comes and
 * can be let go after, so a caller can keep the pages out of memory until then; the result is the
 * same as assembling all pages at once, since pages of different groups never join.
 */
export function assembleGroups(
  groups: Iterable<() => DumpPage[] | { assembled: AssembledThread[] }>,
  options: AssembleOptions,
  failures: Failure[] = [],
  warnings: Warning[] = [],
): ParseResult {
  const assembled: AssembledThread[] = [];
  for (const load of groups) {
    const pages = load();
    // A group an earlier build assembled from the same pages, as it was then.
    if (!Array.isArray(pages)) {
      for (const entry of pages.assembled) assembled.push(entry);
      continue;
    }
    readDashedDates(pages, options.dayFirstSites);
    const entries = assembleThreads(pages);
    // Equal ids only arise within one group (the id hashes site, forum and title, keys pages join by).
    const made: Thread[] = [];
    for (const entry of entries) made.push(entry.thread);
    makeIdsDistinct(made);
    for (const entry of entries) {
      options.onThread?.(entry.thread);
      assembled.push(entry);
    }
    options.onGroup?.(entries);
  }
  // Pushed, not map()ped: an optimized map() makes holey arrays, which deopt code compiled for packed ones.
  const threads: Thread[] = [];
  for (const entry of assembled) threads.push(entry.thread);
  separateFolders(threads);
  splitListedRows(assembled, knowledgeOf(threads));
  linkListedThreads(threads);
  for (const thread of threads) warnings.push(...thread.warnings);
  threads.sort((a, b) => compareText(a.url, b.url));
  failures.sort((a, b) => compareText(a.file, b.file));
  warnings.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  return { threads, warnings, failures };
}

/**
 * Each thread's Similar Threads rows split into its listed threads (a row not understood is a warning).
 * A row's split depends only on its text, its dates' context and the archive's knowledge, and a popular
 * thread is listed alike by many others (half the rows of the 10,000-thread corpus repeat one before:
 * issue 15), so each row with its context is split once and its listed thread copied for every other
 * thread that lists it (linkListedThreads links each copy for its own thread).
 */
function splitListedRows(assembled: readonly AssembledThread[], knowledge: ArchiveKnowledge): void {
  const splits = new SplitsByContext();
  for (const { thread, listedRows } of assembled) {
    if (listedRows.length === 0) continue;
    const offsetMinutes = thread.timezone?.offsetMinutes;
    const captured = thread.source.captured;
    for (const row of listedRows) {
      const split = splits.of(offsetMinutes, captured, row.dayFirstDashes);
      let listed = split.get(row.text);
      if (listed === undefined) {
        const dates = { offsetMinutes, captured, dayFirstDashes: row.dayFirstDashes };
        split.set(row.text, (listed = splitListedRow(row.text, knowledge, dates) ?? null));
      }
      if (listed) thread.similarListed.push(copyOfSplit(listed));
      else
        thread.warnings.push({
          file: row.file,
          line: row.line,
          message: `Similar Threads row not understood, kept here: ${row.text}`,
        });
    }
  }
}

/** Rows split, by their dates' context (zone offset, capture date, day first or not), then by their text: maps in
 *  maps, as exact as the values, where a JSON key of the three made twice a thread cost assembleGroups ~10-20 ms
 *  of ~250 at 10,000 threads (issue 15). */
class SplitsByContext {
  private readonly byOffset = new Map<
    number | undefined,
    Map<string | undefined, Map<string, ListedThread | null>[]>
  >();

  /** The splits made under this context. */
  of(
    offsetMinutes: number | undefined,
    captured: string | undefined,
    dayFirst: boolean,
  ): Map<string, ListedThread | null> {
    let byCaptured = this.byOffset.get(offsetMinutes);
    if (byCaptured === undefined) this.byOffset.set(offsetMinutes, (byCaptured = new Map()));
    let byDayFirst = byCaptured.get(captured);
    if (byDayFirst === undefined) byCaptured.set(captured, (byDayFirst = [new Map(), new Map()]));
    return byDayFirst[dayFirst ? 1 : 0]!;
  }
}

/** A listed thread as splitListedRow made it (no link yet), copied field by field: a spread's copy took
 *  a shape that made linkListedThreads' reads and writes of it ~2x slower (issue 15). */
function copyOfSplit(listed: ListedThread): ListedThread {
  const { title, starter, forum, replies, lastPostAt, row, split } = listed;
  return { title, starter, forum, replies, lastPostAt, row, split };
}

/** A board writes dashed dates one way: when any page of a site shows a day over 12 first
 *  ("20-11-2012"), its other pages' dashed dates are read day first too ("10-11-2012" is 10 November). */
function readDashedDates(pages: readonly DumpPage[], dayFirstSites: ReadonlySet<string>): void {
  for (const page of pages) {
    if (page.dayFirstDashes || page.site === undefined || !dayFirstSites.has(page.site)) continue;
    page.dayFirstDashes = true;
    const context = {
      offsetMinutes: page.timezone?.offsetMinutes,
      captured: page.frontMatter.captured,
      dayFirstDashes: true,
    };
    for (const post of page.posts) {
      const posted = parseForumDate(post.postedAtText, context);
      if (posted.ok) post.postedAt = posted.iso;
      if (post.edited) {
        const edited = parseForumDate(post.edited.atText, context);
        if (edited.ok) post.edited.at = edited.iso;
      }
    }
  }
}

/** What the archive knows that tells a Similar Threads row's columns apart. */
export function knowledgeOf(threads: readonly Thread[]): ArchiveKnowledge {
  const forums = new Set<string>();
  const authors = new Set<string>();
  const titles = new Set<string>();
  for (const thread of threads) {
    forums.add(thread.forum.name);
    for (const crumb of thread.breadcrumbs.slice(1)) forums.add(crumb);
    titles.add(thread.title);
    for (const post of thread.posts) authors.add(post.author.name);
  }
  return { forums, authors, titles };
}

/** Points listed rows at the archived thread they name: same site, forum and title, and the same starter when the first post is archived. */
export function linkListedThreads(threads: readonly Thread[]): void {
  // Site → forum → title (reply prefix off, lower case) → threads: maps in maps, and each title's key made
  // once, where a JSON key of the three made for every thread and row was most of this (issue 15).
  const bySite = new Map<string, Map<string, Map<string, Thread[]>>>();
  const titleKeys = new Map<string, string>();
  const titleKeyOf = (title: string): string => {
    let key = titleKeys.get(title);
    if (key === undefined) titleKeys.set(title, (key = stripReplyPrefix(title).toLowerCase()));
    return key;
  };
  for (const thread of threads) {
    let byForum = bySite.get(thread.site);
    if (byForum === undefined) bySite.set(thread.site, (byForum = new Map()));
    let byTitle = byForum.get(thread.forum.name);
    if (byTitle === undefined) byForum.set(thread.forum.name, (byTitle = new Map()));
    const key = titleKeyOf(thread.title);
    const named = byTitle.get(key);
    if (named) named.push(thread);
    else byTitle.set(key, [thread]);
  }
  // Each named thread's starter read once (a packed post decodes its fields at every read, and a popular
  // thread is named by many rows: issue 15).
  const starters = new Map<Thread, string | null>();
  const starterOf = (thread: Thread): string | null => {
    let starter = starters.get(thread);
    if (starter === undefined) {
      const first = thread.posts[0];
      starters.set(thread, (starter = first?.number === 1 ? first.author.name : null));
    }
    return starter;
  };
  for (const thread of threads) {
    for (const listed of thread.similarListed) {
      const named = bySite.get(thread.site)?.get(listed.forum)?.get(titleKeyOf(listed.title));
      const match = named === undefined ? undefined : pickListed(listed, thread, named, starterOf);
      if (match) {
        listed.archivedUrl = match.url;
        listed.archivedId = match.id;
      } else {
        delete listed.archivedUrl;
        delete listed.archivedId;
      }
    }
  }
}

/** Of the threads `named` but the listing thread: the one the row's starter started (its first post
 *  archived), else the only one when its first post is not archived; `starterOf` gives a thread's
 *  starter, null when its first post is not archived. */
function pickListed(
  listed: ListedThread,
  listing: Thread,
  named: readonly Thread[],
  starterOf: (thread: Thread) => string | null,
): Thread | undefined {
  let byStarter: Thread | undefined;
  let startedBy = 0;
  let unknownStarter: Thread | undefined;
  let unknown = 0;
  let candidates = 0;
  for (const candidate of named) {
    if (candidate === listing) continue;
    candidates++;
    const starter = starterOf(candidate);
    if (starter === null) {
      unknownStarter = candidate;
      unknown++;
    } else if (starter === listed.starter) {
      byStarter = candidate;
      startedBy++;
    }
  }
  if (startedBy === 1) return byStarter;
  return startedBy === 0 && unknown === 1 && candidates === 1 ? unknownStarter : undefined;
}
