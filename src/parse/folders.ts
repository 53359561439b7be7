// Sites, and forums within a site, whose names slug alike ("CrossFit Discussion Board" and
// "CrossFit-Discussion Board!") would share a folder, and one forum index would overwrite the
// other. Each name gets its own folder: of names that clash in the archive, the plainest (letters
// and digits between single spaces; then the first in code-unit order) keeps the plain folder, the
// others get a hash of their name (without case) after it. Names that clash with none keep their URLs.
import { hash } from "node:crypto";
import type { Thread } from "../model.ts";

const PLAIN_NAME = /^[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*$/u;

/** The name that keeps the plain folder: chosen from the names alone, never from input order. */
function keeperOf(names: readonly string[]): string {
  const rank = (name: string) => (PLAIN_NAME.test(name) ? 0 : 1);
  return [...names].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))[0]!;
}

const hashOf = (name: string) => hash("sha256", name).slice(0, 6);

/** Renames one folder level (0: site, 1: forum) of the threads' URLs where different names share it.
 *  Names that differ only in case are one name (one forum, as on vBulletin: see archive/load.ts). */
function separateLevel(threads: readonly Thread[], level: 0 | 1, spelledNameOf: (thread: Thread) => string): void {
  // Folder (with its parents) → names using it; each thread's folder's names and its name, read once.
  const byFolder = new Map<string, Set<string>>();
  const namesOf: Set<string>[] = [];
  const nameOf: string[] = [];
  for (const thread of threads) {
    const folder = folderOf(thread.url, level);
    let names = byFolder.get(folder);
    if (!names) byFolder.set(folder, (names = new Set()));
    const name = spelledNameOf(thread).toLowerCase();
    names.add(name);
    namesOf.push(names);
    nameOf.push(name);
  }
  for (const [at, thread] of threads.entries()) {
    const names = namesOf[at]!;
    const name = nameOf[at]!;
    if (names.size < 2 || keeperOf([...names]) === name) continue;
    const parts = thread.url.split("/");
    parts[level + 1] = `${parts[level + 1]}-${hashOf(name)}`;
    thread.url = parts.join("/");
  }
}

/** A URL's site folder (level 0: "site") or site and forum folders (1: "site/forum"), as
 *  `url.split("/").slice(1, level + 2).join("/")` gives them, without the array. */
function folderOf(url: string, level: 0 | 1): string {
  let end = url.indexOf("/", 1);
  if (level === 1 && end >= 0) end = url.indexOf("/", end + 1);
  return end < 0 ? url.slice(1) : url.slice(1, end);
}

/** Gives every site, and every forum within a site, a folder of its own (see above). */
export function separateFolders(threads: readonly Thread[]): void {
  separateLevel(threads, 0, (thread) => thread.site);
  separateLevel(threads, 1, (thread) => thread.forum.name);
}

/** The forum index's path of a thread: its URL's site and forum folders ("/site/forum/"). */
export function forumPathOf(threadUrl: string): string {
  return `${threadUrl.split("/").slice(0, 3).join("/")}/`;
}
