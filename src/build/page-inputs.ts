// A thread or author page's fingerprint from what its view is made of, without building the view
// (issue 15: building, serialising and hashing every page's view cost a rebuild ~1.4 CPU s).
//
// A thread page's view (site/view/thread.ts) reads its stub, its thread (the page's posts, and
// the whole thread for quote targets and "quoted by" links), the authors' page URLs, and what the
// site's index says of the thread: its forum's URL, breadcrumbs, neighbours and similar threads.
// That last part is taken from the view function itself, called for a page past the thread's
// last post: the view with no posts in it, which costs no body decoding and keeps whatever the
// view reads of the index in the fingerprint, even what is added to it later. An author page's
// view (site/view/author.ts) reads its stub, the author's name, profile and post count (its view
// past the last post again), and the page's posts: of each, what the page shows (its thread's
// title, URL and forum, its link and date, its body as packed bytes for the excerpt), so a change
// to another post of a thread the author posted in leaves the page alone. Listing pages (forums,
// the authors index, similar threads) are built up front: their view is their fingerprint. A
// fingerprint may change where the page's bytes do not (the page is then rendered and found the
// same); it never stays when they change: test/site-page-inputs.test.ts holds every fingerprint
// to its view over random edits.
import { createHash, type Hash } from "node:crypto";
import { packedDigestOf, packedFormsOf } from "../archive/content-digest.ts";
import type { Archive, AuthorSummary, Post, Thread } from "../model.ts";
import { PackedPost } from "../archive/packed-posts.ts";
import { englishLocale } from "../i18n/locale.ts";
import { compareText } from "../order.ts";
import { POSTS_PER_PAGE } from "../site/paths.ts";
import { type AuthoredPost, authoredPosts, newestFirst } from "../site/view/author.ts";
import { PostViews } from "../site/view/posts.ts";
import { AUTHOR_POSTS_PER_PAGE } from "../site/view/shared.ts";
import type {
  AuthorIndexPage,
  AuthorPageStub,
  ClusterPageView,
  ForumPageView,
  SiteData,
  ThreadPageStub,
} from "../site/view/index.ts";
import type { ListingKind } from "./unchanged-pages.ts";

/** Bumped when what a fingerprint covers changes, so no record of the old kind is ever matched. */
const KIND = "page-inputs 1";
/** A page number no thread or author reaches: its view holds everything but posts. */
const PAST_LAST = 2 ** 30;

export class PageInputs {
  private readonly threadHashes = new Map<Thread, string>();
  private readonly authorUrls = new Map<Thread, string>();
  private readonly authorRoots = new Set<string>();
  /** Each author with a page, by name without case: its page's URL. */
  private readonly linkedAuthors = new Map<string, string>();
  private readonly authorByExactName = new Map<string, AuthorSummary>();
  /** Each author's posts on the site, newest first (by name). */
  private readonly authored = new Map<string, AuthoredPost[]>();
  /** The threads with pages (the site's: a thread whose URL another claimed has none). */
  private readonly siteThreads = new Map<string, Thread>();
  private readonly sortedAuthors = new Set<string>();
  private readonly threadsShown = new Map<Thread, string>();
  /** Links to posts, as author pages make them. */
  private readonly postLinks: PostViews;
  private readonly threadById = new Map<string, Thread>();
  /** Each thread's first page. */
  private readonly firstPages = new Map<string, ThreadPageStub>();
  /** The view of a thread past its last post, or past its last but one (no similar threads). */
  private readonly contexts = new Map<string, { json: string; forumUrl: string }>();

  /** `shared`: what every page depends on (sharedFingerprint); `postsPerPage`: the project's. */
  constructor(
    private readonly site: SiteData,
    archive: Archive,
    private readonly shared: string,
    private readonly postsPerPage: number | undefined,
  ) {
    for (const thread of archive.threads) this.threadById.set(thread.id, thread);
    for (const author of archive.authors) this.authorByExactName.set(author.name, author);
    for (const stub of site.authorPages) if (stub.page === 1) this.authorRoots.add(stub.url);
    // As the site's index claims them (site/view/site-index.ts): in order of URL and name, the
    // first author at a URL gets the page; another whose name slugs to the same URL is not linked.
    const owners = new Set<string>();
    const sorted = [...archive.authors].sort((a, b) => compareText(a.url, b.url) || compareText(a.name, b.name));
    for (const author of sorted) {
      if (!this.authorRoots.has(author.url) || owners.has(author.url)) continue;
      owners.add(author.url);
      this.linkedAuthors.set(author.name.toLowerCase(), author.url);
    }
    for (const stub of site.threadPages) if (stub.page === 1) this.firstPages.set(stub.threadId, stub);
    for (const id of this.firstPages.keys()) this.siteThreads.set(id, this.threadById.get(id)!);
    this.postLinks = new PostViews(() => undefined, englishLocale(), postsPerPage ?? POSTS_PER_PAGE);
  }

