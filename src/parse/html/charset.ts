// Bytes of a saved HTML page into text: a byte order mark first, then the charset the page
// declares (<meta charset> or <meta http-equiv="Content-Type">, found by parsing the head),
// then the text dump's decoding (UTF-8 when valid, else chardet). ISO-8859-1 and ASCII are
// read as Windows-1252, as browsers do. Bytes that are valid UTF-8 with multi-byte characters win
// over a declared single-byte charset: a page re-saved as UTF-8 keeps its old <meta> (a warning says so).
import { load } from "cheerio";
import iconv from "iconv-lite";
import { decodeBytes, type DecodeProblem } from "../decode.ts";

export interface DecodedPage {
  text: string;
  encoding: string;
  /** How the encoding was chosen, and anything odd about it (line 0: the whole file), and each
   *  line with bytes that are not UTF-8 in a page read as UTF-8 (the dump rules' stray bytes). */
  problems: DecodeProblem[];
}

/** Browsers read these labels as Windows-1252. */
const LATIN1_LABELS = new Set([
  "iso-8859-1",
  "iso8859-1",
  "latin1",
  "latin-1",
  "l1",
  "us-ascii",
  "ascii",
  "cp819",
  "ibm819",
  "iso_8859-1",
  "windows-1252",
  "cp1252",
  "x-cp1252",
]);

/** Charsets of one byte a character: text in them is almost never valid UTF-8 with multi-byte sequences. */
const SINGLE_BYTE = /^(?:windows-125\d|cp125\d|iso-?8859-\d+|latin\d|koi8-[ru]|macintosh|mac-?roman|ibm\d+|cp\d{3})$/;

/** C1 control characters (U+0080–U+009F) in decoded text are Windows-1252 bytes once read as
 *  ISO-8859-1 and saved again ("imposed\u0097if" for "imposed—if"): read as browsers read the
 *  same bytes in a Windows-1252 page. They are never text of their own. */
export function withC1AsWindows1252(text: string): string {
  if (!/[\u0080-\u009f]/.test(text)) return text;
  return text.replace(/[\u0080-\u009f]/g, (char) => {
    const mapped = iconv.decode(Buffer.from([char.charCodeAt(0)]), "windows-1252");
    return mapped === "\ufffd" ? char : mapped;
  });
}

/** Valid UTF-8 holding at least one character beyond ASCII. */
function isMultiByteUtf8(bytes: Uint8Array): boolean {
  if (!bytes.some((byte) => byte >= 0x80)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The charset a page's head declares, read from the first 4 KB (as browsers' prescan does). */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString("latin1");
  const $ = load(head, { xml: { xmlMode: false, decodeEntities: true } });
  for (const meta of $("meta").toArray()) {
    const charset = meta.attribs.charset;
    if (charset) return charset.trim().toLowerCase();
    if ((meta.attribs["http-equiv"] ?? "").toLowerCase() === "content-type") {
      const content = meta.attribs.content ?? "";
      const value = content
        .split(";")
        .map((part) => part.trim())
        .find((part) => part.toLowerCase().startsWith("charset="));
      if (value) return value.slice("charset=".length).replace(/["']/g, "").trim().toLowerCase();
    }
  }
  return undefined;
}

export function decodeHtml(bytes: Uint8Array | string): DecodedPage {
  const decoded = decodeHtmlBytes(bytes);
  return { ...decoded, text: withC1AsWindows1252(decoded.text) };
}

function decodeHtmlBytes(bytes: Uint8Array | string): DecodedPage {
  if (typeof bytes === "string") return { text: bytes.replace(/^\uFEFF/, ""), encoding: "utf-8", problems: [] };
  const problems: DecodeProblem[] = [];
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8", problems };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const encoding = bytes[0] === 0xff ? "utf-16le" : "utf-16be";
    return { text: iconv.decode(Buffer.from(bytes.subarray(2)), encoding), encoding, problems };
  }
  const declared = declaredCharset(bytes);
  if (declared) {
    const name = LATIN1_LABELS.has(declared) ? "windows-1252" : declared;
    if (name === "utf-8" || name === "utf8") {
      try {
        return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8", problems };
      } catch {
        const { strayBytes, ...fallback } = decodeBytes(bytes);
        problems.push(
          {
            line: 0,
            message: `the page declares UTF-8 but is not valid UTF-8; read as ${fallback.encoding} (detected)`,
          },
          ...(strayBytes ?? []),
        );
        return { ...fallback, problems };
      }
    }
    if (SINGLE_BYTE.test(name) && isMultiByteUtf8(bytes)) {
      const message = `the page declares the charset "${declared}" but its bytes are UTF-8; read as UTF-8`;
      problems.push({ line: 0, message });
      return { text: new TextDecoder("utf-8").decode(bytes), encoding: "utf-8", problems };
    }
    if (iconv.encodingExists(name)) return { text: iconv.decode(Buffer.from(bytes), name), encoding: name, problems };
    problems.push({
      line: 0,
      message: `the page declares the charset "${declared}", which is not known; the encoding was detected instead`,
    });
  }
  // A page that is UTF-8 but for a few stray bytes (pasted from a Windows-1252 page) is read as
  // UTF-8, and each line holding such a byte is named in a warning, as for dumps.
  const { strayBytes, ...detected } = decodeBytes(bytes);
  return { ...detected, problems: [...problems, ...(strayBytes ?? [])] };
}
