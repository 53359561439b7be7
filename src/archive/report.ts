// What `parse`, `check` and `build` tell a user about the input, shared: warnings an archivist can act on
// apart from notes true of a whole skin or site (said once, in the summary), warnings counted by kind, and
// file names and messages made safe to print (a file name can hold a line end or a terminal escape).
import type { Failure, Warning } from "../model.ts";

/** Warnings that are true of every page of a skin or site, not of one post or file: what the reader
 *  does on such pages, said once with how many files (and places) it concerns. */
const SITE_WIDE_NOTES: { test: RegExp; note: string }[] = [
  { test: /has no post counter/, note: "posts show no post counter; numbered by their page and place on it" },
  { test: /^vBulletin 2 pages are read best effort/, note: "vBulletin 2 pages are read best effort" },
  {
    test: /^the vBulletin generation was guessed from the post markup/,
    note: "the vBulletin generation was guessed from the post markup (no generator tag)",
  },
  {
    test: /^the page does not say its own address/,
    note: "pages do not say their own address (no canonical link, no saving tool's note)",
  },
];

/** A note and how often it came up. */
export interface NoteCount {
  note: string;
  files: number;
  /** Places (posts, lines) it was said of, when more than one per file. */
  places: number;
}

/** The note a warning is an instance of, or undefined for a warning to act on. */
export function siteWideNoteOf(message: string): string | undefined {
  return SITE_WIDE_NOTES.find((entry) => entry.test.test(message))?.note;
}

export function isSiteWideNote(warning: Warning): boolean {
  return siteWideNoteOf(warning.message) !== undefined;
}

/** Warnings split into those to act on and the notes among them, counted. */
export function splitNotes(warnings: readonly Warning[]): { warnings: Warning[]; notes: NoteCount[] } {
  const own: Warning[] = [];
  const notes = new Map<string, { files: Set<string>; places: number }>();
  for (const warning of warnings) {
    const note = siteWideNoteOf(warning.message);
    if (note === undefined) {
      own.push(warning);
      continue;
    }
    let entry = notes.get(note);
    if (!entry) notes.set(note, (entry = { files: new Set(), places: 0 }));
    entry.files.add(warning.file);
    entry.places++;
  }
  const counted = [...notes].map(([note, entry]) => ({ note, files: entry.files.size, places: entry.places }));
  counted.sort((a, b) => b.files - a.files || (a.note < b.note ? -1 : a.note > b.note ? 1 : 0));
  return { warnings: own, notes: counted };
}

/** Warnings about files the archive does not use (pages skipped as no thread pages) left out: nothing
 *  there is for an archivist to act on. */
export function withoutSkippedFiles(warnings: readonly Warning[], failures: readonly Failure[]): Warning[] {
  const skipped = new Set(failures.flatMap((failure) => (failure.notAThread ? [failure.file] : [])));
  return skipped.size === 0 ? [...warnings] : warnings.filter((warning) => !skipped.has(warning.file));
}

/** The lines that say the notes once each: "note: 611 files (8,587 places): posts show no post counter; …". */
export function noteLines(notes: readonly NoteCount[]): string[] {
  return notes.map((entry) => {
    const places = entry.places > entry.files ? ` (${entry.places} places)` : "";
    return `note: ${entry.files} file${entry.files === 1 ? "" : "s"}${places}: ${entry.note}`;
  });
}

/** What kind of warning a message is: the message with what varies from one to the next (quoted text,
 *  file names, numbers) left out, so a summary can count warnings by kind. */
export function kindOf(message: string): string {
  const kind = message
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\S*(?:[\\/]|\.(?:html?|txt|php)\b)\S*/gi, "…")
    .replace(/\b0x[0-9a-f]+\b/gi, "0x…")
    // Numbers standing alone ("#12", "3 posts"), not inside names ("UTF-8", "Windows-1252").
    .replace(/(?<![\w-])\d[\d,.]*\d?(?![\w-])/g, "N")
    // An author named in the middle: "post #N by Ossie Vance has no body text".
    .replace(/(#N) by .+? (has|is|says)\b/g, "$1 by … $2");
  return kind.length > 100 ? `${kind.slice(0, 99)}…` : kind;
}

/** Counts by kind, most frequent first (ties by text): [kind, count]. */
export function countByKind(
  messages: Iterable<string>,
  kind: (message: string) => string = kindOf,
): [string, number][] {
  const counts = new Map<string, number>();
  for (const message of messages) {
    const key = kind(message);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

// C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional overrides that
// can make a printed name read as another.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, "gu");

/** A file name as printed: as it is, or, when it holds a character that could forge a line or move the
 *  cursor (a line end, an escape), quoted with those characters escaped, as JSON writes them. */
export function printableName(name: string): string {
  return UNSAFE.test(name) || name.startsWith('"') ? JSON.stringify(name) : name;
}

/** A message as printed: its unsafe characters written as \u escapes. */
export function printableText(text: string): string {
  return text.replace(UNSAFE_ALL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** "file:line: message", safe to print. */
export function warningLine(warning: Warning): string {
  return `${printableName(warning.file)}:${warning.line}: ${printableText(warning.message)}`;
}
