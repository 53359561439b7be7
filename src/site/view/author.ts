// Author pages: every post of the author in the archive, newest first. The order is settled up
// front (small references); the posts are shaped for the page when it is rendered.
import type { Block, Post, Thread } from "../../model.ts";
import { isIsoDate } from "../format.ts";
import { pagePath, permalinkFor } from "../paths.ts";
import { excerptOfBlocks } from "../render.ts";
import type { PostViews } from "./posts.ts";
import { compareText } from "../../order.ts";
import { AUTHOR_POSTS_PER_PAGE, AUTHORS_PER_PAGE, makePager, pageTitle, postDateView } from "./shared.ts";
import { PostTable } from "./post-table.ts";
import type { SiteIndex } from "./site-index.ts";
import type {
  AuthorIndexPage,
  AuthorPageContext,
  AuthorPageStub,
  AuthorPageView,
  AuthorPostView,
  Pager,
} from "./types.ts";

export const AUTHORS_URL = "/authors/";
/** An underscore: no author's own folder can have one (theirs are slugs of letters, digits and hyphens). */
const AUTHORS_BY_NAME_URL = "/authors/by_name/";
/** Characters of a post shown on its author's page. */
const EXCERPT_CHARS = 240;

/** The /authors/ index, most posts first, and the same by name; each paged. */
export function authorIndexPages(index: SiteIndex, authored: AuthoredPosts[]): AuthorIndexPage[] {
  const { locale } = index;
  const all = index.authors.map((a, n) => ({ name: a.name, url: a.url, posts: authored[n]?.length ?? 0 }));
  const byName = (a: { name: string }, b: { name: string }) =>
    compareText(a.name.toLowerCase(), b.name.toLowerCase()) || compareText(a.name, b.name);
  const orders = [
    {
      key: "posts" as const,
      root: AUTHORS_URL,
      label: locale.t("authors.sortPosts"),
      title: locale.t("authors.title"),
      rows: [...all].sort((a, b) => b.posts - a.posts || byName(a, b)),
    },
    {
      key: "name" as const,
      root: AUTHORS_BY_NAME_URL,
      label: locale.t("authors.sortName"),
      title: locale.t("authors.titleByName"),
      rows: [...all].sort(byName),
    },
  ];
  const pages: AuthorIndexPage[] = [];
  for (const order of orders) {
    const count = Math.max(1, Math.ceil(order.rows.length / AUTHORS_PER_PAGE));
    const sorts = orders.map((o) => ({ label: o.label, url: o.root, current: o.key === order.key }));
    for (let i = 0; i < count; i++) {
      const url = pagePath(order.root, i + 1);
      pages.push({
        url,
        permalink: permalinkFor(url),
        title: pageTitle(locale, order.title, i + 1),
        sort: order.key,
        sorts,
        pager: makePager(order.root, i + 1, count),
        first: i * AUTHORS_PER_PAGE + 1,
        authors: order.rows.slice(i * AUTHORS_PER_PAGE, (i + 1) * AUTHORS_PER_PAGE),
      });
    }
  }
  return pages;
}

export interface AuthoredPost {
  thread: Thread;
  post: Post;
  when: number;
}

/** An author's posts, newest first, as their places in the post table: a post is made into an
 *  AuthoredPost when a page reads it. Not an object a post (151,700 at 10,000 threads), kept until
 *  the build ends for the few author pages a rebuild renders (~7 MB of old space). */
export class AuthoredPosts {
  constructor(
    private readonly table: PostTable,
    private readonly slotOf: Int32Array,
    private readonly places: Int32Array,
  ) {}

  get length(): number {
    return this.places.length;
  }

  /** The `i`th newest post, if any. */
  at(i: number): AuthoredPost | undefined {
    const at = this.places[i];
    if (at === undefined) return undefined;
    const slot = this.slotOf[at]!;
    const thread = this.table.threads[slot]!;
    return { thread, post: thread.posts[at - this.table.starts[slot]!]!, when: this.table.times[at]! };
  }

  /** Posts `start` to `end` (excluded), as Array.slice takes them. */
  slice(start = 0, end = this.length): AuthoredPost[] {
    const posts: AuthoredPost[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) posts.push(this.at(i)!);
    return posts;
  }
}

