// Dump pages into threads: pages of one thread merged (posts ordered and de-duplicated by
// number), quotes resolved across the whole thread, and the thread's stable id and URL.
import { hash } from "node:crypto";
import type { Block, Inline, ListedThread, Post, Thread, Warning } from "../model.ts";
import { blockTexts } from "../model-text.ts";
import { paragraphsOf } from "./blocks.ts";
import { threadIdOf } from "./html/urls.ts";
import { hasReplyPrefix, stripReplyPrefix } from "./phrases.ts";
import { BodySource, resolveBody, type QuoteSource } from "./quotes.ts";
import type { DumpPage, PostDraft } from "./vbulletin-text.ts";
import { compareText } from "../order.ts";
import { slug as slugOfText } from "../slug.ts";

export const UNKNOWN_SITE = "Unknown site";
export const UNKNOWN_FORUM = "Unknown forum";

/** Fallback → text → slug. */
const slugs = new Map<string, Map<string, string>>();

/** The longest slug slugOf makes: a longer text is cut. */
export const SLUG_LENGTH = 80;

/** A URL-safe slug that is never empty. Site and forum names repeat across threads, so slugs are remembered
 *  (by fallback, then text: no key string made a call). */
export function slugOf(text: string, fallback: string): string {
  let ofFallback = slugs.get(fallback);
  if (ofFallback === undefined) slugs.set(fallback, (ofFallback = new Map()));
  let slug = ofFallback.get(text);
  if (slug === undefined) {
    slug = slugOfText(text, SLUG_LENGTH) || fallback;
    if (ofFallback.size > 100_000) ofFallback.clear();
    ofFallback.set(text, slug);
  }
  return slug;
}

/** The folder of a site or forum: its slug, or, for a name with nothing to spell in ASCII
 *  ("東京", ".."), the fallback and a hash of the name, so two such names never share a folder.
 *  Names that still slug alike ("C++" and "C#") are told apart archive-wide by separateFolders
 *  (folders.ts), so a name that clashes with none keeps the folder it always had. */
export function folderSlugOf(name: string, fallback: "site" | "forum"): string {
  const slug = slugOf(name, "");
  return slug || `${fallback}-${hash("sha256", name).slice(0, 6)}`;
}

/** Each page's title, asked for several times while its thread is assembled (pages are not changed then
 *  in what the title is read from). */
const titles = new WeakMap<DumpPage, PageTitle>();
/** A page's title, and its `pageGroupKey` once asked for (site, forum and title do not change either). */
interface PageTitle {
  title: string;
  guessed: boolean;
  groupKey?: string;
}
function titleOf(page: DumpPage): PageTitle {
  let title = titles.get(page);
  if (title === undefined) titles.set(page, (title = readTitle(page)));
  return title;
}

/** The thread title a page tells: front matter, post #1's title, else the replies' "Re: …". */
function readTitle(page: DumpPage): PageTitle {
  if (page.frontMatter.title) return pageTitle(page.frontMatter.title, false);
  if (page.title) return pageTitle(page.title, false);
  const first = page.posts.find((post) => post.number === 1);
  if (first?.title) return pageTitle(first.title, false);
  const counts = new Map<string, number>();
  for (const post of page.posts) {
    if (post.title && hasReplyPrefix(post.title)) {
      const title = stripReplyPrefix(post.title);
      if (title) counts.set(title, (counts.get(title) ?? 0) + 1);
    }
  }
  // Code-unit order for ties: the build machine's locale must not pick the title.
  const common = [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))[0];
  if (common) return pageTitle(common[0], false);
  const stem = page.file
    .split(/[\\/]/)
    .at(-1)!
    .replace(/\.[^.]+$/, "")
    .replace(/[-_]+/g, " ")
    .trim();
  return pageTitle(stem || "Untitled thread", true);
}

/** With its group key's place from the start: one shape, so code reading titles is not compiled again when
 *  the key is added (issue 15). */
const pageTitle = (title: string, guessed: boolean): PageTitle => ({ title, guessed, groupKey: undefined });

