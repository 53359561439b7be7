// The one lunr the search index is built with: English + German stemming through
// lunr.multiLanguage, so a query is stemmed the same way whatever the post's language.
import lunr from "lunr";
import stemmerSupport from "lunr-languages/lunr.stemmer.support.js";
import german from "lunr-languages/lunr.de.js";
import multi from "lunr-languages/lunr.multi.js";

// Other modules (similar threads) extend the same lunr; registering twice only makes lunr warn.
const extended = lunr as unknown as Record<string, unknown>;
if (!extended.stemmerSupport) stemmerSupport(lunr);
if (!extended.de) german(lunr);
if (!extended.multiLanguage) multi(lunr);

export const LANGUAGES = ["en", "de"] as const;
/** Made once: each call registers its trimmer again (and lunr warns about it). */
export const multiLanguage = lunr.multiLanguage(...LANGUAGES);

/** The files (under node_modules) the browser needs, in load order, and their names in dist/search/lib/. */
export const BROWSER_SCRIPTS: { from: string; to: string }[] = [
  { from: "lunr/lunr.min.js", to: "lunr.min.js" },
  { from: "lunr-languages/min/lunr.stemmer.support.min.js", to: "lunr.stemmer.support.min.js" },
  { from: "lunr-languages/min/lunr.de.min.js", to: "lunr.de.min.js" },
  { from: "lunr-languages/min/lunr.multi.min.js", to: "lunr.multi.min.js" },
];

export { lunr };
