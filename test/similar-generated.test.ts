// Similar threads over dumps from the planted-topic generator, through the parser: the
// generator's truth (every thread's topic) is what the lists are checked against.
import { describe, expect, it } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { computeClusters } from "../src/archive/clusters.ts";
import { computeSimilar } from "../src/archive/similar.ts";
import { parseDumps } from "../src/parse/index.ts";

describe("similar threads on generated dumps", () => {
  const files = [...generateCorpus({ threads: 150, seed: 7 })];
  const { threads } = parseDumps(files.map((file) => ({ file: file.file, bytes: file.text })));
  const topicOfFile = new Map(files.map((file) => [file.file, file.topic]));
  const topicOf = new Map(threads.map((thread) => [thread.id, topicOfFile.get(thread.source.files[0]!)!]));
  const similar = computeSimilar(threads);

  it("lists threads of the same planted topic (precision@5 at least 0.8)", () => {
    let precision = 0;
    let listed = 0;
    for (const [id, refs] of similar) {
      if (refs.length === 0) continue;
      listed++;
      precision += refs.filter((ref) => topicOf.get(ref.id) === topicOf.get(id)).length / refs.length;
    }
    expect(listed).toBeGreaterThan(threads.length / 2);
    expect(precision / listed).toBeGreaterThanOrEqual(0.8);
  });

  it("makes archive-wide clusters that are mostly one topic each", () => {
    const clusters = computeClusters(threads, similar).filter((cluster) => cluster.forum === undefined);
    expect(clusters.length).toBeGreaterThan(0);
    let majority = 0;
    let members = 0;
    for (const cluster of clusters) {
      const counts = new Map<string, number>();
      for (const id of cluster.threadIds) counts.set(topicOf.get(id)!, (counts.get(topicOf.get(id)!) ?? 0) + 1);
      majority += Math.max(...counts.values());
      members += cluster.threadIds.length;
    }
    expect(majority / members).toBeGreaterThanOrEqual(0.8);
  });
});
