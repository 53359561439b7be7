// Reads an input folder into an Archive. Placeholder: filled by the parser work.
import type { Archive } from "../model.ts";

export interface LoadProgress {
  done: number;
  total: number;
  file: string;
}

export async function loadArchive(
  inputDir: string,
  onProgress?: (progress: LoadProgress) => void,
): Promise<Archive> {
  void inputDir;
  void onProgress;
  return { threads: [], forums: [], authors: [], warnings: [], failures: [] };
}
