// vBulletin databases as input (issue 18): a mysqldump file (.sql, .sql.gz) or a live MySQL /
// MariaDB, read into the same threads the page parsers make. The seam for the loader and the CLI:
// `isDatabaseDump(path)` tells a dump file, `readDatabaseInput` reads one (or a server) into threads.
import { AttachmentFiles } from "./attachment-files.ts";
import type { Failure, Thread, Warning } from "../../model.ts";
import { Board, boardSink, type BoardOptions } from "./board.ts";
import { connectDatabase, databasePassword } from "./live.ts";
import { readDumpFile } from "./sql-reader.ts";
import { boardThreads, type LeftOut, type ThreadOptions } from "./threads.ts";
import { finishVb5, isVb5 } from "./vb5.ts";

export type { LeftOut } from "./threads.ts";

export interface DatabaseInputOptions extends ThreadOptions, Pick<BoardOptions, "tablePrefix"> {
  /** A folder to write the published posts' attachment files into, as `<attachment id>-<file name>`. */
  attachmentsDir?: string;
  /** Called with bytes read so far (dumps only). */
  onBytes?: (bytes: number) => void;
}

export interface DatabaseRead {
  threads: Thread[];
  warnings: Warning[];
  failures: Failure[];
  leftOut: LeftOut;
  /** The table prefix used ("" for none). */
  prefix: string;
  /** Where the rows came from: the dump's path, or the server's address without password. */
  source: string;
  /** Attachment files written (with `attachmentsDir`). */
  attachmentFiles: number;
}

/** A mysqldump file, by name: `.sql` or `.sql.gz`. */
export function isDatabaseDump(path: string): boolean {
  return /\.sql(?:\.gz)?$/i.test(path);
}

/** Reads a dump file, or the server at `db` (mysql://…), into the archive's threads. */
export async function readDatabaseInput(
  input: { file: string } | { db: string },
  options: DatabaseInputOptions = {},
): Promise<DatabaseRead> {
  const live = "db" in input ? connectDatabase(input.db, await databasePassword()) : undefined;
  const source = live ? live.label : (input as { file: string }).file;
  const files = options.attachmentsDir !== undefined ? new AttachmentFiles(options.attachmentsDir) : undefined;
  const board = new Board(source, {
    ...(options.tablePrefix !== undefined ? { tablePrefix: options.tablePrefix } : {}),
    ...(files ? { attachments: true, onFile: (kind, id, bytes) => files.hold(kind, id, bytes) } : {}),
  });
  try {
    if (live) await live.read(boardSink(board));
    else await readDumpFile(source, boardSink(board), options.onBytes);
    const vb5 = isVb5(board);
    if (vb5) finishVb5(board);
    const missing = (vb5 ? ["node", "text"] : ["forum", "thread", "post"]).filter(
      (table) => !board.tablesSeen.has(table),
    );
    if (missing.length) {
      const prefix = board.prefix === undefined ? "" : ` (table prefix "${board.prefix}")`;
      throw new Error(
        `${source}: no vBulletin ${missing.join(", ")} table${missing.length > 1 ? "s" : ""}${prefix}; is this a vBulletin 3, 4 or 5 database? (--table-prefix sets the prefix)`,
      );
    }
    const { threads, leftOut, published } = boardThreads(board, options);
    const attachmentFiles = files ? files.publish(published) : 0;
    return {
      threads,
      warnings: board.warnings,
      failures: [],
      leftOut,
      prefix: board.prefix ?? "",
      source,
      attachmentFiles,
    };
  } finally {
    board.posts.close();
    board.vb5.posts.close();
    files?.close();
  }
}

/** `check`'s lines for what a database input leaves out, per kind. */
export function formatLeftOut(read: Pick<DatabaseRead, "leftOut" | "source">): string[] {
  const counts = read.leftOut;
  const lines = [
    [counts.hiddenForums, "forums guests could not read (hidden, password, inactive)"],
    [counts.threadsInHiddenForums, "threads in those forums"],
    [counts.postsInHiddenForums, "posts in those threads"],
    [counts.moderatedThreads, "moderated threads (awaiting approval)"],
    [counts.deletedThreads, "soft-deleted threads"],
    [counts.moderatedPosts, "moderated posts"],
    [counts.deletedPosts, "soft-deleted posts"],
    [counts.movedThreadLinks, "moved-thread links (the thread itself is archived where it moved)"],
    [counts.hiddenAttachments, "attachments of posts left out or not approved"],
    [counts.privateMessages, "private messages"],
  ] as const;
  return [
    `${read.source}: left out for privacy:`,
    ...lines.map(([count, what]) => `  ${String(count).padStart(7)} ${what}`),
    "  never read: e-mail addresses, IP addresses, passwords and salts, birthdays, buddy and ignore lists, hidden profile fields",
  ];
}
