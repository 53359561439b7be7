// Attachment files (--attachments): the bytes of a board's attachments, from the database (3.8
// `attachment.filedata`, 4.x `filedata.filedata`) or from vBulletin's attachment folder on disk (its
// "attachments as files" setting: `<folder>/<user id>/<id>.attach`, the user id split into one folder
// per digit since 3.5). Bytes read from a database wait in a private temporary folder while the rows
// stream past (which posts are published is known only at the end); then each published post's files
// get their address in the site and, for images, their size in pixels. The build copies the bytes of
// the files its posts name (AttachmentBytes); `close` removes the temporary folder.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { imageSize } from "image-size";
import type { AttachedFile, AttachmentBytes } from "../../model.ts";
import { slug } from "../../slug.ts";
import type { AttachmentRow } from "./board.ts";

/** The site folder attachments go under, beside the pages: `/attachments/<site>/<id>/<name>`. */
export const ATTACHMENTS_FOLDER = "attachments";

/** Image types shown in a page, each with the file name extensions that may carry it. SVG never is:
 *  it can hold script. */
const SHOWN_IMAGES: Readonly<Record<string, readonly string[]>> = {
  png: ["png"],
  jpg: ["jpg", "jpeg", "jpe", "jfif"],
  gif: ["gif"],
  webp: ["webp"],
};

/** Extensions a browser would open as a document that runs script (served from the site's own
 *  origin), or a web server would run or read as its configuration (PHP on Apache, ASP on IIS, CGI):
 *  such a file is written with ".txt" added, so hosts serve it as plain text. */
const RUNNABLE_EXTENSIONS = new Set(
  [
    ["htm", "html", "shtm", "shtml", "stm", "xht", "xhtml", "mht", "mhtml", "hta", "svg", "svgz", "xml", "xsl"],
    ["xslt", "js", "mjs", "swf", "php", "php3", "php4", "php5", "php7", "php8", "phtml", "pht", "phar"],
    ["asp", "aspx", "ashx", "asmx", "axd", "cer", "jsp", "jspx", "cgi", "fcgi", "pl", "py", "rb", "sh"],
    ["htaccess", "config"],
  ].flat(),
);

export interface AttachmentFilesOptions {
  /** vBulletin's attachment folder, for boards that kept attachments as files. */
  folder?: string;
}

/** Temporary folders of bytes not yet let go: Ctrl+C ends the process with process.exit, and they go with it. */
const heldFolders = new Set<string>();
function removeHeldFolders(): void {
  for (const folder of heldFolders) rmSync(folder, { recursive: true, force: true });
}

export class AttachmentFiles implements AttachmentBytes {
  readonly #temp = mkdtempSync(join(tmpdir(), "forum-archive-attachments-"));
  /** Site address → the file holding its bytes. */
  readonly #files = new Map<string, string>();
  /** Published attachments whose bytes were found nowhere, by id. */
  readonly missing: string[] = [];

