// What `forum-archive similar [DIR] --json` prints: every thread with its computed similar threads.
import type { Archive } from "../model.ts";

export interface SimilarReportEntry {
  id: string;
  url: string;
  title: string;
  source: { files: string[] };
  similar: { id: string; url: string; score: number }[];
}

/** One entry per thread, in the archive's order; `similar` best first as computed. */
export function similarReport(archive: Archive): SimilarReportEntry[] {
  return archive.threads.map((thread) => ({
    id: thread.id,
    url: thread.url,
    title: thread.title,
    source: { files: [...thread.source.files] },
    similar: (thread.similar ?? []).map(({ id, url, score }) => ({ id, url, score })),
  }));
}
