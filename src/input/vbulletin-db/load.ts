// Where the archive loader meets database inputs: `--db`, a dump file given as the input, or dump
// files (*.sql, *.sql.gz) at the top of the input folder. One call for the loader to make.
import { stat } from "node:fs/promises";
import { glob } from "tinyglobby";
import type { Failure, Thread, Warning } from "../../model.ts";
import { SqlSyntaxError } from "./sql-tokens.ts";
import { isDatabaseDump, readDatabaseInput, type DatabaseInputOptions, type LeftOut } from "./index.ts";

export interface DatabaseLoadOptions extends DatabaseInputOptions {
  /** mysql://user@host:port/name: read this server (the input folder's dumps are then not read). */
  db?: string;
}

export interface DatabaseThreads {
  threads: Thread[];
  warnings: Warning[];
  failures: Failure[];
  leftOut: LeftOut[];
  /** Nothing else to read: the input was the server or a dump file, not a folder. */
  only: boolean;
  files: number;
}

/** The threads of the database inputs `input` and `options` name; undefined when there are none. */
export async function readDatabaseInputs(
  input: string,
  options: DatabaseLoadOptions = {},
  onThread?: (thread: Thread) => void,
): Promise<DatabaseThreads | undefined> {
  const { db, ...rest } = options;
  if (onThread) rest.onThread = onThread;
  if (db !== undefined) return collect([await readDatabaseInput({ db }, rest)], [], true);
  const isFile = (await stat(input).catch(() => undefined))?.isFile() === true;
  const dumps = isFile
    ? isDatabaseDump(input)
      ? [input]
      : []
    : // Only at the top of the folder: a board's backup is one file, and subfolders hold page dumps.
      (await glob(["*.sql", "*.sql.gz", "*.SQL", "*.SQL.GZ"], { cwd: input }))
        .sort()
        .map((file) => `${input.replace(/\/+$/, "")}/${file}`);
  if (dumps.length === 0) return undefined;
  const reads = [];
  const failures: Failure[] = [];
  for (const file of dumps) {
    try {
      reads.push(await readDatabaseInput({ file }, rest));
    } catch (error) {
      // A broken dump in a folder of inputs is that file's failure; given alone, it is the build's error.
      if (isFile || !(error instanceof SqlSyntaxError || /no vBulletin/.test((error as Error).message))) throw error;
      failures.push({ file, reason: (error as Error).message.replace(`${file}:`, "").replace(/^\d+: /, "") });
    }
  }
  return collect(reads, failures, isFile, dumps.length);
}

function collect(
  reads: Awaited<ReturnType<typeof readDatabaseInput>>[],
  failures: Failure[],
  only: boolean,
  files = reads.length,
): DatabaseThreads {
  return {
    threads: reads.flatMap((read) => read.threads),
    warnings: reads.flatMap((read) => read.warnings),
    failures: [...failures, ...reads.flatMap((read) => read.failures)],
    leftOut: reads.map((read) => read.leftOut),
    only,
    files,
  };
}
