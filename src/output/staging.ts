// A build never writes into the published folder. It writes into a staging folder beside it,
// which starts as hard links to the last good build's files (so a rebuild still only writes what
// changed, and unchanged files keep their inode and mtime), and replaces the published folder only
// once the build has succeeded. A failed or killed build leaves the last good site in place.
//
// The site it replaced is kept beside it (`.dist.previous/`, marked as the build's own) and is the
// next build's staging folder: brought up to date with the published one entry by entry (a link
// only where the inode differs: the files the last build wrote, and the user's changes), so a
// rebuild makes and removes links for what changed, not for every file of the site (issue 15).
// A record of the last walk (FolderRecord) lets it skip the folders neither side changed since, and
// read only the published side of those where only that side did.
//
// Because staged files share their inode with the published ones, every write into the staging
// folder must replace a file (unlink, then write), never rewrite it in place: `replaceFile` does.
import {
  chmodSync,
  chownSync,
  closeSync,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  rmSync,
  type Stats,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import {
  link,
  lstat,
  mkdir,
  readFile,
  readdir,
  realpath,
  rename,
  rm,
  stat,
  unlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";

export interface StagedOutput {
  /** The folder to build into. */
  readonly dir: string;
  /** What the published folder held before the build. */
  readonly contents: OutputContents;
  /** Puts the staged build in the published folder's place; `ours` are the build's files. */
  commit(ours?: Iterable<string>): Promise<void>;
  /** Removes the staging folder, leaving the published folder as it was. */
  abandon(): Promise<void>;
  /** Set when the build goes straight into the published folder, and why (no staging possible). */
  readonly inPlace?: string;
}

export const stagingPath = (output: string) => join(dirname(output), `.${basename(output)}.building`);
export const retiredPath = (output: string) => join(dirname(output), `.${basename(output)}.previous`);

/** A path with its symbolic links followed, as far as it exists. */
function realPathOf(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realPathOf(parent), basename(absolute));
  }
}

/** Refuses output folders whose replacement would take other things with it (links followed:
 *  `dist -> seeds` is the input folder). An output inside the input (`--input . --output dist`, as
 *  `init` lays a project out) is fine: the dumps are listed without a built site (archive/files.ts). */
export function checkOutputFolder(output: string, input: string, cwd = process.cwd()): string | undefined {
  const out = realPathOf(output);
  const source = realPathOf(input);
  const inside = (child: string, parent: string) =>
    child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
  if (out === dirname(out)) return `--output ${output} is the root of the file system`;
  if (inside(realPathOf(cwd), out)) return `--output ${output} is the working folder or holds it`;
  if (inside(source, out)) return `--output ${output} holds the input folder ${input}`;
  return undefined;
}

/** Why a build cannot stage beside `published`, from what a file system call said, or undefined
 *  when the error is of another kind (and is the build's to report). */
export function stagingRefusal(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM" || code === "EROFS")
    return "the folder holding the output cannot be written to";
  if (code === "EXDEV" || code === "EBUSY") return "the output (or a folder in it) is a mount point";
  return undefined;
}

/** Names of the build's own records in an output folder, never mirrored as the user's. */
const MANIFEST_FILE = ".forum-archive-files";
/** Written first into a staging folder, and into the published folder just before it is retired:
 *  only folders carrying it are ever removed or renamed into the output (issue 13). */
export const STAGING_MARKER = ".forum-archive-staging";
export const RETIRED_MARKER = ".forum-archive-previous";
/** Written into the retired folder once the new site is published: the retired folder is then a
 *  site kept for the next build to stage in, no longer the last good site to put back. */
export const KEPT_MARKER = ".forum-archive-kept";
/** Written into the kept site at commit: what each folder of both sides was when the staging walk
 *  left them alike (see FolderRecord), so the next build's walk skips the folders neither changed. */
export const FOLDERS_RECORD = ".forum-archive-folders";

/** The lock's name inside the output, where none can stand beside it (see output-lock.ts). */
export const INNER_LOCK = ".forum-archive-lock";
/** The build's own records at the top of an output: never the user's files, never what makes a
 *  folder someone else's. */
export const BUILD_RECORDS: ReadonlySet<string> = new Set([
  MANIFEST_FILE,
  ".forum-archive-pages",
  STAGING_MARKER,
  RETIRED_MARKER,
  KEPT_MARKER,
  FOLDERS_RECORD,
  INNER_LOCK,
]);

/** Why an output folder is refused (a user's message: no stack trace). */
export class OutputRefused extends Error {}

