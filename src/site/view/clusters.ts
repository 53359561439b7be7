// Pages of similar-thread groups: the /similar/ index (labels only, so it stays small), one page
// per forum that has groups, and one for the groups that span forums.
import type { Cluster } from "../../model.ts";
import { anchorId, chunk, pagePath, permalinkFor } from "../paths.ts";
import { rowsOf } from "./rows.ts";
import { compareText } from "../../order.ts";
import { CLUSTERS_PER_PAGE, makePager, pageTitle } from "./shared.ts";
import type { SiteIndex } from "./site-index.ts";
import type { ClusterGroup, ClusterPageView, ClusterView, FullSiteData, ThreadRow } from "./types.ts";

export const SIMILAR_INDEX_URL = "/similar/";
const ACROSS_URL = "/similar/across-the-archive/";

export interface ClusterPages {
  index: FullSiteData["clusters"];
  pages: ClusterPageView[];
  /** The group page of each forum that has one, by forum URL. */
  forumClusterUrls: Map<string, string>;
}

type PageHead = Omit<ClusterPageView, "permalink" | "clusters" | "pager" | "heading">;

export function clusterPages(index: SiteIndex, rows: Map<string, ThreadRow>, all: readonly Cluster[]): ClusterPages {
  const result: ClusterPages = { index: null, pages: [], forumClusterUrls: new Map() };
  const clusters = all.filter((c) => c.threadIds.some((id) => index.threadById.has(id)));
  if (clusters.length === 0) return result;
  const groups: ClusterGroup[] = [];
  const addPage = (head: PageHead, own: Cluster[], heading: string) => {
    const views = addClusterPages(index, result.pages, rows, head, own);
    groups.push({
      heading,
      forumUrl: head.forumUrl,
      pageUrl: head.url,
      clusters: views.map((v) => ({
        label: v.label,
        name: v.name,
        terms: v.terms,
        href: v.href,
        threadCount: v.threads.length,
      })),
    });
  };
  // "Across the archive" shows the groups that span forums; a group inside one forum is on that forum's page.
  const forumsOf = (c: Cluster) =>
    new Set(
      c.threadIds.map((id) => {
        const t = index.threadById.get(id);
        return t ? `${t.site}\u0000${t.forum.name}` : "";
      }),
    );
  const siteWide = clusters.filter((c) => !c.forum && forumsOf(c).size > 1);
  if (siteWide.length > 0 && index.claims.claim(ACROSS_URL, "similar threads across the archive", ACROSS_URL)) {
    addPage(
      { url: ACROSS_URL, title: index.locale.t("similar.acrossTitle") },
      siteWide,
      index.locale.t("similar.across"),
    );
  }
  for (const forum of index.forums) {
    const own = clusters.filter((c) => c.forum && c.forum.site === forum.site && c.forum.name === forum.name);
    if (own.length === 0) continue;
    const url = `/similar${forum.url}`;
    if (!index.claims.claim(url, `similar threads of forum "${forum.name}"`, forum.url)) continue;
    result.forumClusterUrls.set(forum.url, url);
    const title = index.locale.t("similar.inForumTitle", { forum: forum.name });
    const head = { url, title, forumName: forum.name, forumUrl: forum.url };
    addPage(head, own, index.locale.t("similar.groupHeading", { forum: forum.name, site: forum.site }));
  }
  result.index = { url: SIMILAR_INDEX_URL, groups };
  return result;
}

/** Adds the pages (CLUSTERS_PER_PAGE groups each) of one forum's groups; returns every group shown. */
function addClusterPages(
  index: SiteIndex,
  pages: ClusterPageView[],
  rows: Map<string, ThreadRow>,
  head: PageHead,
  own: Cluster[],
): ClusterView[] {
  const chunks = chunk(
    own.sort((a, b) => compareText(a.id, b.id)),
    CLUSTERS_PER_PAGE,
  );
  const views: ClusterView[] = [];
  chunks.forEach((part, i) => {
    const url = pagePath(head.url, i + 1);
    const pageViews = part.map((c) => clusterView(index, rows, c, url));
    views.push(...pageViews);
    pages.push({
      ...head,
      url,
      title: pageTitle(index.locale, head.title, i + 1),
      heading: head.title,
      permalink: permalinkFor(url),
      pager: makePager(head.url, i + 1, chunks.length),
      clusters: pageViews,
    });
  });
  return views;
}

/** Telling words shown after a group's name. */
const NAME_TERMS = 3;

/** `pageUrl`: the cluster page (or page N of it) this cluster is shown on. */
function clusterView(index: SiteIndex, rows: Map<string, ThreadRow>, cluster: Cluster, pageUrl: string): ClusterView {
  const anchor = anchorId("cluster", cluster.id);
  const threads = rowsOf(rows, cluster.threadIds);
  const central = centralThread(index, cluster);
  const name = central ? (rows.get(central)?.title ?? "") : "";
  // The group's telling words that its name does not already say.
  const inName = new Set(name.toLowerCase().split(/[^\p{L}\p{N}]+/u));
  const terms = cluster.label.filter((t) => !inName.has(t.toLowerCase())).slice(0, NAME_TERMS);
  const forums = new Map<string, number>();
  for (const row of threads) forums.set(row.forumName, (forums.get(row.forumName) ?? 0) + 1);
  const crossForum =
    forums.size > 1
      ? [...forums]
          .map(([forum, count]) => ({ forum, count }))
          .sort((a, b) => b.count - a.count || compareText(a.forum, b.forum))
      : undefined;
  return {
    id: cluster.id,
    anchor,
    label: cluster.label,
    name,
    terms,
    crossForum,
    href: `${pageUrl}#${anchor}`,
    threads,
  };
}

/** The group's thread most similar to the others (the sum of its scores with them), ties by id. */
function centralThread(index: SiteIndex, cluster: Cluster): string | undefined {
  const members = new Set(cluster.threadIds.filter((id) => index.threadById.has(id)));
  let best: { id: string; score: number } | undefined;
  for (const id of [...members].sort(compareText)) {
    const similar = index.threadById.get(id)?.similar ?? [];
    const score = similar.reduce((sum, s) => (members.has(s.id) && s.id !== id ? sum + s.score : sum), 0);
    if (!best || score > best.score) best = { id, score };
  }
  return best?.id;
}
