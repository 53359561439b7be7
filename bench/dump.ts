// bench:dump — how fast a vBulletin mysqldump is read, and in how much memory (issue 18).
//   npm run bench:dump -- [--posts 100000,200000] [--gzip] [--record]
// Generates a vBulletin 3.8 dump per size (bench/dump-generator.ts: threads = posts / 20, as in
// the 100,000 threads / 2,000,000 posts), then in separate Node processes (so each peak RSS
// is its own): "scan" tokenizes the whole dump and reads every row of every table, decoding
// nothing (the tokenizer's own rate); "decode" reads the same with the columns a build reads
// decoded into values (text, numbers), handed to a sink that keeps nothing (the reader's own
// rate); "rows" reads the board as a build does, up to its threads:
// every row of the tables read, the wanted columns decoded, the small tables into maps, posts to
// the post store; "read" is what a build does with a dump before rendering: all that, then threads
// made with BBCode to blocks and packed (readDatabaseInput with the loader's packBodies).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { packBodies } from "../src/archive/packed-bodies.ts";
import { Board, boardSink } from "../src/input/vbulletin-db/board.ts";
import { readDatabaseInput } from "../src/input/vbulletin-db/index.ts";
import { readDumpFile } from "../src/input/vbulletin-db/sql-reader.ts";
import { writeDump } from "./dump-generator.ts";
import { appendResult, machine } from "./results.ts";

const THIS_FILE = fileURLToPath(import.meta.url);

interface Job {
  step: "scan" | "decode" | "rows" | "read";
  file: string;
}

interface Measured {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  rows?: number;
  threads?: number;
  posts?: number;
  /** read: the held archive's heap and its Buffers (packed bodies), after a full collection. */
  heldHeapMb?: number;
  heldBuffersMb?: number;
  /** read: what V8 has committed for its heap then (the held heap and its reserve). */
  heapCommittedMb?: number;
}

