// Addresses of a saved page: Wayback Machine wrapping removed, relative links made absolute,
// and the forum's own ids read from vBulletin's URL shapes. Works on URL strings, never on markup.

/** `https://web.archive.org/web/20090512123456/http://forum.example/…` (also `…im_/`, `/web/…` relative, `//web.archive.org`). */
const WAYBACK = /^(?:(?:https?:)?\/\/(?:web\.)?archive\.org)?\/web\/(?<stamp>\d{4,14})(?:[a-z]{2}_|\*)?\/(?<url>.+)$/i;

/** The original address inside a Wayback Machine address, with its capture stamp; other addresses unchanged. */
export function unwrapWayback(href: string): { url: string; stamp?: string } {
  const match = WAYBACK.exec(href.trim());
  if (!match?.groups) return { url: href.trim() };
  let url = match.groups.url!;
  // The Wayback Machine sometimes folds "http://" to "http:/".
  url = url.replace(/^(https?):\/+(?=[^/])/i, "$1://");
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) url = `http://${url}`;
  return { url, stamp: match.groups.stamp };
}

/** "20090512123456" → "2009-05-12". */
export function stampDate(stamp: string | undefined): string | undefined {
  if (!stamp || stamp.length < 8) return undefined;
  const date = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}`;
  return Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ? undefined : date;
}

/** An address as the original forum had it: unwrapped from the Wayback Machine and, when the
 *  page's own address is known, made absolute. Anything unreadable is returned as written. */
export function originalUrl(href: string, base: string | undefined): string {
  const { url } = unwrapWayback(href);
  if (url === "" || url.startsWith("#") || /^(?:javascript|data|vbscript):/i.test(url)) return url;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  if (!base) return url;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

/** Saved files name pages with the query escaped (`showthread.php%3Ft=1.html`): read them unescaped.
 *  A bad escape (`a%zz.jpg`, Latin-1 `Bild%E4.jpg`) leaves the address as written: never throws. */
export function unescaped(url: string): string {
  try {
    return decodeURIComponent(url.replace(/%(?![0-9a-f]{2})/gi, "%25"));
  } catch {
    return url;
  }
}

/** The thread's id from a vBulletin address: `showthread.php?t=123`, `?threadid=123`, `showthread.php?123-slug`,
 *  `showthread.php/123-slug`, `/threads/123-slug`, `archive/index.php/t-123.html`, vBSEO `/forum/123-slug.html`,
 *  vB5 `/forum/section/123-slug`. */
export function threadIdOf(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const url = unescaped(unwrapWayback(href).url);
  const patterns = [
    /[?&;](?:t|threadid)=(\d+)/i,
    /showthread\.php\?(\d+)(?:-|&|$)/i,
    /showthread\.php\/(\d+)/i,
    /\/threads\/(\d+)(?:[-/?#.]|$)/i,
    /\/t-(\d+)(?:-[^/]*)?\.html?/i,
    // vBSEO: /forum-name/123-thread-title.html, /forum-name/123-thread-title-2.html (page 2); not a post link.
    /\/(\d+)-(?![^/]*-post\d+\.html)[^/?#]*\.html?(?:[?#]|$)/i,
    // vB5: /forum/<channels>/123-thread-title
    /\/forum\/(?:[^/?#]+\/)+(\d+)-[^/?#]+(?:\/page\d+)?(?:[?#]|$)/i,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(url);
    if (match) return match[1];
  }
  return undefined;
}

/** The post's id from an address: `showthread.php?p=456`, `showpost.php?p=456`, `#post456`, vBSEO `…-post456.html`, vB5 `/node/456`. */
export function postIdOf(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const url = unescaped(unwrapWayback(href).url);
  const patterns = [
    /[?&;](?:p|postid)=(\d+)/i,
    /#post_?(\d+)$/i,
    /-post(\d+)\.html?/i,
    /\/node\/(\d+)(?:[/?#]|$)/i,
    /\/post(\d+)(?:[/?#.]|$)/i,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(url);
    if (match) return match[1];
  }
  return undefined;
}
