import { describe, expect, it } from "vitest";
import { computeClusters } from "../src/archive/clusters.ts";
import { computeSimilar } from "../src/archive/similar.ts";
import type { SimilarRef } from "../src/model.ts";
import { buildThread } from "./fixtures/similar/build-thread.ts";
import {
  backPainIds,
  fixtureThreads,
  germanBackIds,
  germanFoodIds,
  nutritionIds,
  quoteSharingIds,
} from "./fixtures/similar/threads.ts";

describe("computeClusters", () => {
  const threads = fixtureThreads();
  const similar = computeSimilar(threads);
  const clusters = computeClusters(threads, similar);
  const archiveWide = clusters.filter((cluster) => cluster.forum === undefined);
  const groups = [backPainIds, nutritionIds, germanBackIds, germanFoodIds];

  it("puts no archive-wide cluster across two planted groups", () => {
    for (const cluster of archiveWide) {
      const homes = groups.filter((group) => cluster.threadIds.some((id) => group.includes(id)));
      expect(homes).toHaveLength(1);
      expect(cluster.threadIds.every((id) => homes[0]!.includes(id))).toBe(true);
    }
  });

  it("gathers each planted group into one archive-wide cluster", () => {
    for (const group of [backPainIds, germanBackIds, germanFoodIds]) {
      expect(archiveWide.some((cluster) => group.every((id) => cluster.threadIds.includes(id)))).toBe(true);
    }
    // The nutrition group: at least most of it together (its shortest thread may stand apart).
    const best = Math.max(
      ...archiveWide.map((cluster) => cluster.threadIds.filter((id) => nutritionIds.includes(id)).length),
    );
    expect(best).toBeGreaterThanOrEqual(3);
  });

  it("leaves the threads that only share a quote and a signature out", () => {
    for (const cluster of clusters) {
      for (const id of quoteSharingIds) expect(cluster.threadIds).not.toContain(id);
    }
  });

  it("labels clusters with their telling words as written", () => {
    const back = archiveWide.find((cluster) => cluster.threadIds.includes("back-1"))!;
    expect(back.label).toContain("back");
    expect(back.label.length).toBeLessThanOrEqual(5);
    const german = archiveWide.find((cluster) => cluster.threadIds.includes("ruecken-1"))!;
    expect(german.label).toContain("Rücken");
  });

  it("makes per-forum clusters from threads of one forum only", () => {
    const forumOf = new Map(threads.map((thread) => [thread.id, thread.forum.name]));
    const perForum = clusters.filter((cluster) => cluster.forum !== undefined);
    expect(perForum.length).toBeGreaterThan(0);
    for (const cluster of perForum) {
      for (const id of cluster.threadIds) expect(forumOf.get(id)).toBe(cluster.forum!.name);
    }
    // back-4 is in "Training": the Injuries cluster holds the other three.
    const injuries = perForum.find((cluster) => cluster.forum!.name === "Injuries")!;
    expect(injuries.threadIds).toEqual(["back-1", "back-2", "back-3"]);
  });

  it("gives the same clusters for any input order", () => {
    const reversed = [...threads].reverse();
    const again = computeClusters(reversed, computeSimilar(reversed));
    expect(JSON.stringify(again)).toBe(JSON.stringify(clusters));
  });

  it("caps the size of a cluster", () => {
    // A chain of ten threads, each similar to the next.
    const chain = Array.from({ length: 10 }, (_, i) =>
      buildThread({ id: `t${i}`, title: `t${i}`, posts: [{ text: ["x"] }] }),
    );
    const links = new Map<string, SimilarRef[]>(
      chain.map((thread, i) => [
        thread.id,
        i + 1 < chain.length ? [{ id: `t${i + 1}`, url: "", title: "", score: 0.9 - i * 0.01 }] : [],
      ]),
    );
    const capped = computeClusters(chain, links, { maxSize: 4 }).filter((cluster) => cluster.forum === undefined);
    expect(capped.map((cluster) => cluster.threadIds).sort((a, b) => a[0]!.localeCompare(b[0]!))).toEqual([
      ["t0", "t1", "t2", "t3"],
      ["t4", "t5", "t6", "t7"],
      ["t8", "t9"],
    ]);
  });
});
