// The mysqldump reader: MySQL's lexical rules as mysqldump writes them, rows streamed one by one,
// and the same rows whatever sizes the chunks come in.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DumpReader, readDumpFile, type SqlValue, type TableShape } from "../src/input/vbulletin-db/sql-reader.ts";
import { SqlTokenizer } from "../src/input/vbulletin-db/sql-tokens.ts";

const DUMP = [
  "/*M!999999\\- enable the sandbox mode */ ",
  "-- MariaDB dump 10.19",
  "/*!40101 SET NAMES utf8mb4 */;",
  "# a hash comment; with a semicolon",
  "DROP TABLE IF EXISTS `vb_t`;",
  "/*!40101 SET character_set_client = utf8 */;",
  "CREATE TABLE `vb_t` (",
  "  `id` int(10) unsigned NOT NULL,",
  "  `s` mediumtext COMMENT 'a comment, with ( parens',",
  "  `b` mediumblob,",
  "  `l` varchar(20) CHARACTER SET latin1 DEFAULT 'x',",
  "  `odd``name` int,",
  "  PRIMARY KEY (`id`), KEY `s` (`s`(10))",
  ") ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;",
  "LOCK TABLES `vb_t` WRITE;",
  "/*!40000 ALTER TABLE `vb_t` DISABLE KEYS */;",
  "INSERT INTO `vb_t` VALUES (1,'it\\'s a \\\"test\\\"\\nline2\\ttab\\\\ \\0 \\Z','x','é',-7),(2,NULL,0x00FF0A,'',0)",
  ",(3,'two''quotes -- not a comment /* nor this */ ; (nor this)',_binary 'a\\0b','',3),(4,'100% \\_ \\%','','',4.5);",
  "INSERT INTO `vb_t` (`l`, `id`) VALUES ('only two',5);",
  "/*!40000 ALTER TABLE `vb_t` ENABLE KEYS */;",
  "UNLOCK TABLES;",
  "",
].join("\n");

interface Read {
  rows: { table: string; values: (SqlValue | undefined)[]; line: number }[];
  tables: Map<string, TableShape>;
  charset: string;
}

function readAll(bytes: Buffer, chunkSizes: number[] = [bytes.length]): Read {
  const rows: Read["rows"] = [];
  const reader = new DumpReader(
    {
      wanted: (table) => table.columns.map(() => true),
      row: (table, values, line) => rows.push({ table: table.name, values: [...values], line }),
    },
    "dump.sql",
  );
  const tokenizer = new SqlTokenizer(reader);
  let at = 0;
  let index = 0;
  while (at < bytes.length) {
    const size = Math.max(1, chunkSizes[index++ % chunkSizes.length]!);
    tokenizer.push(bytes.subarray(at, at + size));
    at += size;
  }
  tokenizer.push(Buffer.alloc(0), true);
  return { rows, tables: reader.tables, charset: reader.connectionCharset };
}

