// Which format a file is: a text dump or a saved HTML page, and for a page, which vBulletin
// generation made it (the generator meta tag when the page has one, else the markup's hallmarks).
import type { CheerioAPI } from "cheerio";
import type { Skin } from "./skin.ts";
import { VB2 } from "./vb2.ts";
import { VB3 } from "./vb3.ts";
import { VB4 } from "./vb4.ts";
import { VB5 } from "./vb5.ts";
import { SOMETHING_AWFUL } from "./sa.ts";

/** Forks first: their posts may also match a stock generation's selectors. */
export const SKINS: readonly Skin[] = [SOMETHING_AWFUL, VB5, VB4, VB3, VB2];

export { looksLikeHtml } from "./looks-like-html.ts";

export interface Detected {
  skin: Skin;
  /** How the generation was told: "generator" (meta tag), "markup" (hallmarks), "posts" (the skin finding most posts). */
  by: "generator" | "markup" | "posts";
}

const HALLMARKS: Record<Skin["generation"], string> = {
  "5": "li.b-post[data-node-id], .js-post[data-node-id], .js-post__content-text",
  "4": "li.postcontainer, li.postbitlegacy, li.postbit, li[id^='post_'] blockquote.postcontent, ol#posts",
  "3": "table[id^='post'] div[id^='post_message_'], a[id^='postcount']",
  // vBulletin 2: fonts after a post anchor, or fonts with the classes of its smallfont/normalfont wrappers (classes, not tags).
  "2": "a[name^='post'] ~ font, font.smallfont, font.normalfont",
};

export function detectGeneration($: CheerioAPI): Detected | undefined {
  const generator = $("meta[name='generator' i]").attr("content") ?? "";
  const version = /vBulletin\s+(\d)/i.exec(generator)?.[1];
  const byVersion = SKINS.find((skin) => skin.generation === version && !skin.hallmark);
  if (byVersion && byVersion.posts($).length) return { skin: byVersion, by: "generator" };
  for (const skin of SKINS) {
    if ($(skin.hallmark ?? HALLMARKS[skin.generation]).length && skin.posts($).length) return { skin, by: "markup" };
  }
  const counts = SKINS.map((skin) => ({ skin, count: skin.posts($).length })).filter((entry) => entry.count > 0);
  counts.sort((a, b) => b.count - a.count);
  return counts[0]
    ? { skin: counts[0].skin, by: "posts" }
    : byVersion
      ? { skin: byVersion, by: "generator" }
      : undefined;
}
