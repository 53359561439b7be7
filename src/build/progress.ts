// Build progress: a cli-progress bar on a terminal, plain lines otherwise (logs, CI), or nothing.
import cliProgress from "cli-progress";

export type ProgressMode = "bar" | "lines" | "none";

export interface Progress {
  /** Starts a phase of `total` steps ("Reading dumps", "Writing pages"). */
  start(phase: string, total: number): void;
  /** One more step done; `detail` is the file or page it was about. */
  tick(detail?: string): void;
  stop(): void;
}

export function defaultProgressMode(stream: NodeJS.WriteStream = process.stderr): ProgressMode {
  return stream.isTTY ? "bar" : "lines";
}

export function createProgress(mode: ProgressMode, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (mode === "none") return { start() {}, tick() {}, stop() {} };
  if (mode === "bar") {
    let bar: cliProgress.SingleBar | undefined;
    let done = 0;
    return {
      start(phase, total) {
        bar?.stop();
        done = 0;
        bar = new cliProgress.SingleBar(
          { format: `${phase.padEnd(14)} [{bar}] {value}/{total} {detail}`, stream, hideCursor: true, clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(total, 1), 0, { detail: "" });
      },
      tick(detail) {
        done++;
        if (bar && done > bar.getTotal()) bar.setTotal(done);
        bar?.update(done, { detail: (detail ?? "").slice(-40) });
      },
      stop() {
        bar?.stop();
        bar = undefined;
      },
    };
  }
  // Lines: the start of a phase, then roughly every tenth of it, then its end.
  let phaseName = "";
  let total = 0;
  let done = 0;
  let lastTenth = 0;
  const write = (line: string) => stream.write(`${line}\n`);
  return {
    start(phase, steps) {
      phaseName = phase;
      total = steps;
      done = 0;
      lastTenth = 0;
      write(`${phase}: ${steps} to do`);
    },
    tick() {
      done++;
      const tenth = total > 0 ? Math.floor((done * 10) / total) : 0;
      if (tenth > lastTenth && done < total) {
        lastTenth = tenth;
        write(`${phaseName}: ${done}/${total}`);
      }
    },
    stop() {
      if (phaseName) write(`${phaseName}: ${done}/${total} done`);
      phaseName = "";
    },
  };
}
