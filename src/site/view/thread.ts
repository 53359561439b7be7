// Thread pages, POSTS_PER_PAGE posts each: stubs for every page up front, a page's data when it
// is rendered.
import type { Block, Post, Thread } from "../../model.ts";
import { dateValue, isIsoDate } from "../format.ts";
import { chunk, pagePath, permalinkFor } from "../paths.ts";
import { excerpt, plainText, type QuoteTarget } from "../render.ts";
import { postHref, readPost, type PostViews, type ReadPost } from "./posts.ts";
import { compareText } from "../../order.ts";
import { dateView, makePager, pageTitle } from "./shared.ts";
import type { SiteIndex } from "./site-index.ts";
import type {
  ComputedView,
  Crumb,
  ListedView,
  Pager,
  ThreadNeighbour,
  ThreadPageContext,
  ThreadPageInputs,
  ThreadPageStub,
  ThreadPageView,
  ThreadRow,
} from "./types.ts";

/** A thread's older and newer neighbour in its forum. */
export type Neighbours = Map<string, { older?: ThreadNeighbour; newer?: ThreadNeighbour }>;

/** Each thread's neighbours in its forum by start date (then id): a fixed order, so a thread's
 *  links change only when a thread is added or removed right next to it, never when another
 *  thread gets a new post (an order by last post would shuffle them on every recapture). */
export function threadNeighbours(index: SiteIndex, rows: Map<string, ThreadRow>): Neighbours {
  const neighbours: Neighbours = new Map();
  const link = (row: ThreadRow): ThreadNeighbour => ({ title: row.title, url: row.url });
  for (const forum of index.forums) {
    const own = forum.threadIds
      .map((id) => rows.get(id))
      .filter((r): r is ThreadRow => !!r)
      .sort((a, b) => dateValue(a.firstPost.iso) - dateValue(b.firstPost.iso) || compareText(a.id, b.id));
    own.forEach((row, i) => {
      const older = own[i - 1];
      const newer = own[i + 1];
      neighbours.set(row.id, { older: older && link(older), newer: newer && link(newer) });
    });
  }
  return neighbours;
}

/** Which later posts quote each post of a thread (by number), for "quoted by" links. One thread
 *  is remembered: its pages are rendered one after another, and each needs the whole thread. */
class QuotedBy {
  private thread: Thread | undefined;
  private perPage = 0;
  private byNumber = new Map<number, { number: number; href: string }[]>();

  /** `perPage`: posts on a page of the thread, which the links' page numbers follow; `read`: posts
   *  whose bodies are decoded already (the page's). */
  of(thread: Thread, perPage: number, read: readonly ReadPost[]): Map<number, { number: number; href: string }[]> {
    if (this.thread === thread && this.perPage === perPage) return this.byNumber;
    const byNumber = new Map<number, { number: number; href: string }[]>();
    const bodies = new Map(read.map((r) => [r.post, r.body]));
    thread.posts.forEach((post, i) => {
      const body = bodies.get(post) ?? bodyIfQuoting(post);
      if (!body) return;
      const quoted = new Set<number>();
      // The post's own quotes only: a quote inside a quote is the quoted post's.
      for (const block of body)
        if (block.type === "quote" && block.postNumber !== undefined) quoted.add(block.postNumber);
      for (const n of [...quoted].sort((a, b) => a - b)) {
        if (n === post.number) continue;
        const list = byNumber.get(n) ?? [];
        list.push({ number: post.number, href: postHref(thread, i, post.number, perPage) });
        byNumber.set(n, list);
      }
    });
    this.thread = thread;
    this.perPage = perPage;
    this.byNumber = byNumber;
    return byNumber;
  }
}
const quotedBy = new QuotedBy();

/** The post's body, or undefined when it holds no quote. A loaded post's body is JSON text until
 *  read (archive/packed-bodies.ts, `bodyJson`): most hold no quote, and the text says so without
 *  decoding it (a quote block is `"type":"quote"` in it). */