/** What the published folder held before this build, for the build's checks. */
export interface OutputContents {
  /** Every entry that is no folder (files, links, FIFOs …), "/"-separated, relative to the output. */
  readonly files: ReadonlySet<string>;
  /** Of those, the symbolic links. */
  readonly links: readonly string[];
  /** What the last build's manifest lists (empty when none). */
  readonly manifest: ReadonlySet<string>;
}

/** Building straight into the published folder, when no staging folder can stand beside it. */
function inPlace(published: string, reason: string, contents: OutputContents): StagedOutput {
  return { dir: published, inPlace: reason, contents, commit: async () => {}, abandon: async () => {} };
}

async function kindOf(path: string): Promise<"dir" | "other" | undefined> {
  try {
    return (await lstat(path)).isDirectory() ? "dir" : "other";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

const isFileAt = (path: string) =>
  lstat(path).then(
    (info) => info.isFile(),
    () => false,
  );

/** Every non-folder entry under `dir`, relative to it, with the links among them. */
async function contentsOf(dir: string): Promise<{ files: Set<string>; links: string[] }> {
  const files = new Set<string>();
  const links: string[] = [];
  if ((await kindOf(dir)) !== "dir") return { files, links };
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) continue;
    const rel = relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/");
    files.add(rel);
    if (entry.isSymbolicLink()) links.push(rel);
  }
  return { files, links };
}

async function readManifestAt(dir: string): Promise<Set<string>> {
  const text = await readFile(join(dir, MANIFEST_FILE), "utf8").catch(() => "");
  return new Set(text.split("\n").filter(Boolean));
}

/** The permissions mkdir gives a new folder (0777 less the umask). */
const NEW_FOLDER_MODE = 0o777 & ~process.umask();
/** The owner and group a new folder gets (a system call each, asked once, not per folder). */
const OWN_IDS = { uid: process.getuid?.(), gid: process.getgid?.() };

/** A folder's times, to put back once the build has mirrored it (creating entries changes them):
 *  its lstat, whose times become dates only for the few folders that get them back. */
interface FolderTimes {
  rel: string;
  info: Stats;
}

/**
 * Mirrors `from` into `to`: folders made with the same permissions, owner and group; everything
 * else (files, symbolic links, FIFOs, sockets) hard-linked, so it is the very same inode, with its
 * own owner, mode and times. Folder times are recorded to be put back at the end.
 * Its calls are synchronous: each takes microseconds, and through the thread pool the hand-overs
 * cost more CPU than the calls (issue 15). Paths are joined by hand: `from` and `to` are absolute
 * and normalised (real paths), a name from readdir holds no "/", and path.join normalising each
 * again cost as much as a link (the same in syncTree).
 */
function mirrorTree(
  from: string,
  to: string,
  rel: string,
  times: FolderTimes[],
  found: { files: Set<string>; links: string[] },
): void {
  const info = lstatSync(from);
  if (rel !== "") mkdirSync(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const name = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      mirrorTree(`${from}/${entry.name}`, `${to}/${entry.name}`, name, times, found);
      continue;
    }
    // What the folder holds is told as it is mirrored: one walk of the published site, not two.
    found.files.add(name);
    if (entry.isSymbolicLink()) found.links.push(name);
    if (rel === "" && isMarker(entry.name)) continue;
    linkSync(`${from}/${entry.name}`, `${to}/${entry.name}`); // link(2) does not follow a symbolic link
  }
  // Only where the new folder differs (most are the build's own, made alike): fewer system calls.
  const mode = rel === "" ? -1 : NEW_FOLDER_MODE;
  copyFolderAttributes(info, to, { mode, uid: OWN_IDS.uid, gid: OWN_IDS.gid });
  times.push({ rel, info });
}

const isMarker = (name: string) =>
  name === STAGING_MARKER || name === RETIRED_MARKER || name === KEPT_MARKER || name === FOLDERS_RECORD;

/** Gives the folder `to` the permissions, owner and group of `info` where they differ from `has`;
 *  true when it changed any. */
function copyFolderAttributes(
  info: { mode: number; uid: number; gid: number },
  to: string,
  has: { mode: number; uid?: number; gid?: number },
): boolean {
  let changed = false;
  if ((info.mode & 0o7777) !== has.mode) {
    chmodSync(to, info.mode & 0o7777);
    changed = true;
  }
  if (info.uid !== has.uid || info.gid !== has.gid) {
    try {
      chownSync(to, info.uid, info.gid);
      changed = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EPERM") throw error; // not root: a folder of another owner keeps ours
    }
  }
  return changed;
}

