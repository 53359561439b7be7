// mysqldump statements from the tokenizer's tokens: CREATE TABLE gives each table's columns,
// types and charsets; SET NAMES the charset the dump's strings are written in; each row of an
// extended INSERT is handed to the sink as soon as its closing parenthesis is read, so rows are
// never gathered per statement. Columns the sink does not ask for are scanned and dropped.
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import iconv from "iconv-lite";
import { SqlSyntaxError, SqlTokenizer, type TokenKind, type TokenSink } from "./sql-tokens.ts";

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
