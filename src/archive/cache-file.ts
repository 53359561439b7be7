// Writing a cache's file into its folder, made only when a write finds it missing: a cache writes
// thousands of files into one folder, and a recursive mkdir before each cost as much as the writes
// (issue 15). A folder taken away during a build is made again the same way.
import { mkdirSync, writeFileSync } from "node:fs";

export function writeCacheFile(folder: string, path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(folder, { recursive: true });
    writeFileSync(path, bytes);
  }
}
