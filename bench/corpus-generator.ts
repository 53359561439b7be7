// Generates vBulletin text dumps shaped exactly like seeds/crossfit-back-spasms-from-running.txt
// (English legacy layout, U+00A0 included), for benchmarks and for similar-thread evaluation:
// every thread is written on one planted topic (corpus-vocab.ts), so "same topic" is the truth.
//
// Deterministic and streaming: thread i depends only on (seed, i, threads), never on the clock
// or on other threads' text, so the corpus is produced one thread at a time in bounded memory.
// A thread's *meta* (topic, title, starter, post times) is cheap and separate from its body, so
// the Similar Threads table can name other generated threads without generating them.

import { Rng, cumulate, hash32 } from "./prng.ts";
import {
  EDIT_REASONS,
  FILLER_SENTENCES,
  FIRST_NAMES,
  FORUMS,
  GYM_WORDS,
  HANDLE_WORDS,
  LAST_NAMES,
  LINK_HOSTS,
  LOCATIONS,
  OPENING_SENTENCES,
  REPLY_SENTENCES,
  SIGNATURE_LINES,
  SITE,
  TITLE_FRAMES,
  TOPICS,
  WORKOUTS,
  type ForumDef,
  type TopicDef,
} from "./corpus-vocab.ts";

const NBSP = "\u00a0";
const MINUTE = 60_000;
const DAY = 24 * 60;
/** Threads start in this range (wall-clock minutes, read as UTC so no DST interferes). */
const FIRST_START = Date.UTC(2004, 5, 1) / MINUTE;
const LAST_START = Date.UTC(2012, 9, 31) / MINUTE;
/** The day the pages were saved: after every post. */
const CAPTURE = Date.UTC(2013, 1, 14, 17, 25) / MINUTE;
const AUTHOR_POOL = 3000;
/** The most active authors joined early enough to post in any thread. */
const FOUNDERS = 50;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Bumped whenever the same seed starts giving other bytes, so saved corpora are not reused. */
export const GENERATOR_VERSION = 2;

export interface CorpusOptions {
  threads: number;
  seed?: number | string;
  /** Posts per dump file; longer threads are split into `…-page-N.txt`. */
  postsPerPage?: number;
}

export interface AuthorProfile {
  index: number;
  name: string;
  title: string;
  /** Minutes (UTC wall clock) of the first day of the join month. */
  joinedAt: number;
  location?: string;
  postCount: number;
  hasAvatar: boolean;
  signature?: string[];
}

/** A piece of a post's own text: plain paragraphs, or a quote of an earlier post. */
export type Segment =
  | { kind: "text"; text: string }
  /** `author` absent: a bare `Quote:` (vBulletin's [QUOTE] without a name); `of` is still the source post. */
  | { kind: "quote"; author?: string; of: number; text: string };

export interface GeneratedPost {
  number: number;
  postedAt: number;
  author: AuthorProfile;
  title: string;
  segments: Segment[];
  /** separators[k] goes before segments[k] (separators[0] is ""). Only newlines. */
  separators: string[];
  edited?: { by: string; at: number; reason?: string };
}

export interface ListedRow {
  title: string;
  starter: string;
  forum: string;
  replies: number;
  lastPostAt: number;
  /** The generated thread this row names; absent for threads outside the corpus. */
  threadKey?: string;
}

export interface ThreadTruth {
  threadKey: string;
  topic: string;
  title: string;
  forum: string;
  starter: string;
  files: string[];
  posts: number;
  similar: { row: string; title: string; starter: string; forum: string; threadKey?: string }[];
}

export interface GeneratedThread {
  index: number;
  key: string;
  topic: TopicDef;
  forum: ForumDef;
  title: string;
  posts: GeneratedPost[];
  similar: ListedRow[];
  files: string[];
}

export interface CorpusFile {
  /** Relative path with "/" separators: `<forum-slug>/<title-slug>-<i>[-page-N].txt`. */
  file: string;
  text: string;
  threadKey: string;
  topic: string;
  title: string;
  forum: string;
  page: number;
  pages: number;
  /** Post numbers on this page. */
  firstPost: number;
  lastPost: number;
  /** The thread's truth (the same object for every page of the thread). */
  thread: ThreadTruth;
}

