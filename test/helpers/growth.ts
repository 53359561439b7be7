// Growth tests without wall-clock limits: how much longer a larger input takes than a smaller one,
// measured in one run. Times are the process's CPU time (user + system), not wall time: on a busy
// machine a process waiting for a core spends no CPU, so other work hardly moves the figure. What
// load still adds (cache misses, a GC thread sharing a core) only ever adds time, so each size keeps its best timing, and
// the pair is measured again (up to `tries` times) only while the ratio is above `limit`. A size
// that runs in a few milliseconds is run several times per timing, so timer and scheduler noise
// do not decide the ratio.

/** At least this long per timing: shorter runs are repeated. */
const MIN_TIMING_MS = 100;

/** The best-of-runs ratio of the time of `run(large)` to that of `run(small)`. */
export function growthRatio(
  run: (size: number) => void,
  small: number,
  large: number,
  limit: number,
  tries = 5,
): number {
  const repeats = new Map<number, number>();
  const time = (size: number) => {
    let count = repeats.get(size) ?? 1;
    for (;;) {
      const started = process.cpuUsage();
      for (let i = 0; i < count; i++) run(size);
      const used = process.cpuUsage(started);
      const ms = (used.user + used.system) / 1000;
      if (ms >= MIN_TIMING_MS || count >= 64) {
        repeats.set(size, count);
        return ms / count;
      }
      count *= 2;
    }
  };
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  for (let attempt = 0; attempt < tries; attempt++) {
    bestSmall = Math.min(bestSmall, time(small));
    bestLarge = Math.min(bestLarge, time(large));
    if (bestLarge / bestSmall < limit) break;
  }
  return bestLarge / bestSmall;
}
