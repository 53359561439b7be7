// Where the archive loader meets database inputs: `--db`, a dump file given as the input, or dump
// files (*.sql, *.sql.gz) at the top of the input folder. One call for the loader to make.
import { stat } from "node:fs/promises";
import { glob } from "tinyglobby";
import type { AttachmentBytes, Failure, Thread, Warning } from "../../model.ts";
import type { DatabaseInputOptions, LeftOut } from "./index.ts";
import { isDumpPath } from "./cli-options.ts";

/** The database reader (SQL, a MySQL client, image sizes), imported only by builds that read a
 *  database: a build of text dumps or saved pages is spared ~0.05 CPU s of module loading (issue 15). */
const reader = async () => ({
  ...(await import("./index.ts")),
  ...(await import("./sql-tokens.ts")),
  ...(await import("./attachment-files.ts")),
});

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
  /** The attachments' bytes (--attachments), for the build; the caller closes it. */
  attachmentBytes?: AttachmentBytes;
}

/** The threads of the database inputs `input` and `options` name; undefined when there are none. */
export async function readDatabaseInputs(
  input: string,
  options: DatabaseLoadOptions = {},
  onThread?: (thread: Thread) => void,
  onProgress?: (progress: { done: number; total: number; file: string }) => void,
): Promise<DatabaseThreads | undefined> {
  const { db, ...rest } = options;
  if (onThread) rest.onThread = onThread;
  if (db !== undefined) {
    const { readDatabaseInput, joinedBytes } = await reader();
    return collect(joinedBytes, [await readDatabaseInput({ db }, rest)], [], true);
  }
  const isFile = (await stat(input).catch(() => undefined))?.isFile() === true;
  const dumps = isFile
    ? isDumpPath(input)
      ? [input]
      : []
    : // Only at the top of the folder: a board's backup is one file, and subfolders hold page dumps.
      (await glob(["*.sql", "*.sql.gz", "*.SQL", "*.SQL.GZ"], { cwd: input }))
        .sort()
        .map((file) => `${input.replace(/\/+$/, "")}/${file}`);
  if (dumps.length === 0) return undefined;
  const { readDatabaseInput, SqlSyntaxError, joinedBytes } = await reader();
  const reads = [];
  const failures: Failure[] = [];
  for (const file of dumps) {
    try {
      const ticks = onProgress ? await megabyteTicks(file, onProgress) : undefined;
      reads.push(await readDatabaseInput({ file }, { ...rest, ...(ticks ? { onBytes: ticks } : {}) }));
      // The last megabyte (or a dump under one) ends the file's progress.
      ticks?.(Number.MAX_SAFE_INTEGER);
    } catch (error) {
      // A broken dump in a folder of inputs is that file's failure; given alone, it is the build's error.
      if (isFile || !(error instanceof SqlSyntaxError || /no vBulletin/.test((error as Error).message))) throw error;
      failures.push({ file, reason: (error as Error).message.replace(`${file}:`, "").replace(/^\d+: /, "") });
    }
  }
  return collect(joinedBytes, reads, failures, isFile, dumps.length);
}

/** Progress in megabytes of the dump file (gzip: of the compressed file), one call per megabyte read. */
async function megabyteTicks(
  file: string,
  onProgress: (progress: { done: number; total: number; file: string }) => void,
): Promise<(bytes: number) => void> {
  const total = Math.max(1, Math.ceil((await stat(file)).size / (1 << 20)));
  let done = 0;
  return (bytes) => {
    while (done < total && bytes >= (done + 1) * (1 << 20)) onProgress({ done: ++done, total, file });
  };
}

function collect(
  joinedBytes: typeof import("./attachment-files.ts")["joinedBytes"],
  reads: Awaited<ReturnType<typeof import("./index.ts")["readDatabaseInput"]>>[],
  failures: Failure[],
  only: boolean,
  files = reads.length,
): DatabaseThreads {
  const bytes = joinedBytes(reads.flatMap((read) => (read.attachmentBytes ? [read.attachmentBytes] : [])));
  return {
    ...(bytes ? { attachmentBytes: bytes } : {}),
    threads: reads.flatMap((read) => read.threads),
    warnings: reads.flatMap((read) => read.warnings),
    failures: [...failures, ...reads.flatMap((read) => read.failures)],
    leftOut: reads.map((read) => read.leftOut),
    only,
    files,
  };
}