interface ThreadMeta {
  index: number;
  topic: number;
  forum: ForumDef;
  title: string;
  starter: AuthorProfile;
  times: number[];
  key: string;
}

/** Everything fixed by the seed and the corpus size: author pool, topic weights. */
export class Corpus {
  readonly seed: number;
  readonly threads: number;
  readonly postsPerPage: number;
  readonly authors: AuthorProfile[];
  private readonly authorWeights: number[];
  private readonly topicWeights: number[];
  private readonly founders: AuthorProfile[];

  constructor(options: CorpusOptions) {
    if (!Number.isInteger(options.threads) || options.threads < 0) throw new Error("threads: a non-negative integer");
    this.seed = typeof options.seed === "string" ? hash32(options.seed) : (options.seed ?? 1) >>> 0;
    this.threads = options.threads;
    this.postsPerPage = options.postsPerPage ?? 40;
    this.authors = buildAuthors(this.seed);
    this.founders = this.authors.slice(0, FOUNDERS);
    // Zipf-like: a few regulars write much of the forum, a long tail posts once or twice.
    this.authorWeights = cumulate(this.authors.map((_, rank) => 1 / (rank + 5)));
    const topicRng = new Rng(hash32(this.seed, "topic-weights"));
    this.topicWeights = cumulate(TOPICS.map(() => 0.5 + 1.5 * topicRng.next()));
  }

  topicOf(index: number): number {
    return new Rng(hash32(this.seed, "topic", index)).weighted(this.topicWeights);
  }

  /** An author who had joined by `at`, drawn by activity. */
  pickAuthor(rng: Rng, at: number): AuthorProfile {
    for (let tries = 0; tries < 30; tries++) {
      const author = this.authors[rng.weighted(this.authorWeights)]!;
      if (author.joinedAt <= at) return author;
    }
    return rng.pick(this.founders);
  }

  pickModerator(rng: Rng): AuthorProfile {
    return this.founders[rng.int(0, 4)]!;
  }

  meta(index: number): ThreadMeta {
    const rng = new Rng(hash32(this.seed, "meta", index));
    const topicIndex = this.topicOf(index);
    const topic = TOPICS[topicIndex]!;
    // Most threads sit in their topic's forum; some were posted wherever their author was.
    const forum = rng.chance(0.9) ? forumNamed(topic.forum) : rng.pick(FORUMS);
    const title = makeTitle(rng, topic);
    const postCount = drawPostCount(rng);
    const times = [FIRST_START + Math.floor(rng.next() * (LAST_START - FIRST_START))];
    const limit = CAPTURE - 10 * DAY;
    for (let n = 1; n < postCount; n++) {
      let gap = rng.chance(0.03) ? rng.logInt(7 * DAY, 240 * DAY) : rng.logInt(2, 3 * DAY);
      if (times[n - 1]! + gap > limit) gap = rng.int(1, 20);
      times.push(times[n - 1]! + gap);
    }
    const starter = this.pickAuthor(rng, times[0]!);
    const key = `${slug(forum.name)}/${slug(title)}-${index}`;
    return { index, topic: topicIndex, forum, title, starter, times, key };
  }
}

function forumNamed(name: string): ForumDef {
  const forum = FORUMS.find((f) => f.name === name);
  if (!forum) throw new Error(`corpus-vocab: topic names unknown forum ${name}`);
  return forum;
}

/** Most threads 2–15 posts, a long tail into the hundreds. */
function drawPostCount(rng: Rng): number {
  const u = rng.next();
  if (u < 0.06) return 1;
  if (u < 0.86) return 2 + Math.floor(14 * Math.pow(rng.next(), 1.6));
  if (u < 0.97) return rng.logInt(16, 60);
  return rng.logInt(61, 400);
}

