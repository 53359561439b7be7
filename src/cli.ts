// forum-archive's command line: parse | check | build | serve | similar. Users see messages, never stack traces.
import { readFile } from "node:fs/promises";
import { Command, CommanderError } from "commander";
import type { Warning } from "./model.ts";
import { parseDumps } from "./parse/index.ts";
import { listDumpFiles } from "./archive/files.ts";
import type { BuildOptions } from "./build.ts";
import { normaliseBaseUrl } from "./site/paths.ts";

export const DEFAULT_INPUT = "seeds";

class UserError extends Error {}

function formatWarning(warning: Warning): string {
  return `${warning.file}:${warning.line}: ${warning.message}`;
}

async function parseCommand(paths: string[], options: { json?: boolean }): Promise<number> {
  const files = paths.length ? await expandInputs(paths) : await listDumpFiles(DEFAULT_INPUT);
  const inputs = [];
  const unreadable: string[] = [];
  for (const file of files) {
    try {
      inputs.push({ file, bytes: await readFile(file) });
    } catch (error) {
      unreadable.push(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  const result = parseDumps(inputs);
  for (const warning of result.warnings) process.stderr.write(`${formatWarning(warning)}\n`);
  for (const line of unreadable) process.stderr.write(`${line}\n`);
  for (const failure of result.failures) process.stderr.write(`${failure.file}: ${failure.notAThread ? "skipped" : "no thread"}: ${failure.reason}\n`);
  const failed = result.failures.filter((failure) => !failure.notAThread).length + unreadable.length;
  const skipped = result.failures.length + unreadable.length - failed;
  if (options.json) process.stdout.write(`${JSON.stringify(result.threads, null, 2)}\n`);
  else {
    for (const thread of result.threads) {
      process.stdout.write(`${thread.url}  ${thread.title} (${thread.posts.length} posts, ${thread.source.files.join(", ")})\n`);
    }
    process.stdout.write(`${result.threads.length} threads, ${result.threads.reduce((sum, t) => sum + t.posts.length, 0)} posts, ${result.warnings.length} warnings, ${failed} files without a thread${skipped ? `, ${skipped} skipped (no thread pages)` : ""}\n`);
  }
  return failed > 0 ? 1 : 0;
}

async function checkCommand(paths: string[], options: { strict?: boolean }): Promise<number> {
  const { checkFiles, formatCheck } = await import("./check.ts");
  const files = paths.length ? await expandInputs(paths) : await listDumpFiles(DEFAULT_INPUT);
  if (files.length === 0) throw new UserError(`no dumps (*.txt, *.html) in ${paths.length ? paths.join(", ") : DEFAULT_INPUT}`);
  const report = formatCheck(await checkFiles(files), options.strict === true);
  process.stdout.write(report.text);
  return report.exitCode;
}

/** Files as given, folders as the dumps inside them. */
async function expandInputs(paths: string[]): Promise<string[]> {
  const { stat } = await import("node:fs/promises");
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) files.push(...(await listDumpFiles(path)));
    else files.push(path);
  }
  return files;
}

interface SiteCommandOptions {
  input: string;
  output: string;
  baseUrl: string;
  siteUrl?: string;
  search: boolean;
  force?: boolean;
}

/** The build options the site commands share, checked. */
async function buildOptionsOf(options: SiteCommandOptions): Promise<BuildOptions> {
  const { stat } = await import("node:fs/promises");
  const input = await stat(options.input).catch(() => undefined);
  if (!input?.isDirectory()) throw new UserError(`--input ${options.input} is not a folder of dumps`);
  return {
    input: options.input,
    output: options.output,
    baseUrl: baseUrlOption(options.baseUrl),
    ...(options.siteUrl !== undefined ? { siteUrl: normaliseSiteUrl(options.siteUrl) } : {}),
    search: options.search,
    force: options.force === true,
    progress: process.stderr.isTTY ? "bar" : "lines",
  };
}

async function buildCommand(options: SiteCommandOptions): Promise<number> {
  const { buildSite } = await import("./build.ts");
  const summary = await buildSite(await buildOptionsOf(options));
  return summary.failures.length > 0 ? 1 : 0;
}

async function serveCommand(options: SiteCommandOptions & { port: string }): Promise<number> {
  const { serveSite } = await import("./build.ts");
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port ${options.port} is not a port number`);
  await serveSite({ ...(await buildOptionsOf(options)), port });
  return 0;
}

/** "https://example.org/" → "https://example.org": the origin absolute URLs start with. */
function normaliseSiteUrl(siteUrl: string): string {
  let url: URL;
  try {
    url = new URL(siteUrl);
  } catch {
    throw new UserError(`--site-url takes an address like https://example.org, not ${siteUrl}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UserError(`--site-url must be an http(s) address: ${siteUrl}`);
  return url.origin;
}

async function similarCommand(dir: string | undefined, options: { json?: boolean }): Promise<number> {
  const { loadArchive } = await import("./archive/load.ts");
  const { similarReport } = await import("./archive/similar-report.ts");
  const archive = await loadArchive(dir ?? DEFAULT_INPUT);
  for (const warning of archive.warnings) process.stderr.write(`${formatWarning(warning)}\n`);
  const report = similarReport(archive);
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    for (const entry of report as { title: string; url: string; similar: { url: string; score: number }[] }[]) {
      process.stdout.write(`${entry.title}  ${entry.url}\n`);
      for (const similar of entry.similar) process.stdout.write(`    ${similar.score.toFixed(3)}  ${similar.url}\n`);
    }
  }
  return archive.failures.some((failure) => !failure.notAThread) ? 1 : 0;
}