/** Whether the path `b` is the inode `x` (a hard link of one file), not followed if a link. */
function isInode(x: Stats, b: string): boolean {
  const y = lstatSync(b);
  return x.ino === y.ino && x.dev === y.dev;
}

/** Removes an entry of the build's own staging folder: a folder with what it holds (links in it
 *  are removed, never followed), anything else unlinked. */
function removeEntry(path: string, entry: { isDirectory(): boolean }): void {
  if (entry.isDirectory()) rmSync(path, { recursive: true, force: true });
  else unlinkSync(path);
}

/** What bringing a kept site up to date leaves to do once its folders are walked: removing entries
 *  and replacing files (unlink, then link) frees what the last build replaced, and such calls made
 *  one at a time wait on the disk (0.35–2.9 s wall for 2,600 unlinks, 0.1 s a few at a time). */
interface PendingChanges {
  /** Entries of the kept site the published one no longer has, and whether each is a folder. */
  remove: { path: string; folder: boolean }[];
  /** [published file, kept path]: not the same inode. */
  replace: [string, string][];
}

async function applyChanges({ remove, replace }: PendingChanges): Promise<void> {
  const jobs: (() => Promise<void>)[] = [
    ...remove.map(
      ({ path, folder }) =>
        () =>
          folder ? rm(path, { recursive: true, force: true }) : unlink(path),
    ),
    ...replace.map(([source, target]) => async () => {
      await unlink(target);
      await link(source, target);
    }),
  ];
  let next = 0;
  let failed = false;
  // The first failure stops every worker (the caller then removes the folder): none races it.
  const worker = async () => {
    while (!failed && next < jobs.length) {
      try {
        await jobs[next++]!();
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: 8 }, worker));
  const rejected = settled.find((result) => result.status === "rejected");
  if (rejected) throw (rejected as PromiseRejectedResult).reason;
}

/** A folder's identity and the last change to its entries, mode or owner: its inode and ctime
 *  (creating, removing or renaming an entry in it sets its ctime, as chmod and chown do). */
type FolderStamp = readonly [dev: number, ino: number, ctimeMs: number];
// Milliseconds as a double: a change after a recorded ctime is also after the walk's start (see
// FolderRecord) and rounds to a value above it, so it never reads as the recorded one. Kept as
// numbers (JSON gives a double back exactly): compared as they are, not made into text twice a
// folder (at 10,000 threads, 18,500 folders on each side).
const stampOf = (info: Stats): FolderStamp => [info.dev, info.ino, info.ctimeMs];
const isStamp = (stamp: FolderStamp, info: Stats): boolean =>
  stamp[2] === info.ctimeMs && stamp[1] === info.ino && stamp[0] === info.dev;

/** One folder as the staging walk left it, alike on both sides: `from` is the staging side (the
 *  next build's published folder), `to` the published side (the site the commit keeps). NO_STAMP,
 *  which matches no folder, stands for a side whose stamp is not recorded (the folder is then
 *  never skipped, only told by its `to` side). */
const NO_STAMP: FolderStamp = [-1, -1, -1];

interface RecordedFolder {
  from: FolderStamp;
  to: FolderStamp;
  files: string[];
  links: string[];
  folders: string[];
  /** Each file's inode, as `files` lists them (alike on both sides). */
  inodes: number[];
}

/**
 * What a staging walk found, by folder (relative path), for the next build's walk: a folder whose
 * two sides still carry the stamps recorded is alike on both sides and is not read again (its
 * entries are as recorded, each name the same inode on both sides: a file rewritten in place is
 * that inode on both). A file written or removed in it by the build, the user or anything else
 * changes its folder's ctime. Git's "racy" rule: a stamp taken in the clock tick of a change could
 * miss a later change in that same tick, so only ctimes older than the walk's start are recorded
 * (the staging marker's mtime, written just before, is that start on the file system's clock).
 * A folder whose staging side the walk changed is recorded with its published side's stamp alone:
 * the next walk tells that side from the record (keptAsRecorded) and reads the other.
 */
export type FolderRecord = Map<string, RecordedFolder>;

interface SyncWalk {
  times: FolderTimes[];
  found: { files: Set<string>; links: string[] };
  pending: PendingChanges;
  /** The last walk's record, if the kept site carries one. */
  previous?: FolderRecord;
  /** This walk's record, and the time before which a ctime is trusted. */
  next: FolderRecord;
  since: number;
  /** Folders read, folders the record let the walk skip, and folders read whose staging side it told. */
  counts: { read: number; skipped: number; told: number };
}

