// Which files of an input folder are dumps: text dumps (*.txt) and saved HTML pages (*.html, *.htm,
// and wget's extension-less `showthread.php?t=123`) at any depth; the owner's pages/, templates/,
// assets/ and locales/ left out, and so is a site built into the project (`--output dist` inside it).
import { dirname } from "node:path";
import { glob } from "tinyglobby";

/** The manifest every build writes into its output (output/manifest.ts): a folder holding one is a
 *  built archive, never dumps. */
export const BUILT_SITE_MARKER = ".forum-archive-files";
const DUMP_PATTERNS = ["**/*.txt", "**/*.html", "**/*.htm", "**/*.HTML", "**/*.HTM", "**/*.php", "**/*.php[?]*"];
const NOT_DUMPS = ["pages/**", "templates/**", "assets/**", "locales/**", "**/node_modules/**"];

export async function listDumpFiles(inputDir: string): Promise<string[]> {
  const sites = await glob([`**/${BUILT_SITE_MARKER}`], { cwd: inputDir, ignore: ["**/node_modules/**"], dot: true });
  const builtSites = sites.map((marker) => (dirname(marker) === "." ? "**" : `${dirname(marker)}/**`));
  const ignore = [...NOT_DUMPS, ...builtSites];
  const files = await glob(DUMP_PATTERNS, { cwd: inputDir, ignore, absolute: false, dot: false });
  // Sorted, so nothing downstream depends on the file system's order.
  return files.sort().map((file) => `${inputDir.replace(/\/+$/, "")}/${file}`);
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
