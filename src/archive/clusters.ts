// Similar-thread indexes: groups of mutually similar threads, per forum and archive-wide.
// Capped single linkage over the similar-threads graph: edges join groups best score first
// unless the joined group would pass the size cap, which keeps one chain of loosely related
// threads from swallowing a forum.
import { createHash } from "node:crypto";
import type { Cluster, SimilarRef, Thread } from "../model.ts";
import { threadVectorsFor, type ThreadVectors, type VectorOptions } from "./similar-vectors.ts";
import { compareText } from "../order.ts";

export interface ClusterOptions extends VectorOptions {
  /** Largest group. */
  maxSize: number;
  /** Smallest group worth an index entry. */
  minSize: number;
  /** Edges weaker than this join nothing. */
  minScore: number;
  /** Terms in a label. */
  labelTerms: number;
  /** Only edges both threads list (each is among the other's most similar) join groups. */
  mutualOnly: boolean;
}

export const defaultClusterOptions: Omit<ClusterOptions, keyof VectorOptions> = {
  maxSize: 40,
  minSize: 2,
  minScore: 0.15,
  labelTerms: 5,
  mutualOnly: false,
};

interface Edge {
  a: number;
  b: number;
  score: number;
}

/** Undirected edges of the similar lists between indexes of `threads` (sorted by id). */
function similarityEdges(
  threads: readonly Thread[],
  similar: ReadonlyMap<string, readonly SimilarRef[]>,
  minScore: number,
  mutualOnly: boolean,
): Edge[] {
  const indexOf = new Map(threads.map((thread, index) => [thread.id, index]));
  // Keyed by a * count + b, a number: a string key a listed pair was garbage (issue 15).
  const count = threads.length;
  const best = new Map<number, Edge>();
  const seen = new Map<number, number>();
  for (const [id, refs] of similar) {
    const from = indexOf.get(id);
    if (from === undefined) continue;
    for (const ref of refs) {
      const to = indexOf.get(ref.id);
      if (to === undefined || to === from || ref.score < minScore) continue;
      const a = Math.min(from, to);
      const b = Math.max(from, to);
      const key = a * count + b;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      const known = best.get(key);
      if (known === undefined || ref.score > known.score) best.set(key, { a, b, score: ref.score });
    }
  }
  // No [key, edge] array an edge, and comparisons, not differences (a difference of doubles is a
  // new heap number until the comparator is optimised): both were garbage (issue 15).
  const edges: Edge[] = [];
  best.forEach((edge, key) => {
    if (!mutualOnly || seen.get(key)! >= 2) edges.push(edge);
  });
  return edges.sort((x, y) => (x.score === y.score ? x.a - y.a || x.b - y.b : x.score < y.score ? 1 : -1));
}

/** Groups of indexes (below `count`): capped single linkage over the edges (given best first). The
 *  forest is kept in typed arrays by index (-1: not met yet), not in two Maps (issue 15). */
function linkGroups(edges: readonly Edge[], maxSize: number, count: number): number[][] {
  const parent = new Int32Array(count).fill(-1);
  const size = new Int32Array(count);
  const met: number[] = [];
  const root = (node: number): number => {
    let top = node;
    while (parent[top] !== top) top = parent[top]!;
    let walk = node;
    while (walk !== top) {
      const next = parent[walk]!;
      parent[walk] = top;
      walk = next;
    }
    return top;
  };
  const add = (node: number): void => {
    if (parent[node]! >= 0) return;
    parent[node] = node;
    size[node] = 1;
    met.push(node);
  };
  for (const { a, b } of edges) {
    // Each end added in turn, not from an array made an edge (issue 15).
    add(a);
    add(b);
    const ra = root(a);
    const rb = root(b);
    if (ra === rb) continue;
    const joined = size[ra]! + size[rb]!;
    if (joined > maxSize) continue;
    // The smaller index becomes the root: the outcome never depends on anything but the edges.
    const keep = Math.min(ra, rb);
    const fold = Math.max(ra, rb);
    parent[fold] = keep;
    size[keep] = joined;
  }
  const groups = new Map<number, number[]>();
  for (const node of Int32Array.from(met).sort()) {
    const top = root(node);
    let group = groups.get(top);
    if (group === undefined) groups.set(top, (group = []));
    group.push(node);
  }
  return [...groups.values()];
}

