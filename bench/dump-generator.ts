// Large vBulletin 3.8 dumps for bench:dump, in mysqldump's own format: the fixture schema
// (test/fixtures/db), then extended INSERTs of about 1 MB each, rows in id order, escaped as
// mysqldump escapes them. Deterministic for a seed. Written as a stream: any size, little memory.
import { createWriteStream } from "node:fs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createGzip } from "node:zlib";
import { Rng } from "./prng.ts";
import { FILLER_SENTENCES, OPENING_SENTENCES, REPLY_SENTENCES, WORKOUTS } from "./corpus-vocab.ts";

export interface DumpSize {
  threads: number;
  posts: number;
  users?: number;
  forums?: number;
  seed?: number;
  gzip?: boolean;
}

const SCHEMA_DIR = join(import.meta.dirname, "..", "test", "fixtures", "db");
const INSERT_BYTES = 1 << 20;

/** mysqldump's string escapes. */
export function sqlString(text: string): string {
  return `'${text.replace(/[\\'"\n\r\0\x1a]/g, (c) => ({ "\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\0": "\\0", "\x1a": "\\Z" })[c]!)}'`;
}

class InsertWriter {
  #rows: string[] = [];
  #bytes = 0;
  constructor(
    private readonly table: string,
    private readonly write: (text: string) => Promise<void>,
  ) {}
  async row(values: (string | number)[]): Promise<void> {
    const row = `(${values.map((value) => (typeof value === "number" ? String(value) : sqlString(value))).join(",")})`;
    this.#rows.push(row);
    this.#bytes += row.length;
    if (this.#bytes >= INSERT_BYTES) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.#rows.length === 0) return;
    await this.write(`INSERT INTO \`${this.table}\` VALUES ${this.#rows.join(",")};\n`);
    this.#rows = [];
    this.#bytes = 0;
  }
}

function postText(rng: Rng, index: number): string {
  const sentences = [rng.pick(index % 7 === 0 ? OPENING_SENTENCES : REPLY_SENTENCES)];
  const count = rng.int(1, 6);
  for (let i = 0; i < count; i++) sentences.push(rng.pick(FILLER_SENTENCES));
  let text = sentences.join(" ");
  if (index % 5 === 1)
    text = `[QUOTE=user${rng.int(1, 50)};${rng.int(1, 1000)}]${rng.pick(REPLY_SENTENCES)}[/QUOTE]\n${text}`;
  if (index % 9 === 2) text += `\n[b]${rng.pick(WORKOUTS)}[/b] [url=http://example.com/${index}]log[/url] :)`;
  if (index % 13 === 3) text += "\n[list]\n[*]one\n[*]two\n[/list]\n[code]a < b && c\\d[/code]";
  return text;
}

/** Writes a dump of `size` to `file`; returns its size in bytes. */
export async function writeDump(file: string, size: DumpSize): Promise<number> {
  const rng = new Rng(size.seed ?? 1);
  const users = size.users ?? Math.max(10, Math.round(size.posts / 40));
  const forums = size.forums ?? 20;
  const out = createWriteStream(size.gzip ? `${file}` : file);
  const gzip = size.gzip ? createGzip({ level: 6 }) : undefined;
  if (gzip) gzip.pipe(out);
  const sink = gzip ?? out;
  let bytes = 0;
  const write = (text: string) =>
    new Promise<void>((resolve) => {
      bytes += Buffer.byteLength(text);
      if (sink.write(text)) resolve();
      else sink.once("drain", resolve);
    });
  await write("/*!40101 SET NAMES utf8mb4 */;\n");
  const schema = ["schema-common.sql", "schema-vb38.sql"]
    .map((name) => readFileSync(join(SCHEMA_DIR, name), "utf8"))
    .join("\n");
  await write(schema.replace(/__/g, "").replace(/CHARSET=CHARSET/g, "CHARSET=utf8mb4"));
  const insert = (table: string) => new InsertWriter(table, write);

  const settings = insert("setting");
  await settings.row(["bbtitle", "general", "Generated Board", "", "", 0, 0, 0, "free", "", "", 0]);
  await settings.flush();
  const groups = insert("usergroup");
  await groups.row([1, "Guests", "", "Guest", 0, "", "", 524291, 0]);
  await groups.row([2, "Registered", "", "", 0, "", "", 655359, 0]);
  await groups.flush();
  const forumRows = insert("forum");
  for (let f = 1; f <= forums; f++) {
    await forumRows.row([
      f,
      0,
      `Forum ${f}`,
      `Forum ${f}`,
      `About forum ${f}`,
      "",
      7,
      0,
      f,
      0,
      0,
      "",
      "",
      0,
      0,
      0,
      "",
      "",
      -1,
      `${f},-1`,
      "",
      "",
      `${f},-1`,
    ]);
  }
  await forumRows.flush();
  const userRows = insert("user");
  for (let u = 1; u <= users; u++) {
    await userRows.row([
      u,
      2,
      "",
      0,
      `user${u}`,
      "0123456789abcdef0123456789abcdef",
      "2008-01-01",
      `user${u}@example.com`,
      0,
      "",
      "",
      "",
      "",
      "Member",
      0,
      1200000000 + u * 1000,
      0,
      0,
      rng.int(1, 5000),
      "",
      0,
      0,
      "",
      "192.0.2.1",
      0,
      "abc",
    ]);
  }
  await userRows.flush();
  // Posts in id order, threads interleaved as on a real board: each post goes to a random open thread.
  const postRows = insert("post");
  const threadFirst = new Array<number>(size.threads).fill(0);
  for (let p = 1; p <= size.posts; p++) {
    const thread = p <= size.threads ? p : rng.int(1, size.threads);
    if (p <= size.threads) threadFirst[thread - 1] = p;
    const user = rng.int(1, users);
    await postRows.row([
      p,
      thread,
      0,
      `user${user}`,
      user,
      p <= size.threads ? `Thread ${thread}` : "",
      1200000000 + p * 60,
      postText(rng, p),
      1,
      1,
      "192.0.2.1",
      0,
      1,
      0,
      0,
      0,
    ]);
  }
  await postRows.flush();
  const threadRows = insert("thread");
  for (let t = 1; t <= size.threads; t++) {
    await threadRows.row([
      t,
      `Thread ${t}: ${rng.pick(WORKOUTS)} again`,
      "",
      threadFirst[t - 1]!,
      0,
      0,
      rng.int(1, forums),
      0,
      1,
      0,
      "",
      0,
      "",
      1200000000 + t * 60,
      0,
      0,
      "",
      1,
      0,
      0,
      0,
      0,
      "",
    ]);
  }
  await threadRows.flush();
  sink.end();
  await new Promise<void>((resolve) => out.once("finish", () => resolve()));
  return bytes;
}
