// What a build reports: the figures of BuildSummary, and the text the CLI prints from them.
import {
  countByKind,
  type NoteCount,
  noteLines,
  printableName,
  printableText,
  splitNotes,
  withoutSkippedFiles,
} from "../archive/report.ts";
import type { Archive, Failure, Warning } from "../model.ts";

/** Netlify / Cloudflare Pages redirect rules, and the same as an nginx map to include. */
export const REDIRECTS_FILE = "_redirects";
export const NGINX_REDIRECTS_FILE = "nginx-redirects.conf";

export interface BuildSummary {
  threads: number;
  posts: number;
  authors: number;
  pagesWritten: number;
  /** Of those, pages whose file already held exactly these bytes and was left untouched. */
  pagesUnchanged: number;
  warnings: number;
  failures: { file: string; reason: string }[];
  seconds: number;
  /** Files the search step wrote (0 without search). */
  searchFiles: number;
  /** Files a previous build into the same folder wrote that this one no longer has (removed). */
  staleRemoved: number;
  /** Why the build went straight into the output, with no staging folder beside it (see staging.ts). */
  builtInPlace?: string;
  /** Saved pages of the forum that are no thread pages (forum indexes, profiles), left out. */
  skipped: number;
  /** Those pages by reason, most frequent first. */
  skippedReasons: [string, number][];
  /** What is true of whole skins or sites (no post counters, vBulletin 2 best effort), not counted as warnings. */
  notes: NoteCount[];
  /** Old forum addresses redirected (`_redirects`, `nginx-redirects.conf`). */
  redirects: number;
  /** Old addresses two threads claimed: which thread kept each. */
  redirectConflicts: string[];
}

/** Warnings to act on, each counted once, and the notes true of whole skins or sites among them (said once each). */
export function countWarnings(archive: Archive): { warnings: number; notes: NoteCount[] } {
  const seen = new Map<string, Warning>();
  const add = (w: Warning) => seen.set(`${w.file}\u0000${w.line}\u0000${w.message}`, w);
  archive.warnings.forEach(add);
  for (const thread of archive.threads) thread.warnings.forEach(add);
  const { warnings, notes } = splitNotes(withoutSkippedFiles([...seen.values()], archive.failures));
  return { warnings: warnings.length, notes };
}

/** Skipped pages by reason, most frequent first. */
export function skippedReasons(failures: readonly Failure[]): [string, number][] {
  return countByKind(
    failures.flatMap((failure) => (failure.notAThread ? [failure.reason] : [])),
    (reason) => reason,
  );
}

/** "1 thread", "2 threads": the summary's nouns all take an s. */
function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

export function formatSummary(summary: BuildSummary): string {
  const pages = summary.pagesUnchanged
    ? `${counted(summary.pagesWritten, "page")} (${summary.pagesWritten - summary.pagesUnchanged} written, ` +
      `${summary.pagesUnchanged} already up to date)`
    : `${counted(summary.pagesWritten, "page")} written`;
  const lines = [
    `Built ${counted(summary.threads, "thread")}, ${counted(summary.posts, "post")}, ${counted(summary.authors, "author")}: ` +
      `${pages}${summary.searchFiles ? `, ${counted(summary.searchFiles, "search file")}` : ""}, ` +
      `${summary.staleRemoved ? `${counted(summary.staleRemoved, "stale file")} removed, ` : ""}` +
      `${counted(summary.warnings, "warning")}, ${counted(summary.failures.length, "failure")} in ${summary.seconds.toFixed(2)} s`,
  ];
  if (summary.builtInPlace) {
    lines.push(
      `built in place, without a staging folder: ${summary.builtInPlace} (a failed build can leave this folder half written)`,
    );
  }
  if (summary.skipped) {
    lines.push(
      `${summary.skipped} saved pages that are no threads (forum indexes, profiles, searches, error pages) skipped:`,
    );
  }
  for (const [reason, count] of summary.skippedReasons ?? []) lines.push(`  ${count} ${printableText(reason)}`);
  lines.push(...noteLines(summary.notes ?? []));
  if (summary.redirects) {
    lines.push(`${summary.redirects} old forum addresses redirected (${REDIRECTS_FILE}, ${NGINX_REDIRECTS_FILE})`);
  }
  for (const conflict of summary.redirectConflicts) lines.push(`  redirect: ${conflict}`);
  for (const failure of summary.failures as Failure[])
    lines.push(`  failed: ${printableName(failure.file)}: ${printableText(failure.reason)}`);
  return lines.join("\n");
}
