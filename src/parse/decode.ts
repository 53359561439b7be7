// Bytes of a dump into text and front matter: UTF-8 (with or without BOM) when the bytes
// are valid UTF-8; UTF-8 with a few stray bytes (text pasted from a Windows-1252 page) read
// as UTF-8 with those bytes as Windows-1252, each line that has them named in a warning;
// else the charset chardet detects (Windows-1252 for Latin-1 guesses, since saved pages
// label Windows-1252 as ISO-8859-1), decoded by iconv-lite.
import chardet from "chardet";
import matter from "gray-matter";
import iconv from "iconv-lite";

export interface FrontMatter {
  /** The original page's address. */
  url?: string;
  /** Capture date, YYYY-MM-DD: what "Today" and "Yesterday" mean. */
  captured?: string;
  /** "GMT -7": the zone when the footer does not say it. */
  timezone?: string;
  title?: string;
  forum?: string;
}

export interface DecodedDump {
  text: string;
  encoding: string;
  frontMatter: FrontMatter;
  /** Lines the front matter took, so dump line numbers stay those of the file. */
  lineOffset: number;
  /** What could not be read as written, by line of the file. */
  problems: DecodeProblem[];
}

export interface DecodeProblem {
  line: number;
  message: string;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export function decodeBytes(bytes: Uint8Array | string): {
  text: string;
  encoding: string;
  strayBytes?: DecodeProblem[];
} {
  if (typeof bytes === "string") return { text: bytes.replace(/^\uFEFF/, ""), encoding: "utf-8" };
  try {
    return { text: strictUtf8.decode(bytes).replace(/^\uFEFF/, ""), encoding: "utf-8" };
  } catch {
    const mixed = decodeMostlyUtf8(bytes);
    if (mixed) return { text: mixed.text.replace(/^\uFEFF/, ""), encoding: "utf-8", strayBytes: mixed.problems };
    const detected = chardet.detect(bytes) ?? "windows-1252";
    // ISO-8859-1 pages are almost always Windows-1252 in practice (curly quotes, €).
    const encoding = /^(ISO-8859-1|ASCII|UTF-8)$/i.test(detected) ? "windows-1252" : detected;
    const name = iconv.encodingExists(encoding) ? encoding : "windows-1252";
    return { text: iconv.decode(Buffer.from(bytes), name), encoding: name.toLowerCase() };
  }
}

/** Decodes the bytes and splits off YAML front matter (gray-matter) when the file opens with `---`. */
export function decodeDump(bytes: Uint8Array | string): DecodedDump {
  const { text, encoding, strayBytes } = decodeBytes(bytes);
  const problems: DecodeProblem[] = [...(strayBytes ?? [])];
  const frontMatter: FrontMatter = {};
  if (!/^---\r?\n/.test(text)) return { text, encoding, frontMatter, lineOffset: 0, problems };
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Passing options turns gray-matter's cache off; it would keep every dump alive in memory.
    parsed = matter(text, {});
  } catch (error) {
    problems.push({
      line: 1,
      message: `front matter is not valid YAML (${(error as Error).message.split("\n")[0]}); read as dump text`,
    });
    return { text, encoding, frontMatter, lineOffset: 0, problems };
  }
  const data = parsed.data as Record<string, unknown>;
  for (const key of ["url", "captured", "timezone", "title", "forum"] as const) {
    const value = data[key];
    if (value === undefined || value === null) continue;
    // YAML reads 2009-05-09 as a Date: keep the calendar day it names.
    frontMatter[key] = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  }
  for (const key of Object.keys(data)) {
    // Kept in the warning with its value: nothing of the file is lost.
    if (!["url", "captured", "timezone", "title", "forum"].includes(key))
      problems.push({ line: 1, message: `front matter "${key}: ${yamlText(data[key])}" is not used` });
  }
  const lineOffset =
    text.length - parsed.content.length === 0 ? 0 : countLines(text.slice(0, text.length - parsed.content.length));
  return { text: parsed.content, encoding, frontMatter, lineOffset, problems };
}

/** A front matter value as the archivist wrote it, near enough: dates as YYYY-MM-DD, strings bare. */
function yamlText(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === "string" ? value : JSON.stringify(value);
}

function countLines(text: string): number {
  return text.split(/\r\n|\r|\n/).length - 1;
}

/** Length of the valid UTF-8 sequence at `at` with a lead byte over 0x7F (the WHATWG ranges), or 0. */
function utf8SequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at]!;
  const cont = (offset: number, low = 0x80, high = 0xbf) => {
    const byte = bytes[at + offset];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return cont(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, low, high) && cont(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const [low, high] = lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, low, high) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

const lenientUtf8 = new TextDecoder("utf-8");

/** UTF-8 with stray bytes: read as UTF-8 when its multi-byte sequences outnumber the bytes that
 *  are not UTF-8 (a Windows-1252 file has hardly any of the former). Each stray byte is read as
 *  Windows-1252 (U+FFFD for the five bytes that encoding leaves undefined) and named, with its
 *  line, in a warning. Undefined when the bytes do not look like UTF-8. */
function decodeMostlyUtf8(bytes: Uint8Array): { text: string; problems: DecodeProblem[] } | undefined {
  let sequences = 0;
  const stray: number[] = [];
  for (let at = 0; at < bytes.length; at++) {
    if (bytes[at]! < 0x80) continue;
    const length = utf8SequenceLength(bytes, at);
    if (length === 0) stray.push(at);
    else {
      sequences++;
      at += length - 1;
    }
  }
  if (sequences === 0 || stray.length > sequences) return undefined;
  const parts: string[] = [];
  const byLine = new Map<number, string[]>();
  let from = 0;
  let line = 1;
  let counted = 0;
  for (const at of stray) {
    for (; counted < at; counted++) {
      const byte = bytes[counted]!;
      if (byte === 0x0a || (byte === 0x0d && bytes[counted + 1] !== 0x0a)) line++;
    }
    parts.push(lenientUtf8.decode(bytes.subarray(from, at)));
    const char = iconv.decode(Buffer.from([bytes[at]!]), "windows-1252");
    parts.push(char);
    from = at + 1;
    const hex = `0x${bytes[at]!.toString(16).toUpperCase().padStart(2, "0")}`;
    const read = byLine.get(line) ?? [];
    read.push(`${hex} as ${JSON.stringify(char)}`);
    byLine.set(line, read);
  }
  parts.push(lenientUtf8.decode(bytes.subarray(from)));
  const problems = [...byLine].map(([where, read]) => ({
    line: where,
    message: `not UTF-8: ${read.length === 1 ? "byte" : "bytes"} ${read.join(", ")} (read as Windows-1252)`,
  }));
  return { text: parts.join(""), problems };
}
