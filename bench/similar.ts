// Benchmark: similar threads and clusters for 10,000 planted-topic threads (target: under 10 s).
// Run: npm run bench:similar [-- THREADS]
import os from "node:os";
import { computeClusters } from "../src/archive/clusters.ts";
import { computeSimilar } from "../src/archive/similar.ts";
import { syntheticThreads } from "./similar-corpus.ts";

const count = Number(process.argv[2] ?? 10_000);
const { threads } = syntheticThreads({ threads: count, seed: 4 });
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
const [similar, similarSeconds] = time(() => computeSimilar(threads));
const [clusters, clusterSeconds] = time(() => computeClusters(threads, similar));
const listed = [...similar.values()].filter((refs) => refs.length > 0).length;

console.log(`machine: ${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`threads: ${count}, posts: ${posts}`);
console.log(`load average at start: ${os.loadavg()[0]!.toFixed(2)}`);
console.log(`computeSimilar: ${similarSeconds.toFixed(2)} s wall, ${cpuSeconds[0]!.toFixed(2)} s CPU (${listed} threads with a non-empty list)`);
console.log(`computeClusters: ${clusterSeconds.toFixed(2)} s wall, ${cpuSeconds[1]!.toFixed(2)} s CPU (${clusters.length} clusters)`);
console.log(`total: ${(similarSeconds + clusterSeconds).toFixed(2)} s, heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
