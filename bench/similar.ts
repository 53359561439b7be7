// Benchmark: similar threads and clusters for 10,000 threads (target: under 10 s on 2 cores).
//   npm run bench:similar [-- THREADS] [--dumps]
// Threads come from bench/similar-corpus.ts (Thread objects, English and German, quotes), or
// with --dumps from bench/corpus-generator.ts through the parser (parsing is not timed).
import os from "node:os";
import { computeClusters } from "../src/archive/clusters.ts";
import { computeSimilar } from "../src/archive/similar.ts";
import type { Thread } from "../src/model.ts";
import { parseDumps } from "../src/parse/index.ts";
import { generateCorpus } from "./corpus-generator.ts";
import { syntheticThreads } from "./similar-corpus.ts";

const args = process.argv.slice(2);
const fromDumps = args.includes("--dumps");
const count = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 10_000);

function generatedThreads(): Thread[] {
  const inputs = [...generateCorpus({ threads: count, seed: 4 })].map((file) => ({
    file: file.file,
    bytes: file.text,
  }));
  return parseDumps(inputs).threads;
}
const threads = fromDumps ? generatedThreads() : syntheticThreads({ threads: count, seed: 4 }).threads;
const posts = threads.reduce((sum, thread) => sum + thread.posts.length, 0);

// Wall time, and the CPU time of this process: the 2 cores are often shared, and CPU time
// shows what the code costs when the wall clock is stretched by other work.
const cpuSeconds: number[] = [];
const time = <T>(run: () => T): [T, number] => {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = run();
  const used = process.cpuUsage(cpu);
  cpuSeconds.push((used.user + used.system) / 1e6);
  return [value, (performance.now() - start) / 1000];
};
const load = os.loadavg()[0]!;
const [similar, similarSeconds] = time(() => computeSimilar(threads));
const [clusters, clusterSeconds] = time(() => computeClusters(threads, similar));
const listed = [...similar.values()].filter((refs) => refs.length > 0).length;

console.log(
  `machine: ${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
console.log(
  `threads: ${count} (${fromDumps ? "generated dumps, parsed" : "synthetic Thread objects"}), posts: ${posts}, load average before: ${load.toFixed(2)}`,
);
console.log(
  `computeSimilar: ${similarSeconds.toFixed(2)} s wall, ${cpuSeconds[0]!.toFixed(2)} s CPU (${listed} threads with a non-empty list)`,
);
console.log(
  `computeClusters: ${clusterSeconds.toFixed(2)} s wall, ${cpuSeconds[1]!.toFixed(2)} s CPU (${clusters.length} clusters)`,
);
console.log(
  `total: ${(similarSeconds + clusterSeconds).toFixed(2)} s wall, heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`,
);