/**
 * Brings `to`, a mirror of an earlier state of `from` (the site a build kept, see the top of this
 * file), up to date with `from`, as mirrorTree would have made it: entries `from` no longer has
 * are removed, files that are not the same inode linked anew, new folders mirrored; the rest is
 * left. Its cost is a readdir per folder and an lstat per file on each side, a link or removal per
 * difference (those gathered in `pending`), but for folders the last walk's record says are alike
 * (two lstats each). Entries of `to` are only those readdir gives: a link in it is replaced, never
 * entered.
 */
function syncTree(from: string, to: string, rel: string, walk: SyncWalk): void {
  const info = lstatSync(from);
  if (rel !== "" && skipRecorded(from, to, rel, info, walk)) return;
  walk.counts.read++;
  const { found, pending } = walk;
  const recorded: RecordedFolder = { from: NO_STAMP, to: NO_STAMP, files: [], links: [], folders: [], inodes: [] };
  const inodes = recorded.inodes;
  const kept = keptAsRecorded(to, rel, walk);
  if (kept) walk.counts.told++;
  const there = kept ? entriesOf(kept) : new Map<string, FolderEntry>();
  if (!kept) for (const entry of readdirSync(to, { withFileTypes: true })) there.set(entry.name, entry);
  const keptInode = kept && new Map(kept.files.map((name, index) => [name, kept.inodes[index]!]));
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const name = rel ? `${rel}/${entry.name}` : entry.name;
    const source = `${from}/${entry.name}`;
    const target = `${to}/${entry.name}`;
    const old = there.get(entry.name);
    if (entry.isDirectory()) {
      there.delete(entry.name);
      recorded.folders.push(entry.name);
      if (old?.isDirectory()) syncTree(source, target, name, walk);
      else {
        if (old) removeEntry(target, old); // a file or link where a folder is now: rare
        mirrorTree(source, target, name, walk.times, found);
      }
      continue;
    }
    found.files.add(name);
    recorded.files.push(entry.name);
    if (entry.isSymbolicLink()) {
      found.links.push(name);
      recorded.links.push(entry.name);
    }
    if (rel === "" && isMarker(entry.name)) {
      inodes.push(-1); // the staging folder's own marker stays (the top folder is never recorded)
      continue;
    }
    there.delete(entry.name);
    if (old === undefined || old.isDirectory()) {
      if (old) removeEntry(target, old);
      linkSync(source, target);
      inodes.push(lstatSync(source).ino);
      continue;
    }
    const published = lstatSync(source);
    inodes.push(published.ino);
    const keptIno = keptInode && keptInode.get(entry.name);
    const same =
      keptIno !== undefined ? published.ino === keptIno && published.dev === kept!.to[0] : isInode(published, target);
    if (!same) pending.replace.push([source, target]);
  }
  for (const [name, old] of there) {
    if (rel !== "" || name !== STAGING_MARKER)
      pending.remove.push({ path: `${to}/${name}`, folder: old.isDirectory() });
  }
  const own = lstatSync(to);
  const changed = copyFolderAttributes(info, to, { mode: own.mode & 0o7777, uid: own.uid, gid: own.gid });
  walk.times.push({ rel, info });
  if (rel !== "" && info.ctimeMs < walk.since) {
    // A staging side this walk changed (an entry linked in, its mode set) or changed in the walk's tick
    // gets no stamp, so the next walk cannot skip the folder; its published side's stamp still lets
    // that walk tell this side (keptAsRecorded) rather than read it. The folder a build adds files to
    // every time (search/docs: 16,800 files at 10,000 threads) was read on both sides at every build.
    recorded.from = !changed && own.ctimeMs < walk.since ? stampOf(own) : NO_STAMP;
    recorded.to = stampOf(info);
    walk.next.set(rel, recorded);
  }
}

/** What syncTree needs of an entry of the staging side: a Dirent, or what the record tells. */
interface FolderEntry {
  isDirectory(): boolean;
}
const AS_FOLDER: FolderEntry = { isDirectory: () => true };
const AS_FILE: FolderEntry = { isDirectory: () => false };

/** The last walk's record of `rel` when the staging side (the kept site) still carries the stamp it
 *  had then (as published): its entries, and each file's inode, are the recorded ones (an entry
 *  added, removed or replaced sets the folder's ctime), so only the published side is read, and each
 *  of its files looked up once, not on both sides: the folders a build writes into, whose published
 *  side changed (at 10,000 threads, search/docs: 16,800 files). */
