// mysqldump statements from the tokenizer's tokens: CREATE TABLE gives each table's columns,
// types and charsets; SET NAMES the charset the dump's strings are written in; each row of an
// extended INSERT is handed to the sink as soon as its closing parenthesis is read, so rows are
// never gathered per statement. Columns the sink does not ask for are scanned and dropped.
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import iconv from "iconv-lite";
import {
  isNumberByte,
  isWordByte,
  SqlSyntaxError,
  SqlTokenizer,
  type TokenKind,
  type TokenSink,
} from "./sql-tokens.ts";

/** A value of a row: text (decoded), bytes (binary columns, _binary, hex), a number, or NULL. */
export type SqlValue = string | number | Buffer | null;

export interface Column {
  name: string;
  /** The type's name in lower case: "int", "mediumtext", "blob". */
  type: string;
  /** The column's own charset, else the table's. */
  charset: string;
  binary: boolean;
}

export interface TableShape {
  name: string;
  columns: Column[];
  charset: string;
}

export interface RowSink {
  /** A table's CREATE TABLE was read. */
  created?(table: TableShape): void;
  /** For each column of the table, whether its values are wanted; undefined skips the table's rows. */
  wanted(table: TableShape): boolean[] | undefined;
  /** One row: wanted columns hold values, the others undefined. */
  row(table: TableShape, values: (SqlValue | undefined)[], line: number): void;
}

interface Token {
  kind: TokenKind;
  text: string;
  bytes?: Buffer;
}

enum Mode {
  Start,
  InsertHead,
  Rows,
  Other,
}

/** Tokens kept of a statement that is no INSERT (CREATE TABLE, SET, LOCK TABLES): enough for any CREATE TABLE. */
const MAX_STATEMENT_TOKENS = 200_000;
const KEY_WORDS = new Set([
  "PRIMARY",
  "KEY",
  "UNIQUE",
  "INDEX",
  "CONSTRAINT",
  "FULLTEXT",
  "SPATIAL",
  "CHECK",
  "FOREIGN",
  "PERIOD",
]);
const BINARY_TYPES = new Set(["blob", "tinyblob", "mediumblob", "longblob", "binary", "varbinary"]);

export class DumpReader implements TokenSink {
  readonly tables = new Map<string, TableShape>();
  /** The charset of the dump's strings (SET NAMES); mysqldump's default is utf8. */
  connectionCharset = "utf8";
  #mode = Mode.Start;
  #tokens: Token[] = [];
  #statementLine = 1;
  #table: TableShape | undefined;
  /** Per value position of the INSERT: its column index in the table. */
  #positions: number[] = [];
  #wanted: boolean[] | undefined;
  #depth = 0;
  #values: (SqlValue | undefined)[] = [];
  #column = 0;
  #introducer: string | undefined;
  #negative = false;
  #rowLine = 1;

  constructor(
    private readonly sink: RowSink,
    private readonly file: string,
  ) {}