function buildAuthors(seed: number): AuthorProfile[] {
  const rng = new Rng(hash32(seed, "authors"));
  const names = new Set<string>();
  const authors: AuthorProfile[] = [];
  while (authors.length < AUTHOR_POOL) {
    const name = rng.chance(0.8)
      ? `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`
      : `${rng.pick(HANDLE_WORDS)}${rng.pick(HANDLE_WORDS)}${rng.chance(0.5) ? rng.int(1, 99) : ""}`;
    if (names.has(name)) continue;
    names.add(name);
    const rank = authors.length;
    const joinedAt = rank < FOUNDERS ? monthStart(2003, rng.int(0, 16)) : monthStart(2003, rng.int(0, 12 * 9 - 1));
    const share = 1 / (rank + 5) / 6.5;
    const location = rng.chance(0.65) ? rng.pick(LOCATIONS) : undefined;
    const first = name.split(" ")[0]!;
    const gym = rng.pick(GYM_WORDS);
    const signature = rng.chance(0.3)
      ? Array.from({ length: rng.int(1, 2) }, () =>
          fill(rng.pick(SIGNATURE_LINES), {
            name,
            first,
            gym,
            Gym: capitalize(gym),
            dl: String(rng.int(25, 60) * 10),
            sq: String(rng.int(20, 50) * 10),
            pr: String(rng.int(9, 25) * 10),
          }),
        )
      : undefined;
    authors.push({
      index: rank,
      name,
      title: rng.chance(0.8) ? "Member" : rng.chance(0.6) ? "Affiliate" : "Senior Member",
      joinedAt,
      location: location ? (location[1] ? `${location[0]}${NBSP} ${location[1]}` : location[0]) : undefined,
      postCount: Math.max(1, Math.round(share * 400_000 * (0.5 + rng.next()))),
      hasAvatar: rng.chance(0.4),
      signature: signature ? [...new Set(signature)] : undefined,
    });
  }
  return authors;
}

function monthStart(year: number, monthOffset: number): number {
  return Date.UTC(year, monthOffset, 1) / MINUTE;
}

function makeTitle(rng: Rng, topic: TopicDef): string {
  const subject = rng.pick(topic.subjects);
  return fill(rng.pick(TITLE_FRAMES), { s: subject, S: capitalize(subject) });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Lower-case ASCII slug for file names. */
export function slug(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || "thread"
  );
}

// ---------------------------------------------------------------- prose

/** `onTopic`: never a filler sentence (an opening post starts on its topic). */
function sentence(rng: Rng, topic: TopicDef, opening: boolean, onTopic = false): string {
  const u = onTopic ? rng.next() * 0.88 : rng.next();
  if (u < 0.15) return rng.pick(topic.lines);
  if (u < 0.88) {
    const term = rng.pick(topic.terms);
    return fill(rng.pick(opening ? OPENING_SENTENCES : REPLY_SENTENCES), {
      t: term,
      T: capitalize(term),
      n: String(rng.int(2, 12)),
      age: String(rng.int(19, 52)),
      weight: String(rng.int(115, 240)),
      wod: rng.pick(WORKOUTS),
    });
  }
  return rng.pick(FILLER_SENTENCES);
}

/** vBulletin shortens the text of long links: 36 characters, "...", the last 14. */
export function shortenUrl(url: string): string {
  return url.length > 55 ? `${url.slice(0, 36)}...${url.slice(-14)}` : url;
}

function randomId(rng: Rng, length: number): string {
  const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
  let out = "";
  for (let i = 0; i < length; i++) out += chars[rng.int(0, chars.length - 1)];
  return out;
}

function linkParagraph(rng: Rng, topic: TopicDef): string {
  const url = rng.chance(0.5)
    ? `http://www.youtube.com/watch?v=${randomId(rng, 11)}${rng.chance(0.6) ? "&feature=related" : ""}`
    : `http://${rng.pick(LINK_HOSTS)}/${rng.int(2005, 2012)}/${String(rng.int(1, 12)).padStart(2, "0")}/${slug(rng.pick(topic.terms))}-${rng.pick(["tips", "part-2", "faq", "guide"])}/`;
  const lead = rng.pick(["wfs", "Here's a video of it.", "This article covers it well:", "Other example.. wfs", ""]);
  return lead ? `${lead}\n${shortenUrl(url)}` : shortenUrl(url);
}

function logParagraph(rng: Rng): string {
  const lines: string[] = [];
  const rows = rng.int(3, 5);
  if (rng.chance(0.5)) {
    for (let r = 1; r <= rows; r++)
      lines.push(`Round ${r}: ${rng.int(2, 4)}:${String(rng.int(0, 59)).padStart(2, "0")}`);
  } else {
    const lift = rng.pick(["Squat", "Deadlift", "Press", "Bench", "Front squat", "Clean"]);
    for (let r = 0; r < rows; r++) lines.push(`${lift} ${rng.int(1, 5)}x${rng.int(1, 5)} @ ${rng.int(9, 45) * 5}`);
  }
  return lines.join("\n");
}

