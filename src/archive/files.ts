// Which files of an input folder are dumps: text dumps (*.txt) and saved HTML pages (*.html, *.htm,
// and wget's extension-less `showthread.php?t=123`) at any depth; the owner's pages/, templates/,
// assets/ and locales/ left out.
import { glob } from "tinyglobby";

export async function listDumpFiles(inputDir: string): Promise<string[]> {
  const files = await glob(["**/*.txt", "**/*.html", "**/*.htm", "**/*.HTML", "**/*.HTM", "**/*.php", "**/*.php[?]*"], { cwd: inputDir, ignore: ["pages/**", "templates/**", "assets/**", "locales/**", "**/node_modules/**"], absolute: false, dot: false });
  // Sorted, so nothing downstream depends on the file system's order.
  return files.sort().map((file) => `${inputDir.replace(/\/+$/, "")}/${file}`);
}

/** Why a file could not be read, in words ("cannot read: no such file"), the system's code after. */
export function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = { ENOENT: "no such file", EACCES: "permission denied", EISDIR: "it is a folder", EPERM: "not permitted" };
  return `cannot read: ${(code && words[code]) ?? (error as Error).message}${code ? ` (${code})` : ""}`;
}