function bodyIfQuoting(post: Post): readonly Block[] | undefined {
  const json = (post as { bodyJson?: () => string }).bodyJson?.();
  return json === undefined || json.includes('"quote"') ? post.body : undefined;
}

export function threadPageStubs(index: SiteIndex): ThreadPageStub[] {
  const stubs: ThreadPageStub[] = [];
  for (const thread of index.threads) {
    const pages = chunk(thread.posts, index.postsPerPage);
    pages.forEach((posts, i) => {
      const url = pagePath(thread.url, i + 1);
      const lastPosted = posts[posts.length - 1]?.postedAt;
      const title = pageTitle(index.locale, thread.title, i + 1);
      const lastmod = isIsoDate(lastPosted) ? lastPosted : undefined;
      stubs.push(new Stub(thread.id, url, title, posts[0], lastmod, i + 1, pages.length));
    });
  }
  return stubs;
}

/** A thread page's stub. Its `description` is made when first read: a rebuild reads it only for the
 *  pages it renders (decoding every page's first post for it cost ~0.2 CPU s at 10,000 threads). It
 *  is an own, enumerable property (JSON, spreads and the copy a render worker is sent hold it as a
 *  plain value), in its place among the keys, whose getter is one function for every stub: a getter
 *  made in each stub's object literal (a closure a stub) put each stub in dictionary mode, ~0.6 kB
 *  and slow to make and read (11,600 stubs at 10,000 threads). */
class Stub implements ThreadPageStub {
  declare readonly threadId: string;
  declare readonly url: string;
  declare readonly permalink: string;
  declare readonly title: string;
  declare readonly description: string;
  declare readonly lastmod: string | undefined;
  declare readonly page: number;
  declare readonly pages: number;
  /** The page's first post, and the description made of it once read. */
  #first: Post | undefined;
  #description: string | undefined;

  constructor(
    threadId: string,
    url: string,
    title: string,
    first: Post | undefined,
    lastmod: string | undefined,
    page: number,
    pages: number,
  ) {
    // Assigned in the order the keys were listed before (JSON and fingerprints list them so).
    const self = this as { -readonly [K in keyof ThreadPageStub]: ThreadPageStub[K] };
    self.threadId = threadId;
    self.url = url;
    self.permalink = permalinkFor(url);
    self.title = title;
    Object.defineProperty(this, "description", DESCRIPTION);
    self.lastmod = lastmod;
    self.page = page;
    self.pages = pages;
    this.#first = first;
  }

  static describe(stub: Stub): string {
    stub.#description ??= excerpt(plainText(stub.#first?.body), 160);
    return stub.#description;
  }
}

/** The stubs' one description getter: the same accessor on every stub keeps them of one shape. */
const DESCRIPTION: PropertyDescriptor = {
  get(this: Stub) {
    return Stub.describe(this);
  },
  enumerable: true,
  configurable: true,
};

export function threadPage(
  index: SiteIndex,
  postViews: PostViews,
  neighbours: Neighbours,
  stub: ThreadPageStub,
): ThreadPageView {
  return pageView(index, postViews, neighbours, stub, (thread) => makePager(thread.url, stub.page, stub.pages));
}

/** A thread page's view without its pager, which is makePager(the thread's URL, page, pages): what
 *  build/page-inputs.ts fingerprints of a page past the last post, where the pager would be ~850
 *  bytes of links made only to be dropped. The same keys and values as threadPage's view but that. */
export function threadPageContext(
  index: SiteIndex,
  postViews: PostViews,
  neighbours: Neighbours,
  stub: ThreadPageStub,
): ThreadPageContext {
  return pageView(index, postViews, neighbours, stub, () => undefined);
}