interface PageGroup {
  key: string;
  title: string;
  threadNumber?: string;
  pages: DumpPage[];
  posts: Map<number, PostDraft>;
}

const sameAuthorAndDate = (a: PostDraft, b: PostDraft) =>
  a.author.name === b.author.name && a.postedAtText === b.postedAtText;

/** How a page continues a group: "sure" when both carry the same thread number or their shared
 *  posts agree; "maybe" when its post numbers run on from the group's and its dates do not go back. */
function continuation(
  group: PageGroup,
  page: DumpPage,
  threadNumber: string | undefined,
): "sure" | "maybe" | undefined {
  if (group.threadNumber && threadNumber) return group.threadNumber === threadNumber ? "sure" : undefined;
  let overlap = 0;
  for (const post of page.posts) {
    const known = group.posts.get(post.number);
    if (!known) continue;
    if (!sameAuthorAndDate(known, post)) return undefined;
    overlap++;
  }
  if (overlap > 0) return "sure";
  const numbers = page.posts.map((post) => post.number);
  const groupNumbers = [...group.posts.keys()];
  const [low, high] = [Math.min(...numbers), Math.max(...numbers)];
  const [groupLow, groupHigh] = [Math.min(...groupNumbers), Math.max(...groupNumbers)];
  const before = high + 1 === groupLow;
  if (low !== groupHigh + 1 && !before) return undefined;
  const [earlier, later] = before ? [page.posts, [...group.posts.values()]] : [[...group.posts.values()], page.posts];
  const lastOfEarlier = earlier.reduce((a, b) => (a.number > b.number ? a : b));
  const firstOfLater = later.reduce((a, b) => (a.number < b.number ? a : b));
  return isIsoDate(lastOfEarlier.postedAt) &&
    isIsoDate(firstOfLater.postedAt) &&
    firstOfLater.postedAt < lastOfEarlier.postedAt
    ? undefined
    : "maybe";
}