function keptAsRecorded(to: string, rel: string, walk: SyncWalk): RecordedFolder | undefined {
  const known = rel === "" ? undefined : walk.previous?.get(rel);
  if (known === undefined) return undefined;
  const own = lstatSync(to, { throwIfNoEntry: false });
  return own !== undefined && own.isDirectory() && isStamp(known.to, own) ? known : undefined;
}

function entriesOf(known: RecordedFolder): Map<string, FolderEntry> {
  const entries = new Map<string, FolderEntry>();
  for (const name of known.files) entries.set(name, AS_FILE);
  for (const name of known.folders) entries.set(name, AS_FOLDER);
  return entries;
}

/** A folder the last walk recorded, both sides unchanged since: what it holds is told from the
 *  record, its subfolders walked; true when so. */
function skipRecorded(from: string, to: string, rel: string, info: Stats, walk: SyncWalk): boolean {
  const known = walk.previous?.get(rel);
  if (known === undefined || !isStamp(known.from, info)) return false;
  const own = lstatSync(to, { throwIfNoEntry: false });
  if (own === undefined || !isStamp(known.to, own)) return false;
  walk.counts.skipped++;
  const { files, links } = walk.found;
  for (const name of known.files) files.add(`${rel}/${name}`);
  for (const name of known.links) links.push(`${rel}/${name}`);
  for (const name of known.folders) syncTree(`${from}/${name}`, `${to}/${name}`, `${rel}/${name}`, walk);
  walk.times.push({ rel, info });
  // The commit swaps the sides: this staging folder is published, the published one kept.
  const { from: published, to: staged } = known;
  known.from = staged;
  known.to = published;
  walk.next.set(rel, known);
  return true;
}

/** The record a commit left in a kept site, or undefined (none, or not one this code reads). */
async function readFolderRecord(kept: string): Promise<FolderRecord | undefined> {
  try {
    const data = JSON.parse(await readFile(join(kept, FOLDERS_RECORD), "utf8")) as {
      version: number;
      folders: [string, FolderStamp, FolderStamp, string[], string[], string[], number[]][];
    };
    if (data.version !== RECORD_VERSION || !Array.isArray(data.folders)) return undefined;
    const record: FolderRecord = new Map();
    for (const entry of data.folders) {
      if (!isRecordedFolder(entry)) return undefined;
      const [rel, from, to, files, links, folders, inodes] = entry;
      record.set(rel, { from, to, files, links, folders, inodes });
    }
    return record;
  } catch {
    return undefined;
  }
}

/** 2: stamps as numbers and each file's inode (1: stamps as text, no inodes). */
const RECORD_VERSION = 2;

const isName = (name: unknown) =>
  typeof name === "string" && name !== "" && name !== "." && name !== ".." && !name.includes("/");
const isNames = (names: unknown) => Array.isArray(names) && names.every(isName);
const isStampData = (stamp: unknown) =>
  Array.isArray(stamp) && stamp.length === 3 && stamp.every((n) => typeof n === "number");

/** One entry of the record as written: a damaged or foreign entry drops the whole record (a walk
 *  of every folder) rather than failing the walk, and no name in it leaves its folder. */
function isRecordedFolder(entry: unknown): boolean {
  if (!Array.isArray(entry) || entry.length !== 7) return false;
  const [rel, from, to, files, links, folders, inodes] = entry as unknown[];
  return (
    typeof rel === "string" &&
    isStampData(from) &&
    isStampData(to) &&
    isNames(files) &&
    isNames(links) &&
    isNames(folders) &&
    Array.isArray(inodes) &&
    inodes.length === (files as string[]).length &&
    inodes.every((n) => typeof n === "number")
  );
}

const folderRecordText = (record: FolderRecord): string =>
  JSON.stringify({
    version: RECORD_VERSION,
    folders: [...record].map(([rel, f]) => [rel, f.from, f.to, f.files, f.links, f.folders, f.inodes]),
  });

/** Refuses `path` in the way of a staging folder unless it carries `marker`; true when it is ours. */
async function isOurs(path: string, marker: string): Promise<boolean> {
  const kind = await kindOf(path);
  if (kind === undefined) return false;
  if (kind === "dir" && (await isFileAt(join(path, marker)))) return true;
  throw new OutputRefused(
    `${path} is in the way: forum-archive stages its build under that name, ` +
      `but did not make it (no ${marker} in it); move it elsewhere`,
  );
}