describe("the mysqldump reader", () => {
  const read = readAll(Buffer.from(DUMP));

  it("reads CREATE TABLE: columns, types, charsets (a column's own, else the table's)", () => {
    const table = read.tables.get("vb_t")!;
    expect(table.columns.map((column) => column.name)).toEqual(["id", "s", "b", "l", "odd`name"]);
    expect(table.columns.map((column) => column.type)).toEqual(["int", "mediumtext", "mediumblob", "varchar", "int"]);
    expect(table.columns.map((column) => column.charset)).toEqual([
      "utf8mb4",
      "utf8mb4",
      "utf8mb4",
      "latin1",
      "utf8mb4",
    ]);
    expect(table.columns.map((column) => column.binary)).toEqual([false, false, true, false, false]);
    expect(read.charset).toBe("utf8mb4");
  });

  it("reads every row of extended INSERTs, with escapes, NULL, hex, _binary and numbers", () => {
    expect(read.rows.map((row) => row.values[0])).toEqual([1, 2, 3, 4, 5]);
    const [first, second, third, fourth, fifth] = read.rows.map((row) => row.values);
    expect(first).toEqual([1, 'it\'s a "test"\nline2\ttab\\ \0 \x1a', Buffer.from("x"), "é", -7]);
    expect(second).toEqual([2, null, Buffer.from([0, 255, 10]), "", 0]);
    expect(third![1]).toBe("two'quotes -- not a comment /* nor this */ ; (nor this)");
    expect(third![2]).toEqual(Buffer.from("a\0b"));
    // MySQL keeps the backslash of \% and \_ (they are LIKE escapes).
    expect(fourth![1]).toBe("100% \\_ \\%");
    expect(fourth![4]).toBe(4.5);
    // An INSERT with a column list puts values in their columns.
    expect(fifth![0]).toBe(5);
    expect(fifth![3]).toBe("only two");
    expect(fifth![1]).toBeUndefined();
  });

  it("tells the line each row starts on", () => {
    expect(read.rows.map((row) => row.line)).toEqual([17, 17, 18, 18, 19]);
  });

  it("reads the same rows whatever sizes the chunks come in (1 byte and up)", () => {
    const bytes = Buffer.from(DUMP);
    const whole = JSON.stringify(read.rows);
    expect(JSON.stringify(readAll(bytes, [1]).rows)).toBe(whole);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 20 }), (sizes) => {
        expect(JSON.stringify(readAll(bytes, sizes).rows)).toBe(whole);
      }),
      { numRuns: 200 },
    );
  });

  it("skips columns the sink does not want: they come as undefined", () => {
    const rows: (SqlValue | undefined)[][] = [];
    const reader = new DumpReader(
      {
        wanted: (table) => table.columns.map((column) => column.name === "id"),
        row: (_, values) => rows.push([...values]),
      },
      "d",
    );
    const tokenizer = new SqlTokenizer(reader);
    tokenizer.push(Buffer.from(DUMP), true);
    expect(rows[0]![0]).toBe(1);
    expect([1, 2, 3, 4].map((index) => rows[0]![index])).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("decodes a latin1 dump (SET NAMES latin1) as Windows-1252, as MySQL does", () => {
    const dump = Buffer.concat([
      Buffer.from("SET NAMES latin1;\nCREATE TABLE t (s text) DEFAULT CHARSET=latin1;\nINSERT INTO t VALUES ('caf"),
      Buffer.from([0xe9, 0x20, 0x80, 0x97]),
      Buffer.from("');\n"),
    ]);
    expect(readAll(dump).rows[0]!.values).toEqual(["café €—"]);
  });

  it("names file and line for rows of a table it has no CREATE TABLE for, and for a dump cut short", () => {
    expect(() => readAll(Buffer.from("\n\nINSERT INTO `x` VALUES (1);"))).toThrow(
      /dump\.sql:3: rows for table x come before its CREATE TABLE/,
    );
    expect(() => readAll(Buffer.from("CREATE TABLE t (s text);\nINSERT INTO t VALUES ('open"))).toThrow(
      /ends inside a quoted value that starts on line 2/,
    );
    expect(() => readAll(Buffer.from("CREATE TABLE t (s text);\nINSERT INTO t VALUES (1) junk;"))).toThrow(
      /dump\.sql:2: unexpected "junk"/,
    );
  });
});

/** The rows of `dump` through the tokens alone (the reader's fast path for rows left out), in chunks of `size`. */
function rowsOf(dump: Buffer, size: number, fast: boolean): unknown[] {
  const rows: unknown[] = [];
  const reader = new DumpReader(
    {
      wanted: (table) => table.columns.map((column) => column.name !== "skip"),
      row: (table, values, line) => rows.push([table.name, line, ...values.map((value) => value ?? String(value))]),
    },
    "d",
  );
  const sink = fast ? reader : { token: reader.token.bind(reader), wantBytes: reader.wantBytes.bind(reader) };
  const tokenizer = new SqlTokenizer(sink);
  for (let at = 0; at < dump.length; at += size) tokenizer.push(dump.subarray(at, at + size));
  tokenizer.push(Buffer.alloc(0), true);
  return rows;
}

