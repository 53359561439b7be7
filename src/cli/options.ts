// What the commands share: the user-facing error, the default input, inputs expanded to dump
// files, and the checked options of the site commands (build, serve).
import { stat } from "node:fs/promises";
import { listDumpFiles } from "../archive/files.ts";
import type { BuildOptions } from "../build/index.ts";
import type { Warning } from "../model.ts";
import { normaliseBaseUrl } from "../site/paths.ts";

export const DEFAULT_INPUT = "seeds";

/** A mistake of the user's (a bad option, a missing folder): its message is printed, without a stack. */
export class UserError extends Error {}

export function formatWarning(warning: Warning): string {
  return `${warning.file}:${warning.line}: ${warning.message}`;
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

export interface SiteCommandOptions {
  input: string;
  output: string;
  baseUrl: string;
  siteUrl?: string;
  search: boolean;
}

/** The build options the site commands share, checked. */
export async function buildOptionsOf(options: SiteCommandOptions): Promise<BuildOptions> {
  const input = await stat(options.input).catch(() => undefined);
  if (!input?.isDirectory()) throw new UserError(`--input ${options.input} is not a folder of dumps`);
  return {
    input: options.input,
    output: options.output,
    baseUrl: baseUrlOption(options.baseUrl),
    ...(options.siteUrl !== undefined ? { siteUrl: normaliseSiteUrl(options.siteUrl) } : {}),
    search: options.search,
    progress: process.stderr.isTTY ? "bar" : "lines",
  };
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