/** Refuses a published folder holding anything and no manifest: not an archive's (unless forced). */
async function checkOwnership(output: string, published: string, force: boolean): Promise<void> {
  if ((await kindOf(published)) !== "dir" || force) return;
  if (await isFileAt(join(published, MANIFEST_FILE))) return;
  const names = (await readdir(published)).filter((name) => !BUILD_RECORDS.has(name)).sort();
  if (names.length === 0) return;
  const shown =
    names
      .slice(0, 3)
      .map((name) => JSON.stringify(name))
      .join(", ") + (names.length > 3 ? ", …" : "");
  throw new OutputRefused(
    `--output ${output} holds files forum-archive did not write (${shown}): build into an empty or new folder, ` +
      "or pass --force to add the archive to it (its pages replace files of the same name; nothing else there changes)",
  );
}

export interface StageOptions {
  /** Build into a folder that holds other things than an archive (see checkOwnership). */
  force?: boolean;
}

/**
 * Prepares a staging folder for a build of `output`. Leftovers of an interrupted build are cleared
 * first; a build killed between its two renames left the last good site as the retired folder,
 * and it is put back. The site the last build kept (or a killed build's staging folder) becomes
 * the staging folder, brought up to date; else the published site is mirrored afresh. Only
 * folders carrying the build's markers are ever removed, renamed or brought up to date.
 */
export async function stageOutput(output: string, options: StageOptions = {}): Promise<StagedOutput> {
  // A published folder that is a symbolic link (dist -> /var/www/site) is replaced where it points.
  const published = await realpath(output).catch(() => resolve(output));
  const staging = stagingPath(published);
  const retired = retiredPath(published);
  const publishedKind = await kindOf(published);
  if (publishedKind === "other") throw new OutputRefused(`--output ${output} exists and is not a folder`);
  const retiredIsOurs = await isOurs(retired, RETIRED_MARKER);
  const stagingIsOurs = await isOurs(staging, STAGING_MARKER);
  let reusable: string | undefined;
  if (publishedKind === undefined && retiredIsOurs && !(await isFileAt(join(retired, KEPT_MARKER)))) {
    await rename(retired, published);
    await rm(join(published, RETIRED_MARKER), { force: true });
    await rm(join(published, FOLDERS_RECORD), { force: true });
  } else if (retiredIsOurs) reusable = retired;
  if (stagingIsOurs && reusable) await removeFolder(staging);
  else if (stagingIsOurs) reusable = staging;
  await checkOwnership(output, published, options.force === true);

  const manifest = await readManifestAt(published);
  const isFolder = (await kindOf(published)) === "dir";
  // A mount point (a Docker volume) cannot be renamed, nor linked across.
  if (isFolder && (await stat(published)).dev !== (await stat(dirname(published))).dev) {
    if (reusable) await removeFolder(reusable);
    return inPlace(published, "the output is a mount point", { ...(await contentsOf(published)), manifest });
  }
  if (reusable && isFolder) {
    const kept = await stagedInKept(reusable, { published, staging, retired, manifest });
    if (kept) return kept;
  } else if (reusable) await removeFolder(reusable); // no site to bring it up to date with
  const times: FolderTimes[] = [];
  const found = { files: new Set<string>(), links: [] as string[] };
  let created = false;
  try {
    await mkdir(staging);
    created = true;
    await markStaging(staging, published);
    if (isFolder) mirrorTree(published, staging, "", times, found);
  } catch (error) {
    if (created) await removeFolder(staging).catch(() => {});
    const reason = stagingRefusal(error);
    if (!reason) throw error;
    return inPlace(published, reason, { ...(await contentsOf(published)), manifest });
  }
  return stagedOutput({ published, staging, retired, contents: { ...found, manifest }, times });
}

/** Stages in `kept` (see reuseAsStaging), or, when that fails (a folder of the user's that is
 *  read-only, say), removes it and resolves to undefined: the published site is mirrored afresh. */
async function stagedInKept(
  kept: string,
  where: { published: string; staging: string; retired: string; manifest: ReadonlySet<string> },
): Promise<StagedOutput | undefined> {
  const { published, staging, retired, manifest } = where;
  const walk: SyncWalk = {
    times: [],
    found: { files: new Set<string>(), links: [] },
    pending: { remove: [], replace: [] },
    next: new Map(),
    since: 0,
    counts: { read: 0, skipped: 0, told: 0 },
  };
  try {
    const previous = await readFolderRecord(kept);
    if (previous) walk.previous = previous;
    walk.since = await reuseAsStaging(kept, staging, published);
    syncTree(published, staging, "", walk);
    await applyChanges(walk.pending);
    lastWalk.read = walk.counts.read;
    lastWalk.skipped = walk.counts.skipped;
    lastWalkTold.folders = walk.counts.told;
  } catch (error) {
    // Best effort: where the folder holding the output cannot be written to, neither removal can
    // be done, and the fresh path below turns that into a build in place, as without a kept site.
    await removeFolder(kept).catch(() => {});
    await removeFolder(staging).catch(() => {});
    if ((await kindOf(staging)) !== undefined) {
      throw new OutputRefused(
        `could not bring ${staging} up to date (${(error as Error).message}) nor remove it: ` +
          "remove it (it holds only a copy of the site) and build again",
      );
    }
    return undefined;
  }
  const { found, times, next } = walk;
  return stagedOutput({ published, staging, retired, contents: { ...found, manifest }, times, folders: next });
}

