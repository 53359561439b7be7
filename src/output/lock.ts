// One build at a time per output folder (issue 13): two builds into one folder interleaved their
// staging folders and lost files. A build holds a lock file beside the output, `.<name>.lock`,
// created exclusively and holding its process id and host; a second build is refused with the
// holder's pid. A lock whose process is gone (a build killed with SIGKILL) is stale and taken over.
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { INNER_LOCK, OutputRefused } from "./staging.ts";

export interface OutputLock {
  readonly path: string;
  /** Removes the lock, if it is still this build's. */
  release(): Promise<void>;
}

export const lockPathOf = (published: string): string => join(dirname(published), `.${basename(published)}.lock`);

interface Holder {
  pid: number;
  host: string;
  /** When the process started (Linux: /proc/<pid>/stat), so a new process that got the same pid
   *  (a container restarted) is not taken for the holder; "" where unknown. */
  started: string;
}

const holderText = (holder: Holder) => `${holder.pid}\n${holder.host}\n${holder.started}\n`;

function parseHolder(text: string): Holder | undefined {
  const [pid, host, started = ""] = text.split("\n");
  return pid && /^\d+$/.test(pid) && host !== undefined ? { pid: Number(pid), host, started } : undefined;
}

/** A process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), or "". */
function startTimeOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
  } catch {
    return "";
  }
}

/** Lock files this process holds (two builds of one process into one output are refused too). */
const held = new Set<string>();

/** Whether the holder may still be running: on another host, or a process that exists here. */
function mayBeRunning(holder: Holder, path: string): boolean {
  if (holder.host !== hostname()) return true; // a shared folder: no way to tell, so never taken over
  if (holder.pid === process.pid) return held.has(path);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, another user's
  }
  const started = startTimeOf(holder.pid);
  return holder.started === "" || started === "" || started === holder.started;
}

async function tryCreate(path: string, text: string): Promise<boolean> {
  try {
    const handle = await open(path, "wx");
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** Takes the lock of the output folder `published` (its real path), or refuses with the holder's pid.
 *  Where the folder holding the output cannot be written to (a build in place), the lock is in the output. */
export async function lockOutput(published: string, output = published): Promise<OutputLock> {
  try {
    return await lockAt(lockPathOf(published), output);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EACCES" && code !== "EPERM" && code !== "EROFS") throw error;
    return lockAt(join(published, INNER_LOCK), output);
  }
}

async function lockAt(path: string, output: string): Promise<OutputLock> {
  const mine = holderText({ pid: process.pid, host: hostname(), started: startTimeOf(process.pid) });
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryCreate(path, mine)) {
      held.add(path);
      return { path, release: () => releaseLock(path, mine) };
    }
    const text = await readFile(path, "utf8").catch(() => undefined);
    if (text === undefined) continue; // released meanwhile: try again
    const holder = parseHolder(text);
    if (!holder) {
      throw new OutputRefused(`${path} is in the way of the build's lock, and is no lock of forum-archive's; move it`);
    }
    if (mayBeRunning(holder, path)) {
      const where = holder.host === hostname() ? "" : ` on ${holder.host}`;
      throw new OutputRefused(
        `another build (pid ${holder.pid}${where}) is writing to ${output}; ` +
          `wait for it to finish (if no build is running, remove ${path})`,
      );
    }
    await takeOverStale(path, text);
  }
  throw new OutputRefused(`could not take the lock ${path}: other builds keep taking it`);
}

/** Moves a stale lock aside; if another build replaced it meanwhile, puts that one back. */
async function takeOverStale(path: string, staleText: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // another build took it over first
    throw error;
  }
  const moved = await readFile(aside, "utf8").catch(() => staleText);
  if (moved !== staleText) await rename(aside, path).catch(() => {}); // a live lock, not ours to remove
  await rm(aside, { force: true });
}

async function releaseLock(path: string, mine: string): Promise<void> {
  held.delete(path);
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === mine) await rm(path, { force: true });
}
