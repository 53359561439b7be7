// A cache's files: written into their folder, made only when a write finds it missing (a cache writes
// thousands of files into one folder, and a recursive mkdir before each cost as much as the writes;
// issue 15; a folder taken away during a build is made again the same way), and checked files, whose
// first line is a checksum of the payload after it, so a damaged file is told and never trusted.
import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeFileSync, writevSync } from "node:fs";
import { crc32 } from "node:zlib";

/** Bytes to write: one piece, or pieces written one after another (with no copy made to join them: a
 *  clean build writes ~280 MB of cache files, issue 15). */
export type FileBytes = Uint8Array | readonly Uint8Array[];

export function writeCacheFile(folder: string, path: string, bytes: FileBytes): void {
  try {
    writeWhole(path, bytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(folder, { recursive: true });
    writeWhole(path, bytes);
  }
}

function writeWhole(path: string, bytes: FileBytes): void {
  if (!Array.isArray(bytes)) {
    writeFileSync(path, bytes as Uint8Array);
    return;
  }
  const pieces = bytes as readonly Uint8Array[];
  const fd = openSync(path, "w");
  try {
    // libuv writes every piece, however many writes it takes; fewer bytes would be a file cut short.
    const written = writevSync(fd, pieces as Uint8Array[]);
    if (written !== pieces.reduce((sum, piece) => sum + piece.byteLength, 0)) throw new Error(`short write: ${path}`);
  } finally {
    closeSync(fd);
  }
}

/** A checked file's checksum of its payload (it tells a damaged file: not a security boundary): its
 *  CRC-32, in hex. A rebuild checks ~200 MB of cache files at 10,000 threads (issue 15); zlib's CRC-32
 *  takes about half the CPU of the SHA-1 it replaced, and tells any burst of errors up to 32 bits. */
export const checksumOf = (payload: string | Uint8Array): string => checksumText(crc32(payload));

/** The checksum of a payload in any number of pieces, one after the other (checksumOf of them joined). An
 *  empty piece is left out: zlib's crc32 given no bytes may return its initial value, 0, not the running
 *  CRC it was handed (Node 20 passes a null pointer for an empty buffer). */
export function checksumOfAll(pieces: readonly Uint8Array[]): string {
  let crc: number | undefined;
  for (const piece of pieces) if (piece.length > 0) crc = crc === undefined ? crc32(piece) : crc32(piece, crc);
  return crc === undefined ? checksumOf(new Uint8Array(0)) : checksumText(crc);
}

const checksumText = (crc: number): string => crc.toString(16).padStart(8, "0");

/** Writes `payload` as a checked file at `path`, whole or not at all: into `temporary` (the caller's,
 *  one per writer, as two builds may write the same cache at once), then renamed. Only a cache: a
 *  failed write leaves no file behind and is no error. */
export function writeCheckedFile(folder: string, path: string, temporary: string, payload: FileBytes): void {
  try {
    const pieces = Array.isArray(payload) ? (payload as readonly Uint8Array[]) : [payload as Uint8Array];
    writeCacheFile(folder, temporary, [Buffer.from(`${checksumOfAll(pieces)}\n`), ...pieces]);
    renameSync(temporary, path);
  } catch {
    rmSync(temporary, { force: true });
  }
}

/** The payload of a checked file's bytes, or undefined when its checksum does not hold. The checksum is
 *  taken over the payload's bytes as read: nothing is decoded and encoded again to be hashed (issue 15). */
export function checkedPayloadOf(file: Buffer): Buffer | undefined {
  const newline = file.indexOf(10);
  if (newline <= 0) return undefined;
  const payload = file.subarray(newline + 1);
  return file.toString("latin1", 0, newline) === checksumOf(payload) ? payload : undefined;
}

/** A cache file's start, read up to its first lines' ends (see readFirstLines). */
export interface FirstLines {
  /** The Buffer read into: the one given, or a larger one when the lines did not fit in it. */
  bytes: Buffer;
  /** How many bytes of the file it holds. */
  length: number;
  /** Where each line ends (the newline's place). */
  ends: number[];
}

/** The start of the open file `fd`, read into `into` until `lines` newlines are met, the Buffer grown fourfold
 *  while they are not: a cache file's checksum and header lines, without reading the file whole (issue 15).
 *  Undefined when the file ends before its last wanted line does. */
export function readFirstLines(fd: number, lines: number, into: Buffer): FirstLines | undefined {
  let bytes = into;
  let length = 0;
  const ends: number[] = [];
  for (;;) {
    if (length === bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(1024, bytes.length * 4));
      bytes.copy(grown, 0, 0, length);
      bytes = grown;
    }
    const read = readSync(fd, bytes, length, bytes.length - length, length);
    if (read === 0) return undefined;
    const view = bytes.subarray(0, length + read);
    for (let at = view.indexOf(10, length); at >= 0 && ends.length < lines; at = view.indexOf(10, at + 1)) {
      ends.push(at);
    }
    length += read;
    if (ends.length === lines) return { bytes, length, ends };
  }
}