/** What the last staging in a kept site read and skipped, by folder (for tests and measurements). */
export const lastWalk = { read: 0, skipped: 0 };
/** Of the folders it read, those whose staging side the record told (keptAsRecorded). */
export const lastWalkTold = { folders: 0 };

/** The marker first: a build killed from here on leaves a folder the next one knows as its own. */
async function markStaging(staging: string, published: string): Promise<void> {
  await writeFile(join(staging, STAGING_MARKER), `forum-archive is building ${published} here (pid ${process.pid})\n`);
}

/** Makes `folder` (a kept site or a killed build's staging folder, both the build's own) the
 *  staging folder: its folder record removed (read already), marked as staging before it is
 *  renamed, its other markers removed after. Resolves to the marker's mtime: every change to a
 *  folder from here on gets a ctime not older than it (see FolderRecord). */
async function reuseAsStaging(folder: string, staging: string, published: string): Promise<number> {
  await rm(join(folder, FOLDERS_RECORD), { force: true });
  await markStaging(folder, published);
  const since = (await lstat(join(folder, STAGING_MARKER))).mtimeMs;
  if (folder !== staging) await rename(folder, staging);
  await rm(join(staging, KEPT_MARKER), { force: true });
  await rm(join(staging, RETIRED_MARKER), { force: true });
  return since;
}

/** Removes a folder of the build's own, retrying while writes still in flight fill it (ENOTEMPTY).
 *  A copy of a read-only folder of the user's (its mode mirrored) cannot be emptied by its owner
 *  until it is writable again: its folders are made so, and the removal tried once more. */
async function removeFolder(path: string): Promise<void> {
  const remove = () => rm(path, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  try {
    await remove();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EACCES" && code !== "EPERM") throw error;
    makeFoldersWritable(path);
    await remove();
  }
}

/** Adds the owner's rights to `folder` and every folder in it, entering no symbolic link. */
function makeFoldersWritable(folder: string): void {
  try {
    const mode = lstatSync(folder).mode & 0o7777;
    if ((mode & 0o700) !== 0o700) chmodSync(folder, mode | 0o700);
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) makeFoldersWritable(join(folder, entry.name));
    }
  } catch {
    // Not ours to change (another owner's folder): the removal says why it failed.
  }
}

/** The folders (relative) holding any of `ours` or `listed`, the output itself ("") included. The
 *  last build's list (`listed`) is mostly this build's files again: those are looked up, not cut. */
function foldersOf(ours: Iterable<string>, listed: Iterable<string>): Set<string> {
  const folders = new Set<string>([""]);
  const add = (file: string) => {
    for (let cut = file.lastIndexOf("/"); cut > 0; cut = file.lastIndexOf("/", cut - 1)) {
      const folder = file.slice(0, cut);
      if (folders.has(folder)) break;
      folders.add(folder);
    }
  };
  const own = ours instanceof Set ? (ours as ReadonlySet<string>) : new Set(ours);
  for (const file of own) add(file);
  for (const file of listed) if (!own.has(file)) add(file);
  return folders;
}

interface Staging {
  published: string;
  staging: string;
  retired: string;
  contents: OutputContents;
  times: FolderTimes[];
  /** The staging walk's record, written into the site the commit keeps. */
  folders?: FolderRecord;
}

