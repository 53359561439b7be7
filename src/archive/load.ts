// Reads an input folder into an Archive: every dump parsed one file at a time (so raw text
// is dropped as soon as its page is parsed), threads assembled, then the indexes the site
// needs: forums, authors, computed similar threads and clusters.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Archive, AuthorSummary, Author, ForumSummary, Thread } from "../model.ts";
import {
  assembleGroups,
  dayFirstSitesOf,
  PageGroups,
  parseDumpLoadingReader,
  type ParseResult,
} from "../parse/index.ts";
import { type AssembledThread, SLUG_LENGTH, slugOf } from "../parse/thread.ts";
import { forumPathOf, separateFolders } from "../parse/folders.ts";
import type { DumpPage } from "../parse/vbulletin-text.ts";
import type { Failure, Warning } from "../model.ts";
import { createHash } from "node:crypto";
import { computeClusters } from "./clusters.ts";
import { listDumpFiles, unreadableReason } from "./files.ts";
import { packBodies } from "./packed-bodies.ts";
import { PostWordsNoter } from "./post-words.ts";
import { codeVersion } from "./cache-version.ts";
import { PageCache, type PageSummary, summaryOf } from "./page-cache.ts";
import { AssembledThreads } from "./thread-cache.ts";
import { computeSimilar } from "./similar.ts";
import { SimilarWordsCache } from "./similar-cache.ts";
import { threadVectorsFor, type WrittenWordsSource } from "./similar-vectors.ts";
import { readDatabaseInputs, type DatabaseLoadOptions } from "../input/vbulletin-db/load.ts";
import { compareText } from "../order.ts";

export interface LoadProgress {
  done: number;
  total: number;
  file: string;
}

export interface LoadOptions {
  onProgress?: (progress: LoadProgress) => void;
  /** Folder of the parsed-page cache; false to parse every file afresh. The assembled-thread and
   *  similar-words caches go beside it (`threads/`, `similar-words/` in its parent folder): give a
   *  folder whose parent is the caches' own, as the default `.cache/forum-archive/pages` is. */
  cacheDir?: string | false;
  /** vBulletin database inputs (issue 18): --db, and the options for dumps (*.sql, *.sql.gz). */
  database?: DatabaseLoadOptions;
  /** A dump's digest (page-cache.ts dumpDigestOf) when it is known without reading the file (the
   *  build's input fingerprint: build/input-digests.ts), else undefined: its entry is looked up unread. */
  dumpDigest?: ((file: string) => string | undefined) | undefined;
}

export const DEFAULT_CACHE_DIR = ".cache/forum-archive/pages";

export async function loadArchive(
  inputDir: string,
  onProgress?: (progress: LoadProgress) => void,
  options: LoadOptions = {},
): Promise<Archive> {
  const database = await readDatabaseInputs(inputDir, options.database, packBodies, onProgress ?? options.onProgress);
  const attachmentBytes = database?.attachmentBytes ? { attachmentBytes: database.attachmentBytes } : {};
  // Each thread's words for similar threads, from the last build where the thread is the same.
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const words = cacheDir === false ? undefined : await SimilarWordsCache.open(dirname(cacheDir));
  if (database?.only) {
    const archive = archiveOf(database.threads, database.warnings, database.failures, words);
    await words?.save();
    return { ...archive, loaded: { files: database.files, parsed: database.files, fromCache: 0 }, ...attachmentBytes };
  }
  const files = await listDumpFiles(inputDir);
  const { loaded, ...parsed } = await readDumps(files, { ...options, onProgress: onProgress ?? options.onProgress });
  if (database) {
    parsed.threads = [...parsed.threads, ...database.threads].sort((a, b) => compareText(a.url, b.url));
    // A board's forums may slug like a saved page's: each keeps a folder of its own.
    separateFolders(parsed.threads);
    parsed.warnings.push(...database.warnings);
    parsed.failures.push(...database.failures);
  }
  const archive = { ...archiveOf(parsed.threads, parsed.warnings, parsed.failures, words), ...attachmentBytes };
  await words?.save();
  archive.loaded = loaded;
  return archive;
}

/**
 * Dump files (text or saved HTML pages) into threads, as a build reads them: one file at a time,
 * through the parsed-page cache, pages of one thread together. No archive indexes (see archiveOf).
 */