/** --base-url checked: a path ("/archive", "archive/" → "/archive/"), never a full address. */
function baseUrlOption(baseUrl: string): string {
  if (/^[a-z]+:\/\//i.test(baseUrl)) throw new UserError(`--base-url takes a path like /archive/, not a full address: ${baseUrl}`);
  return normaliseBaseUrl(baseUrl);
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command("forum-archive")
    .description("Static archives of vBulletin forums: dumps in, a browsable, searchable site out.")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program
    .command("parse")
    .description("parse dumps (files or folders; default seeds/) and print the threads")
    .argument("[files...]", "dump files or folders")
    .option("--json", "print a JSON array of Thread objects")
    .action(async (files: string[], options) => {
      exitCode = await parseCommand(files, options);
    });
  const siteOptions = (command: Command) =>
    command
      .option("--input <dir>", "folder of dumps", DEFAULT_INPUT)
      .option("--output <dir>", "folder the archive is written to", "dist")
      .option("--base-url <prefix>", "path the archive is served under, as /prefix/", "/")
      .option("--site-url <origin>", "the host the archive is served from (https://example.org), for absolute URLs in sitemap.xml, feed.xml and robots.txt")
      .option("--no-search", "leave out the search page and index")
      .option(
        "--force",
        "build into an --output folder holding other files than an archive: files of the archive's names are replaced, nothing else changes",
      );
  siteOptions(program.command("build").description("build the archive site into --output")).action(async (options) => {
    exitCode = await buildCommand(options);
  });
  siteOptions(program.command("serve").description("build, then serve the archive on localhost"))
    .option("--port <n>", "port to listen on", "8080")
    .action(async (options) => {
      exitCode = await serveCommand(options);
    });
  program
    .command("check")
    .description("check dumps (files or folders; default seeds/): per file ok, its warnings, or an error; exit 1 on errors")
    .argument("[paths...]", "dump files or folders")
    .option("--strict", "exit 1 on warnings too")
    .action(async (paths: string[], options) => {
      exitCode = await checkCommand(paths, options);
    });
  program
    .command("similar")
    .description("print every thread with its computed similar threads")
    .argument("[dir]", "folder of dumps", undefined)
    .option("--json", "print JSON")
    .action(async (dir: string | undefined, options) => {
      exitCode = await similarCommand(dir, options);
    });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UserError) {
      process.stderr.write(`forum-archive: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`forum-archive: ${(error as Error).message}\n`);
    if (process.env.FORUM_ARCHIVE_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
  return exitCode;
}
