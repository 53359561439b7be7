// vBulletin databases as input (issue 18): a mysqldump file (.sql, .sql.gz) or a live MySQL /
// MariaDB, read into the same threads the page parsers make. The seam for the loader and the CLI:
// `isDatabaseDump(path)` tells a dump file, `readDatabaseInput` reads one (or a server) into threads.
import { AttachmentFiles } from "./attachment-files.ts";
import type { AttachmentBytes, Failure, Thread, Warning } from "../../model.ts";
import { Board, boardSink, type BoardOptions } from "./board.ts";
import { connectDatabase, databasePassword } from "./live.ts";
import { readDumpFile } from "./sql-reader.ts";
import { boardThreads, type LeftOut, type ThreadOptions } from "./threads.ts";
import { finishVb5, isVb5 } from "./vb5.ts";

export type { LeftOut } from "./threads.ts";

export interface DatabaseInputOptions extends ThreadOptions, Pick<BoardOptions, "tablePrefix"> {
  /** Put the published posts' attachment files into the site (their bytes from the database). */
  attachments?: boolean;
  /** vBulletin's attachment folder, for a board that kept attachments as files (implies `attachments`). */
  attachmentsFolder?: string;
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
  /** Attachment files put into the site (with `attachments`). */
  attachmentFiles: number;
  /** Their bytes, for the build to copy (with `attachments`); the caller closes it. */
  attachmentBytes?: AttachmentBytes;
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
  const withFiles = options.attachments === true || options.attachmentsFolder !== undefined;
  const files = withFiles
    ? new AttachmentFiles(options.attachmentsFolder !== undefined ? { folder: options.attachmentsFolder } : {})
    : undefined;
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
    const { threads, leftOut } = boardThreads(board, { ...options, ...(files ? { attachmentFiles: files } : {}) });
    if (files?.missing.length) board.warnings.push(missingFilesWarning(source, files.missing, options));
    return {
      threads,
      warnings: board.warnings,
      failures: [],
      leftOut,
      prefix: board.prefix ?? "",
      source,
      attachmentFiles: files?.count ?? 0,
      ...(files ? { attachmentBytes: files } : {}),
    };
  } catch (error) {
    await files?.close();
    throw error;
  } finally {
    board.posts.close();
    board.vb5.posts.close();
  }
}

/** One warning for the published attachments whose bytes were found nowhere. */
function missingFilesWarning(source: string, missing: readonly string[], options: DatabaseInputOptions): Warning {
  const ids = `${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ", …" : ""}`;
  const where =
    options.attachmentsFolder !== undefined
      ? `neither in the database nor in ${options.attachmentsFolder}`
      : "not in the database (a board that kept attachments as files: give its folder, --attachments FOLDER)";
  return {
    file: source,
    line: 0,
    message: `${missing.length} attachment file${missing.length > 1 ? "s" : ""} (id ${ids}) ${where}: listed by name only`,
  };
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
