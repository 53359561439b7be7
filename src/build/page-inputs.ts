// A thread or author page's fingerprint from what its view is made of, without building the view
// (issue 15: building, serialising and hashing every page's view cost a rebuild ~1.4 CPU s).
//
// A thread page's view (site/view/thread.ts) reads its stub, its thread (the page's posts, and
// the whole thread for quote targets and "quoted by" links), the authors' page URLs, and what the
// site's index says of the thread: its forum's URL, breadcrumbs, neighbours and similar threads.
// That last part is the view module's own account of what the view holds beyond the stub, posts
// and thread (site/view/thread.ts threadPageInputs: the threads its rows name, as ids, titles and
// URLs), not the view past the last post serialised (~3 kB a thread, ~0.3 CPU s at 10,000 threads);
// test/site-thread-inputs.test.ts holds the view to the keys it accounts for. An author page's
// view (site/view/author.ts) reads its stub, the author's name, profile and post count (its view
// past the last post again), and each of its posts: every thread the author posted in is hashed
// (its posts whole, its other fields but its similar threads and warnings), with its forum's URL
// and whether it has pages. A thread page's description (the start of its first post) is left out:
// the thread's posts hold it, and reading it would decode every page's first post. A fingerprint
// may change where the page's bytes do not (the page is then rendered and found the same); it
// never stays when they change:
// test/site-page-inputs.test.ts holds every fingerprint to its view over random edits.
import { hash } from "node:crypto";
import { postsDigestOf } from "../archive/content-digest.ts";
import type { Archive, AuthorSummary, Post, Thread } from "../model.ts";
import { compareText } from "../order.ts";
import type {
  AuthorIndexPage,
  AuthorPageStub,
  ClusterPageView,
  ForumPageView,
  SiteData,
  ThreadPageStub,
  ThreadRow,
} from "../site/view/index.ts";
import type { ListingKind } from "./unchanged-pages.ts";

/** Bumped when what a fingerprint covers changes, so no record of the old kind is ever matched. */
const KIND = "page-inputs 3";
/** A page number no thread or author reaches: its view holds everything but posts. */
const PAST_LAST = 2 ** 30;

export class PageInputs {
  private readonly threadHashes = new Map<Thread, string>();
  private readonly rowDigests = new Map<ThreadRow, string>();
  /** The last thread's authorUrlsOf: a thread's pages come one after another (site/view/thread.ts
   *  threadPageStubs), and a map of every thread's text (~6 MB at 10,000 threads) outlived the step. */
  private authorUrls: { thread: Thread | undefined; urls: string } = { thread: undefined, urls: "" };
  private readonly authorByName = new Map<string, AuthorSummary>();
  private readonly authorRoots = new Set<string>();
  /** Each author with a page, by name without case: its page's URL. */
  private readonly linkedAuthors = new Map<string, string>();
  /** Each name as written, with its linkedAuthors' URL (null: none), as the JSON of the two. */
  private readonly authorUrlByName = new Map<string, string>();
  private readonly postedIn = new Map<string, string>();
  private readonly postedInParts = new Map<string, string>();
  private readonly threadById = new Map<string, Thread>();
  /** Each thread's first page. */
  private readonly firstPages = new Map<string, ThreadPageStub>();
  /** The view of a thread past its last post, or past its last but one (no similar threads): its
   *  JSON's hash (the JSON, ~3 kB a thread, is dropped at once rather than kept to the end of the
   *  step), and its forum's URL. */
  private readonly lastPageContexts = new Map<string, { digest: string; forumUrl: string }>();
  private readonly otherPageContexts = new Map<string, { digest: string; forumUrl: string }>();

  /** `shared`: what every page depends on (sharedFingerprint); `postsPerPage`: the project's. */
  constructor(
    private readonly site: SiteData,
    archive: Archive,
    private readonly shared: string,
    private readonly postsPerPage: number | undefined,
  ) {
    for (const thread of archive.threads) this.threadById.set(thread.id, thread);
    for (const author of archive.authors) this.authorByName.set(author.name.toLowerCase(), author);
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
  }

