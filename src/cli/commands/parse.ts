// `forum-archive parse`: dumps parsed one by one, the threads printed (or as JSON); exit 1 when a
// file yields no thread.
import { readFile } from "node:fs/promises";
import { parseDumps } from "../../parse/index.ts";
import { unreadableReason } from "../../archive/files.ts";
import { expandInputs, formatWarning } from "../options.ts";

export async function parseCommand(paths: string[], options: { json?: boolean }): Promise<number> {
  const files = await expandInputs(paths);
  const inputs = [];
  const unreadable: string[] = [];
  for (const file of files) {
    try {
      inputs.push({ file, bytes: await readFile(file) });
    } catch (error) {
      unreadable.push(`${file}: ${unreadableReason(error)}`);
    }
  }
  const result = parseDumps(inputs);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  for (const warning of result.warnings) err(formatWarning(warning));
  for (const line of unreadable) err(line);
  for (const failure of result.failures) {
    err(`${failure.file}: ${failure.notAThread ? "skipped" : "no thread"}: ${failure.reason}`);
  }
  const failed = result.failures.filter((failure) => !failure.notAThread).length + unreadable.length;
  const skipped = result.failures.length + unreadable.length - failed;
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result.threads, null, 2)}\n`);
    return failed > 0 ? 1 : 0;
  }
  for (const thread of result.threads) {
    const files = thread.source.files.join(", ");
    process.stdout.write(`${thread.url}  ${thread.title} (${thread.posts.length} posts, ${files})\n`);
  }
  const posts = result.threads.reduce((sum, t) => sum + t.posts.length, 0);
  process.stdout.write(
    `${result.threads.length} threads, ${posts} posts, ${result.warnings.length} warnings, ` +
      `${failed} files without a thread${skipped ? `, ${skipped} skipped (no thread pages)` : ""}\n`,
  );
  return failed > 0 ? 1 : 0;
}
