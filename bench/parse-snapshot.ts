// What the parser makes of a set of inputs, as JSON, to show that a change to the parser's speed
// changes none of its output: every page parseDump makes (the build caches these) and the
// ParseResult of parseDumps (threads, warnings with file and line, failures), for the repository's
// fixtures and seeds, the saved-page corpus and a generated corpus (batches as bench:parse takes them).
//   node --import tsx bench/parse-snapshot.ts --out DIR [--corpus bench/corpus/1000] [--hash-only]
// Run it before and after a change and compare the folders (`diff -r`, or the printed hashes).

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { Command } from "commander";
import fc from "fast-check";
import { parseDump, loadHtmlReader, parseDumps, type DumpInput } from "../src/parse/index.ts";
import { generatedThread, writeDump } from "../test/fixtures/generated-dump.ts";
import { mutate, mutation } from "../test/fixtures/properties.ts";

// Saved pages among the dumps are read once the HTML reader is loaded (parse/index.ts).
await loadHtmlReader();

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path));
    else if (!/\.(?:ts|mjs|json|md|sql|gz)$/.test(name)) found.push(path);
  }
  return found;
}

function inputsOf(root: string, files: readonly string[]): DumpInput[] {
  return files.map((path) => ({ file: relative(root, path), bytes: new Uint8Array(readFileSync(path)) }));
}

type Draft = Record<string, unknown> & { body: unknown[]; bodyLines?: number | number[]; signature: unknown[] };

/** A page's posts with body and signature lines as [text, line] and texts, however the page stores them. */
function comparablePage(parsed: ReturnType<typeof parseDump>): unknown {
  if (!("page" in parsed)) return parsed;
  const posts = (parsed.page.posts as unknown as Draft[]).map(({ body, bodyLines, signature, ...rest }) => ({
    ...rest,
    body: body.map((line, index) =>
      typeof line === "string"
        ? [line, typeof bodyLines === "number" ? bodyLines + index : bodyLines?.[index]]
        : [(line as SourceLine).text, (line as SourceLine).line],
    ),
    signature: signature.map((line) => (typeof line === "string" ? line : (line as SourceLine).text)),
  }));
  return { ...parsed, page: { ...parsed.page, posts } };
}

interface SourceLine {
  text: string;
  line: number;
}

/** The JSON of what the parser makes of one set of inputs: each file's page, and the set's result. */
function snapshotOf(inputs: readonly DumpInput[]): { pages: string; result: string } {
  const pages = inputs.map((input) => ({ file: input.file, parsed: comparablePage(parseDump(input)) }));
  // A key that holds undefined is written too: its presence is part of the objects' shape.
  const keepUndefined = (_key: string, value: unknown) => (value === undefined ? "(undefined)" : value);
  return {
    pages: `${JSON.stringify(pages, keepUndefined, 1)}\n`,
    result: `${JSON.stringify(parseDumps(inputs), keepUndefined, 1)}\n`,
  };
}

function main(): void {
  const opts = new Command()
    .requiredOption("--out <dir>", "folder for the snapshots")
    .option("--corpus <dir>", "a generated corpus (bench:corpus)")
    .option("--hash-only", "write the generated corpus' hashes only")
    .parse()
    .opts<{ out: string; corpus?: string; hashOnly?: boolean }>();
  const out = resolve(opts.out);
  mkdirSync(out, { recursive: true });
  const sets: [string, DumpInput[]][] = [];
  const fixtures = resolve("test/fixtures");
  for (const name of readdirSync(fixtures).sort()) {
    const path = join(fixtures, name);
    const files = statSync(path).isDirectory() ? filesUnder(path) : filesUnder(fixtures).filter((f) => f === path);
    if (files.length > 0) sets.push([`fixtures-${name}`, inputsOf(fixtures, files)]);
  }
  const fixtureFiles = filesUnder(fixtures).filter((f) => !f.includes("/db/"));
  sets.push(["fixtures-all", inputsOf(fixtures, fixtureFiles)]);
  for (const dir of ["seeds", "../shared/seeds", "../shared/corpus/html"]) {
    if (existsSync(dir)) sets.push([dir.replace(/\W+/g, "-"), inputsOf(resolve(dir), filesUnder(resolve(dir)))]);
  }
  // Generated threads (the fuzz tests' generator, a fixed seed), whole and damaged line by line,
  // and the sample damaged the same way: each case one file, ten cases a set.
  const sample = readFileSync(resolve("seeds/crossfit-back-spasms-from-running.txt"), "utf8").split("\n");
  const cases = fc.sample(fc.tuple(generatedThread, fc.array(mutation, { maxLength: 4 })), { seed: 15, numRuns: 400 });
  const texts = cases.flatMap(([thread, mutations], index) => [
    { file: `generated/${index}.txt`, bytes: writeDump(thread) },
    { file: `damaged/${index}.txt`, bytes: mutate(writeDump(thread).split("\n"), mutations).join("\n") },
    { file: `sample/${index}.txt`, bytes: mutate(sample, mutations).join("\n") },
  ]);
  for (let from = 0; from < texts.length; from += 30) {
    sets.push([`generated-${String(from).padStart(4, "0")}`, texts.slice(from, from + 30)]);
  }
  const hashes: string[] = [];
  const record = (name: string, snapshot: { pages: string; result: string }, write: boolean) => {
    for (const [part, json] of Object.entries(snapshot)) {
      hashes.push(`${name} ${part} ${createHash("sha256").update(json).digest("hex").slice(0, 16)}`);
      if (write) writeFileSync(join(out, `${name}.${part}.json`), json);
    }
  };
  for (const [name, inputs] of sets) record(name, snapshotOf(inputs), true);
  if (opts.corpus) {
    const dir = resolve(opts.corpus);
    const truth = JSON.parse(readFileSync(join(dir, "truth.json"), "utf8")) as {
      threads: Record<string, { files: string[] }>;
    };
    const groups = Object.values(truth.threads);
    for (let from = 0; from < groups.length; from += 200) {
      const files = groups.slice(from, from + 200).flatMap((group) => group.files.map((file) => join(dir, file)));
      record(`corpus-${String(from).padStart(6, "0")}`, snapshotOf(inputsOf(dir, files)), !opts.hashOnly);
    }
  }
  writeFileSync(join(out, "hashes.txt"), `${hashes.join("\n")}\n`);
  console.log(`${hashes.length} sets -> ${out}`);
}

main();