/** Sums by term for labelFor, kept from group to group (zero again after each): a Map of weights and
 *  one of users a group were most of computeClusters (issue 15). */
interface LabelScratch {
  weight: Float64Array;
  users: Int32Array;
  /** The group's terms in the order first met (the order a Map would iterate them in). */
  met: number[];
}

const labelScratchFor = (vectors: ThreadVectors): LabelScratch => ({
  weight: new Float64Array(vectors.stems.length),
  users: new Int32Array(vectors.stems.length),
  met: [],
});

/** The group's most telling terms: summed weight, scaled by the share of members using the term;
 *  a term only one member uses does not describe the group. */
function labelFor(members: readonly number[], vectors: ThreadVectors, count: number, scratch: LabelScratch): string[] {
  const { weight, users, met } = scratch;
  met.length = 0;
  for (const member of members) {
    const { terms, weights } = vectors.vectors[member]!;
    for (let position = 0; position < terms.length; position++) {
      const term = terms[position]!;
      if (users[term] === 0) met.push(term);
      weight[term]! += weights[position]!;
      users[term]!++;
    }
  }
  const scored: { form: string; score: number }[] = [];
  for (const term of met) {
    const used = users[term]!;
    const sum = weight[term]!;
    weight[term] = 0;
    users[term] = 0;
    if (members.length > 1 && used < 2) continue;
    scored.push({ form: vectors.displayForms[term]!, score: sum * (used / members.length) });
  }
  scored.sort((x, y) => y.score - x.score || compareText(x.form, y.form));
  const label: string[] = [];
  const seen = new Set<string>();
  for (const { form } of scored) {
    const key = form.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    label.push(form);
    if (label.length === count) break;
  }
  return label;
}

function clusterId(scope: string, threadIds: readonly string[]): string {
  return createHash("sha256")
    .update(`${scope}\n${threadIds.join("\n")}`)
    .digest("hex")
    .slice(0, 12);
}

function forumKey(thread: Thread): string {
  return `${thread.site}\u0000${thread.forum.name}`;
}

/**
 * Clusters of mutually similar threads: first the archive-wide ones (no `forum`), then those of
 * each forum (forums by site and name). In each scope: bigger clusters first, then by id.
 * Thread ids inside a cluster ascend, so the list does not depend on input order.
 */
export function computeClusters(
  threads: readonly Thread[],
  similar: ReadonlyMap<string, readonly SimilarRef[]>,
  options: Partial<ClusterOptions> = {},
): Cluster[] {
  const settings = { ...defaultClusterOptions, ...options };
  const vectors = threadVectorsFor(threads, options);
  const sorted = vectors.threads;
  const edges = similarityEdges(sorted, similar, settings.minScore, settings.mutualOnly);
  const scratch = labelScratchFor(vectors);

  const clustersOf = (scopeEdges: readonly Edge[], scope: string, forum?: Cluster["forum"]): Cluster[] =>
    linkGroups(scopeEdges, settings.maxSize, sorted.length)
      .filter((group) => group.length >= settings.minSize)
      .map((group) => {
        const threadIds = group.map((index) => sorted[index]!.id);
        const cluster: Cluster = {
          id: clusterId(scope, threadIds),
          label: labelFor(group, vectors, settings.labelTerms, scratch),
          threadIds,
        };
        if (forum !== undefined) cluster.forum = forum;
        return cluster;
      })
      .sort((x, y) => y.threadIds.length - x.threadIds.length || compareText(x.id, y.id));

  const result = clustersOf(edges, "archive");
  const forumEdges = new Map<string, Edge[]>();
  // Each thread's forum key made once, not twice an edge.
  const forumKeys = sorted.map(forumKey);
  for (const edge of edges) {
    const key = forumKeys[edge.a]!;
    if (key !== forumKeys[edge.b]!) continue;
    let list = forumEdges.get(key);
    if (list === undefined) forumEdges.set(key, (list = []));
    list.push(edge);
  }
  for (const key of [...forumEdges.keys()].sort(compareText)) {
    const [site, name] = key.split("\u0000") as [string, string];
    result.push(...clustersOf(forumEdges.get(key)!, `forum\n${key}`, { site, name }));
  }
  return result;
}
