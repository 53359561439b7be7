// `forum-archive check`: every dump read as a build reads it (pages of one thread together, so
// quotes and merges across files are checked too), then one verdict per file: ok, its
// warnings, or an error when the file yields no thread. Nothing is written.
import { readDumps } from "./archive/load.ts";
import type { Warning } from "./model.ts";

export interface FileCheck {
  file: string;
  /** Why the file yields no thread (cannot be read, empty, binary, no post found). */
  error?: string;
  /** Why a saved page was left out without being an error: it is no thread page. */
  skipped?: string;
  warnings: Warning[];
}

export async function checkFiles(files: readonly string[]): Promise<FileCheck[]> {
  const parsed = await readDumps(files, { cacheDir: false });
  const checks = new Map<string, FileCheck>(files.map((file) => [file, { file, warnings: [] }]));
  const entry = (file: string) => {
    let check = checks.get(file);
    if (!check) checks.set(file, (check = { file, warnings: [] }));
    return check;
  };
  for (const failure of parsed.failures) {
    if (failure.notAThread) entry(failure.file).skipped = failure.reason;
    else entry(failure.file).error = failure.reason;
  }
  for (const warning of parsed.warnings) entry(warning.file).warnings.push(warning);
  return [...checks.values()];
}

export interface CheckSummary {
  files: number;
  ok: number;
  withWarnings: number;
  warnings: number;
  withErrors: number;
  skipped: number;
}

export function summarise(checks: readonly FileCheck[]): CheckSummary {
  const clean = checks.filter((check) => !check.error);
  // A skipped page's warnings are about a page the archive does not use.
  const read = clean.filter((check) => !check.skipped);
  return {
    files: checks.length,
    ok: read.filter((check) => check.warnings.length === 0).length,
    withWarnings: read.filter((check) => check.warnings.length > 0).length,
    warnings: read.reduce((sum, check) => sum + check.warnings.length, 0),
    withErrors: checks.length - clean.length,
    skipped: clean.filter((check) => check.skipped).length,
  };
}

/** The report a user reads: a line per file (its warnings listed under it as file:line: message), then a summary. */
export function formatCheck(checks: readonly FileCheck[], strict: boolean): { text: string; exitCode: 0 | 1 } {
  const lines: string[] = [];
  for (const check of checks) {
    if (check.error) {
      // A file with no thread is reported as a whole: its unread lines are what `parse` lists.
      lines.push(`${check.file}: error: ${check.error}`);
    } else if (check.skipped) {
      lines.push(`${check.file}: skipped: ${check.skipped}`);
    } else if (check.warnings.length === 0) {
      lines.push(`${check.file}: ok`);
    } else {
      lines.push(`${check.file}: ${plural(check.warnings.length, "warning")}`);
      for (const warning of check.warnings) lines.push(`  ${warning.file}:${warning.line}: ${warning.message}`);
    }
  }
  const summary = summarise(checks);
  const failed = summary.withErrors > 0 || (strict && summary.withWarnings > 0);
  lines.push(
    `${plural(summary.files, "file")}: ${summary.ok} ok, ${summary.withWarnings} with warnings (${plural(summary.warnings, "warning")}), ${summary.withErrors} with errors` +
      (summary.skipped ? `, ${summary.skipped} skipped (no thread pages)` : "") +
      (strict && summary.withWarnings > 0 ? "; --strict: warnings fail the check" : ""),
  );
  return { text: `${lines.join("\n")}\n`, exitCode: failed ? 1 : 0 };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
