// What the commands share: inputs expanded to dump files, warnings as lines, and the checked
// options of the site commands (build, serve).
import { stat } from "node:fs/promises";
import { listDumpFiles } from "../archive/files.ts";
import type { BuildOptions } from "../build/index.ts";
import { warningLine } from "../archive/report.ts";
import type { Warning } from "../model.ts";
import { databaseOptionsOf, type DatabaseCliOptions, isDumpPath } from "../input/vbulletin-db/cli-options.ts";
import { normaliseBaseUrl } from "../site/paths.ts";
import { DEFAULT_INPUT, UserError } from "./common.ts";

export { DEFAULT_INPUT, UserError };

export function formatWarning(warning: Warning): string {
  return warningLine(warning);
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
  if (!input?.isDirectory() && !(input?.isFile() && isDumpPath(options.input))) {
    throw new UserError(`--input ${options.input} is not a folder of dumps or a .sql / .sql.gz dump`);
  }
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

/** --base-url checked: a path ("/archive", "archive/" → "/archive/"), never a full address. */
function baseUrlOption(baseUrl: string): string {
  if (/^[a-z]+:\/\//i.test(baseUrl)) {
    throw new UserError(`--base-url takes a path like /archive/, not a full address: ${baseUrl}`);
  }
  return normaliseBaseUrl(baseUrl);
}
