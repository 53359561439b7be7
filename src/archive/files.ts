// Which files of an input folder are dumps: text dumps (*.txt) and saved HTML pages (*.html, *.htm,
// and wget's extension-less `showthread.php?t=123`) at any depth; the owner's pages/, templates/,
// assets/ and locales/ left out, and so is a site built into the project (`--output dist` inside it).
import { basename, dirname } from "node:path";
import { glob } from "tinyglobby";

/** The manifest every build writes into its output (output/manifest.ts): a folder holding one is a
 *  built archive, never dumps. */
export const BUILT_SITE_MARKER = ".forum-archive-files";
const DUMP_PATTERNS = ["**/*.txt", "**/*.html", "**/*.htm", "**/*.HTML", "**/*.HTM", "**/*.php", "**/*.php[?]*"];
const NOT_DUMPS = ["pages/**", "templates/**", "assets/**", "locales/**", "**/node_modules/**"];

export async function listDumpFiles(inputDir: string): Promise<string[]> {
  const files = await filesOutsideBuiltSites(inputDir, DUMP_PATTERNS, NOT_DUMPS);
  return files.map((file) => `${inputDir.replace(/\/+$/, "")}/${file}`);
}

/** The files under `dir` matching `patterns`, relative and sorted (nothing downstream may depend on
 *  the file system's order): hidden files and folders, node_modules, `ignore`, and every folder
 *  holding a build's manifest (a site built into the input) left out. One walk of the tree: the
 *  manifests are found by the same glob, the only hidden files it looks at. */
export async function filesOutsideBuiltSites(
  dir: string,
  patterns: string[],
  ignore: string[] = [],
): Promise<string[]> {
  const found = await glob([...patterns, `**/${BUILT_SITE_MARKER}`], {
    cwd: dir,
    ignore: [...ignore, "**/node_modules/**", "**/.*/**"],
    dot: true,
  });
  const sites = found.filter((file) => basename(file) === BUILT_SITE_MARKER).map((marker) => dirname(marker));
  const inSite = (file: string) => sites.some((site) => site === "." || file.startsWith(`${site}/`));
  const hidden = (file: string) => file.split("/").some((part) => part.startsWith("."));
  return found.filter((file) => !hidden(file) && !inSite(file)).sort();
}

/** Why a file could not be read, in words ("cannot read: no such file"), the system's code after. */
export function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: "no such file",
    EACCES: "permission denied",
    EISDIR: "it is a folder",
    EPERM: "not permitted",
  };
  return `cannot read: ${(code && words[code]) ?? (error as Error).message}${code ? ` (${code})` : ""}`;
}