/** Each indexed author's posts (same order as index.authors), newest first. */
export function postsByAuthor(index: SiteIndex, table = new PostTable(index.threads)): AuthoredPosts[] {
  const numbered = new PostsByNumber();
  const { starts, numbers, times, threads } = table;
  // Each place's thread, for the order's ties (by thread URL).
  const slotOf = new Int32Array(numbers.length);
  for (let slot = 0; slot < threads.length; slot++)
    slotOf.fill(slot, starts[slot], starts[slot]! + threads[slot]!.posts.length);
  const newestFirst = (x: number, y: number) =>
    times[y]! - times[x]! ||
    compareText(threads[slotOf[x]!]!.url, threads[slotOf[y]!]!.url) ||
    numbers[x]! - numbers[y]!;
  return index.authors.map((author) => {
    const places: number[] = [];
    for (const ref of author.posts) {
      const slot = table.slots.get(ref.threadId);
      if (slot === undefined) continue;
      const thread = threads[slot]!;
      // Post N is nearly always at index N-1; the look-up is for threads that skip numbers.
      const i = ref.number - 1;
      const at = starts[slot]! + i;
      if (Number.isInteger(i) && i >= 0 && i < thread.posts.length && numbers[at] === ref.number) {
        places.push(at);
        continue;
      }
      const found = numbered.of(thread, ref.number);
      if (found !== undefined) places.push(starts[slot]! + found);
    }
    return new AuthoredPosts(table, slotOf, Int32Array.from(places.sort(newestFirst)));
  });
}

/** The place in its thread of each post of threads that skip numbers, by number, the first of a
 *  number winning (as `find` would): searching the thread for each post cost a thread of n such
 *  posts n² reads. */
class PostsByNumber {
  private readonly byThread = new Map<Thread, Map<number, number>>();

  of(thread: Thread, number: number): number | undefined {
    let places = this.byThread.get(thread);
    if (places === undefined) {
      places = new Map();
      for (const [i, post] of thread.posts.entries()) if (!places.has(post.number)) places.set(post.number, i);
      this.byThread.set(thread, places);
    }
    return places.get(number);
  }
}

export function authorPageStubs(index: SiteIndex, authored: AuthoredPosts[]): AuthorPageStub[] {
  const stubs: AuthorPageStub[] = [];
  index.authors.forEach((author, n) => {
    const refs = authored[n];
    const pages = Math.max(1, Math.ceil((refs?.length ?? 0) / AUTHOR_POSTS_PER_PAGE));
    for (let i = 0; i < pages; i++) {
      const url = pagePath(author.url, i + 1);
      const newest = refs?.at(i * AUTHOR_POSTS_PER_PAGE)?.post.postedAt;
      stubs.push({
        author: n,
        url,
        permalink: permalinkFor(url),
        title: pageTitle(index.locale, author.name, i + 1),
        lastmod: isIsoDate(newest) ? newest : undefined,
        page: i + 1,
        pages,
      });
    }
  });
  return stubs;
}

export function authorPage(
  index: SiteIndex,
  authored: AuthoredPosts[],
  postViews: PostViews,
  stub: AuthorPageStub,
): AuthorPageView {
  return pageView(index, authored, postViews, stub, (url) => makePager(url, stub.page, stub.pages));
}

/** An author page's view without its pager (makePager(the author's URL, page, pages)): what
 *  build/page-inputs.ts fingerprints of a page past the last post. The same keys and values but that. */
export function authorPageContext(
  index: SiteIndex,
  authored: AuthoredPosts[],
  postViews: PostViews,
  stub: AuthorPageStub,
): AuthorPageContext {
  return pageView(index, authored, postViews, stub, () => undefined);
}

/** A post's body blocks but quotes (an excerpt leaves them out): a packed post's decoded one at a
 *  time as they are read, its quotes not at all. */
function bodyBlocksOf(post: Post): Iterable<Block> {
  return (post as { bodyBlocks?: (quotes: boolean) => Iterable<Block> }).bodyBlocks?.(false) ?? post.body;
}

/** An author page's view with `pagerOf(the author's URL)` in the pager's place. */
function pageView<P extends Pager | undefined>(
  index: SiteIndex,
  authored: AuthoredPosts[],
  postViews: PostViews,
  stub: AuthorPageStub,
  pagerOf: (url: string) => P,
): AuthorPageContext & { pager: P } {
  const author = index.authors[stub.author];
  const refs = authored[stub.author];
  if (!author || !refs) throw new Error(`no author for page ${stub.url}`);
  const items: AuthorPostView[] = refs
    .slice((stub.page - 1) * AUTHOR_POSTS_PER_PAGE, stub.page * AUTHOR_POSTS_PER_PAGE)
    .map(({ thread, post }) => ({
      threadTitle: thread.title,
      threadUrl: thread.url,
      forumName: thread.forum.name,
      forumUrl: index.forumOf(thread)?.url,
      number: post.number,
      href: postViews.hrefOf(thread, post.number) ?? `${thread.url}#post-${post.number}`,
      date: postDateView(index.locale, post),
      // The body alone, decoded only as far as the excerpt needs (a packed post's blocks one at a
      // time: archive/packed-posts.ts); the signature is not shown.
      excerpt: excerptOfBlocks(bodyBlocksOf(post), EXCERPT_CHARS),
    }));
  return {
    url: stub.url,
    permalink: stub.permalink,
    title: stub.title,
    name: author.name,
    profile: author.profile,
    postsInArchive: refs.length,
    pager: pagerOf(author.url),
    items,
  };
}
