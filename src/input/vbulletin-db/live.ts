// A running MySQL/MariaDB as input, through mysql2: the same rows a dump of it holds, streamed
// table by table into the same sink, so a site built from the server equals one built from its
// dump. Only the columns schema.ts names are selected. The password comes from the environment
// (FORUM_ARCHIVE_DB_PASSWORD) or a prompt, and is never printed: the source is named without it.
import mysql from "mysql2";
import type { Column, RowSink, SqlValue, TableShape } from "./sql-reader.ts";

export const PASSWORD_VARIABLE = "FORUM_ARCHIVE_DB_PASSWORD";

export interface LiveDatabase {
  /** mysql://user@host:port/name, without any password. */
  label: string;
  read(sink: RowSink): Promise<void>;
}

const COLUMNS_QUERY =
  "SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS d, CHARACTER_SET_NAME AS s " +
  "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION";
const BINARY_TYPES = new Set(["blob", "tinyblob", "mediumblob", "longblob", "binary", "varbinary"]);

/** Connection settings from the address; the password from `password` (env or prompt), else the address. */
export function connectDatabase(address: string, password: string | undefined): LiveDatabase {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new Error(
      `--db takes an address like mysql://user@host:3306/forum, not ${JSON.stringify(address.replace(/:[^:@/]*@/, ":***@"))}`,
    );
  }
  if (url.protocol !== "mysql:" && url.protocol !== "mariadb:") throw new Error(`--db must be a mysql:// address`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!database) throw new Error("--db names no database (mysql://user@host/NAME)");
  const socket = url.searchParams.get("socket") ?? undefined;
  const user = decodeURIComponent(url.username) || "root";
  const label = `mysql://${user}@${url.hostname || "localhost"}${url.port ? `:${url.port}` : ""}/${database}`;
  const settings = {
    ...(socket ? { socketPath: socket } : { host: url.hostname || "localhost", port: Number(url.port || 3306) }),
    user,
    password: password ?? (url.password ? decodeURIComponent(url.password) : undefined),
    database,
    charset: "utf8mb4",
    supportBigNumbers: true,
    dateStrings: true,
  };
  return { label, read: (sink) => readAll(settings, database, sink) };
}

async function readAll(settings: mysql.ConnectionOptions, database: string, sink: RowSink): Promise<void> {
  const connection = mysql.createConnection(settings);
  try {
    await new Promise<void>((resolve, reject) =>
      connection.connect((error) => (error ? reject(failure(error, settings)) : resolve())),
    );
    for (const table of await tablesOf(connection, database)) {
      sink.created?.(table);
      const wanted = sink.wanted(table);
      if (!wanted) continue;
      await streamRows(connection, table, wanted, sink);
    }
  } finally {
    connection.destroy();
  }
}

function failure(error: Error & { code?: string }, settings: mysql.ConnectionOptions): Error {
  const where = settings.socketPath ?? `${settings.host}:${settings.port}`;
  return new Error(`cannot connect to the database at ${where} as ${settings.user}: ${error.code ?? error.message}`);
}

/** Every table's columns, in the order mysqldump lists them (tables by name, columns by position). */
async function tablesOf(connection: mysql.Connection, database: string): Promise<TableShape[]> {
  const [rows] = await connection.promise().query<mysql.RowDataPacket[]>(COLUMNS_QUERY, [database]);
  const tables = new Map<string, TableShape>();
  for (const row of rows) {
    const name = String(row.t);
    let table = tables.get(name);
    if (!table) tables.set(name, (table = { name, columns: [], charset: "utf8mb4" }));
    const type = String(row.d).toLowerCase();
    const column: Column = {
      name: String(row.c),
      type,
      charset: row.s ? String(row.s).toLowerCase() : "binary",
      binary: BINARY_TYPES.has(type),
    };
    table.columns.push(column);
  }
  return [...tables.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function streamRows(
  connection: mysql.Connection,
  table: TableShape,
  wanted: boolean[],
  sink: RowSink,
): Promise<void> {
  const indexes = wanted.flatMap((want, index) => (want ? [index] : []));
  const select = indexes.length ? indexes.map((index) => mysql.escapeId(table.columns[index]!.name)).join(", ") : "1";
  const stream = connection
    .query({ sql: `SELECT ${select} FROM ${mysql.escapeId(table.name)}`, rowsAsArray: true })
    .stream({ highWaterMark: 500 });
  for await (const row of stream as AsyncIterable<SqlValue[]>) {
    const values: (SqlValue | undefined)[] = new Array(table.columns.length);
    indexes.forEach((index, position) => (values[index] = row[position] ?? null));
    sink.row(table, values, 0);
  }
}

/** The password: the environment variable, else asked on the terminal (not echoed), else none. */
export async function databasePassword(): Promise<string | undefined> {
  const fromEnv = process.env[PASSWORD_VARIABLE];
  if (fromEnv !== undefined) return fromEnv;
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  const { createInterface } = await import("node:readline");
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const muted = rl as unknown as { _writeToOutput: (text: string) => void };
  process.stderr.write("Database password: ");
  muted._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question("", resolve));
  rl.close();
  process.stderr.write("\n");
  return answer;
}