function paragraph(rng: Rng, topic: TopicDef, opening: boolean, first = false): string {
  const u = rng.next();
  if (!first && u < 0.05) return linkParagraph(rng, topic);
  if (!first && u < 0.08) return logParagraph(rng);
  const count = opening ? rng.int(2, 6) : rng.int(1, 4);
  const picked: string[] = [];
  for (let i = 0; i < count; i++) {
    const s = sentence(rng, topic, opening, first && i === 0);
    if (!picked.includes(s)) picked.push(s);
  }
  return picked.join(" ");
}

function paragraphs(
  rng: Rng,
  topic: TopicDef,
  opening: boolean,
  author: AuthorProfile,
  min: number,
  max: number,
): string {
  const out: string[] = [];
  for (let i = rng.int(min, max); i > 0; i--) out.push(paragraph(rng, topic, opening, opening && out.length === 0));
  if (rng.chance(0.05)) out.push(author.name.split(" ")[0]!);
  return out.join("\n\n");
}

// ---------------------------------------------------------------- posts and quotes

/** A post's text as another member gets it when quoting: the post's own quotes removed (the
 *  newlines around them stay, as vBulletin does), then trimmed. */
export function strippedText(post: GeneratedPost): string {
  let out = "";
  post.segments.forEach((segment, k) => {
    out += post.separators[k]! + (segment.kind === "text" ? segment.text : "");
  });
  return out.replace(/^\n+|\n+$/g, "");
}

/** The post body as the dump shows it (quotes opened by `Quote:`, no end marker). */
export function renderBody(post: GeneratedPost): string {
  let out = "";
  post.segments.forEach((segment, k) => {
    out += post.separators[k]!;
    if (segment.kind === "text") out += segment.text;
    else out += `Quote:\n${segment.author ? `Originally Posted by ${segment.author} View Post\n` : ""}${segment.text}`;
  });
  return out;
}

/** Paragraph blocks of a stripped text, with the blank-line runs between them kept. */
function blocksOf(text: string): { parts: string[]; count: number } {
  const parts = text.split(/(\n{2,})/);
  return { parts, count: (parts.length + 1) / 2 };
}

function excerpt(parts: string[], from: number, to: number): string {
  return parts.slice(2 * from, 2 * to + 1).join("");
}

const strippedLines = new WeakMap<GeneratedPost, string[]>();

function linesOf(post: GeneratedPost): string[] {
  let lines = strippedLines.get(post);
  if (!lines) {
    lines = strippedText(post)
      .split("\n")
      .filter((line) => line !== "");
    strippedLines.set(post, lines);
  }
  return lines;
}

/** Reply text whose first line no candidate source of the quote before it holds (equal, or as a
 *  part of a longer line). Quotes have no end marker: a reader ends one where the lines stop
 *  copying the source, so a reply opening with a copied line would make the truth ambiguous.
 *  Real replies rarely open by repeating the quoted post; this corpus repeats sentences more. */
function replyAfter(rng: Rng, topic: TopicDef, author: AuthorProfile, sources: readonly GeneratedPost[]): string {
  for (let tries = 0; ; tries++) {
    const text = paragraphs(rng, topic, false, author, 1, 3);
    const first = text.split("\n").find((line) => line !== "")!;
    const copied = sources.some((source) =>
      linesOf(source).some((line) => line === first || (first.length >= 12 && line.includes(first))),
    );
    if (!copied || tries > 30) return text;
  }
}

function quoteSeparator(rng: Rng): string {
  return rng.chance(0.8) ? "\n\n" : "\n\n\n";
}

function afterQuoteSeparator(rng: Rng): string {
  return rng.chance(0.7) ? "\n" : "\n\n";
}

