// The CPU time of each thread of a Node process, printed to stderr when it exits: the main thread, worker
// threads (the search worker, render workers) and V8's and libuv's own threads, which a process's total
// (`/usr/bin/time`, process.cpuUsage) lumps together. Linux only (/proc/self/task). Threads are sampled
// every 50 ms, so one that ends between samples is counted up to its last sample.
//   node --import "$PWD/bench/thread-cpu.mjs" bin/forum-archive.js build ...   (bench/rebuild-cycle.sh)
// Prints one line: "THREADS <name>:<tid>=<user>u+<system>s ..." in CPU seconds, in thread-id order (the
// main thread first, then V8's platform threads, libuv's, then worker threads as they started).
import { readdirSync, readFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

/** CPU seconds per clock tick of /proc's stat files (USER_HZ, 100 on Linux). */
const TICK = 100;

if (isMainThread) {
  /** By thread id: its name and user and system CPU seconds at the last sample. */
  const last = new Map();
  const sample = () => {
    for (const tid of readdirSync("/proc/self/task")) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
        const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        // After the name: state, then fields 4..; utime and stime are the 14th and 15th of the line.
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        last.set(tid, [name, Number(fields[11]) / TICK, Number(fields[12]) / TICK]);
      } catch {
        // the thread ended between the listing and the read
      }
    }
  };
  setInterval(sample, 50).unref();
  process.on("exit", () => {
    sample();
    const rows = [...last]
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([tid, [name, user, system]]) => `${name}:${tid}=${user.toFixed(2)}u+${system.toFixed(2)}s`);
    process.stderr.write(`THREADS ${rows.join(" ")}\n`);
  });
}
