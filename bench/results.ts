// Appends benchmark figures to bench/RESULTS.md, with the machine they were measured on.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const RESULTS = fileURLToPath(new URL("./RESULTS.md", import.meta.url));

export interface Machine {
  nproc: number;
  cpu: string;
  node: string;
  date: string;
  /** 1-minute load average when the run started: other work on the machine skews timings. */
  load: number;
}

export function machine(): Machine {
  let cpu = "unknown";
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpu;
  } catch {
    // Not Linux: the CPU model stays unknown.
  }
  return {
    nproc: availableParallelism(),
    cpu,
    node: process.version,
    load: loadavg()[0]!,
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
  };
}

export function markdownTable(rows: Record<string, string>[]): string {
  const keys = Object.keys(rows[0] ?? {});
  return [
    `| ${keys.join(" | ")} |`,
    `| ${keys.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${keys.map((k) => row[k] ?? "").join(" | ")} |`),
  ].join("\n");
}

export function appendResult(title: string, notes: string[], rows: Record<string, string>[], m: Machine): void {
  if (!existsSync(RESULTS)) {
    writeFileSync(
      RESULTS,
      "# Benchmark results\n\nFigures from `npm run bench:*`, newest last. Timings vary run to run; the machine is named with each entry.\n",
    );
  }
  const entry = [
    "",
    `## ${title} — ${m.date}`,
    "",
    `Machine: ${m.nproc} CPUs (\`nproc\`), ${m.cpu}; Node ${m.node}; load average ${m.load.toFixed(1)} at the start.`,
    ...notes.map((n) => `${n}`),
    "",
    markdownTable(rows),
    "",
  ].join("\n");
  appendFileSync(RESULTS, entry);
}