export async function readDumps(
  files: readonly string[],
  options: LoadOptions = {},
): Promise<ParseResult & { loaded: NonNullable<Archive["loaded"]> }> {
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const cache = cacheDir === false ? undefined : new PageCache(cacheDir);
  const assembledCache =
    cacheDir === false ? undefined : new AssembledThreads(join(dirname(cacheDir), "threads"), await codeVersion());
  // Parsed pages wait for assembly as their JSON, outside the JavaScript heap, grouped the way
  // threads are assembled; each group is decoded only when its threads are made.
  const groups = new PageGroups<CachedPage>();
  const dayFirst: Pick<DumpPage, "site" | "dayFirstDashes">[] = [];
  const failures: Failure[] = [];
  const warnings: Warning[] = [];
  for (const [index, file] of files.entries()) {
    const digest = cache && options.dumpDigest?.(file);
    let page: ParsedDump | undefined = digest ? await cache?.lookup(file, digest) : undefined;
    if (!page) {
      const bytes = readDump(file, failures);
      if (!bytes) continue;
      page = cache ? await cache.parse(file, bytes) : await parseAfresh(file, bytes);
    }
    const { summary, json, key } = page;
    if ("page" in summary) {
      groups.add(summary.page.joinKeys, { file, json, key });
      if (summary.page.dayFirstDashes) dayFirst.push({ site: summary.page.site, dayFirstDashes: true });
    } else {
      failures.push(summary.failure);
      warnings.push(...summary.warnings);
    }
    options.onProgress?.({ done: index + 1, total: files.length, file });
  }
  await cache?.prune();
  const dayFirstSites = dayFirstSitesOf(dayFirst);
  const loader = new GroupLoader(dayFirstSites, assembledCache);
  await loader.take(groups, cache, failures);
  // Each thread's post words for similar threads are read now, from the blocks in hand, not decoded
  // from the packed bodies again later (post-words.ts).
  const postWords = new PostWordsNoter();
  const onThread = (thread: Thread) => {
    const words = postWords.count(thread);
    packBodies(thread);
    postWords.keep(thread.posts, words);
  };
  const parsed = assembleGroups(
    loader.groups(),
    { dayFirstSites, onThread, onGroup: (entries) => loader.assembled(entries) },
    failures,
    warnings,
  );
  assembledCache?.prune();
  return {
    ...parsed,
    loaded: { files: files.length, parsed: cache ? cache.misses : files.length, fromCache: cache ? cache.hits : 0 },
  };
}

/** A dump read: its summary, its parsed JSON (undefined while left in the parsed-page cache) and its cache key. */
interface ParsedDump {
  summary: PageSummary;
  json: Buffer | undefined;
  key?: string | undefined;
}

async function parseAfresh(file: string, bytes: Uint8Array): Promise<ParsedDump & { json: Buffer }> {
  const parsed = await parseDumpLoadingReader({ file, bytes });
  return { summary: summaryOf(parsed), json: Buffer.from(JSON.stringify(parsed)) };
}

/** A parsed page waiting for assembly: its file, its JSON (undefined while it is left in the
 *  parsed-page cache) and its cache key (none without a cache). */
interface CachedPage {
  file: string;
  json: Buffer | undefined;
  key?: string | undefined;
}

/** A group as assembleGroups takes it: its threads as kept, or its pages (their JSON at hand). */
type LoadedGroup = { assembled: AssembledThread[] } | { pages: (CachedPage & { json: Buffer })[]; key?: string };

/** Hands assembleGroups each group: the threads an earlier build assembled from the same pages
 *  (thread-cache.ts), or its pages decoded, whose threads are then kept for the next build. */
class GroupLoader {
  private readonly loaded: LoadedGroup[] = [];
  /** The key of the group whose pages were handed out last, to keep its threads under. */
  private pending: string | undefined;

  constructor(
    private readonly dayFirstSites: ReadonlySet<string>,
    private readonly cache: AssembledThreads | undefined,
  ) {}

  /** Takes the groups: each one's kept threads, or else its pages' JSON, read from the parsed-page
   *  cache (a file whose entry is damaged is parsed afresh, one unreadable now is a failure). */
  async take(groups: PageGroups<CachedPage>, pageCache: PageCache | undefined, failures: Failure[]): Promise<void> {
    for (const pages of groups.take()) {
      const keys = pages.map((page) => page.key);
      const key =
        this.cache && keys.every((k): k is string => k !== undefined)
          ? this.cache.keyOf(keys, this.dayFirstSites)
          : undefined;
      const kept = key === undefined ? undefined : this.cache?.read(key);
      if (kept) {
        this.loaded.push({ assembled: kept });
        continue;
      }
      const withJson: (CachedPage & { json: Buffer })[] = [];
      for (const page of pages) {
        const json = page.json ?? (await jsonOf(page, pageCache, failures));
        if (json) withJson.push({ ...page, json });
      }
      // A group short of a page (its file unreadable now) is not kept under the whole group's key.
      const complete = key !== undefined && withJson.length === pages.length;
      this.loaded.push({ pages: withJson, ...(complete ? { key } : {}) });
    }
  }