async function runJob(job: Job): Promise<Measured> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result: Partial<Measured> = {};
  if (job.step === "scan") {
    let rows = 0;
    await readDumpFile(job.file, { wanted: (table) => table.columns.map(() => false), row: () => void rows++ });
    result.rows = rows;
  } else if (job.step === "decode") {
    const board = new Board(job.file);
    let rows = 0;
    await readDumpFile(job.file, { wanted: (table) => board.wantedColumns(table), row: () => void rows++ });
    result.rows = rows;
  } else if (job.step === "rows") {
    const board = new Board(job.file);
    await readDumpFile(job.file, boardSink(board));
    result.posts = board.posts.count;
    board.posts.close();
  } else {
    const read = await readDatabaseInput({ file: job.file }, { onThread: packBodies });
    result.threads = read.threads.length;
    result.posts = read.threads.reduce((sum, thread) => sum + thread.posts.length, 0);
  }
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  if (job.step === "read") {
    // After the timing: a full collection, then what the held archive takes.
    (globalThis as { gc?: () => void }).gc?.();
    const held = process.memoryUsage();
    result.heldHeapMb = held.heapUsed / 1e6;
    result.heldBuffersMb = held.arrayBuffers / 1e6;
    result.heapCommittedMb = held.heapTotal / 1e6;
  }
  return {
    ...result,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function child(job: Job): Measured {
  const output = execFileSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", THIS_FILE, "--child", JSON.stringify(job)],
    {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(output.trim().split("\n").at(-1)!) as Measured;
}

async function main(): Promise<void> {
  const options = new Command("bench:dump")
    .option("--posts <list>", "dump sizes in posts (threads = posts / 20)", "100000")
    .option("--gzip", "write and read .sql.gz")
    .option("--record", "append the figures to bench/RESULTS.md")
    .parse(process.argv)
    .opts<{ posts: string; gzip?: boolean; record?: boolean }>();
  const m = machine();
  const dir = mkdtempSync(join(tmpdir(), "fa-bench-dump-"));
  const rows: Record<string, string>[] = [];
  try {
    for (const posts of options.posts.split(",").map(Number)) {
      const threads = Math.max(1, Math.round(posts / 20));
      const file = join(dir, `board-${posts}.sql${options.gzip ? ".gz" : ""}`);
      const generated = performance.now();
      const sqlBytes = await writeDump(file, { threads, posts, gzip: options.gzip === true });
      const generateSeconds = (performance.now() - generated) / 1000;
      const fileMb = statSync(file).size / 1e6;
      const sqlMb = sqlBytes / 1e6;
      const scan = child({ step: "scan", file });
      const decode = child({ step: "decode", file });
      const rowsRead = child({ step: "rows", file });
      const read = child({ step: "read", file });
      rows.push({
        threads: String(threads),
        posts: String(posts),
        "dump MB (file MB)": `${sqlMb.toFixed(1)} (${fileMb.toFixed(1)})`,
        "generate s": generateSeconds.toFixed(1),
        "scan s (CPU s)": `${scan.seconds.toFixed(2)} (${scan.cpuSeconds.toFixed(2)})`,
        "scan MB/s (MB/CPU s)": `${(sqlMb / scan.seconds).toFixed(1)} (${(sqlMb / scan.cpuSeconds).toFixed(1)})`,
        "scan peak RSS MB": scan.maxRssMb.toFixed(0),
        "decode s (CPU s)": `${decode.seconds.toFixed(2)} (${decode.cpuSeconds.toFixed(2)})`,
        "decode MB/s (MB/CPU s)": `${(sqlMb / decode.seconds).toFixed(1)} (${(sqlMb / decode.cpuSeconds).toFixed(1)})`,
        "rows s (CPU s)": `${rowsRead.seconds.toFixed(2)} (${rowsRead.cpuSeconds.toFixed(2)})`,
        "rows MB/s (MB/CPU s)": `${(sqlMb / rowsRead.seconds).toFixed(1)} (${(sqlMb / rowsRead.cpuSeconds).toFixed(1)})`,
        "rows peak RSS MB": rowsRead.maxRssMb.toFixed(0),
        "read s (CPU s)": `${read.seconds.toFixed(2)} (${read.cpuSeconds.toFixed(2)})`,
        "read MB/s (MB/CPU s)": `${(sqlMb / read.seconds).toFixed(1)} (${(sqlMb / read.cpuSeconds).toFixed(1)})`,
        "read peak RSS MB": read.maxRssMb.toFixed(0),
        "held heap MB (Buffers MB)": `${read.heldHeapMb?.toFixed(0)} (${read.heldBuffersMb?.toFixed(0)})`,
        "heap committed MB": read.heapCommittedMb?.toFixed(0) ?? "",
        "threads, posts read": `${read.threads}, ${read.posts}`,
      });
      console.log(JSON.stringify(rows.at(-1)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (options.record) {
    appendResult(
      "bench:dump",
      [
        `Dumps: bench/dump-generator.ts (vBulletin 3.8 shape, utf8mb4, ~1 MB extended INSERTs, seed 1)${options.gzip ? ", gzip level 6" : ""}; threads = posts / 20.`,
        "Scan: tokenizer and statement reader over every byte, no value decoded. Decode: the same with the columns a build reads decoded (text, numbers) and dropped. Rows: the board read as a build reads it, up to its threads (Board + boardSink: wanted columns decoded, small tables to maps, posts to the on-disk post store). Read: readDatabaseInput with packBodies, as a build reads a dump (rows, then threads made: BBCode to blocks, bodies packed; the archive held). MB are of SQL text (uncompressed). Each step a separate Node process; peak RSS is its own.",
      ],
      rows,
      m,
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === THIS_FILE) {
  const at = process.argv.indexOf("--child");
  if (at >= 0) {
    runJob(JSON.parse(process.argv[at + 1]!) as Job).then((result) => console.log(JSON.stringify(result)));
  } else {
    await main();
  }
}
