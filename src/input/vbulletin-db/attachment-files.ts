// Attachment bytes (`--attachments DIR`): as rows stream past, every file's bytes wait in a private
// temporary folder (a dump lists attachments before it is known which posts are published); after,
// only the attachments of published posts are copied out as `<attachment id>-<file name>`, and
// the temporary folder is removed. 3.8 keeps bytes in `attachment.filedata`, 4.x in `filedata`.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AttachmentRow } from "./board.ts";

export class AttachmentFiles {
  readonly #temp = mkdtempSync(join(tmpdir(), "forum-archive-attachments-"));

  constructor(private readonly dir: string) {}

  /** Keeps one row's bytes until `publish`. */
  hold(kind: "attachment" | "filedata", id: number, bytes: Buffer): void {
    writeFileSync(join(this.#temp, `${kind}-${id}`), bytes, { mode: 0o600 });
  }

  /** Copies the published attachments' files out; returns how many were written. */
  publish(attachments: readonly AttachmentRow[]): number {
    mkdirSync(this.dir, { recursive: true });
    let written = 0;
    for (const attachment of attachments) {
      const held =
        attachment.fileDataId !== undefined ? `filedata-${attachment.fileDataId}` : `attachment-${attachment.id}`;
      if (!existsSync(join(this.#temp, held))) continue;
      copyFileSync(join(this.#temp, held), join(this.dir, `${attachment.id}-${safeName(attachment.fileName)}`));
      written++;
    }
    return written;
  }

  close(): void {
    rmSync(this.#temp, { recursive: true, force: true });
  }
}

/** A file name that stays inside the folder: no separators, no leading dots, no control characters. */
export function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name
    .replace(/[/\\\u0000-\u001f:*?"<>|]+/g, "_")
    .replace(/^[.\s]+/, "")
    .slice(0, 120);
  return cleaned || "file";
}
