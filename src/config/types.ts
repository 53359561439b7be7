// The shape of forum-archive.config.json / .mjs / .js. schema/forum-archive.config.schema.json is
// the same contract for editors and for validation; keep the two in step (test/config.test.ts
// compares their keys).

/** A link of the site's navigation, after its own (Home, pages, Similar threads, Search). */
export interface NavLink {
  title: string;
  /** A site path ("/about/") or an http(s) address. */
  url: string;
}

export interface ForumArchiveConfig {
  /** The schema the file follows, for editors (ignored by the build). */
  $schema?: string;
  /** The site's name: page titles, header, feed. Default: "<forum name> archive". */
  title?: string;
  /** One or two sentences about the archive: the home page's lead and meta description. */
  description?: string;
  /** Language of the site's own words: "en", "de", "fr", or one of the input's locales/*.json.
   *  Default: the language most threads are written in. */
  language?: string;
  /** An image file inside the input folder ("assets/logo.svg"), shown before the title. */
  logo?: string;
  /** Link and highlight colour of the light theme, "#rrggbb"; refused below 4.5:1 contrast. */
  accentColor?: string;
  /** The same for the dark theme; default: accentColor lightened until it reaches 4.5:1. */
  accentColorDark?: string;
  /** Extra navigation links. */
  nav?: NavLink[];
  /** Path the archive is served under ("/archive/"). The --base-url option wins. */
  baseUrl?: string;
  /** Origin for absolute URLs ("https://example.org"). The --site-url option wins. */
  siteUrl?: string;
  /** Posts on one thread page (5 to 1000). Default 40. */
  postsPerPage?: number;
  /** Write the search page and index. Default true; --no-search wins. */
  search?: boolean;
  /** Show computed similar threads and the /similar/ pages. Default true. */
  similarThreads?: boolean;
  /** Forums (names or URLs) and threads (ids or URLs) left out of the site and its search. */
  exclude?: { forums?: string[]; threads?: string[] };
}

/** Identity, for completion in forum-archive.config.mjs / .js:
 *  `export default defineConfig({ title: "…" })`. */
export function defineConfig(config: ForumArchiveConfig): ForumArchiveConfig {
  return config;
}