/** What a thread page's view holds besides its stub, its posts (and what they link: quote targets,
 *  authors' pages) and its thread's own fields (title, forum, poll, footer…; `postCount`, which its
 *  posts decide): its source's address and capture date, its forum's page, breadcrumbs, neighbours
 *  and, on its last page, its Similar Threads rows and suggestions — as the threads they name resolve
 *  here, the rows' own fields as the thread holds them. JSON text: build/page-inputs.ts fingerprints
 *  a page from it with the stub, the thread's fields and its posts digest, instead of building the
 *  view of a page past the last post, serialising and hashing it (~0.3 CPU s at 10,000 threads).
 *  test/site-thread-inputs.test.ts holds the view to these keys. */
export function threadPageInputs(
  index: SiteIndex,
  neighbours: Neighbours,
  threadId: string,
  lastPage: boolean,
): ThreadPageInputs {
  const thread = index.threadById.get(threadId);
  if (!thread) throw new Error(`no thread ${threadId}`);
  const forumUrl = index.forumOf(thread)?.url;
  const near = neighbours.get(thread.id);
  const texts = inputTextsOf(index);
  const own = [thread.source.url ?? null, thread.source.captured ?? null, forumUrl ?? null, near?.older, near?.newer];
  let text = `${JSON.stringify(own)}\u0000${texts.crumbsOf(thread)}`;
  if (lastPage) {
    // Each row's fields as shown, and the thread it names; `alsoComputed` and `listedByForum`
    // follow from the ids. Not the row's raw text (`row`), which no page shows.
    const rows = thread.similarListed.map((l) => {
      const archived = archivedOf(index, l);
      return [l.title, l.starter, l.forum, l.replies, l.lastPostAt, l.split, archived?.id, archived?.url];
    });
    text += `\u0000${JSON.stringify(rows)}`;
    for (const t of similarOf(index, thread)) text += `\u0000${texts.linkOf(t)}`;
  }
  return { forumUrl, text };
}

/** JSON texts threadPageInputs makes once a build rather than once a thread: breadcrumbs (the
 *  same for a forum's threads) and a suggested thread's id, title and URL (shown on the pages of
 *  every thread it is suggested on). Control characters are escaped in JSON, so the \u0000 that
 *  separate them in the text cannot be part of one. */
class InputTexts {
  private readonly crumbs = new Map<string, string>();
  private readonly links = new Map<Thread, string>();

  constructor(private readonly index: SiteIndex) {}

  crumbsOf(thread: Thread): string {
    // What threadCrumbs reads: the trail, the site its names are looked up in, and the forum.
    const forum = this.index.forumOf(thread);
    const key = JSON.stringify([thread.site, forum?.name, forum?.url, thread.breadcrumbs, thread.forum.name]);
    let text = this.crumbs.get(key);
    if (text === undefined) {
      text = JSON.stringify(threadCrumbs(this.index, thread));
      this.crumbs.set(key, text);
    }
    return text;
  }

  linkOf(thread: Thread): string {
    let text = this.links.get(thread);
    if (text === undefined) {
      text = JSON.stringify([thread.id, thread.title, thread.url]);
      this.links.set(thread, text);
    }
    return text;
  }
}

const inputTexts = new WeakMap<SiteIndex, InputTexts>();

function inputTextsOf(index: SiteIndex): InputTexts {
  let texts = inputTexts.get(index);
  if (texts === undefined) {
    texts = new InputTexts(index);
    inputTexts.set(index, texts);
  }
  return texts;
}

/** A thread page's view with `pagerOf(thread)` as its pager (in the pager's place, so both views'
 *  JSON lists their keys in one order). */
