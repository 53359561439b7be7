// Thread pages, POSTS_PER_PAGE posts each: stubs for every page up front, a page's data when it
// is rendered.
import type { Thread } from "../../model.ts";
import { isIsoDate } from "../format.ts";
import { chunk, pagePath, permalinkFor } from "../paths.ts";
import { excerpt, plainText, type QuoteTarget } from "../render.ts";
import { readPost, type PostViews } from "./posts.ts";
import { dateView, makePager, pageTitle, POSTS_PER_PAGE } from "./shared.ts";
import type { SiteIndex } from "./site-index.ts";
import type { ComputedView, Crumb, ListedView, ThreadPageStub, ThreadPageView } from "./types.ts";

export function threadPageStubs(index: SiteIndex): ThreadPageStub[] {
  const stubs: ThreadPageStub[] = [];
  for (const thread of index.threads) {
    const pages = chunk(thread.posts, POSTS_PER_PAGE);
    pages.forEach((posts, i) => {
      const url = pagePath(thread.url, i + 1);
      const lastPosted = posts[posts.length - 1]?.postedAt;
      stubs.push({
        threadId: thread.id,
        url,
        permalink: permalinkFor(url),
        title: pageTitle(thread.title, i + 1),
        description: excerpt(plainText(posts[0]?.body), 160),
        lastmod: isIsoDate(lastPosted) ? lastPosted : undefined,
        page: i + 1,
        pages: pages.length,
      });
    });
  }
  return stubs;
}

export function threadPage(index: SiteIndex, postViews: PostViews, stub: ThreadPageStub): ThreadPageView {
  const thread = index.threadById.get(stub.threadId);
  if (!thread) throw new Error(`no thread ${stub.threadId} for page ${stub.url}`);
  const forum = index.forumOf(thread);
  const posts = thread.posts.slice((stub.page - 1) * POSTS_PER_PAGE, stub.page * POSTS_PER_PAGE).map(readPost);
  // Targets of this page's posts and the posts they quote only: a page's data (and its
  // fingerprint) stays the size of the page, not of the whole thread.
  const targets: Record<string, QuoteTarget> = Object.assign({}, ...posts.map((p) => postViews.quoteTargets(thread, p)));
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
    pager: makePager(thread.url, stub.page, stub.pages),
    posts: posts.map((p) => postViews.view(p, targets, thread)),
    quoteTargets: targets,
    ...similarThreads(index, thread),
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
  const archivedOf = (l: Thread["similarListed"][number]): Thread | undefined =>
    (l.archivedId ? index.threadById.get(l.archivedId) : undefined) ??
    (l.archivedUrl ? index.threadByUrl.get(l.archivedUrl) : undefined);
  const listedIds = new Set(thread.similarListed.map((l) => archivedOf(l)?.id).filter((x): x is string => !!x));
  const similar = (thread.similar ?? [])
    .map((s) => index.threadById.get(s.id) ?? index.threadByUrl.get(s.url))
    .filter((t): t is Thread => !!t && t.id !== thread.id);
  const computed = similar.map((t) => ({ title: t.title, url: t.url, listedByForum: listedIds.has(t.id) }));
  const computedIds = new Set(similar.map((t) => t.id));
  const listed = thread.similarListed.map((l) => {
    const archived = archivedOf(l);
    return {
      title: l.title,
      url: archived?.url,
      starter: l.starter,
      forum: l.forum,
      replies: l.replies,
      lastPost: dateView(l.lastPostAt),
      split: l.split,
      alsoComputed: !!archived && computedIds.has(archived.id),
    };
  });
  return { listed, computed };
}