  threadPage(stub: ThreadPageStub): string {
    const thread = this.threadById.get(stub.threadId);
    const hash = this.start("thread", stub);
    hash.update(this.contextOf(stub, stub.page === stub.pages).json);
    if (!thread) return hash.digest("base64url");
    return hash.update(this.contentOf(thread)).update(this.authorUrlsOf(thread)).digest("base64url");
  }

  /** The page URLs of a thread's authors and editors (its posts link them), in a fixed order. */
  private authorUrlsOf(thread: Thread): string {
    let urls = this.authorUrls.get(thread);
    if (urls === undefined) {
      const names = new Set<string>();
      for (const post of thread.posts) {
        names.add(post.author.name);
        if (post.edited?.by !== undefined) names.add(post.edited.by);
      }
      urls = JSON.stringify([...names].sort().map((name) => [name, this.authorUrl(name) ?? null]));
      this.authorUrls.set(thread, urls);
    }
    return urls;
  }

  /** A forum page, a page of the authors index or of similar threads: its view is all its page shows
   *  (built up front), but for the similar index's URL (a cluster page's crumbs) and the site's
   *  description (base.njk shows it on the page at "/"). */
  listingPage(kind: ListingKind, view: ForumPageView | AuthorIndexPage | ClusterPageView): string {
    const hash = this.start(kind, view);
    const siteWide = [kind === "cluster" ? (this.site.clusters?.url ?? null) : null, this.site.description];
    return hash.update(JSON.stringify(siteWide)).digest("base64url");
  }

  authorPage(stub: AuthorPageStub): string {
    // Not the author's place in the archive's list (`author`, which every author added before it
    // shifts): the page shows the author's name, profile and posts, which its view and posts hold.
    const { author: _place, ...shown } = stub;
    const hash = this.start("author", shown);
    const view = this.site.authorPage({ ...stub, page: PAST_LAST, pages: PAST_LAST });
    hash.update(JSON.stringify(view));
    // An author of one page (most) shows all their posts, ordered by what is hashed of each: no
    // need to sort them. Of several pages, each shows its slice of them newest first.
    const posts = this.authoredOf(view.name, stub.pages > 1);
    const from = (stub.page - 1) * AUTHOR_POSTS_PER_PAGE;
    const page = stub.pages > 1 ? posts.slice(from, from + AUTHOR_POSTS_PER_PAGE) : posts;
    // Two updates a page, not two a post: a hash update costs more than the bytes it adds.
    let fields = "";
    const bodies: Buffer[] = [];
    for (const item of page) fields += this.shownOf(item, bodies);
    return hash.update(fields).update(Buffer.concat(bodies)).digest("base64url");
  }

  /** The author's posts on the site, newest first when `sorted` (else in the summary's order). */
  private authoredOf(name: string, sorted: boolean): AuthoredPost[] {
    let posts = this.authored.get(name);
    if (posts === undefined) {
      const author = this.authorByExactName.get(name);
      posts = author ? authoredPosts(author, this.siteThreads) : [];
      this.authored.set(name, posts);
    }
    if (sorted && !this.sortedAuthors.has(name)) {
      newestFirst(posts);
      this.sortedAuthors.add(name);
    }
    return posts;
  }

  /** What an author page shows of a post (site/view/author.ts): its thread's title, URL and forum,
   *  its number and link, its date, and an excerpt of its body (its packed bytes, added to `bodies`;
   *  its length in the text returned, so no two posts' bytes run together). */
  private shownOf({ thread, post }: AuthoredPost, bodies: Buffer[]): string {
    // The link is the thread's URL (hashed with the thread) and the post's place in it.
    const at = this.postLinks.indexOfPost(thread, post.number);
    const body = (post instanceof PackedPost ? post.bodyBytes() : undefined) ?? Buffer.from(JSON.stringify(post.body));
    bodies.push(body);
    const text = post.postedAtText === undefined ? "" : JSON.stringify(post.postedAtText);
    return `${this.threadShown(thread)}${post.number},${at},${JSON.stringify(post.postedAt)},${body.length},${text}\u0000`;
  }