function buildSegments(
  rng: Rng,
  topic: TopicDef,
  author: AuthorProfile,
  number: number,
  earlier: GeneratedPost[],
): { segments: Segment[]; separators: string[] } {
  const segments: Segment[] = [];
  const separators: string[] = [];
  const push = (segment: Segment, separator: string): void => {
    separators.push(segments.length === 0 ? "" : separator);
    segments.push(segment);
  };
  const candidates = earlier.filter((p) => p.author !== author);
  const byAuthor = (name: string): GeneratedPost[] => earlier.filter((p) => p.author.name === name);
  if (number === 1 || candidates.length === 0 || !rng.chance(0.3)) {
    push(
      { kind: "text", text: paragraphs(rng, topic, number === 1, author, number === 1 ? 2 : 1, number === 1 ? 5 : 3) },
      "",
    );
    return { segments, separators };
  }
  const previous = earlier[earlier.length - 1]!;
  const target =
    previous.author !== author && rng.chance(0.55)
      ? previous
      : earlier[0]!.author !== author && rng.chance(0.3)
        ? earlier[0]!
        : rng.pick(candidates);
  const { parts, count } = blocksOf(strippedText(target));
  if (rng.chance(0.15)) push({ kind: "text", text: paragraphs(rng, topic, false, author, 1, 1) }, "");
  if (count >= 2 && rng.chance(0.2)) {
    // Answering a post piece by piece: the first piece named, the rest bare `Quote:`s.
    const cut = rng.int(1, count - 1);
    const first = excerpt(parts, 0, cut - 1);
    const second = excerpt(parts, cut, count - 1);
    push({ kind: "quote", author: target.author.name, of: target.number, text: first }, quoteSeparator(rng));
    push(
      { kind: "text", text: replyAfter(rng, topic, author, byAuthor(target.author.name)) },
      afterQuoteSeparator(rng),
    );
    push({ kind: "quote", of: target.number, text: second }, quoteSeparator(rng));
    push({ kind: "text", text: replyAfter(rng, topic, author, earlier) }, afterQuoteSeparator(rng));
  } else {
    const from = rng.chance(0.5) ? 0 : rng.int(0, count - 1);
    const to = rng.chance(0.5) ? count - 1 : rng.int(from, count - 1);
    const text = excerpt(parts, from, to);
    push({ kind: "quote", author: target.author.name, of: target.number, text }, quoteSeparator(rng));
    push(
      { kind: "text", text: replyAfter(rng, topic, author, byAuthor(target.author.name)) },
      afterQuoteSeparator(rng),
    );
  }
  const others = candidates.filter((p) => p !== target);
  if (others.length > 0 && rng.chance(0.08)) {
    const second = rng.pick(others);
    const { parts: p2, count: c2 } = blocksOf(strippedText(second));
    const text = excerpt(p2, 0, rng.int(0, c2 - 1));
    push({ kind: "quote", author: second.author.name, of: second.number, text }, quoteSeparator(rng));
    push(
      { kind: "text", text: replyAfter(rng, topic, author, byAuthor(second.author.name)) },
      afterQuoteSeparator(rng),
    );
  }
  return { segments, separators };
}

// ---------------------------------------------------------------- threads

export function generateThread(corpus: Corpus, index: number): GeneratedThread {
  const meta = corpus.meta(index);
  const topic = TOPICS[meta.topic]!;
  const rng = new Rng(hash32(corpus.seed, "body", index));
  const regulars = Array.from({ length: rng.int(1, 6) }, () => corpus.pickAuthor(rng, meta.times[0]!));
  const posts: GeneratedPost[] = [];
  meta.times.forEach((postedAt, i) => {
    const number = i + 1;
    let author = meta.starter;
    if (number > 1) {
      const previous = posts[i - 1]!.author;
      const u = rng.next();
      author = u < 0.3 ? meta.starter : u < 0.6 ? rng.pick(regulars) : corpus.pickAuthor(rng, postedAt);
      if (author === previous || author.joinedAt > postedAt) author = corpus.pickAuthor(rng, postedAt);
    }
    const { segments, separators } = buildSegments(rng, topic, author, number, posts);
    const post: GeneratedPost = {
      number,
      postedAt,
      author,
      segments,
      separators,
      title: number === 1 ? meta.title : `Re: ${meta.title}`,
    };
    if (rng.chance(0.08)) {
      post.edited = {
        by: rng.chance(0.9) ? author.name : corpus.pickModerator(rng).name,
        at: postedAt + rng.logInt(1, 2000),
        reason: rng.chance(0.7) ? rng.pick(EDIT_REASONS) : undefined,
      };
    }
    posts.push(post);
  });
  const pages = Math.max(1, Math.ceil(posts.length / corpus.postsPerPage));
  const files = Array.from({ length: pages }, (_, p) => `${meta.key}${p === 0 ? "" : `-page-${p + 1}`}.txt`);
  return {
    index,
    key: meta.key,
    topic,
    forum: meta.forum,
    title: meta.title,
    posts,
    files,
    similar: similarRows(corpus, meta, rng),
  };
}