function pageView<P extends Pager | undefined>(
  index: SiteIndex,
  postViews: PostViews,
  neighbours: Neighbours,
  stub: ThreadPageStub,
  pagerOf: (thread: Thread) => P,
): ThreadPageContext & { pager: P } {
  const thread = index.threadById.get(stub.threadId);
  if (!thread) throw new Error(`no thread ${stub.threadId} for page ${stub.url}`);
  const forum = index.forumOf(thread);
  const posts = thread.posts.slice((stub.page - 1) * index.postsPerPage, stub.page * index.postsPerPage).map(readPost);
  // Targets of this page's posts and the posts they quote only: a page's data (and its
  // fingerprint) stays the size of the page, not of the whole thread.
  const targets: Record<string, QuoteTarget> = Object.assign(
    {},
    ...posts.map((p) => postViews.quoteTargets(thread, p)),
  );
  // A page with no posts (build/page-inputs.ts asks for one) decodes none of the thread.
  const quoting = posts.length > 0 ? quotedBy.of(thread, index.postsPerPage, posts) : new Map<number, never>();
  const lastPage = stub.page === stub.pages;
  return {
    url: stub.url,
    permalink: stub.permalink,
    title: stub.title,
    description: stub.description ?? "",
    thread: {
      id: thread.id,
      title: thread.title,
      url: thread.url,
      site: thread.site,
      forumName: thread.forum.name,
      forumDescription: thread.forum.description,
      forumUrl: forum?.url,
      postCount: thread.posts.length,
      sourceUrl: thread.source.url,
      language: thread.language,
      captured: thread.source.captured,
      poll: thread.poll,
      timezone: thread.timezone?.label,
      footer: thread.footer ?? [],
    },
    crumbs: threadCrumbs(index, thread),
    pager: pagerOf(thread),
    posts: posts.map((p) => ({ ...postViews.view(p, targets, thread), quotedBy: quoting.get(p.post.number) ?? [] })),
    quoteTargets: targets,
    neighbours: neighbours.get(thread.id) ?? {},
    // Similar threads once per thread, where its reading ends.
    ...(lastPage ? similarThreads(index, thread) : { listed: [], computed: [] }),
  };
}

function threadCrumbs(index: SiteIndex, thread: Thread): Crumb[] {
  const forum = index.forumOf(thread);
  const trail = thread.breadcrumbs.length > 0 ? thread.breadcrumbs : [thread.site, thread.forum.name];
  const crumbs = index.crumbsOf(thread.site, trail);
  if (forum && !crumbs.some((c) => c.url === forum.url)) crumbs.push({ name: forum.name, url: forum.url });
  return crumbs;
}

/** The forum's own "Similar Threads" table and the archive's computed suggestions. Only threads
 *  this build actually has become links: a row or suggestion naming a thread that is not here (or
 *  was left out) is shown as text. */
function similarThreads(index: SiteIndex, thread: Thread): { listed: ListedView[]; computed: ComputedView[] } {
  const listedIds = new Set(thread.similarListed.map((l) => archivedOf(index, l)?.id).filter((x): x is string => !!x));
  const similar = similarOf(index, thread);
  const computed = similar.map((t) => ({ title: t.title, url: t.url, listedByForum: listedIds.has(t.id) }));
  const computedIds = new Set(similar.map((t) => t.id));
  const listed = thread.similarListed.map((l) => {
    const archived = archivedOf(index, l);
    return {
      title: l.title,
      url: archived?.url,
      starter: l.starter,
      forum: l.forum,
      replies: l.replies,
      lastPost: dateView(index.locale, l.lastPostAt),
      split: l.split,
      alsoComputed: !!archived && computedIds.has(archived.id),
    };
  });
  return { listed, computed };
}

/** The thread of this build a Similar Threads row names, if any. */
function archivedOf(index: SiteIndex, l: Thread["similarListed"][number]): Thread | undefined {
  return (
    (l.archivedId ? index.threadById.get(l.archivedId) : undefined) ??
    (l.archivedUrl ? index.threadByUrl.get(l.archivedUrl) : undefined)
  );
}

/** The computed similar threads this build has, the thread itself left out. */
function similarOf(index: SiteIndex, thread: Thread): Thread[] {
  return (thread.similar ?? [])
    .map((s) => index.threadById.get(s.id) ?? index.threadByUrl.get(s.url))
    .filter((t): t is Thread => !!t && t.id !== thread.id);
}