/** /^\d{4}-\d{2}-\d{2}T/ without a regular expression: asked of every post's date. */
const ISO_DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];
function isIsoDate(text: string): boolean {
  if (text.length < 11 || text[4] !== "-" || text[7] !== "-" || text[10] !== "T") return false;
  for (const at of ISO_DATE_DIGITS) {
    const code = text.charCodeAt(at);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** Two copies of one post that say the same. Aside: where each was read from (file and line), what
 *  changes on an author's card between captures (post count, rank title, online), and layout white space (a
 *  skin's HTML comments or template markers split and pad text nodes). */
function sameContent(a: PostDraft, b: PostDraft): boolean {
  return comparableText(a) === comparableText(b);
}

function comparableText(post: PostDraft): string {
  // vBulletin user titles follow the post count (ranks), so they change with it.
  const { postCount: _count, online: _online, title: _title, ...author } = post.author;
  const comparable = {
    ...post,
    author,
    ...(post.blocks ? { blocks: post.blocks.map(comparableBlock) } : {}),
    ...(post.signatureBlocks ? { signatureBlocks: post.signatureBlocks.map(comparableBlock) } : {}),
  };
  const withoutPlace = (key: string, value: unknown) => {
    if (key === "source" || key === "line" || key === "bodyLines") return undefined;
    return typeof value === "string" ? value.replace(/\s+/g, " ").trim() : value;
  };
  return JSON.stringify(comparable, withoutPlace);
}

const marksOf = (inline: Inline) => JSON.stringify(inline.marks ?? []);

/** A block with each paragraph's neighbouring text runs of the same marks joined, blank runs dropped. */
function comparableBlock(block: Block): Block {
  if (block.type === "quote") return { ...block, blocks: block.blocks.map(comparableBlock) };
  if (block.type === "list") return { ...block, items: block.items.map((item) => item.map(comparableBlock)) };
  if (block.type !== "paragraph") return block;
  const inlines: Inline[] = [];
  for (const inline of block.inlines) {
    const last = inlines.at(-1);
    if (inline.type === "text" && last?.type === "text" && marksOf(last) === marksOf(inline)) {
      inlines[inlines.length - 1] = { ...last, text: `${last.text}${inline.text}` };
    } else inlines.push(inline);
  }
  return { ...block, inlines: inlines.filter((inline) => inline.type !== "text" || inline.text.trim() !== "") };
}

/** Of two captures of one post, the later capture (or, captured the same day, the later edit) is the text to keep. */
function isNewerCopy(post: PostDraft, known: PostDraft, capturedOf: (post: PostDraft) => string): boolean {
  const [postCaptured, knownCaptured] = [capturedOf(post), capturedOf(known)];
  if (postCaptured !== knownCaptured) return postCaptured > knownCaptured;
  return (post.edited?.at ?? "") > (known.edited?.at ?? "");
}

/** Two captures that share their first post but disagree later stay two threads with one id:
 *  each later one gets an id that also hashes its files, and a warning says so. */
export function makeIdsDistinct(threads: readonly Thread[]): void {
  const seen = new Set<string>();
  for (const thread of threads) {
    if (!seen.has(thread.id)) {
      seen.add(thread.id);
      continue;
    }
    const id = hash("sha256", JSON.stringify([thread.id, ...thread.source.files])).slice(0, 16);
    thread.url = `${thread.url.slice(0, -`${thread.id.slice(0, 8)}/`.length)}${id.slice(0, 8)}/`;
    thread.warnings.push({
      file: thread.source.files[0]!,
      line: 0,
      message: `another dump holds a thread with the same first post but other posts; this one is kept apart at ${thread.url}`,
    });
    thread.id = id;
    seen.add(id);
  }
}

/** A thread with its Similar Threads rows still unsplit: the split waits for archive-wide knowledge. */
export interface AssembledThread {
  thread: Thread;
  listedRows: { file: string; line: number; text: string; dayFirstDashes: boolean }[];
}

/** Pages of one thread share this key (site, forum, title without case); pages with different
 *  keys never join, so threads can be assembled one key's pages at a time. */
export function pageGroupKey(page: DumpPage): string {
  const title = titleOf(page);
  title.groupKey ??= JSON.stringify([
    page.site ?? UNKNOWN_SITE,
    page.forum?.name ?? UNKNOWN_FORUM,
    title.title.toLowerCase(),
  ]);
  return title.groupKey;
}

/** The thread's id on its forum, as the page tells it: its own links and forms, else a dump's front matter
 *  address, read as the page parser reads addresses (every vBulletin shape). */
export function threadNumberOf(page: DumpPage): string | undefined {
  return page.threadId ?? threadIdOf(page.frontMatter.url);
}

/** The key pages of one thread share on one site whatever forum or title each capture shows: its thread id. */
function threadNumberKey(page: DumpPage, threadNumber: string): string {
  return JSON.stringify([page.site ?? UNKNOWN_SITE, "#", threadNumber]);
}

/** Every key under which a page may join others: its site, forum and title, and its site and thread id
 *  when it tells one (a page captured after its forum was renamed or moved is still a page of that
 *  thread). Pages that share no key, directly or through other pages, never join. */
export function pageJoinKeys(page: DumpPage): string[] {
  const threadNumber = threadNumberOf(page);
  return threadNumber === undefined ? [pageGroupKey(page)] : [pageGroupKey(page), threadNumberKey(page, threadNumber)];
}

/** An ISO date's time in ms, NaN for anything else. */
const timeOf = (at: string | undefined): number => (at !== undefined && isIsoDate(at) ? Date.parse(at) : Number.NaN);

/** When a page was captured at the latest known: its capture day (front matter, Wayback stamp, HTTrack
 *  note), else no earlier than the newest date it shows (a post or an edit), in ms; -Infinity when unknown. */
function capturedNoEarlierThan(page: DumpPage): number {
  const day = page.frontMatter.captured ? Date.parse(`${page.frontMatter.captured}T23:59:59Z`) : Number.NaN;
  if (!Number.isNaN(day)) return day;
  let newest = -Infinity;
  for (const post of page.posts) {
    const posted = timeOf(post.postedAt);
    if (posted > newest) newest = posted;
    const edited = timeOf(post.edited?.at);
    if (edited > newest) newest = edited;
  }
  return newest;
}

/** A thread's pages, newest capture first (ties by file name, so input order never decides): where the
 *  newest capture files the thread (forum, breadcrumbs, title) is where the forum last had it. */
function newestCapturesFirst(pages: readonly DumpPage[]): DumpPage[] {
  if (pages.length === 1) return [pages[0]!];
  const moments = new Map(pages.map((page) => [page, capturedNoEarlierThan(page)]));
  return [...pages].sort((a, b) => moments.get(b)! - moments.get(a)! || byFile(a, b));
}

const byFile = (a: DumpPage, b: DumpPage): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

/** The lowest post number a page shows (a loop: no array of numbers and spread a page). */
function lowestNumber(page: DumpPage): number {
  let lowest = Infinity;
  for (const post of page.posts) if (post.number < lowest) lowest = post.number;
  return lowest;
}

/** The capture day (or "") of a post's page, by its file; the map of them made at the first ask, which
 *  only a post two pages hold makes (issue 15: a map a group). The function returned is anonymous: tsx
 *  keeps names by a defineProperty on every named closure. */
function capturedLookup(pages: readonly DumpPage[]): (post: PostDraft) => string {
  let captured: Map<string, string> | undefined;
  return (post) => {
    captured ??= new Map(pages.map((page) => [page.file, page.frontMatter.captured ?? ""]));
    return captured.get(post.source.file) ?? "";
  };
}

export function assembleThreads(pages: readonly DumpPage[]): AssembledThread[] {
  const capturedOf = capturedLookup(pages);
  const groups: PageGroup[] = [];
  const groupsByKey = new Map<string, PageGroup[]>();
  const groupsByNumber = new Map<string, PageGroup>();
  // Pages in post order ("…-page-10" after "…-page-2"), then file order, so neither the
  // grouping nor which copy of a duplicated post wins depends on input order.
  const sorted = [...pages].sort((a, b) => lowestNumber(a) - lowestNumber(b) || compareText(a.file, b.file));
  for (const page of sorted) {
    const { title } = titleOf(page);
    const key = pageGroupKey(page);
    const threadNumber = threadNumberOf(page);
    const sameKey = groupsByKey.get(key) ?? [];
    // The thread id decides: a page of a known thread joins it whatever forum or title its capture shows.
    let group = threadNumber === undefined ? undefined : groupsByNumber.get(threadNumberKey(page, threadNumber));
    group ??= sameKey.find((candidate) => continuation(candidate, page, threadNumber) === "sure");
    if (!group) {
      const maybe = sameKey.filter((candidate) => continuation(candidate, page, threadNumber) === "maybe");
      // Two same-titled threads that this page could continue: which one is a guess, so it stays a thread of its own.
      if (maybe.length === 1) group = maybe[0];
      else if (maybe.length > 1) {
        page.warnings.push({
          file: page.file,
          line: 0,
          message: `this page could continue ${maybe.length} threads titled "${title}"; kept as a thread of its own`,
        });
      }
    }
    if (!group) {
      group = { key, title, threadNumber, pages: [], posts: new Map() };
      groups.push(group);
    }
    if (!sameKey.includes(group)) groupsByKey.set(key, [...sameKey, group]);
    group.pages.push(page);
    group.threadNumber ??= threadNumber;
    if (group.threadNumber !== undefined) groupsByNumber.set(threadNumberKey(page, group.threadNumber), group);
    const copiedFrom = new Set<string>();
    for (const post of page.posts) {
      const known = group.posts.get(post.number);
      if (!known) group.posts.set(post.number, post);
      else if (!sameAuthorAndDate(known, post)) {
        page.warnings.push({
          file: page.file,
          line: post.source.line,
          message: `post #${post.number} differs from the copy in ${known.source.file}; that copy is kept`,
        });
      } else if (isNewerCopy(post, known, capturedOf)) group.posts.set(post.number, post);
      else if (sameContent(post, known)) copiedFrom.add(known.source.file);
      else {
        copiedFrom.add("");
        // Neither copy is the later capture or edit: the choice is by file order, so say which text was left out.
        if (!isNewerCopy(known, post, capturedOf)) {
          page.warnings.push({
            file: page.file,
            line: post.source.line,
            message: `post #${post.number} says something else than the copy in ${known.source.file} (same author and date, neither a later capture nor a later edit); that copy is kept, the text of this one is left out`,
          });
        }
      }
    }
    // The same page saved twice: the later file (by post order, then name) adds nothing; say so, once.
    if (
      page.posts.length > 0 &&
      copiedFrom.size > 0 &&
      !copiedFrom.has("") &&
      page.posts.every((post) => group.posts.get(post.number) !== post)
    ) {
      const numbers = page.posts.map((post) => post.number);
      page.warnings.push({
        file: page.file,
        line: page.posts[0]!.source.line,
        message: `every post of this file (#${Math.min(...numbers)}–#${Math.max(...numbers)}) is already read, word for word, from ${[...copiedFrom].sort().join(", ")}; this file adds nothing`,
      });
    }
  }
  const threads: AssembledThread[] = [];
  for (const group of groups) threads.push(threadOf(group));
  return threads;
}

function threadOf(group: PageGroup): AssembledThread {
  const pages = group.pages;
  // Pushed into a literal, not flatMap()ped: a literal's array takes the elements kind its site has seen
  // (objects), where flatMap() makes an empty one of small integers, and the sort below deopts on the two
  // (issue 15).
  const warnings: Warning[] = [];
  for (const page of pages) for (const warning of page.warnings) warnings.push(warning);
  const { title, site, forum, breadcrumbs } = placeOfThread(group, warnings);
  const posts = postsOf(group, warnings);
  const firstPost = posts[0]!;
  // The thread's own first archived post names it, so pages of other threads never change its id
  // (adding a missing earlier page of the same thread does: see the README).
  const identity = [
    site,
    forum.name,
    title.toLowerCase(),
    firstPost.number,
    firstPost.author.name,
    firstPost.postedAtText,
  ];
  // One-shot hash(): no Hash object a thread (issue 15: createHash().update().digest() cost ~3x as much).
  const id = hash("sha256", JSON.stringify(identity)).slice(0, 16);
  const url = `/${folderSlugOf(site, "site")}/${folderSlugOf(forum.name, "forum")}/${slugOf(title, "thread")}-${id.slice(0, 8)}/`;
  const timezone = pages.find((page) => page.timezone)?.timezone;
  const footer = pages.find((page) => page.footer.length)?.footer;
  const url0 = pages.find((page) => page.frontMatter.url)?.frontMatter.url;
  const captured = pages.find((page) => page.frontMatter.captured)?.frontMatter.captured;
  const threadId = group.threadNumber;
  const poll = pages.find((page) => page.poll)?.poll;
  // The forum's own language pack, where a saved page tells it (the archive detects the rest).
  const language = pages.find((page) => page.language)?.language;
  warnings.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  const thread: Thread = {
    id,
    title,
    url,
    site,
    breadcrumbs,
    forum,
    posts,
    similarListed: listedOfPages(pages),
    ...(timezone ? { timezone } : {}),
    ...(poll ? { poll } : {}),
    ...(language ? { language } : {}),
    source: {
      files: filesOf(pages),
      ...(url0 ? { url: url0 } : {}),
      ...(captured ? { captured } : {}),
      ...(threadId ? { threadId } : {}),
    },
    ...(footer ? { footer } : {}),
    warnings,
  };
  return { thread, listedRows: listedRowsOf(pages) };
}

/** A warning about a page as a whole (line 0). */
const pageWarning = (page: DumpPage, message: string): Warning => ({ file: page.file, line: 0, message });

/** Title, site, forum and breadcrumbs of a thread: as its newest capture shows them (a forum renamed
 *  or the thread moved), with warnings where no page tells. */
function placeOfThread(
  group: PageGroup,
  warnings: Warning[],
): { title: string; site: string; forum: Thread["forum"]; breadcrumbs: string[] } {
  const pages = group.pages;
  const first = pages[0]!;
  const newest = newestCapturesFirst(pages);
  let titled: PageTitle | undefined;
  for (const page of newest) {
    const candidate = titleOf(page);
    if (!candidate.guessed) {
      titled = candidate;
      break;
    }
  }
  if (!titled)
    warnings.push(pageWarning(first, `no thread title in the dump; the file name "${group.title}" stands in`));
  const title = titled?.title ?? group.title;
  const site = newest.find((page) => page.site)?.site ?? UNKNOWN_SITE;
  if (site === UNKNOWN_SITE)
    warnings.push(pageWarning(first, `no site name or breadcrumbs in the dump; filed under "${UNKNOWN_SITE}"`));
  // Filed where the newest capture shows it, with a description and the fullest breadcrumbs any
  // capture gives of that forum.
  const forumName = newest.find((page) => page.forum)?.forum?.name;
  const ofForum = newest.filter((page) => page.forum?.name === forumName);
  const forumPage = ofForum.find((page) => page.forum?.description) ?? ofForum[0];
  const forum = forumPage?.forum ? { ...forumPage.forum } : { name: UNKNOWN_FORUM };
  if (!forumPage) warnings.push(pageWarning(first, `no forum in the breadcrumbs; filed under "${UNKNOWN_FORUM}"`));
  const crumbPages = forumPage ? ofForum : pages;
  // The first of the longest (what a stable sort by length, longest first, puts first).
  let breadcrumbs = crumbPages[0]?.breadcrumbs ?? [];
  for (const page of crumbPages) if (page.breadcrumbs.length > breadcrumbs.length) breadcrumbs = page.breadcrumbs;
  return { title, site, forum, breadcrumbs };
}

/** The thread's posts in number order, each quote resolved against the posts before it. */
function postsOf(group: PageGroup, warnings: Warning[]): Post[] {
  const drafts = [...group.posts.values()].sort((a, b) => a.number - b.number);
  const sources: QuoteSource[] = [];
  const numberOfId = new Map<string, number>();
  for (const draft of drafts) if (draft.id !== undefined) numberOfId.set(draft.id, draft.number);
  const posts: Post[] = [];
  for (const draft of drafts) {
    const resolved = draft.blocks
      ? {
          blocks: linkQuotedPosts(draft.blocks, numberOfId, sources),
          ownLines: ownTextLines(draft.blocks),
          problems: [],
        }
      : resolveBody(draft.number, draft.body, draft.bodyLines ?? [], sources);
    for (const problem of resolved.problems)
      warnings.push({ file: draft.source.file, line: problem.line, message: problem.message });
    const author = draft.author.name;
    // An HTML post's own lines are read from its blocks as they are; a text post's are normalised if quoted.
    sources.push(
      draft.blocks
        ? { number: draft.number, author, lines: resolved.ownLines! }
        : new BodySource(draft.number, author, resolved.ownLines ?? draft.body),
    );
    posts.push(postOf(draft, resolved.blocks));
  }
  return posts;
}

/** The post, its keys in this order (the JSON of a thread is part of the output): assigned one by one,
 *  not spread from a temporary object each (issue 15: garbage). */
function postOf(draft: PostDraft, body: Block[]): Post {
  const post: Post = {
    number: draft.number,
    postedAt: draft.postedAt,
    postedAtText: draft.postedAtText,
    author: draft.author,
  } as Post;
  if (draft.title !== undefined) post.title = draft.title;
  if (draft.icon !== undefined) post.icon = draft.icon;
  post.body = body;
  if (draft.signatureBlocks?.length) post.signature = draft.signatureBlocks;
  if (draft.signature.length) post.signature = paragraphsOf(draft.signature);
  if (draft.edited) post.edited = draft.edited;
  if (draft.attachments) post.attachments = draft.attachments;
  if (draft.id !== undefined) post.id = draft.id;
  if (draft.deleted) post.deleted = draft.deleted;
  if (draft.moderated) post.moderated = true;
  post.source = draft.source;
  return post;
}

/** The pages' files. A loop, not map(): an array an optimized map() makes is holey, and its readers (here
 *  and in the archive), compiled for the packed arrays the unoptimized map() makes, deopt on it (issue 15). */
function filesOf(pages: readonly DumpPage[]): string[] {
  const files: string[] = [];
  for (const page of pages) files.push(page.file);
  return files;
}

/** The pages' Similar Threads rows as written (text dumps), each once. */
function listedRowsOf(pages: readonly DumpPage[]): AssembledThread["listedRows"] {
  const seenRows = new Set<string>();
  const listedRows: AssembledThread["listedRows"] = [];
  for (const page of pages) {
    for (const row of page.listedRows) {
      if (seenRows.has(row.text)) continue;
      seenRows.add(row.text);
      listedRows.push({ file: page.file, line: row.line, text: row.text, dayFirstDashes: page.dayFirstDashes });
    }
  }
  return listedRows;
}

/** HTML pages' Similar Threads rows (columns told apart by the markup), once each. */
function listedOfPages(pages: readonly DumpPage[]): ListedThread[] {
  const seen = new Set<string>();
  // A literal, not flatMap().filter(): an empty array from filter() holds small integers, and the first
  // listed thread splitListedRows pushes into it changes its elements kind, which deopts that code; the
  // literal's site learns that its arrays hold objects (issue 15).
  const listed: ListedThread[] = [];
  for (const page of pages) {
    if (page.listed === undefined) continue;
    for (const entry of page.listed) {
      if (seen.has(entry.row)) continue;
      seen.add(entry.row);
      listed.push(entry);
    }
  }
  return listed;
}

/** HTML quotes name the quoted post by its forum id: the post of this thread with that id gives the number.
 *  A quote without one (a bare "Quote:", vBulletin 2) is the latest earlier post, by the named author
 *  when there is one, whose own text holds the quoted text. */
function linkQuotedPosts(
  blocks: readonly Block[],
  numberOfId: ReadonlyMap<string, number>,
  earlier: readonly QuoteSource[],
): Block[] {
  return blocks.map((block): Block => {
    if (block.type === "quote") {
      const number =
        (block.postId !== undefined ? numberOfId.get(block.postId) : undefined) ??
        (block.postId === undefined ? sourceHolding(block, earlier) : undefined);
      return {
        ...block,
        ...(number !== undefined ? { postNumber: number } : {}),
        blocks: linkQuotedPosts(block.blocks, numberOfId, earlier),
      };
    }
    if (block.type === "list")
      return { ...block, items: block.items.map((item) => linkQuotedPosts(item, numberOfId, earlier)) };
    return block;
  });
}

const squashed = (text: string) => text.replace(/\s+/g, " ").trim();

function sourceHolding(quote: Extract<Block, { type: "quote" }>, earlier: readonly QuoteSource[]): number | undefined {
  const quoted = squashed(ownTextLines(quote.blocks).join(" "));
  if (quoted === "") return undefined;
  const author = quote.author?.toLowerCase();
  for (let index = earlier.length - 1; index >= 0; index--) {
    const source = earlier[index]!;
    if (author !== undefined && source.author.toLowerCase() !== author) continue;
    if (squashed(source.lines.join(" ")).includes(quoted)) return source.number;
  }
  return undefined;
}

/** A post's own text lines (quotes and code left out), so a text dump of the same thread can find quotes of it. */
function ownTextLines(blocks: readonly Block[]): string[] {
  const lines: string[] = [];
  for (const paragraph of blockTexts(blocks)) {
    for (const line of paragraph.split("\n")) {
      const trimmed = line.trim();
      if (trimmed !== "") lines.push(trimmed);
    }
  }
  return lines;
}
