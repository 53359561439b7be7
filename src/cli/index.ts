// forum-archive's command line: parse | check | build | serve | init | similar. Users see messages, never
// stack traces. Each command's module (and what it needs: cheerio, Eleventy, lunr…) is imported
// only when that command runs, so `--help` stays quick.
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { addDatabaseOptions } from "../input/vbulletin-db/cli-options.ts";
import { DEFAULT_INPUT, UserError } from "./common.ts";

const VERSION = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** With --db the dumps come from the server: --input, when not given, is the working folder (the
 *  project's config, pages and templates), not seeds/. */
function projectOfDatabase<T extends { db?: string; input: string }>(options: T, command: Command): T {
  return options.db !== undefined && command.getOptionValueSource("input") === "default"
    ? { ...options, input: "." }
    : options;
}

/** build and serve read their dumps from --input: a folder given as an argument gets that said. */
function refuseArguments(command: string, args: string[]): void {
  if (args.length === 0) return;
  throw new UserError(
    `${command} takes no folder argument (got ${args.map((a) => JSON.stringify(a)).join(" ")}); ` +
      `give the folder of dumps as --input: forum-archive ${command} --input ${args[0]}`,
  );
}

export { DEFAULT_INPUT };

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command("forum-archive")
    .description("Static archives of vBulletin forums: dumps in, a browsable, searchable site out.")
    .version(VERSION, "-V, --version", "print the version")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program
    .command("parse")
    .description("parse dumps (files or folders; default seeds/) and print the threads")
    .argument("[files...]", "dump files or folders")
    .option("--json", "print a JSON array of Thread objects")
    .action(async (files: string[], options) => {
      exitCode = await (await import("./commands/parse.ts")).parseCommand(files, options);
    });
  const siteOptions = (command: Command) =>
    addDatabaseOptions(command)
      .option("--input <dir>", "folder of dumps, or a vBulletin .sql / .sql.gz dump", DEFAULT_INPUT)
      .option("--output <dir>", "folder the archive is written to", "dist")
      .option("--base-url <prefix>", "path the archive is served under, as /prefix/ (default: the config's, else /)")
      .option(
        "--site-url <origin>",
        "the host the archive is served from (https://example.org), for absolute URLs in sitemap.xml, feed.xml and robots.txt",
      )
      .option("--no-search", "leave out the search page and index")
      .option("--jobs <n>", "threads to build with (default: the machine's cores; 1: one thread)")
      .option(
        "--force",
        "build into an --output folder holding other files than an archive: files of the archive's names are replaced, nothing else changes",
      )
      .allowExcessArguments(true);
  siteOptions(program.command("build").description("build the archive site into --output")).action(
    async (options, command: Command) => {
      refuseArguments("build", command.args);
      exitCode = await (await import("./commands/build.ts")).buildCommand(projectOfDatabase(options, command));
    },
  );
  siteOptions(program.command("serve").description("build, then serve the archive on localhost"))
    .option("--port <n>", "port to listen on", "8080")
    .action(async (options, command: Command) => {
      refuseArguments("serve", command.args);
      exitCode = await (await import("./commands/serve.ts")).serveCommand(projectOfDatabase(options, command));
    });
  program
    .command("check")
    .description(
      "check dumps (files or folders; default seeds/): per file ok, its warnings, or an error; exit 1 on errors",
    )
    .argument("[paths...]", "dump files or folders")
    .option("--strict", "exit 1 on warnings too")
    .option("--verbose", "list every file, ok and skipped ones too")
    .option("--db <url>", "check a live vBulletin database: mysql://user@host:3306/name")
    .option("--table-prefix <prefix>", "the vBulletin tables' prefix (default: detected)")
    .action(async (paths: string[], options) => {
      exitCode = await (await import("./commands/check.ts")).checkCommand(paths, options);
    });
  program
    .command("init")
    .description("write a starting project (config, dumps/, pages/about.md, README) into DIR; never overwrites")
    .argument("[dir]", "folder of the new project (default: the current folder)")
    .action(async (dir: string | undefined) => {
      exitCode = await (await import("./commands/init.ts")).initCommand(dir);
    });
  program
    .command("similar")
    .description("print every thread with its computed similar threads")
    .argument("[dir]", "folder of dumps", undefined)
    .option("--json", "print JSON")
    .action(async (dir: string | undefined, options) => {
      exitCode = await (await import("./commands/similar.ts")).similarCommand(dir, options);
    });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    return exitCodeOf(error);
  }
  return exitCode;
}

/** Commander's own exits (help, usage) as they are; a user's mistake or a failure as one line. */
function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  process.stderr.write(`forum-archive: ${(error as Error).message}\n`);
  if (error instanceof UserError) return error.exitCode;
  if (process.env.FORUM_ARCHIVE_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
  return 1;
}
