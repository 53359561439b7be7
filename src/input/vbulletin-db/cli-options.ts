// The command line's options for vBulletin database inputs (build, serve, check), and `check` on
// dump files. Light on imports: the CLI loads it at start; the readers load when used.
import { statSync } from "node:fs";
import type { Command } from "commander";
import type { DatabaseLoadOptions } from "./load.ts";

export interface DatabaseCliOptions {
  db?: string;
  tablePrefix?: string;
  includeForums?: string;
  excludeForums?: string;
  /** true: the files from the database; a path: vBulletin's attachment folder (the files from there too). */
  attachments?: string | boolean;
}

/** Adds --db, --table-prefix, --include-forums, --exclude-forums, --attachments to a command. */
export function addDatabaseOptions(command: Command): Command {
  return command
    .option(
      "--db <url>",
      "read a live vBulletin database: mysql://user@host:3306/name (password: $FORUM_ARCHIVE_DB_PASSWORD or a prompt)",
    )
    .option("--table-prefix <prefix>", "the vBulletin tables' prefix (default: detected)")
    .option("--include-forums <ids>", "forum ids to publish even if guests could not read them (comma-separated)")
    .option("--exclude-forums <ids>", "forum ids never to publish, with their subforums (comma-separated)")
    .option(
      "--attachments [folder]",
      "put the published posts' attachment files into the archive (images shown), from the database, or from " +
        "vBulletin's attachment folder when given (a board that kept attachments as files)",
    );
}

/** Whether a path names a mysqldump file (.sql, .sql.gz). */
export const isDumpPath = (path: string): boolean => /\.sql(?:\.gz)?$/i.test(path);

/** The loader's database options from the command line's; throws a message for a bad id list. */
export function databaseOptionsOf(options: DatabaseCliOptions): DatabaseLoadOptions {
  const ids = (flag: string, list: string | undefined) => {
    if (list === undefined) return undefined;
    const parts = list.split(",").map((part) => part.trim());
    if (parts.some((part) => !/^\d+$/.test(part)))
      throw new Error(`${flag} takes forum ids separated by commas, like 3,12: not ${list}`);
    return parts.map(Number);
  };
  const include = ids("--include-forums", options.includeForums);
  const exclude = ids("--exclude-forums", options.excludeForums);
  return {
    ...(options.db !== undefined ? { db: options.db } : {}),
    ...(options.tablePrefix !== undefined ? { tablePrefix: options.tablePrefix } : {}),
    ...(include ? { includeForums: include } : {}),
    ...(exclude ? { excludeForums: exclude } : {}),
    ...attachmentsOptionOf(options.attachments),
  };
}

/** --attachments alone, or with vBulletin's attachment folder (which must be one). */
function attachmentsOptionOf(value: string | boolean | undefined): { attachments?: true; attachmentsFolder?: string } {
  if (value === undefined || value === false) return {};
  if (value === true) return { attachments: true };
  if (!statSync(value, { throwIfNoEntry: false })?.isDirectory())
    throw new Error(
      `--attachments ${value}: no such folder; give vBulletin's attachment folder (its "attachpath" setting), ` +
        "or --attachments alone for files kept in the database",
    );
  return { attachments: true, attachmentsFolder: value };
}

/** `check` on dump files or --db: what each holds, what it leaves out for privacy, and its warnings. */
export async function checkDatabase(
  paths: readonly string[],
  options: DatabaseCliOptions,
): Promise<{ text: string; exitCode: number }> {
  const { readDatabaseInput, formatLeftOut } = await import("./index.ts");
  // check writes nothing: attachment bytes are not read.
  const { db: _db, attachments: _files, attachmentsFolder: _folder, ...rest } = databaseOptionsOf(options);
  const inputs = options.db !== undefined ? [{ db: options.db }] : paths.map((file) => ({ file }));
  const lines: string[] = [];
  let exitCode = 0;
  for (const input of inputs) {
    try {
      const read = await readDatabaseInput(input, rest);
      const posts = read.threads.reduce((sum, thread) => sum + thread.posts.length, 0);
      lines.push(`${read.source}: ok: ${read.threads.length} threads, ${posts} posts (table prefix "${read.prefix}")`);
      for (const warning of read.warnings) lines.push(`${warning.file}:${warning.line}: ${warning.message}`);
      lines.push(...formatLeftOut(read));
    } catch (error) {
      exitCode = 1;
      lines.push(`${"file" in input ? input.file : "--db"}: error: ${(error as Error).message}`);
    }
  }
  return { text: `${lines.join("\n")}\n`, exitCode };
}

/** `parse` on dump files: the threads as `parse` prints them (a summary line each, or `--json`). */
export async function parseDatabaseDumps(
  paths: readonly string[],
  json: boolean,
): Promise<{ text: string; errors: string; exitCode: number }> {
  const { readDatabaseInput } = await import("./index.ts");
  const threads = [];
  const errors: string[] = [];
  for (const file of paths) {
    try {
      const read = await readDatabaseInput({ file });
      threads.push(...read.threads);
      errors.push(...read.warnings.map((warning) => `${warning.file}:${warning.line}: ${warning.message}\n`));
    } catch (error) {
      errors.push(`${file}: ${(error as Error).message}\n`);
    }
  }
  const posts = threads.reduce((sum, thread) => sum + thread.posts.length, 0);
  const text = json
    ? `${JSON.stringify(threads, null, 2)}\n`
    : threads
        .map(
          (thread) =>
            `${thread.url}  ${thread.title} (${thread.posts.length} posts, ${thread.source.files.join(", ")})\n`,
        )
        .join("") + `${threads.length} threads, ${posts} posts\n`;
  return { text, errors: errors.join(""), exitCode: errors.some((line) => !/^\S+:\d+: /.test(line)) ? 1 : 0 };
}