function stagedOutput({ published, staging, retired, contents, times, folders }: Staging): StagedOutput {
  return {
    dir: staging,
    contents,
    async commit(ours: Iterable<string> = []) {
      // Folders of the user's that hold none of the archive's files get their times back.
      const oursFolders = foldersOf(ours, contents.manifest);
      for (const folder of times) {
        if (!oursFolders.has(folder.rel)) {
          await utimes(join(staging, folder.rel), folder.info.atime, folder.info.mtime);
        }
      }
      // The staging marker goes with the folder and is removed once published: a build killed
      // in between leaves a marked staging folder, never an unmarked one in the way.
      if ((await kindOf(published)) === "dir") {
        // A kept site put back by hand as the published one still carries its mark: a build killed
        // between the renames below must find the last good site to put back, not a kept copy.
        await rm(join(published, KEPT_MARKER), { force: true });
        await writeFile(join(published, RETIRED_MARKER), `the last build of ${published}, replaced by forum-archive\n`);
        try {
          await rename(published, retired);
        } catch (error) {
          await rm(join(published, RETIRED_MARKER), { force: true });
          throw error;
        }
        try {
          await rename(staging, published);
        } catch (error) {
          await rename(retired, published); // the last good site back in its place
          await rm(join(published, RETIRED_MARKER), { force: true });
          throw error;
        }
        // Kept for the next build to stage in (see the top of this file), no longer to put back.
        // The new site is published by now: a failure here (a full disk) fails nothing, as the
        // next build takes an unmarked retired folder beside a published site as kept, and walks
        // every folder of it without a record. The record holds only after both renames.
        // Without a record of this walk, none at all: a folder put back by hand may carry an old one.
        if (folders?.size) await writeFile(join(retired, FOLDERS_RECORD), folderRecordText(folders)).catch(() => {});
        else await rm(join(retired, FOLDERS_RECORD), { force: true }).catch(() => {});
        await writeFile(join(retired, KEPT_MARKER), `the site before the last build of ${published}, kept\n`).catch(
          () => {},
        );
      } else {
        await rename(staging, published);
      }
      await rm(join(published, STAGING_MARKER), { force: true }).catch(() => {});
    },
    async abandon() {
      if (await isFileAt(join(staging, STAGING_MARKER))) await removeFolder(staging);
    },
  };
}
/** A written file as the file system tells it apart: inode, size, modification time (ms). */
export type FileIdentity = [ino: number, size: number, mtimeMs: number];

/** The file system call that writes the build's files: a seam for tests (a full disk). A page is
 *  written at once (tens of microseconds into the page cache): done in the thread pool, each file
 *  would cost three hand-overs (open, write, close), more CPU than the write itself. With
 *  `identity`, the file's identity is told from its open descriptor (fstat), not by a stat of its
 *  path after closing it, which looks the path up again (the search index records each file's). */
export const fileWrites = {
  writeFile: async (
    path: string,
    bytes: string | Uint8Array,
    options: { flag: string; identity?: boolean },
  ): Promise<FileIdentity | undefined> => {
    // "utf8" named: only then does Node write a string as it is, with no Buffer made of it first
    // (a copy of every page, and its garbage: ~20-40 user ms a 5,000 pages' build, see RESULTS).
    if (!options.identity) {
      writeFileSync(path, bytes, { flag: options.flag, encoding: "utf8" });
      return undefined;
    }
    const fd = openSync(path, options.flag);
    try {
      writeFileSync(fd, bytes, { encoding: "utf8" });
      const info = fstatSync(fd);
      return [info.ino, info.size, info.mtimeMs];
    } finally {
      closeSync(fd);
    }
  },
};

/** Writes `bytes` to `path` as a new file, never through an existing one (which may be a hard
 *  link to the published build, or a symbolic link: removed, and "wx" never follows one). */
export async function replaceFile(path: string, bytes: string | Uint8Array): Promise<void> {
  await writeReplacing(path, bytes, false);
}

/** replaceFile, telling the written file's identity (see fileWrites). */
export async function replaceFileTelling(path: string, bytes: string | Uint8Array): Promise<FileIdentity> {
  return (await writeReplacing(path, bytes, true))!;
}

async function writeReplacing(
  path: string,
  bytes: string | Uint8Array,
  identity: boolean,
): Promise<FileIdentity | undefined> {
  const created = await createFile(path, bytes, identity);
  if (created !== false) return created; // nothing there (most files of a build): one call
  await unlink(path);
  return fileWrites.writeFile(path, bytes, { flag: "wx", identity });
}

/** Writes `bytes` to `path` where no file is expected (a folder this build made); false, writing
 *  nothing, when one is there after all (the caller then compares and replaces it). */
export async function writeNewFile(path: string, bytes: string | Uint8Array): Promise<boolean> {
  return (await createFile(path, bytes, false)) !== false;
}

/** Creates `path` holding `bytes` (its identity, when asked); false, writing nothing, when a file is there. */
function createFile(
  path: string,
  bytes: string | Uint8Array,
  identity: boolean,
): Promise<FileIdentity | undefined | false> {
  return fileWrites.writeFile(path, bytes, { flag: "wx", identity }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EEXIST") return false;
    throw error;
  });
}