  threadPage(stub: ThreadPageStub): string {
    const thread = this.threadById.get(stub.threadId);
    const text = this.start("thread", withoutDescription(stub)) + this.contextOf(stub, stub.page === stub.pages).digest;
    return sha1(thread ? text + this.contentOf(thread) + this.authorUrlsOf(thread) : text);
  }

  /** The page URLs of a thread's authors and editors (its posts link them), in the order the names
   *  first come in its posts (which its posts digest holds): the JSON of [name, URL or null, …],
   *  joined from each name's piece, made once a build (a name is in many threads: serialising every
   *  thread's names and URLs again was most of this, ~0.05 CPU s at 10,000 threads). */
  private authorUrlsOf(thread: Thread): string {
    if (this.authorUrls.thread === thread) return this.authorUrls.urls;
    let urls = "[";
    for (const name of authorAndEditorNamesOf(thread.posts))
      urls += urls.length === 1 ? this.authorUrlJson(name) : `,${this.authorUrlJson(name)}`;
    urls += "]";
    this.authorUrls = { thread, urls };
    return urls;
  }

  /** A forum page, a page of the authors index or of similar threads: its view is all its page shows
   *  (built up front), but for the similar index's URL (a cluster page's crumbs) and the site's
   *  description (base.njk shows it on the page at "/"). */
  listingPage(kind: ListingKind, view: ForumPageView | AuthorIndexPage | ClusterPageView): string {
    const siteWide = [kind === "cluster" ? (this.site.clusters?.url ?? null) : null, this.site.description];
    return sha1(this.start(kind, this.withRowDigests(view)) + JSON.stringify(siteWide));
  }

  /** A listing's view with each thread row (a forum page's rows, a cluster's threads) as its
   *  digest: a row is on a forum page of each of its forum's three orders and on its cluster's page,
   *  and the rows' JSON was ~70% of the bytes the listings hashed (~13 MB at 10,000 threads). */
  private withRowDigests(view: ForumPageView | AuthorIndexPage | ClusterPageView): object {
    if ("rows" in view) return { ...view, rows: view.rows.map((row) => this.rowDigest(row)) };
    if ("clusters" in view) {
      const clusters = view.clusters.map((c) => ({ ...c, threads: c.threads.map((row) => this.rowDigest(row)) }));
      return { ...view, clusters };
    }
    return view;
  }

  /** A thread row's JSON hashed, once a row: the rows are made up front (site/view/rows.ts) and
   *  shared by every listing showing them, and no view changes once made. */
  private rowDigest(row: ThreadRow): string {
    let digest = this.rowDigests.get(row);
    if (digest === undefined) {
      digest = sha1(JSON.stringify(row));
      this.rowDigests.set(row, digest);
    }
    return digest;
  }

  authorPage(stub: AuthorPageStub): string {
    // Not the author's place in the archive's list (`author`, which every author added before it
    // shifts): the page shows the author's name, profile and posts, which its view and postedInOf hold.
    const { author: _place, ...shown } = stub;
    // Its view without a pager, which the stub decides.
    const view = this.site.authorPage({ ...stub, page: PAST_LAST, pages: PAST_LAST }, { pager: false });
    return sha1(this.start("author", shown) + JSON.stringify(view) + this.postedInOf(view.name));
  }

  /** The threads an author posted in, each whole, with its forum's URL when it has pages (a thread
   *  without pages is left off the author's page). */
  private postedInOf(name: string): string {
    const key = name.toLowerCase();
    let digest = this.postedIn.get(key);
    if (digest === undefined) {
      const ids = [...new Set(this.authorByName.get(key)?.posts.map((ref) => ref.threadId))].sort();
      // One text hashed at once: two updates a thread, for every author, cost ~0.3 CPU s at 10,000 threads.
      let text = "";
      for (const id of ids) text += this.postedInPartOf(id);
      digest = sha1(text);
      this.postedIn.set(key, digest);
    }
    return digest;
  }

  /** What postedInOf hashes of one thread (the same for every author who posted in it). */
  private postedInPartOf(id: string): string {
    let part = this.postedInParts.get(id);
    if (part === undefined) {
      const thread = this.threadById.get(id);
      const first = this.firstPages.get(id);
      const forumUrl = first ? this.contextOf(first, first.pages === 1).forumUrl : null;
      // Joined, not a template: a flat string (~0.1 kB) rather than a chain of six pieces (~0.35 kB),
      // kept for every thread until the step ends (~2.5 MB less at 10,000 threads).
      part = thread ? ["", id, JSON.stringify(forumUrl), this.contentOf(thread)].join("\u0000") : "";
      this.postedInParts.set(id, part);
    }
    return part;
  }