  wantBytes(): boolean {
    if (this.#mode !== Mode.Rows) return true;
    if (!this.#wanted) return false;
    const column = this.#positions[this.#column];
    return column !== undefined && this.#wanted[column] === true;
  }

  token(kind: TokenKind, text: string, bytes: Buffer | undefined, line: number): void {
    if (kind === "end") {
      if (this.#mode !== Mode.Start && (this.#mode !== Mode.Other || this.#tokens.length > 0)) {
        throw new SqlSyntaxError(
          `the dump ends inside the statement that starts on line ${this.#statementLine}`,
          this.#statementLine,
        );
      }
      return;
    }
    if (this.#mode === Mode.Rows) return this.#rowToken(kind, text, bytes, line);
    if (kind === "punct" && text === ";") return this.#endStatement();
    if (this.#mode === Mode.Start) {
      this.#statementLine = line;
      const word = kind === "word" ? text.toUpperCase() : "";
      this.#mode = word === "INSERT" || word === "REPLACE" ? Mode.InsertHead : Mode.Other;
    }
    if (this.#tokens.length < MAX_STATEMENT_TOKENS) this.#tokens.push(bytes ? { kind, text, bytes } : { kind, text });
    if (this.#mode === Mode.InsertHead && kind === "word" && text.toUpperCase() === "VALUES") this.#startRows();
  }

  #endStatement(): void {
    const tokens = this.#tokens;
    this.#tokens = [];
    this.#mode = Mode.Start;
    if (tokens.length === 0) return;
    const words = tokens.map((token) => (token.kind === "word" ? token.text.toUpperCase() : token.text));
    if (words[0] === "CREATE" && words.includes("TABLE")) this.#createTable(tokens);
    else if (words[0] === "SET" && words[1] === "NAMES" && tokens[2]) {
      this.connectionCharset = (tokens[2].bytes?.toString("latin1") ?? tokens[2].text).toLowerCase();
    }
  }

  #createTable(tokens: Token[]): void {
    const open = tokens.findIndex((token) => token.kind === "punct" && token.text === "(");
    const name = tokens.slice(0, open).findLast((token) => token.kind === "ident" || token.kind === "word")?.text;
    if (open < 0 || name === undefined) return;
    const items: Token[][] = [[]];
    let depth = 1;
    let close = tokens.length;
    for (let i = open + 1; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.kind === "punct" && token.text === "(") depth++;
      if (token.kind === "punct" && token.text === ")" && --depth === 0) {
        close = i;
        break;
      }
      if (depth === 1 && token.kind === "punct" && token.text === ",") items.push([]);
      else items.at(-1)!.push(token);
    }
    const charset = charsetAfter(tokens.slice(close + 1)) ?? "utf8";
    const columns = items
      .filter(
        (item) => item[0]?.kind === "ident" || (item[0]?.kind === "word" && !KEY_WORDS.has(item[0].text.toUpperCase())),
      )
      .map((item): Column => {
        const type = (item[1]?.text ?? "").toLowerCase();
        return {
          name: item[0]!.text,
          type,
          charset: charsetAfter(item.slice(2)) ?? charset,
          binary: BINARY_TYPES.has(type),
        };
      });
    const table = { name, columns, charset };
    this.tables.set(name, table);
    this.sink.created?.(table);
  }

  #startRows(): void {
    const head = this.#tokens;
    this.#tokens = [];
    const intoAt = head.findIndex((token) => token.kind === "word" && token.text.toUpperCase() === "INTO");
    const nameToken = head.slice(intoAt + 1).find((token) => token.kind === "ident" || token.kind === "word");
    const name = nameToken?.text ?? "";
    const table = this.tables.get(name);
    const listed = head
      .slice(head.findIndex((token) => token.text === "(") + 1)
      .filter((token) => token.kind === "ident");
    const hasList = head.some((token) => token.kind === "punct" && token.text === "(");
    if (!table) {
      throw new SqlSyntaxError(
        `${this.file}:${this.#statementLine}: rows for table ${name} come before its CREATE TABLE; ` +
          `dump with CREATE TABLE statements (mysqldump without --no-create-info)`,
        this.#statementLine,
      );
    }
    const indexOf = new Map(table.columns.map((column, index) => [column.name.toLowerCase(), index]));
    this.#positions = hasList
      ? listed.map((token) => indexOf.get(token.text.toLowerCase()) ?? -1)
      : table.columns.map((_, index) => index);
    this.#table = table;
    this.#wanted = this.sink.wanted(table);
    this.#mode = Mode.Rows;
    this.#depth = 0;
  }

  /**
   * The fast path (see TokenSink.scanRows): whole rows of numbers, NULLs and '…' strings, read
   * straight from the bytes; a row with anything else (hex, _binary, "…", a comment, a bare minus)
   * or one that runs past the chunk's end is left to the tokens, which read it the same.
   */
  scanRows(data: Buffer, start: number, at: { line: number }): number {
    if (this.#mode !== Mode.Rows || this.#depth !== 0) return start;
    let i = start;
    for (;;) {
      while (i < data.length && isSpace(data[i]!)) if (data[i++] === NEWLINE) at.line++;
      if (data[i] === COMMA) {
        i++;
        continue;
      }
      if (data[i] !== OPEN) return i;
      const rowLine = at.line;
      const row = this.#scanRow(data, i + 1, rowLine);
      if (row === undefined) return i;
      at.line = row.line;
      if (this.#wanted) this.sink.row(this.#table!, row.values, rowLine);
      i = row.end;
    }
  }

  /** One row after its "(": its values and where it ends (after ")"), or undefined to leave it to the tokens. */
  #scanRow(
    data: Buffer,
    start: number,
    startLine: number,
  ): { values: (SqlValue | undefined)[]; end: number; line: number } | undefined {
    const values: (SqlValue | undefined)[] = [];
    const wanted = this.#wanted;
    let line = startLine;
    let i = start;
    for (let position = 0; ; position++) {
      while (i < data.length && isSpace(data[i]!)) if (data[i++] === NEWLINE) line++;
      const column = this.#positions[position];
      const want = wanted !== undefined && column !== undefined && column >= 0 && wanted[column] === true;
      const b = data[i];
      if (b === QUOTE) {
        const end = this.#stringEnd(data, i + 1);
        if (end < 0) return undefined;
        line += this.#newlines.count(data, i + 1, end);
        if (want) values[column] = this.#stringValue(data, i + 1, end, this.#escaped, this.#table!.columns[column]!);
        i = end + 1;
      } else if (b !== undefined && (isDigit(b) || (b === MINUS && isDigit(data[i + 1] ?? 0))) && !isHexAt(data, i)) {
        // The tokenizer's numeric word: digits, letters and number bytes (1.5e-3).
        let j = i + 1;
        while (j < data.length && (isWordByte(data[j]!) || isNumberByte(data[j]!))) j++;
        if (j >= data.length) return undefined;
        if (want) values[column] = numberValue(data, i, j);
        i = j;
      } else if (b !== undefined && (b | 0x20) === 0x6e && isNullAt(data, i)) {
        if (i + 4 >= data.length) return undefined;
        if (want) values[column] = null;
        i += 4;
      } else return undefined;
      while (i < data.length && isSpace(data[i]!)) if (data[i++] === NEWLINE) line++;
      if (data[i] === CLOSE) return { values, end: i + 1, line };
      if (data[i] !== COMMA) return undefined;
      i++;
    }
  }

  /** Whether the last string #stringEnd found holds an escape (\x or ''). */
  #escaped = false;
  readonly #slashes = new ByteCursor(BACKSLASH);
  readonly #newlines = new ByteCursor(NEWLINE);
  readonly #quotes = new ByteCursor(QUOTE);

  /** Where the '…' string whose text starts at `from` ends (its closing quote), or -1 past the chunk's end. */
  #stringEnd(data: Buffer, from: number): number {
    this.#escaped = false;
    let j = from;
    let quote = data.indexOf(QUOTE, j);
    for (;;) {
      if (quote < 0) return -1;
      const slash = this.#slashes.next(data, j);
      if (slash >= 0 && slash < quote) {
        // \x stands for one byte (\' too: the quote found may be the escaped one).
        this.#escaped = true;
        j = slash + 2;
        if (j > quote) quote = data.indexOf(QUOTE, j);
        continue;
      }
      if (quote + 1 >= data.length) return -1;
      if (data[quote + 1] !== QUOTE) return quote;
      this.#escaped = true;
      j = quote + 2;
      quote = data.indexOf(QUOTE, j);
    }
  }

  #stringValue(data: Buffer, from: number, to: number, escaped: boolean, column: Column): SqlValue {
    const raw = escaped ? unescapeString(data, from, to, this.#slashes, this.#quotes) : undefined;
    if (column.binary) return Buffer.from(raw ?? data.subarray(from, to));
    if (raw) return decodeText(raw, this.connectionCharset);
    if (this.connectionCharset.startsWith("utf8")) return data.toString("utf8", from, to);
    return decodeText(data.subarray(from, to), this.connectionCharset);
  }

  #rowToken(kind: TokenKind, text: string, bytes: Buffer | undefined, line: number): void {
    if (kind === "punct") return this.#rowPunct(text, line);
    if (this.#depth !== 1) throw this.#unexpected(text || kind, line);
    if (kind === "word" && text[0] === "_" && this.#introducer === undefined) {
      this.#introducer = text.slice(1).toLowerCase();
      return;
    }
    const column = this.#positions[this.#column];
    if (this.#wanted && column !== undefined && column >= 0 && this.#wanted[column]) {
      this.#values[column] = this.#valueOf(kind, text, bytes, this.#table!.columns[column]!);
    }
    this.#introducer = undefined;
    this.#negative = false;
  }

  #valueOf(kind: TokenKind, text: string, bytes: Buffer | undefined, column: Column): SqlValue {
    if (kind === "word") {
      if (text.toUpperCase() === "NULL") return null;
      const number = Number(this.#negative ? `-${text}` : text);
      return Number.isSafeInteger(number) || (Number.isFinite(number) && text.includes(".")) ? number : text;
    }
    const raw = bytes ?? Buffer.alloc(0);
    if (kind === "hex" || column.binary || this.#introducer === "binary") return raw;
    return decodeText(raw, this.#introducer ?? this.connectionCharset);
  }

  #rowPunct(text: string, line: number): void {
    if (text === "(" && this.#depth === 0) {
      this.#depth = 1;
      this.#column = 0;
      this.#values = [];
      this.#rowLine = line;
      return;
    }
    if (this.#depth === 1 && text === ",") {
      this.#column++;
      return;
    }
    if (this.#depth === 1 && text === "-") {
      this.#negative = true;
      return;
    }
    if (this.#depth === 1 && text === ")") {
      this.#depth = 0;
      if (this.#wanted) this.sink.row(this.#table!, this.#values, this.#rowLine);
      return;
    }
    if (this.#depth === 0 && text === ",") return;
    if (this.#depth === 0 && text === ";") {
      this.#mode = Mode.Start;
      this.#table = undefined;
      return;
    }
    throw this.#unexpected(text, line);
  }

  #unexpected(text: string, line: number): SqlSyntaxError {
    return new SqlSyntaxError(
      `${this.file}:${line}: unexpected ${JSON.stringify(text.slice(0, 20))} in the rows of ${this.#table?.name}`,
      line,
    );
  }
}

const QUOTE = 0x27;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const COMMA = 0x2c;
const OPEN = 0x28;
const CLOSE = 0x29;
const MINUS = 0x2d;
/** What a backslash and this byte stand for (MySQL's escapes); other bytes stand for themselves. */
const ESCAPES = new Map([
  [0x30, 0],
  [0x62, 8],
  [0x6e, 10],
  [0x72, 13],
  [0x74, 9],
  [0x5a, 26],
]);

const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const isSpace = (b: number) => b === 0x20 || b === NEWLINE || b === 0x0d || b === 0x09;

/** 0x…, a hex literal (the tokens read it). */
const isHexAt = (data: Buffer, i: number) => data[i] === 0x30 && (data[i + 1]! | 0x20) === 0x78;

/** NULL in any case, not followed by a byte of a word. */
function isNullAt(data: Buffer, i: number): boolean {
  return (
    (data[i + 1]! | 0x20) === 0x75 &&
    (data[i + 2]! | 0x20) === 0x6c &&
    (data[i + 3]! | 0x20) === 0x6c &&
    !isWordByte(data[i + 4] ?? 0x20)
  );
}

/** A numeric word's value, as the token path gives it: a number, else (too big, not a number) its text. */
function numberValue(data: Buffer, from: number, to: number): SqlValue {
  const negative = data[from] === MINUS;
  const digits = to - from - (negative ? 1 : 0);
  if (digits <= 15) {
    let value = 0;
    let i = negative ? from + 1 : from;
    for (; i < to && isDigit(data[i]!); i++) value = value * 10 + data[i]! - 0x30;
    if (i === to) return negative ? -value : value;
  }
  const text = data.toString("latin1", from, to);
  const number = Number(text);
  return Number.isSafeInteger(number) || (Number.isFinite(number) && text.includes(".")) ? number : text;
}

/** Where unescapeString writes (grown as needed): most strings are read straight out of it. */
let unescaped = Buffer.alloc(1 << 16);

/**
 * A quoted string's bytes without its escapes: \\x as MySQL reads it (\\% and \\_ keep the
 * backslash), '' as '. Runs between escapes are copied whole; the bytes are in a shared buffer,
 * good until the next call.
 */
function unescapeString(data: Buffer, from: number, to: number, slashes: ByteCursor, quotes: ByteCursor): Buffer {
  if (unescaped.length < to - from) unescaped = Buffer.alloc(2 * (to - from));
  const out = unescaped;
  let length = 0;
  let i = from;
  while (i < to) {
    const slash = slashes.next(data, i);
    const quote = quotes.next(data, i);
    const stop = Math.min(slash < 0 ? to : slash, quote < 0 ? to : quote, to);
    if (stop > i) length += data.copy(out, length, i, stop);
    if (stop >= to) break;
    if (stop === quote) out[length++] = QUOTE;
    else {
      const next = data[stop + 1]!;
      if (next === 0x25 || next === 0x5f) out[length++] = BACKSLASH;
      out[length++] = ESCAPES.get(next) ?? next;
    }
    i = stop + 2;
  }
  return out.subarray(0, length);
}

/**
 * The next place of one byte value in a chunk, from a position on: each search goes on from the
 * last, so a chunk is searched once however many strings ask (a chunk is never changed).
 */
class ByteCursor {
  #data: Buffer | undefined;
  #from = 0;
  /** Where the byte is at or after #from (-1: not in the rest of #data). */
  #at = -1;

  constructor(private readonly byte: number) {}

  next(data: Buffer, from: number): number {
    if (data !== this.#data || from < this.#from || (this.#at >= 0 && this.#at < from)) {
      this.#data = data;
      this.#from = from;
      this.#at = data.indexOf(this.byte, from);
    }
    return this.#at;
  }

  /** How many times the byte is in [from, to). */
  count(data: Buffer, from: number, to: number): number {
    let count = 0;
    for (let at = this.next(data, from); at >= 0 && at < to; at = this.next(data, at + 1)) count++;
    return count;
  }
}

/** `DEFAULT CHARSET=latin1`, `CHARACTER SET utf8mb4`, `CHARSET latin1`: the first one named. */
function charsetAfter(tokens: Token[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!.text.toUpperCase();
    const isCharset = word === "CHARSET" || (word === "CHARACTER" && tokens[i + 1]?.text.toUpperCase() === "SET");
    if (!isCharset) continue;
    let j = word === "CHARSET" ? i + 1 : i + 2;
    if (tokens[j]?.text === "=") j++;
    const name = tokens[j];
    if (name) return (name.bytes?.toString("latin1") ?? name.text).toLowerCase();
  }
  return undefined;
}

/** Bytes in a MySQL charset to text. MySQL's latin1 is Windows-1252. */
export function decodeText(bytes: Buffer, charset: string): string {
  if (charset.startsWith("utf8")) return bytes.toString("utf8");
  if (charset === "latin1") return iconv.decode(bytes, "win1252");
  if (charset === "binary" || charset === "ascii") return bytes.toString("latin1");
  return iconv.encodingExists(charset) ? iconv.decode(bytes, charset) : bytes.toString("utf8");
}

/** Reads a dump file (plain or gzip, told by its first bytes) through `sink`, as a stream. */
export async function readDumpFile(
  file: string,
  sink: RowSink,
  onBytes?: (bytes: number) => void,
): Promise<DumpReader> {
  const reader = new DumpReader(sink, file);
  const tokenizer = new SqlTokenizer(reader);
  const head = await firstBytes(file, 2);
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = head[0] === 0x1f && head[1] === 0x8b ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      tokenizer.push(chunk);
      onBytes?.(raw.bytesRead);
    }
    tokenizer.push(Buffer.alloc(0), true);
  } catch (error) {
    raw.destroy();
    if (error instanceof SqlSyntaxError && !error.message.startsWith(file))
      throw new SqlSyntaxError(`${file}:${error.line}: ${error.message}`, error.line);
    if ((error as NodeJS.ErrnoException).code?.startsWith("Z_"))
      throw new Error(`${file}: not a readable gzip file (${(error as Error).message})`);
    throw error;
  }
  return reader;
}

async function firstBytes(file: string, count: number): Promise<Buffer> {
  const { open } = await import("node:fs/promises");
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