  constructor(private readonly options: AttachmentFilesOptions = {}) {
    heldFolders.add(this.#temp);
    if (heldFolders.size === 1) process.once("exit", removeHeldFolders);
  }

  /** Keeps one row's bytes until the board's threads are made. */
  hold(kind: "attachment" | "filedata", id: number, bytes: Buffer): void {
    // A board that kept its files on disk leaves the column empty: the folder is asked then.
    if (bytes.length === 0) return;
    writeFileSync(join(this.#temp, `${kind}-${id}`), bytes, { mode: 0o600 });
  }

  /** Files written into the site so far. */
  get count(): number {
    return this.#files.size;
  }

  /** A published attachment: its address in the site (when its bytes are found) and, for an image
   *  by name and content, its size in pixels. */
  place(row: AttachmentRow, siteFolder: string, fileUser: number | undefined): Pick<AttachedFile, "url" | "image"> {
    const source = this.#sourceOf(row, fileUser);
    if (source === undefined) {
      this.missing.push(String(row.id));
      return {};
    }
    // Only a file whose name says image is read whole to tell (a video need not be).
    const image = isImageName(row.fileName) ? imageOf(readFileSync(source), row.fileName) : undefined;
    const url = `/${ATTACHMENTS_FOLDER}/${siteFolder}/${row.id}/${writtenName(row.fileName)}`;
    this.#files.set(url, source);
    return { url, ...(image ? { image } : {}) };
  }

  async read(url: string): Promise<Uint8Array | undefined> {
    const file = this.#files.get(url);
    return file === undefined ? undefined : await readFile(file);
  }

  async close(): Promise<void> {
    rmSync(this.#temp, { recursive: true, force: true });
    heldFolders.delete(this.#temp);
    if (heldFolders.size === 0) process.off("exit", removeHeldFolders);
  }

  /** The held bytes of the row, else its file in the attachment folder (either layout). */
  #sourceOf(row: AttachmentRow, fileUser: number | undefined): string | undefined {
    const held = join(this.#temp, row.fileDataId !== undefined ? `filedata-${row.fileDataId}` : `attachment-${row.id}`);
    if (existsSync(held)) return held;
    const folder = this.options.folder;
    const user = row.fileDataId !== undefined ? fileUser : row.userId;
    if (folder === undefined || user === undefined) return undefined;
    const name = `${row.fileDataId ?? row.id}.attach`;
    for (const userPath of [String(user).split("").join("/"), String(user)]) {
      const file = join(folder, userPath, name);
      if (statSync(file, { throwIfNoEntry: false })?.isFile()) return file;
    }
    return undefined;
  }
}

/** The size in pixels of an image shown in pages: PNG, JPEG, GIF or WebP by its content, with a
 *  name that says the same type; undefined for anything else (SVG, a damaged image, a mismatch). */
export function imageOf(bytes: Uint8Array, fileName: string): { width: number; height: number } | undefined {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    return undefined;
  }
  const extensions = size.type ? SHOWN_IMAGES[size.type] : undefined;
  if (!extensions?.includes(extensionOf(fileName)) || !size.width || !size.height) return undefined;
  // JPEG orientations 5 to 8 turn the picture a quarter: browsers show it with width and height swapped.
  const turned = (size.orientation ?? 1) >= 5;
  return turned ? { width: size.height, height: size.width } : { width: size.width, height: size.height };
}

const isImageName = (fileName: string) =>
  Object.values(SHOWN_IMAGES).some((extensions) => extensions.includes(extensionOf(fileName)));

/** The name a file is written under: a slug of its name (ASCII, no separators, dots or control
 *  characters, at most 80 characters) and its extension in lower case; ".txt" added to a type a
 *  browser or a web server would run. */
export function writtenName(fileName: string): string {
  const extension = extensionOf(fileName);
  const base = extension ? fileName.replace(EXTENSION, "") : fileName;
  const name = `${slug(base, 80) || "file"}${extension ? `.${extension}` : ""}`;
  return RUNNABLE_EXTENSIONS.has(extension) ? `${name}.txt` : name;
}

/** The extension of a file name in lower case, when it is a plain one ("png"); else "". */
const EXTENSION = /\.([A-Za-z0-9]{1,10})\s*$/;
function extensionOf(fileName: string): string {
  const match = EXTENSION.exec(fileName);
  return match ? match[1]!.toLowerCase() : "";
}

/** One AttachmentBytes over several boards' (several dump files). */
export function joinedBytes(stores: readonly AttachmentBytes[]): AttachmentBytes | undefined {
  if (stores.length <= 1) return stores[0];
  return {
    read: async (url) => {
      for (const store of stores) {
        const bytes = await store.read(url);
        if (bytes) return bytes;
      }
      return undefined;
    },
    close: async () => {
      for (const store of stores) await store.close();
    },
  };
}
