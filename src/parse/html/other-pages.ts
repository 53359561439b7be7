// Pages of a forum that are no thread, told by what they show: vBulletin's own messages (an
// invalid or deleted thread, a login wall, a database error), forum indexes, thread lists, member
// lists and announcements. A mirror holds many; they are skipped and counted, never errors.
import type { CheerioAPI } from "cheerio";
import { VBULLETIN_MESSAGES } from "./phrases.ts";

/** Markup of the pages vBulletin 2 to 5 show instead of a thread, as [kind, selector]. */
const OTHER_PAGE_MARKUP: readonly [string, string][] = [
  [
    "thread list",
    "#threadslist, ol#threads, #threadbits_forum, [id^='threadbits_forum_'], a[id^='thread_title_'], li.threadbit",
  ],
  [
    "forum index",
    "#forums, ol#forums, [id^='collapseobj_forumbit_'], li.forumbit_post, li.forumbit_nopost, [id^='forumbit_']",
  ],
  ["member list", "#memberlist, #memberlist_table, form[action*='memberlist.php'], #memberlist_search"],
  ["announcement", "[id^='announcement_'], [id^='post_announcement_'], .announcementbit"],
];

/** The vBulletin message a page shows instead of a thread ("Invalid Thread specified. …"), if any. */
export function vbulletinMessageOf(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    if (line.length > 400) continue;
    if (!VBULLETIN_MESSAGES.some((pattern) => pattern.test(line))) continue;
    return line.length > 120 ? `${line.slice(0, 117)}...` : line;
  }
  return undefined;
}

/** What kind of page with no posts this is by its markup ("thread list", "forum index", …). */
export function otherPageKindOf($: CheerioAPI): string | undefined {
  return OTHER_PAGE_MARKUP.find(([, selector]) => $(selector).length > 0)?.[0];
}
