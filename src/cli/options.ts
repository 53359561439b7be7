// What the commands share: inputs expanded to dump files, warnings as lines, and the checked
// options of the site commands (build, serve).
import { readdir, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { listDumpFiles } from "../archive/files.ts";
import type { BuildOptions } from "../build/index.ts";
import { warningLine } from "../archive/report.ts";
import type { Warning } from "../model.ts";
import { databaseOptionsOf, type DatabaseCliOptions, isDumpPath } from "../input/vbulletin-db/cli-options.ts";
import { normaliseBaseUrl } from "../site/paths.ts";
import { DEFAULT_INPUT, UserError } from "./common.ts";

export { DEFAULT_INPUT, UserError };

/** A folder of dumps the user named: there, a folder, and holding at least one dump (pages or text
 *  dumps anywhere in it, database dumps at its top). `what` names it as the user gave it
 *  ("--input seeds", "seeds"). */
export async function requireDumpFolder(path: string, what: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  const where = `(paths are relative to the working folder, ${process.cwd()})`;
  if (!info) throw new UserError(`${what}: no such folder ${where}; give the folder that holds your dumps`);
  if (!info.isDirectory()) throw new UserError(`${what} is a file; give the folder that holds it`);
  if ((await listDumpFiles(path)).length === 0 && !(await readdir(path)).some(isDumpPath)) {
    throw new UserError(
      `${what} holds no dumps (*.txt, *.html, saved pages) nor database dumps (*.sql, *.sql.gz); ` +
        `put them there, or give the folder that holds them`,
    );
  }
}

export function formatWarning(warning: Warning): string {
  return warningLine(warning);
}

/** The paths split as the build reads them: vBulletin database dumps (*.sql, *.sql.gz) given as
 *  files or standing at the top of a folder given, and the rest (page dumps, folders of them). */
export async function splitDatabaseDumps(paths: readonly string[]): Promise<{ databases: string[]; pages: string[] }> {
  const databases: string[] = [];
  const pages: string[] = [];
  for (const path of paths) {
    if (isDumpPath(path)) {
      databases.push(path);
      continue;
    }
    pages.push(path);
    if ((await stat(path).catch(() => undefined))?.isDirectory()) {
      const entries = await readdir(path, { withFileTypes: true });
      const tops = entries.filter((entry) => entry.isFile() && isDumpPath(entry.name)).map((entry) => entry.name);
      databases.push(...tops.sort().map((name) => `${path.replace(/\/+$/, "")}/${name}`));
    }
  }
  return { databases, pages };
}

/** Files as given, folders as the dumps inside them; no paths: the dumps of DEFAULT_INPUT. */
export async function expandInputs(paths: string[]): Promise<string[]> {
  if (paths.length === 0) return listDumpFiles(DEFAULT_INPUT);
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) files.push(...(await listDumpFiles(path)));
    else files.push(path);
  }
  return files;
}

export interface SiteCommandOptions extends DatabaseCliOptions {
  input: string;
  output: string;
  /** Absent: the config's, else "/". */
  baseUrl?: string;
  siteUrl?: string;
  search: boolean;
  force?: boolean;
  jobs?: string;
}

/** The build options the site commands share, checked. */
export async function buildOptionsOf(options: SiteCommandOptions): Promise<BuildOptions> {
  const input = await stat(options.input).catch(() => undefined);
  if (input?.isFile() && !isDumpPath(options.input)) {
    throw new UserError(`--input ${options.input} is not a folder of dumps or a .sql / .sql.gz dump`);
  }
  // A live database (--db) needs no dumps in the folder; a folder without it does.
  if (!input?.isFile() && options.db === undefined) await requireDumpFolder(options.input, `--input ${options.input}`);
  else if (!input)
    throw new UserError(
      `--input ${options.input}: no such folder or dump (paths are relative to the working folder, ${process.cwd()})`,
    );
  await checkProjectConfig(input?.isFile() ? dirname(options.input) : options.input);
  return {
    input: options.input,
    output: options.output,
    // Options given on the command line win over the input's config; the others are left to it.
    ...(options.baseUrl !== undefined ? { baseUrl: baseUrlOption(options.baseUrl) } : {}),
    ...(options.siteUrl !== undefined ? { siteUrl: normaliseSiteUrl(options.siteUrl) } : {}),
    ...(options.search === false ? { search: false } : {}),
    force: options.force === true,
    ...(options.jobs !== undefined ? { jobs: jobsOption(options.jobs) } : {}),
    database: databaseOptionsOf(options),
    // A dump file as input: Markdown pages from the pages/ folder beside it.
    ...(input?.isFile() ? { pagesDir: `${options.input.replace(/[^/\\]*$/, "")}pages` } : {}),
    progress: process.stderr.isTTY ? "bar" : "lines",
  };
}

/** --jobs checked: a whole number from 1. */
function jobsOption(jobs: string): number {
  if (!/^\d+$/.test(jobs) || Number(jobs) < 1) throw new UserError(`--jobs takes a whole number from 1, not ${jobs}`);
  return Number(jobs);
}

/** A config with a mistake is a usage error (exit 2), said before a single dump is read. */
async function checkProjectConfig(projectDir: string): Promise<void> {
  const problem = await projectConfigProblem(projectDir);
  if (problem) throw new UserError(problem);
}

/** What is wrong with the project's config in `projectDir` (file, line or key named), if anything. */
export async function projectConfigProblem(projectDir: string): Promise<string | undefined> {
  const { ConfigError, loadConfig } = await import("../config/load.ts");
  try {
    await loadConfig(projectDir);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
}

/** "https://example.org/" → "https://example.org": the origin absolute URLs start with. */
function normaliseSiteUrl(siteUrl: string): string {
  let url: URL;
  try {
    url = new URL(siteUrl);
  } catch {
    throw new UserError(`--site-url takes an address like https://example.org, not ${siteUrl}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UserError(`--site-url must be an http(s) address: ${siteUrl}`);
  }
  return url.origin;
}

/** A segment of a base URL: what a URL path may hold without escaping, and no "." or "..". */
const BASE_URL_SEGMENT = /^[A-Za-z0-9._~!$&'()*+,;=:@%-]+$/;

/** --base-url checked: a path ("/archive", "archive/" → "/archive/"), never a full address, and
 *  one that links can use as written (no spaces, "..", "?" or "#", no broken % escapes). */
export function baseUrlOption(baseUrl: string): string {
  if (/^[a-z]+:\/\//i.test(baseUrl)) {
    throw new UserError(`--base-url takes a path like /archive/, not a full address: ${baseUrl}`);
  }
  const normalised = normaliseBaseUrl(baseUrl);
  const segments = normalised.split("/").filter(Boolean);
  const bad = segments.find((s) => !BASE_URL_SEGMENT.test(s) || s === "." || s === ".." || !escapesOk(s));
  if (bad !== undefined) {
    throw new UserError(
      `--base-url ${JSON.stringify(baseUrl)} cannot be used in links (${JSON.stringify(bad)}): ` +
        `give the path the archive is served under, like /archive/ or /my-forum/old/, ` +
        `with letters, digits, "-", "_", "." or "~" between the slashes`,
    );
  }
  return normalised;
}

function escapesOk(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}