  /** What every fingerprint's text starts with: what it is of, the site-wide inputs, and the stub. */
  private start(kind: string, stub: object): string {
    return `${KIND}\u0000${this.shared}\u0000${kind}\u0000${this.postsPerPage ?? ""}\u0000${JSON.stringify(stub)}`;
  }

  /** What the thread page's view holds besides its stub, posts and thread's own fields (the site's
   *  index: forum page, breadcrumbs, neighbours, similar threads; site/view/thread.ts
   *  threadPageInputs), hashed, once for a thread's last page and once for its other pages. */
  private contextOf(stub: ThreadPageStub, lastPage: boolean): { digest: string; forumUrl: string } {
    // Two maps by the thread's id, not one by a key text made for each page (~30 ms at 10,000 threads).
    const contexts = lastPage ? this.lastPageContexts : this.otherPageContexts;
    let context = contexts.get(stub.threadId);
    if (context === undefined) {
      const past = withoutDescription(stub);
      past.pages = lastPage ? past.page : past.page + 1;
      const shown = this.site.threadPage(past as ThreadPageStub, { inputs: true });
      context = { digest: sha1(shown.text), forumUrl: shown.forumUrl ?? "" };
      contexts.set(stub.threadId, context);
    }
    return context;
  }

  /** The name and its author's page URL as a post links it (null when the author has no page), as
   *  the JSON array's two items: `"name","url"`. */
  private authorUrlJson(name: string): string {
    // By the name as written first: a thread's names are mostly ones met in other threads.
    let json = this.authorUrlByName.get(name);
    if (json === undefined) {
      json = JSON.stringify([name, this.linkedAuthors.get(name.toLowerCase()) ?? null]).slice(1, -1);
      this.authorUrlByName.set(name, json);
    }
    return json;
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
      digest = hash("sha1", Buffer.concat([Buffer.from(JSON.stringify(rest)), postsDigestOf(posts)]), "base64url");
      this.threadHashes.set(thread, digest);
    }
    return digest;
  }
}

/** The names of `posts`' authors and editors (`edited.by`), each once, in the order they first come
 *  (a post's author, then its editor). Not every name sorted, then deduplicated: the sort was half
 *  of what a thread's authors' URLs cost (~0.03 of ~0.08 CPU s at 10,000 threads). */
export function authorAndEditorNamesOf(posts: readonly Post[]): string[] {
  const names = new DistinctNames();
  let lastAuthor: Post["author"] | undefined;
  for (const post of posts) {
    const author = post.author;
    if (author !== lastAuthor) names.add(author.name);
    lastAuthor = author;
    const by = post.edited?.by;
    if (by !== undefined) names.add(by);
  }
  return names.list;
}

/** Names each once, in the order added: a thread has a few, looked for in the list; a Set once many. */
class DistinctNames {
  readonly list: string[] = [];
  private set: Set<string> | undefined;

  add(name: string): void {
    if (this.set === undefined) {
      if (this.list.includes(name)) return;
      if (this.list.length === 32) this.set = new Set(this.list);
    } else if (this.set.has(name)) return;
    this.list.push(name);
    this.set?.add(name);
  }
}

/** A SHA-1 (not a security boundary: speed) of one text, in one call: a Hash object made and
 *  updated for each of the ~10 small texts a thread fingerprints cost about twice as much. */
function sha1(text: string): string {
  return hash("sha1", text, "base64url");
}

/** A thread page's stub but its description, which is made when first read (site/view/thread.ts
 *  threadPageStubs) and which the thread's posts decide. Copied key by key: a spread or a rest
 *  pattern would read the description. */
function withoutDescription(stub: ThreadPageStub): Omit<ThreadPageStub, "description"> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(stub)) if (key !== "description") copy[key] = stub[key as keyof ThreadPageStub];
  return copy as Omit<ThreadPageStub, "description">;
}
