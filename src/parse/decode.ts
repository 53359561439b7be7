// Bytes of a dump into text and front matter: UTF-8 (with or without BOM) when the bytes
// are valid UTF-8, else the charset chardet detects (Windows-1252 for Latin-1 guesses,
// since saved pages label Windows-1252 as ISO-8859-1), decoded by iconv-lite.
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
  problems: string[];
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export function decodeBytes(bytes: Uint8Array | string): { text: string; encoding: string } {
  if (typeof bytes === "string") return { text: bytes.replace(/^\uFEFF/, ""), encoding: "utf-8" };
  try {
    return { text: strictUtf8.decode(bytes).replace(/^\uFEFF/, ""), encoding: "utf-8" };
  } catch {
    const detected = chardet.detect(bytes) ?? "windows-1252";
    // ISO-8859-1 pages are almost always Windows-1252 in practice (curly quotes, €).
    const encoding = /^(ISO-8859-1|ASCII|UTF-8)$/i.test(detected) ? "windows-1252" : detected;
    const name = iconv.encodingExists(encoding) ? encoding : "windows-1252";
    return { text: iconv.decode(Buffer.from(bytes), name), encoding: name.toLowerCase() };
  }
}

/** Decodes the bytes and splits off YAML front matter (gray-matter) when the file opens with `---`. */
export function decodeDump(bytes: Uint8Array | string): DecodedDump {
  const { text, encoding } = decodeBytes(bytes);
  const problems: string[] = [];
  const frontMatter: FrontMatter = {};
  if (!/^---\r?\n/.test(text)) return { text, encoding, frontMatter, lineOffset: 0, problems };
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Passing options turns gray-matter's cache off; it would keep every dump alive in memory.
    parsed = matter(text, {});
  } catch (error) {
    problems.push(`front matter is not valid YAML (${(error as Error).message.split("\n")[0]}); read as dump text`);
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
    if (!["url", "captured", "timezone", "title", "forum"].includes(key)) problems.push(`front matter "${key}: ${yamlText(data[key])}" is not used`);
  }
  const lineOffset = text.length - parsed.content.length === 0 ? 0 : countLines(text.slice(0, text.length - parsed.content.length));
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
