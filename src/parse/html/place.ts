// Where a thread page sits: the site, the breadcrumbs and the thread's title, from the page's own
// head, header and navigation, never from a link inside a post. The site is named, in this order,
// by og:site_name, the board's site-wide RSS feed ("<board> RSS Feed", vBulletin 3 and 4), the
// header logo's alt text ("<board> - Powered by vBulletin"), the home crumb, then <title>.
import type { CheerioAPI } from "cheerio";
import { BOARD_SUFFIXES } from "./phrases.ts";
import { fold } from "./text.ts";

export interface Crumb {
  name: string;
  href?: string;
}

export interface Place {
  site?: string;
  breadcrumbs: string[];
}

/** A link to the board's home (`/`, `index.php`, `forum.php`, a `/forum/` folder, with at most a
 *  session id): it stands for the site, not for a forum. */
export function isHomeLink(href: string | undefined): boolean {
  if (!href) return false;
  let url: URL;
  try {
    url = new URL(href, "http://host.invalid/");
  } catch {
    return false;
  }
  if ([...url.searchParams.keys()].some((key) => key !== "s")) return false;
  const segments = url.pathname.split("/").filter(Boolean);
  const last = segments.at(-1) ?? "";
  if (last === "" || /^(?:index|forum|forums)\.php$/i.test(last)) return true;
  return segments.length === 1 && /^(?:forums?|home|board)$/i.test(last);
}

const clean = (text: string | undefined): string => fold(text ?? "").trim();

/** "<board> RSS Feed", "<board> - Powered by vBulletin": the board's name, or undefined. */
function boardName(text: string | undefined): string | undefined {
  const folded = clean(text);
  for (const suffix of BOARD_SUFFIXES) {
    if (folded.toLowerCase().endsWith(suffix.toLowerCase()) && folded.length > suffix.length) {
      const name = folded.slice(0, -suffix.length).trim();
      // "<board> - <forum> - RSS Feed" is a forum's feed.
      if (name && !name.includes(" - ")) return name;
    }
  }
  return undefined;
}

function siteOf($: CheerioAPI, crumbs: readonly Crumb[]): string | undefined {
  const ogSite = clean($("meta[property='og:site_name']").attr("content"));
  if (ogSite) return ogSite;
  for (const feed of $("link[rel='alternate'][title]").toArray()) {
    const name = boardName(feed.attribs.title);
    if (name) return name;
  }
  // vBulletin 4's header: <a class="logo-image"><img alt="<board> - Powered by vBulletin"></a>.
  for (const logo of $(".logo-image img[alt]").toArray()) {
    const name = boardName(logo.attribs.alt) ?? clean(logo.attribs.alt);
    if (name && !/^logo$/i.test(name)) return name;
  }
  return crumbs[0]?.name || undefined;
}

/** The site and the breadcrumbs [site, category, …, forum]. A nav bar starts at the board's home,
 *  so its first crumb stands for the site, and so do the crumbs after it that link home again
 *  (vBulletin 4's "Forum", vBulletin 5's "Home" and "Forum"). */
export function placeOf($: CheerioAPI, crumbs: readonly Crumb[]): Place {
  const site = siteOf($, crumbs);
  let start = 1;
  while (start < crumbs.length && isHomeLink(crumbs[start]!.href)) start++;
  const rest = crumbs
    .slice(start)
    .map((crumb) => crumb.name)
    .filter(Boolean);
  return site ? { site, breadcrumbs: [site, ...rest] } : { breadcrumbs: [] };
}

/** `<title>`: the thread's title is what is left when the site's name is taken off either end
 *  ("Thread - Site", vBulletin 2's "Site - Thread"); the site's name alone is no title. */
export function titleFromHead($: CheerioAPI, site: string | undefined): string | undefined {
  const text = clean($("title").first().text());
  if (!text) return undefined;
  if (site) {
    if (text === site) return undefined;
    if (text.startsWith(`${site} - `)) return text.slice(site.length + 3).trim() || undefined;
    if (text.endsWith(` - ${site}`)) return text.slice(0, -site.length - 3).trim() || undefined;
    return text;
  }
  const cut = text.lastIndexOf(" - ");
  return (cut > 0 ? text.slice(0, cut) : text).trim() || undefined;
}