  /** What an author page shows of a post's thread: its title, URL, forum name and forum URL. */
  private threadShown(thread: Thread): string {
    let shown = this.threadsShown.get(thread);
    if (shown === undefined) {
      const first = this.firstPages.get(thread.id);
      const forumUrl = first ? this.contextOf(first, first.pages === 1).forumUrl : null;
      shown = `\u0000${JSON.stringify([thread.title, thread.url, thread.forum.name, forumUrl])}`;
      this.threadsShown.set(thread, shown);
    }
    return shown;
  }

  private start(kind: string, stub: object): Hash {
    return createHash("sha1") // not a security boundary: speed
      .update(`${KIND}\u0000${this.shared}\u0000${kind}\u0000${this.postsPerPage ?? ""}\u0000`)
      .update(JSON.stringify(stub));
  }

  /** The thread page's view past the last post: all it reads of the site's index. */
  private contextOf(stub: ThreadPageStub, lastPage: boolean): { json: string; forumUrl: string } {
    const key = `${stub.threadId}\u0000${lastPage}`;
    let context = this.contexts.get(key);
    if (context === undefined) {
      const view = this.site.threadPage({ ...stub, page: PAST_LAST, pages: lastPage ? PAST_LAST : PAST_LAST + 1 });
      context = { json: JSON.stringify(view), forumUrl: view.thread.forumUrl ?? "" };
      this.contexts.set(key, context);
    }
    return context;
  }

  /** The author's page URL as a post links it: none when the author has no page. */
  private authorUrl(name: string): string | undefined {
    return this.linkedAuthors.get(name.toLowerCase());
  }

  /** A hash of what the thread holds, its posts' bodies as their packed bytes (never decoded), but
   *  its similar threads (computed and listed) and warnings: a similar thread's score changes with
   *  every thread added, and a listed row's link with every thread its title names; a thread page
   *  reads them through its view past the last post (which holds whatever the view reads of the
   *  thread but its posts), an author page not at all. */
  private contentOf(thread: Thread): string {
    let digest = this.threadHashes.get(thread);
    if (digest === undefined) {
      // Nor where it was read from (files and lines: two inputs of one site give the same pages and
      // records); a thread page reads its source's URL and date through its view past the last post.
      const { posts, similar: _s, similarListed: _l, warnings: _w, source: _f, ...rest } = thread;
      digest = createHash("sha1").update(JSON.stringify(rest)).update(postsDigest(posts)).digest("base64url");
      this.threadHashes.set(thread, digest);
    }
    return digest;
  }
}

/** A post's fields hashed otherwise (body, signature) or never shown (the file and line it came from). */
const NOT_HASHED = new Set(["body", "signature", "source"]);

/** A thread's posts: each post's fields but body and signature, and those as the packed bytes they
 *  are read from (one Buffer a thread, hashed once; each post's ranges in it), or as JSON when the
 *  posts are not packed as one thread's. */
function postsDigest(posts: readonly Post[]): Buffer {
  const hash = createHash("sha1");
  const forms = packedFormsOf(posts);
  if (!forms) {
    for (const post of posts) hash.update(`${JSON.stringify(withoutSource(post))}\u0000`);
    return hash.digest();
  }
  // The packed bytes' digest, shared with the similar-words cache's key (archive/content-digest.ts).
  const packed = forms[0]!.packed;
  hash.update(`${packed.length}\u0000`).update(packedDigestOf(packed));
  posts.forEach((post, index) => {
    const { keys, ranges } = forms[index]!;
    const fields: Record<string, unknown> = {};
    for (const key of keys) if (!NOT_HASHED.has(key)) fields[key] = (post as never)[key];
    hash.update(`\u0000${JSON.stringify([keys, ranges, fields])}`);
  });
  return hash.digest();
}

/** The post's fields but `source` (the file and line it was read from, shown on no page). */
function withoutSource(post: Post): object {
  const plain = (post as { toJSON?: () => Post }).toJSON?.() ?? post;
  const { source: _source, ...fields } = plain;
  return fields;
}