/** The Similar Threads table: other generated threads of the same topic, and some threads the
 *  corpus does not hold (as an archive made of a forum's surviving pages has). */
function similarRows(corpus: Corpus, meta: ThreadMeta, rng: Rng): ListedRow[] {
  if (rng.chance(0.1)) return [];
  const count = rng.chance(0.6) ? 5 : rng.int(1, 4);
  const used = new Set([meta.index]);
  const rows: ListedRow[] = [];
  const topic = TOPICS[meta.topic]!;
  while (rows.length < count) {
    let found: ThreadMeta | undefined;
    if (corpus.threads > 1 && rng.chance(0.75)) {
      for (let probe = 0; probe < 300 && !found; probe++) {
        const j = rng.int(0, corpus.threads - 1);
        if (!used.has(j) && corpus.topicOf(j) === meta.topic) found = corpus.meta(j);
      }
    }
    if (found) {
      used.add(found.index);
      rows.push({
        title: found.title,
        starter: found.starter.name,
        forum: found.forum.name,
        replies: found.times.length - 1,
        lastPostAt: found.times[found.times.length - 1]!,
        threadKey: found.key,
      });
    } else {
      const starter = rng.chance(0.6)
        ? rng.pick(corpus.authors).name
        : `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
      rows.push({
        title: makeTitle(rng, rng.chance(0.8) ? topic : rng.pick(TOPICS)),
        starter,
        forum: rng.chance(0.85) ? meta.forum.name : rng.pick(FORUMS).name,
        replies: rng.logInt(1, 80) - 1,
        lastPostAt: FIRST_START + Math.floor(rng.next() * (CAPTURE - 20 * DAY - FIRST_START)),
      });
    }
  }
  return rows.sort((a, b) => b.lastPostAt - a.lastPostAt);
}

// ---------------------------------------------------------------- rendering

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** "05-09-2009" and "09:27 AM" of a wall-clock minute. */
export function formatDate(minutes: number): { date: string; time: string } {
  const d = new Date(minutes * MINUTE);
  const hour = d.getUTCHours();
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return {
    date: `${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}-${d.getUTCFullYear()}`,
    time: `${pad2(h12)}:${pad2(d.getUTCMinutes())} ${hour < 12 ? "AM" : "PM"}`,
  };
}

function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function renderPost(post: GeneratedPost, online: boolean): string[] {
  const { date, time } = formatDate(post.postedAt);
  const a = post.author;
  const joined = new Date(a.joinedAt * MINUTE);
  const lines = [
    `Old ${date}, ${time} ${NBSP} #${post.number}`,
    a.name,
    `${a.title} ${a.name} is ${online ? "online" : "offline"}`,
    NBSP,
  ];
  if (a.hasAvatar) lines.push(`${a.name}'s Avatar`, NBSP);
  lines.push("Profile:", `Join Date: ${MONTHS[joined.getUTCMonth()]} ${joined.getUTCFullYear()}`);
  if (a.location) lines.push(`Location: ${a.location}`);
  lines.push(`Posts: ${thousands(a.postCount)}`, post.title, "");
  lines.push(...renderBody(post).split("\n"));
  if (a.signature) lines.push("__________________", ...a.signature);
  if (post.edited) {
    const at = formatDate(post.edited.at);
    lines.push(
      "",
      `Last edited by ${post.edited.by}; ${at.date} at ${at.time}.${post.edited.reason ? `. Reason: ${post.edited.reason}` : ""}`,
    );
  }
  lines.push(`${NBSP} Reply With Quote`);
  return lines;
}

/** vBulletin's page navigation: "Page 2 of 9 « First < 1 2 3 4 5 > Last »". */
export function pageNav(page: number, pages: number): string {
  const from = Math.max(1, page - 3);
  const to = Math.min(pages, page + 3);
  const parts = [`Page ${page} of ${pages}`];
  if (from > 1) parts.push("« First");
  if (page > 1) parts.push("<");
  for (let p = from; p <= to; p++) parts.push(String(p));
  if (page < pages) parts.push(">");
  if (to < pages) parts.push("Last »");
  return parts.join(" ");
}

export function renderListedRow(row: ListedRow): string {
  const { date, time } = formatDate(row.lastPostAt);
  return `${row.title} ${row.starter} ${row.forum} ${row.replies} ${date} ${time}`;
}

export function threadTruth(thread: GeneratedThread): ThreadTruth {
  return {
    threadKey: thread.key,
    topic: thread.topic.key,
    title: thread.title,
    forum: thread.forum.name,
    starter: thread.posts[0]!.author.name,
    files: thread.files,
    posts: thread.posts.length,
    similar: thread.similar.map((row) => ({
      row: renderListedRow(row),
      title: row.title,
      starter: row.starter,
      forum: row.forum,
      ...(row.threadKey ? { threadKey: row.threadKey } : {}),
    })),
  };
}

/** The dump files of one thread, one per page, with the chrome of the sample. */
export function renderThreadPages(corpus: Corpus, thread: GeneratedThread): CorpusFile[] {
  const truth = threadTruth(thread);
  const pages = thread.files.length;
  const rng = new Rng(hash32(corpus.seed, "pages", thread.index));
  const similar = thread.similar.map(renderListedRow);
  const out: CorpusFile[] = [];
  for (let page = 1; page <= pages; page++) {
    const posts = thread.posts.slice((page - 1) * corpus.postsPerPage, page * corpus.postsPerPage);
    const nav = pages > 1 ? pageNav(page, pages) : undefined;
    const lines = [
      `${SITE.name} ${NBSP}`,
      "",
      `Go Back ${NBSP} ${SITE.name} > ${thread.forum.category} > ${thread.forum.name}`,
      SITE.nav,
      "",
      `${thread.forum.name} ${thread.forum.description}`,
      "",
      "Reply",
      nav ?? NBSP,
      "Thread Tools",
    ];
    for (const post of posts) {
      const online = hash32(corpus.seed, "online", post.author.index, thread.index, page) / 2 ** 32 < 0.03;
      lines.push(...renderPost(post, online));
    }
    lines.push("Reply");
    if (nav) lines.push(nav);
    lines.push(
      "",
      "",
      "Thread Tools",
      "",
      "Posting Rules",
      "You may not post new threads",
      "You may not post replies",
      "You may not post attachments",
      "You may not edit your posts",
      "",
      "BB code is On",
      "Smilies are On",
      "[IMG] code is Off",
      "HTML code is Off",
      "",
      "Forum Jump",
      "",
    );
    if (similar.length > 0)
      lines.push("Similar Threads", "Thread Thread Starter Forum Replies Last Post", ...similar, "");
    const now = formatDate(CAPTURE + (thread.index % 600) + page * rng.int(1, 3));
    lines.push("", `All times are ${SITE.timezone}. The time now is ${now.time}.`, "", "", SITE.trademark);
    out.push({
      file: thread.files[page - 1]!,
      text: lines.join("\n"),
      threadKey: thread.key,
      topic: thread.topic.key,
      title: thread.title,
      forum: thread.forum.name,
      page,
      pages,
      firstPost: posts[0]!.number,
      lastPost: posts[posts.length - 1]!.number,
      thread: truth,
    });
  }
  return out;
}

/** The corpus, one dump file at a time (a multi-page thread yields its pages in order). */
export function* generateCorpus(options: CorpusOptions): Generator<CorpusFile> {
  const corpus = new Corpus(options);
  for (let i = 0; i < corpus.threads; i++) yield* renderThreadPages(corpus, generateThread(corpus, i));
}

/** threadKey -> planted topic and title of every thread of a corpus, without generating bodies. */
export function topicsOf(options: CorpusOptions): Map<string, { topic: string; title: string }> {
  const corpus = new Corpus(options);
  const out = new Map<string, { topic: string; title: string }>();
  for (let i = 0; i < corpus.threads; i++) {
    const meta = corpus.meta(i);
    out.set(meta.key, { topic: TOPICS[meta.topic]!.key, title: meta.title });
  }
  return out;
}

/** Topic keys of the planted topics, in table order. */
export function topicKeys(): string[] {
  return TOPICS.map((t) => t.key);
}
