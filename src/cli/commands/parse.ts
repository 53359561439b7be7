// `forum-archive parse`: dumps parsed one by one, the threads printed (or as JSON); exit 1 when a
// file yields no thread.
import { readFile } from "node:fs/promises";
import { noteLines, printableName, printableText, splitNotes, withoutSkippedFiles } from "../../archive/report.ts";
import { parseDatabaseDumps } from "../../input/vbulletin-db/cli-options.ts";
import { loadHtmlReader, parseDumps } from "../../parse/index.ts";
import { unreadableReason } from "../../archive/files.ts";
import { expandInputs, formatWarning, splitDatabaseDumps, UserError } from "../options.ts";

export async function parseCommand(paths: string[], options: { json?: boolean }): Promise<number> {
  // Database dumps (given, or at the top of a folder given) are read as a build reads them.
  const { databases, pages } = await splitDatabaseDumps(paths);
  const files = pages.length > 0 || paths.length === 0 ? await expandInputs(pages) : [];
  if (databases.length > 0 && files.length > 0 && options.json) {
    throw new UserError("parse --json prints one array: give the database dumps and the saved pages separately");
  }
  let fromDatabases = 0;
  if (databases.length > 0) {
    const parsed = await parseDatabaseDumps(databases, options.json === true);
    process.stderr.write(parsed.errors);
    process.stdout.write(parsed.text);
    if (files.length === 0) return parsed.exitCode;
    fromDatabases = parsed.exitCode;
  }
  const inputs = [];
  const unreadable: string[] = [];
  for (const file of files) {
    try {
      inputs.push({ file, bytes: await readFile(file) });
    } catch (error) {
      unreadable.push(`${printableName(file)}: ${unreadableReason(error)}`);
    }
  }
  await loadHtmlReader();
  const result = parseDumps(inputs);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  // What is true of a whole skin or site is said once, after the warnings to act on.
  const { warnings, notes } = splitNotes(withoutSkippedFiles(result.warnings, result.failures));
  for (const warning of warnings) err(formatWarning(warning));
  for (const line of noteLines(notes)) err(line);
  for (const line of unreadable) err(line);
  for (const failure of result.failures) {
    err(
      `${printableName(failure.file)}: ${failure.notAThread ? "skipped" : "no thread"}: ${printableText(failure.reason)}`,
    );
  }
  const failed = result.failures.filter((failure) => !failure.notAThread).length + unreadable.length;
  const skipped = result.failures.length + unreadable.length - failed;
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result.threads, null, 2)}\n`);
    return failed > 0 ? 1 : fromDatabases;
  }
  for (const thread of result.threads) {
    const files = thread.source.files.map(printableName).join(", ");
    process.stdout.write(`${thread.url}  ${printableText(thread.title)} (${thread.posts.length} posts, ${files})\n`);
  }
  const posts = result.threads.reduce((sum, t) => sum + t.posts.length, 0);
  process.stdout.write(
    `${result.threads.length} threads, ${posts} posts, ${warnings.length} warnings, ` +
      `${failed} files without a thread${skipped ? `, ${skipped} skipped (no thread pages)` : ""}\n`,
  );
  return failed > 0 ? 1 : fromDatabases;
}
