// `forum-archive check`: every dump read as a build reads it (pages of one thread together, so
// quotes and merges across files are checked too), then one verdict per file: ok, its
// warnings, skipped (no thread page) or an error when the file yields no thread; only files with
// something to act on are printed (all with --verbose), then counts by kind. Nothing is written.
import { readDumps } from "./archive/load.ts";
import type { Warning } from "./model.ts";
import {
  countByKind,
  isSiteWideNote,
  noteLines,
  printableName,
  printableText,
  splitNotes,
  warningLine,
  type NoteCount,
} from "./archive/report.ts";

export interface FileCheck {
  file: string;
  /** Why the file yields no thread (cannot be read, empty, binary, no post found). */
  error?: string;
  /** Why a saved page was left out without being an error: it is no thread page. */
  skipped?: string;
  /** Warnings to act on. */
  warnings: Warning[];
  /** What is true of the file's whole skin or site (no post counters, vBulletin 2 best effort):
   *  said once in the summary, never a reason to fail. */
  notes: Warning[];
}

export async function checkFiles(files: readonly string[]): Promise<FileCheck[]> {
  const parsed = await readDumps(files, { cacheDir: false });
  const checks = new Map<string, FileCheck>(files.map((file) => [file, { file, warnings: [], notes: [] }]));
  const entry = (file: string) => {
    let check = checks.get(file);
    if (!check) checks.set(file, (check = { file, warnings: [], notes: [] }));
    return check;
  };
  for (const failure of parsed.failures) {
    if (failure.notAThread) entry(failure.file).skipped = failure.reason;
    else entry(failure.file).error = failure.reason;
  }
  for (const warning of parsed.warnings) {
    const check = entry(warning.file);
    (isSiteWideNote(warning) ? check.notes : check.warnings).push(warning);
  }
  return [...checks.values()];
}

export interface CheckSummary {
  files: number;
  ok: number;
  withWarnings: number;
  warnings: number;
  withErrors: number;
  skipped: number;
  /** Warnings by kind (what varies left out), most frequent first. */
  warningKinds: [string, number][];
  /** Skipped pages by reason, most frequent first. */
  skippedReasons: [string, number][];
  notes: NoteCount[];
}

export function summarise(checks: readonly FileCheck[]): CheckSummary {
  const clean = checks.filter((check) => !check.error);
  // A skipped page's warnings are about a page the archive does not use.
  const read = clean.filter((check) => !check.skipped);
  const skipped = clean.filter((check) => check.skipped);
  const warnings = read.flatMap((check) => check.warnings);
  return {
    files: checks.length,
    ok: read.filter((check) => check.warnings.length === 0).length,
    withWarnings: read.filter((check) => check.warnings.length > 0).length,
    warnings: warnings.length,
    withErrors: checks.length - clean.length,
    skipped: skipped.length,
    warningKinds: countByKind(warnings.map((warning) => warning.message)),
    skippedReasons: countByKind(
      skipped.map((check) => check.skipped!),
      (reason) => reason,
    ),
    notes: splitNotes(read.flatMap((check) => check.notes)).notes,
  };
}

export interface CheckFormat {
  /** Warnings fail the check. */
  strict?: boolean;
  /** List every file, ok and skipped ones too (by default only files with something to act on). */
  verbose?: boolean;
}

/**
 * The report a user reads: a line for each file with something to act on (an error, or its warnings
 * listed under it as file:line: message), then a summary: warnings by kind, skipped pages by reason,
 * notes true of whole skins or sites, and the totals line last.
 */
export function formatCheck(
  checks: readonly FileCheck[],
  format: CheckFormat | boolean = {},
): { text: string; exitCode: 0 | 1 } {
  const { strict = false, verbose = false } = typeof format === "boolean" ? { strict: format } : format;
  const lines: string[] = [];
  for (const check of checks) {
    const name = printableName(check.file);
    if (check.error) {
      // A file with no thread is reported as a whole: its unread lines are what `parse` lists.
      lines.push(`${name}: error: ${printableText(check.error)}`);
    } else if (check.skipped) {
      if (verbose) lines.push(`${name}: skipped: ${printableText(check.skipped)}`);
    } else if (check.warnings.length === 0) {
      if (verbose) lines.push(`${name}: ok`);
    } else {
      lines.push(`${name}: ${plural(check.warnings.length, "warning")}`);
      for (const warning of check.warnings) lines.push(`  ${warningLine(warning)}`);
    }
  }
  const summary = summarise(checks);
  lines.push(...summaryLines(summary));
  const failed = summary.withErrors > 0 || (strict && summary.withWarnings > 0);
  lines.push(
    `${plural(summary.files, "file")}: ${summary.ok} ok, ${summary.withWarnings} with warnings (${plural(summary.warnings, "warning")}), ${summary.withErrors} with errors` +
      (summary.skipped ? `, ${summary.skipped} skipped (no thread pages)` : "") +
      (strict && summary.withWarnings > 0 ? "; --strict: warnings fail the check" : ""),
  );
  return { text: `${lines.join("\n")}\n`, exitCode: failed ? 1 : 0 };
}

/** Counts by kind: warnings (when more than one file has some, or a kind repeats), skipped pages, notes. */
function summaryLines(summary: CheckSummary): string[] {
  const lines: string[] = [];
  const countWidth = (rows: [string, number][]) => String(Math.max(0, ...rows.map(([, count]) => count))).length;
  const table = (heading: string, rows: [string, number][]) => {
    if (rows.length === 0) return;
    lines.push(heading);
    const width = countWidth(rows);
    for (const [text, count] of rows) lines.push(`  ${String(count).padStart(width)}  ${printableText(text)}`);
  };
  if (summary.warnings > 1) table("warnings by kind:", summary.warningKinds);
  table("skipped, not thread pages:", summary.skippedReasons);
  lines.push(...noteLines(summary.notes));
  return lines;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