describe("the fast path for rows", () => {
  // Values as mysqldump and hand-written dumps have them: numbers of every shape, NULL in any case,
  // strings with every escape, doubled quotes and raw newlines, and what only the tokens read.
  const stringPiece = fc.oneof(
    fc.string({ unit: "binary", maxLength: 6 }).map((text) => text.replace(/['\\]/g, "")),
    fc.constantFrom("\\'", "\\\\", "\\n", "\\0", "\\Z", "\\%", "\\_", "\\b", "\\t", "\\r", "\\\n", "''", "\n", '"'),
    fc.constantFrom("é", "€", "😀"),
  );
  const value = fc.oneof(
    { arbitrary: fc.array(stringPiece, { maxLength: 8 }).map((pieces) => `'${pieces.join("")}'`), weight: 4 },
    { arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.bigInt()).map(String), weight: 2 },
    fc.constantFrom("NULL", "null", "Null", "-0", "1e5", "1.50", "007", "12345678901234567890", "1e400", "-7.5e-3"),
    fc.constantFrom("0x00FF0A", "X'0aff'", "_binary 'a\\0b'", '"double"', "- 5", "/* c */ 1", "1 /* c */"),
  );
  const row = fc.array(value, { minLength: 4, maxLength: 4 }).map((values) => `(${values.join(",")})`);
  const space = fc.constantFrom("", " ", "\n", " \n ");
  const dump = fc
    .tuple(fc.array(fc.tuple(space, row, space), { minLength: 1, maxLength: 12 }), fc.constantFrom("utf8mb4", "latin1"))
    .map(([rows, charset]) =>
      Buffer.from(
        `SET NAMES ${charset};\nCREATE TABLE t (a text, skip text, b blob, c int) DEFAULT CHARSET=${charset};\n` +
          `INSERT INTO t VALUES ${rows.map(([before, values, after]) => before + values + after).join(",")};\n` +
          "INSERT INTO t (c, a) VALUES (1,'x'),(2,'y');\n",
      ),
    );

  it("reads the same rows, lines and errors as the tokens alone, in any chunks", () => {
    fc.assert(
      fc.property(dump, fc.integer({ min: 1, max: 400 }), (bytes, size) => {
        const read = (fast: boolean, chunk: number) => {
          try {
            return rowsOf(bytes, chunk, fast);
          } catch (error) {
            return (error as Error).message;
          }
        };
        const expected = read(false, bytes.length);
        expect(read(true, bytes.length)).toEqual(expected);
        expect(read(true, size)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe("readDumpFile", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fa-sql-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads .sql and .sql.gz (told by their bytes) to the same rows", async () => {
    await writeFile(join(dir, "a.sql"), DUMP);
    await writeFile(join(dir, "a.sql.gz"), gzipSync(DUMP));
    const rowsOf = async (file: string) => {
      const rows: unknown[] = [];
      await readDumpFile(join(dir, file), {
        wanted: (table) => table.columns.map(() => true),
        row: (_, values) => rows.push([...values]),
      });
      return JSON.stringify(rows);
    };
    expect(await rowsOf("a.sql.gz")).toBe(await rowsOf("a.sql"));
    expect(JSON.parse(await rowsOf("a.sql"))).toHaveLength(5);
  });

  it("says which file is not gzip when its gzip stream is broken", async () => {
    await writeFile(
      join(dir, "b.sql.gz"),
      Buffer.concat([gzipSync(DUMP).subarray(0, 20), Buffer.from("garbage garbage")]),
    );
    await expect(
      readDumpFile(join(dir, "b.sql.gz"), { wanted: () => undefined, row: () => undefined }),
    ).rejects.toThrow(/b\.sql\.gz/);
  });
});
