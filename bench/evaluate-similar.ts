// Evaluation of computed similar threads and clusters.
//   npm run evaluate:similar [-- --threads 150,1000 --seed 1 --dir DUMPS]
// 1. The planted-topic corpus of bench/corpus-generator.ts, through the parser: precision@5 and
//    recall@5 against "same topic", cluster purity, and how many of the dumps' own Similar Threads
//    rows that name archived threads the computed lists recover.
// 2. bench/similar-corpus.ts (Thread objects with English and German topics and quotes of other
//    topics' threads): the same precision and recall.
// 3. With --dir: any folder of dumps, for the Similar Threads recovery alone (no truth needed).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Command } from "commander";
import { computeClusters } from "../src/archive/clusters.ts";
import { computeSimilar } from "../src/archive/similar.ts";
import type { Cluster, SimilarRef, Thread } from "../src/model.ts";
import { loadHtmlReader, parseDumps, type DumpInput } from "../src/parse/index.ts";
import { generateCorpus } from "./corpus-generator.ts";
import { syntheticThreads } from "./similar-corpus.ts";

// Saved pages among the dumps are read once the HTML reader is loaded (parse/index.ts).
await loadHtmlReader();

interface Quality {
  threads: number;
  withList: number;
  precisionAt5: number;
  recallAt5: number;
}

/** precision@5: share of listed threads (up to 5) on the same topic, averaged over threads with
 *  a list; recall@5: same-topic threads listed out of min(5, other threads of the topic). */
function quality(similar: Map<string, SimilarRef[]>, topicOf: Map<string, string>): Quality {
  const topicSize = new Map<string, number>();
  for (const topic of topicOf.values()) topicSize.set(topic, (topicSize.get(topic) ?? 0) + 1);
  let precision = 0,
    recall = 0,
    withList = 0,
    recallCount = 0;
  for (const [id, refs] of similar) {
    const topic = topicOf.get(id)!;
    const top = refs.slice(0, 5);
    const hits = top.filter((ref) => topicOf.get(ref.id) === topic).length;
    if (top.length > 0) {
      withList++;
      precision += hits / top.length;
    }
    const possible = Math.min(5, topicSize.get(topic)! - 1);
    if (possible > 0) {
      recallCount++;
      recall += hits / possible;
    }
  }
  return {
    threads: similar.size,
    withList,
    precisionAt5: precision / Math.max(1, withList),
    recallAt5: recall / Math.max(1, recallCount),
  };
}

function clusterPurity(clusters: Cluster[], topicOf: Map<string, string>): string {
  const wide = clusters.filter((cluster) => cluster.forum === undefined);
  let majority = 0,
    members = 0;
  for (const cluster of wide) {
    const counts = new Map<string, number>();
    for (const id of cluster.threadIds) counts.set(topicOf.get(id)!, (counts.get(topicOf.get(id)!) ?? 0) + 1);
    majority += Math.max(...counts.values());
    members += cluster.threadIds.length;
  }
  const perForum = clusters.length - wide.length;
  return `${wide.length} archive-wide clusters holding ${members} of ${topicOf.size} threads, purity ${(majority / Math.max(1, members)).toFixed(3)}; ${perForum} per-forum clusters`;
}

/** Listed rows that name an archived thread, and how many of those the computed list holds. */
function listedRecovery(threads: Thread[], similar: Map<string, SimilarRef[]>): string {
  let listed = 0,
    recovered = 0,
    threadsWithRows = 0;
  for (const thread of threads) {
    const archived = thread.similarListed.map((row) => row.archivedId).filter((id): id is string => id !== undefined);
    if (archived.length === 0) continue;
    threadsWithRows++;
    const computed = new Set((similar.get(thread.id) ?? []).map((ref) => ref.id));
    listed += archived.length;
    recovered += archived.filter((id) => computed.has(id)).length;
  }
  return `${listed} listed rows name archived threads (in ${threadsWithRows} threads); the computed lists hold ${recovered} (${((100 * recovered) / Math.max(1, listed)).toFixed(1)}%)`;
}

const format = (q: Quality): string =>
  `precision@5 ${q.precisionAt5.toFixed(3)}, recall@5 ${q.recallAt5.toFixed(3)}, ${q.withList}/${q.threads} threads with a list`;

function dumpsUnder(dir: string): DumpInput[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".txt")) files.push(path);
    }
  };
  walk(dir);
  return files.map((path) => ({ file: relative(dir, path), bytes: readFileSync(path) }));
}

const options = new Command()
  .option("--threads <list>", "threads in the generated corpora, comma-separated sizes", "150,1000")
  .option("--seed <n>", "seed of the generated corpora", "1")
  .option("--dir <folder>", "also a folder of dumps, for the Similar Threads recovery")
  .parse()
  .opts<{ threads: string; seed: string; dir?: string }>();
const seed = Number(options.seed);

for (const threadCount of options.threads.split(",").map(Number)) {
  console.log(
    `## Planted-topic dumps (bench/corpus-generator.ts, ${threadCount} threads, seed ${seed}), through the parser`,
  );
  const inputs: DumpInput[] = [];
  const topicOfFile = new Map<string, string>();
  for (const file of generateCorpus({ threads: threadCount, seed })) {
    inputs.push({ file: file.file, bytes: file.text });
    topicOfFile.set(file.file, file.topic);
  }
  const parsed = parseDumps(inputs);
  const topicOf = new Map(parsed.threads.map((thread) => [thread.id, topicOfFile.get(thread.source.files[0]!)!]));
  const similar = computeSimilar(parsed.threads);
  console.log(
    `- ${parsed.threads.length} threads, ${new Set(topicOf.values()).size} topics, ${parsed.failures.length} failures`,
  );
  console.log(`- ${format(quality(similar, topicOf))}`);
  console.log(`- clusters: ${clusterPurity(computeClusters(parsed.threads, similar), topicOf)}`);
  console.log(`- dumps' own Similar Threads: ${listedRecovery(parsed.threads, similar)}`);

  console.log(
    `\n## Planted-topic threads (bench/similar-corpus.ts: English and German, quotes of other topics, a tenth alone on their topic), ${threadCount} threads, seed ${seed}`,
  );
  const synthetic = syntheticThreads({ threads: threadCount, seed });
  const syntheticSimilar = computeSimilar(synthetic.threads);
  console.log(`- ${format(quality(syntheticSimilar, synthetic.topicOf))}`);
  console.log(
    `- clusters: ${clusterPurity(computeClusters(synthetic.threads, syntheticSimilar), synthetic.topicOf)}\n`,
  );
}

if (options.dir) {
  console.log(`\n## Dumps under ${options.dir}`);
  const found = parseDumps(dumpsUnder(options.dir));
  console.log(
    `- ${found.threads.length} threads; dumps' own Similar Threads: ${listedRecovery(found.threads, computeSimilar(found.threads))}`,
  );
}
