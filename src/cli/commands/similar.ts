// `forum-archive similar`: every thread with its computed similar threads.
import { loadArchive } from "../../archive/load.ts";
import { similarReport } from "../../archive/similar-report.ts";
import { DEFAULT_INPUT, formatWarning, requireDumpFolder } from "../options.ts";

export async function similarCommand(dir: string | undefined, options: { json?: boolean }): Promise<number> {
  await requireDumpFolder(dir ?? DEFAULT_INPUT, dir ?? `${DEFAULT_INPUT} (the default folder)`);
  const archive = await loadArchive(dir ?? DEFAULT_INPUT);
  for (const warning of archive.warnings) process.stderr.write(`${formatWarning(warning)}\n`);
  const report = similarReport(archive);
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    for (const entry of report as { title: string; url: string; similar: { url: string; score: number }[] }[]) {
      process.stdout.write(`${entry.title}  ${entry.url}\n`);
      for (const similar of entry.similar) process.stdout.write(`    ${similar.score.toFixed(3)}  ${similar.url}\n`);
    }
  }
  return archive.failures.some((failure) => !failure.notAThread) ? 1 : 0;
}
