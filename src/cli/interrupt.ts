// Ctrl+C (or SIGTERM) during a build: the half-written staging folder (.<output>.building) is
// removed before the process ends, so an interrupted build leaves the output as it was and no
// leftovers beside it.
import { readFileSync, realpathSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { lockPathOf } from "../output/lock.ts";
import { stagingPath } from "../output/staging.ts";
import { stopAllWorkers } from "../worker-threads.ts";

/** Exit codes of a process ended by a signal, as shells report them (128 + the signal's number). */
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

export async function interruptibleBuild<T>(output: string, build: () => Promise<T>): Promise<T> {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    stopping = true;
    // Worker threads write into the staging folder: they end first, or they could write on into it
    // while it is removed.
    await stopAllWorkers().catch(() => undefined);
    let published: string;
    try {
      published = realpathSync(output);
    } catch {
      published = resolve(output);
    }
    rmSync(stagingPath(published), { recursive: true, force: true });
    removeOwnLock(lockPathOf(published));
    process.stderr.write(`\nforum-archive: build stopped (${signal}); ${output} was left as it was\n`);
    process.exit(SIGNAL_EXIT[signal] ?? 1);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    return await build();
  } catch (error) {
    // The build failed because its workers were ended: `stop` ends the process, with its own words.
    if (stopping) await new Promise(() => undefined);
    throw error;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

/** The output's lock, when this process holds it (its first line is our pid): another build's stays. */
function removeOwnLock(path: string): void {
  let holder = "";
  try {
    holder = readFileSync(path, "utf8").split("\n")[0] ?? "";
  } catch {
    return;
  }
  if (holder === String(process.pid)) rmSync(path, { force: true });
}