  /** Each group when its turn comes, and the group's bytes let go. */
  *groups(): Generator<() => DumpPage[] | { assembled: AssembledThread[] }> {
    for (const [index, group] of this.loaded.entries()) {
      this.loaded[index] = { assembled: [] };
      yield () => {
        if ("assembled" in group) return group;
        this.pending = group.key;
        return group.pages.map(({ json }) => (JSON.parse(json.toString("utf8")) as { page: DumpPage }).page);
      };
    }
  }

  /** The threads just assembled from the last group's pages (their bodies packed). */
  assembled(entries: readonly AssembledThread[]): void {
    if (this.pending !== undefined) this.cache?.write(this.pending, entries);
    this.pending = undefined;
  }
}

/** A dump's bytes, read at once (through the thread pool the hand-overs cost more CPU), or undefined
 *  with a failure saying why it could not be read. */
function readDump(file: string, failures: Failure[]): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    failures.push({ file, reason: unreadableReason(error) });
    return undefined;
  }
}

/** A page's JSON from its parsed-page cache entry, or its file parsed afresh when the entry is gone or
 *  damaged; undefined (and a failure) when the file can no longer be read, or its bytes changed. */
async function jsonOf(
  page: CachedPage,
  cache: PageCache | undefined,
  failures: Failure[],
): Promise<Buffer | undefined> {
  const kept = page.key === undefined ? undefined : cache?.json(page.key);
  if (kept || !cache) return kept;
  const bytes = readDump(page.file, failures);
  if (!bytes) return undefined;
  const { json, key } = await cache.parse(page.file, bytes, true);
  if (key === page.key) return json;
  failures.push({ file: page.file, reason: "changed while the build read it" });
  return undefined;
}

/** The indexes the site renders, from parsed threads (their words for similar threads from `words`, a cache). */
export function archiveOf(
  threads: Thread[],
  warnings: Warning[] = [],
  failures: Failure[] = [],
  words?: WrittenWordsSource,
): Archive {
  const lastAt = lastPostDates(threads);
  spellForumsAlike(threads, lastAt);
  const similar = computeSimilar(threads, {}, words);
  for (const thread of threads) thread.similar = similar.get(thread.id) ?? [];
  // A saved page's reader names its forum's language pack; the vectors computeSimilar just made
  // (remembered for this array) know the language of the other threads' text (English or German).
  const { threads: byId, vectors } = threadVectorsFor(threads);
  byId.forEach((thread, index) => (thread.language ??= vectors[index]!.language));
  const clusters = computeClusters(threads, similar);
  return { threads, forums: forumsOf(threads, lastAt), authors: authorsOf(threads), clusters, warnings, failures };
}

const lastPostAt = (thread: Thread) => thread.posts.at(-1)?.postedAt ?? "";

/** Each thread's last post date, made once: a packed post makes the string at every read, and both
 *  spellForumsAlike and forumsOf's sort read it (issue 15). */
function lastPostDates(threads: readonly Thread[]): (thread: Thread) => string {
  const dates = new Map<Thread, string>();
  for (const thread of threads) dates.set(thread, lastPostAt(thread));
  return (thread) => dates.get(thread) ?? lastPostAt(thread);
}

/** A map's value under `key`, made by `make` the first time. */
function entryOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

/**
 * Forum names of a site that differ only in case ("Counter-Strike: Source (beta)" and "(Beta)", a forum
 * renamed between captures) are one forum, as on vBulletin: every thread and breadcrumb gets one spelling,
 * the one of the thread with the newest last post (ties by code units), so the site shows one forum with
 * all their threads. Thread ids and URLs do not change (the URL's folder is the same for both spellings).
 */
function spellForumsAlike(threads: Thread[], lastAt: (thread: Thread) => string): void {
  // Site, then the name without case: maps in maps, where a JSON key of the two for every thread and
  // breadcrumb was most of this (issue 15).
  const spellings = new Map<string, Map<string, { name: string; at: string }>>();
  for (const thread of threads) {
    const site = entryOf(spellings, thread.site, () => new Map<string, { name: string; at: string }>());
    const name = thread.forum.name;
    const key = name.toLowerCase();
    const known = site.get(key);
    const at = lastAt(thread);
    if (!known || at > known.at || (at === known.at && name < known.name)) site.set(key, { name, at });
  }
  const spelling = (site: string, name: string) => spellings.get(site)?.get(name.toLowerCase())?.name ?? name;
  for (const thread of threads) {
    const name = spelling(thread.site, thread.forum.name);
    if (name !== thread.forum.name) thread.forum = { ...thread.forum, name };
    // The site links a breadcrumb to the forum of that exact name.
    if (thread.breadcrumbs.some((crumb, index) => index > 0 && spelling(thread.site, crumb) !== crumb)) {
      thread.breadcrumbs = thread.breadcrumbs.map((crumb, index) => (index > 0 ? spelling(thread.site, crumb) : crumb));
    }
  }
}

