// The sitemap: every HTML page but the 404, split into files of at most `limit` URLs (sitemap.xml
// becomes an index of them when there is more than one).
import { withZone } from "../format.ts";
import { chunk } from "../paths.ts";
import type { FullSiteData, SitemapFile } from "./types.ts";

type SitemapSource = Pick<
  FullSiteData,
  "markdownPages" | "hasSearch" | "clusters" | "clusterPages" | "forumPages" | "authorIndexPages"
> & {
  threadPages: { url: string; lastmod?: string }[];
  authorPages: { url: string; lastmod?: string }[];
};

/** `absolute` turns a site-relative path into the URL the sitemap lists. */
export function sitemapFiles(site: SitemapSource, absolute: (path: string) => string, limit: number): SitemapFile[] {
  const lastmodOf = (iso: string | undefined) => (iso ? withZone(iso) : undefined);
  const entries: SitemapFile["entries"] = [{ loc: absolute("/") }];
  for (const p of site.markdownPages) entries.push({ loc: absolute(p.url) });
  if (site.hasSearch) entries.push({ loc: absolute("/search/") });
  if (site.clusters) entries.push({ loc: absolute(site.clusters.url) });
  for (const p of site.clusterPages) entries.push({ loc: absolute(p.url) });
  for (const p of site.forumPages) entries.push({ loc: absolute(p.url), lastmod: lastmodOf(p.rows[0]?.lastPost.iso) });
  for (const p of site.threadPages) entries.push({ loc: absolute(p.url), lastmod: lastmodOf(p.lastmod) });
  for (const p of site.authorIndexPages) entries.push({ loc: absolute(p.url) });
  for (const p of site.authorPages) entries.push({ loc: absolute(p.url), lastmod: lastmodOf(p.lastmod) });
  const chunks = chunk(entries, limit);
  if (chunks.length === 1) return [{ url: "/sitemap.xml", permalink: "sitemap.xml", entries: chunks[0] ?? [] }];
  return chunks.map((e, i) => ({ url: `/sitemap-${i + 1}.xml`, permalink: `sitemap-${i + 1}.xml`, entries: e }));
}
