// Author pages: every post of the author in the archive, newest first. The order is settled up
// front (small references); the posts are shaped for the page when it is rendered.
import type { Post, Thread } from "../../model.ts";
import { dateValue, isIsoDate } from "../format.ts";
import { pagePath, permalinkFor } from "../paths.ts";
import { readPost, type PostViews } from "./posts.ts";
import { AUTHOR_POSTS_PER_PAGE, byText, makePager, pageTitle } from "./shared.ts";
import type { SiteIndex } from "./site-index.ts";
import type { AuthorPageStub, AuthorPageView, AuthorPostView } from "./types.ts";

export interface AuthoredPost {
  thread: Thread;
  post: Post;
  when: number;
}

/** Each indexed author's posts (same order as index.authors), newest first. */
export function postsByAuthor(index: SiteIndex): AuthoredPost[][] {
  return index.authors.map((author) => {
    const refs: AuthoredPost[] = [];
    for (const ref of author.posts) {
      const thread = index.threadById.get(ref.threadId);
      // Post N is nearly always at index N-1; the search is for threads that skip numbers.
      const guess = thread?.posts[ref.number - 1];
      const post = guess?.number === ref.number ? guess : thread?.posts.find((p) => p.number === ref.number);
      if (!thread || !post) continue;
      refs.push({ thread, post, when: dateValue(post.postedAt) });
    }
    return refs.sort((a, b) => b.when - a.when || byText(a.thread.url, b.thread.url) || a.post.number - b.post.number);
  });
}

export function authorPageStubs(index: SiteIndex, authored: AuthoredPost[][]): AuthorPageStub[] {
  const stubs: AuthorPageStub[] = [];
  index.authors.forEach((author, n) => {
    const refs = authored[n] ?? [];
    const pages = Math.max(1, Math.ceil(refs.length / AUTHOR_POSTS_PER_PAGE));
    for (let i = 0; i < pages; i++) {
      const url = pagePath(author.url, i + 1);
      const newest = refs[i * AUTHOR_POSTS_PER_PAGE]?.post.postedAt;
      stubs.push({
        author: n,
        url,
        permalink: permalinkFor(url),
        title: pageTitle(author.name, i + 1),
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
  authored: AuthoredPost[][],
  postViews: PostViews,
  stub: AuthorPageStub,
): AuthorPageView {
  const author = index.authors[stub.author];
  const refs = authored[stub.author];
  if (!author || !refs) throw new Error(`no author for page ${stub.url}`);
  const items: AuthorPostView[] = refs
    .slice((stub.page - 1) * AUTHOR_POSTS_PER_PAGE, stub.page * AUTHOR_POSTS_PER_PAGE)
    .map(({ thread, post }) => {
      const read = readPost(post);
      const targets = postViews.quoteTargets(thread, read);
      return {
        threadTitle: thread.title,
        threadUrl: thread.url,
        forumName: thread.forum.name,
        forumUrl: index.forumOf(thread)?.url,
        post: postViews.view(read, targets, thread),
        quoteTargets: targets,
      };
    });
  return {
    url: stub.url,
    permalink: stub.permalink,
    title: stub.title,
    name: author.name,
    profile: author.profile,
    postsInArchive: refs.length,
    pager: makePager(author.url, stub.page, stub.pages),
    items,
  };
}