function forumsOf(threads: Thread[], lastAt: (thread: Thread) => string): ForumSummary[] {
  type Gathered = ForumSummary & { threads: Thread[] };
  // By site, then name (maps in maps, not a JSON key a thread); in the order first met.
  const bySite = new Map<string, Map<string, Gathered>>();
  const forums: Gathered[] = [];
  for (const thread of threads) {
    const byName = entryOf(bySite, thread.site, () => new Map<string, Gathered>());
    const forum = entryOf(byName, thread.forum.name, () => {
      const made: Gathered = {
        site: thread.site,
        name: thread.forum.name,
        parents: [],
        url: forumPathOf(thread.url),
        threadIds: [],
        postCount: 0,
        threads: [],
      };
      forums.push(made);
      return made;
    });
    if (thread.forum.description && !forum.description) forum.description = thread.forum.description;
    const parents =
      thread.breadcrumbs.at(-1) === thread.forum.name ? thread.breadcrumbs.slice(0, -1) : thread.breadcrumbs;
    if (parents.length > forum.parents.length) forum.parents = parents;
    forum.threads.push(thread);
    forum.postCount += thread.posts.length;
  }
  return forums
    .map(({ threads: own, ...forum }) => ({
      ...forum,
      // Newest last post first, then by id so equal dates never depend on input order.
      threadIds: own.sort((a, b) => compareText(lastAt(b), lastAt(a)) || compareText(a.id, b.id)).map((t) => t.id),
    }))
    .sort((a, b) => compareText(a.url, b.url));
}

/** Author pages are keyed by name without case (vBulletin names are unique that way on a board). */
export function authorUrlOf(name: string): string {
  // A name the slug spells faithfully and whole (a longer one is cut, so two could meet) keeps the
  // readable URL; any other gets a hash of the name, so two names never share a page and no URL
  // depends on which other names exist.
  if (name.length <= SLUG_LENGTH && FAITHFUL.test(name)) return `/authors/${faithfulSlugOf(name)}/`;
  // Hashed without case, like the key authors are gathered under, so the first spelling met never matters.
  const hash = createHash("sha256").update(name.toLowerCase()).digest("hex").slice(0, 6);
  return `/authors/${slugOf(name, "author")}-${hash}/`;
}

/** Names of ASCII letters and digits, in words one space apart. */
const FAITHFUL = /^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/;

/** What slugOf gives a FAITHFUL name of at most SLUG_LENGTH characters, without slugify's transliteration
 *  (~30 µs a name; a rebuild makes every author's URL, issue 15): lower case, words joined by "-".
 *  test/archive-author-urls.test.ts holds the two equal. */
function faithfulSlugOf(name: string): string {
  return name.toLowerCase().replaceAll(" ", "-");
}

function authorsOf(threads: Thread[]): AuthorSummary[] {
  const authors = new Map<string, AuthorSummary & { profileAt: string; weight: number }>();
  /** Names met, lowercased: a member's posts give one name (issue 15: ~28,500 posts, ~2,200 names). */
  const keys = new Map<string, string>();
  for (const thread of threads) {
    for (const post of thread.posts) {
      // Each field read once: a packed post reads it from its record at every access.
      // Plain consts, not a destructured array: one array a post was garbage (issue 15).
      const profile = post.author;
      const postedAt = post.postedAt;
      const { name } = profile;
      let key = keys.get(name);
      if (key === undefined) keys.set(name, (key = name.toLowerCase()));
      let author = authors.get(key);
      if (!author) {
        const weight = profileWeight(profile);
        author = { name, url: authorUrlOf(name), profile, posts: [], profileAt: "", weight };
        authors.set(key, author);
      }
      author.posts.push({ threadId: thread.id, number: post.number, postedAt });
      if (postedAt >= author.profileAt) {
        const weight = profile === author.profile ? author.weight : profileWeight(profile);
        if (weight >= author.weight) {
          author.profile = profile;
          author.profileAt = postedAt;
          author.weight = weight;
        }
      }
    }
  }
  return [...authors.values()]
    .map(({ profileAt: _, weight: __, ...author }) => {
      author.posts.sort(
        (a, b) => compareText(b.postedAt, a.postedAt) || compareText(a.threadId, b.threadId) || a.number - b.number,
      );
      return author;
    })
    .sort((a, b) => compareText(a.url, b.url));
}

/** How many profile fields a post's author card shows: the fullest, newest card describes the author. */
function profileWeight(author: Author): number {
  const { title, joinDate, location, postCount } = author;
  return +(title !== undefined) + +(joinDate !== undefined) + +(location !== undefined) + +(postCount !== undefined);
}
