// A page's own thread id, read from the links and forms of the page itself: the thread's own id
// stands in nearly every one (page navigation, "Reply", "Thread Tools", the reply form's hidden
// `t`/`threadid`, vBulletin 2's `threadid=` links), while other threads' ids (Similar Threads,
// next/previous thread) stand once each. Links in the posts' messages are the posters' and those
// in Similar Threads name other threads: neither is read.
import type { CheerioAPI } from "cheerio";
import type { AnyNode } from "domhandler";
import { threadIdOf } from "./urls.ts";

/** Lists of other threads on a thread page (Similar Threads of vBulletin 3, 4 and 5). */
const OTHER_THREADS =
  "#similar_threads, #collapseobj_similarthreads, ol.similarthreads, .similar-threads, #similarthreads";

/** `postersText`: the nodes of the posts' messages and signatures, whose links are not the page's. */
export function threadIdOfPage(
  $: CheerioAPI,
  postersText: readonly AnyNode[],
  resolve: (href: string) => string,
): string | undefined {
  const inPosts = new Set<AnyNode>([...postersText, ...$(OTHER_THREADS).toArray()]);
  const insidePost = (node: AnyNode) => {
    for (let current: AnyNode | null = node; current; current = current.parent) if (inPosts.has(current)) return true;
    return false;
  };
  const counts = new Map<string, number>();
  const count = (id: string | undefined) => {
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  };
  for (const element of $("a[href], form[action], [data-url]").toArray()) {
    if (insidePost(element)) continue;
    const address = element.attribs.href ?? element.attribs.action ?? element.attribs["data-url"] ?? "";
    count(threadIdOf(resolve(address)));
  }
  // A form field is page text like any other: only a number is a thread id.
  for (const input of $("input[name='t'], input[name='threadid']").toArray()) {
    if (!insidePost(input)) count(/^\d+$/.exec((input.attribs.value ?? "").trim())?.[0]);
  }
  count(/^\d+$/.exec($("body").attr("data-thread") ?? "")?.[0]);
  let best: string | undefined;
  for (const [id, seen] of counts) if (best === undefined || seen > counts.get(best)!) best = id;
  return best;
}
