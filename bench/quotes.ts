// Quote matching on repetitive dumps (issue 13): bare `Quote:`s of 30 lines that every earlier
// post holds, so each quote has the whole thread as candidate sources. Parse time by post count;
// it grows about linearly (it was quadratic: 1,000 posts took 23 s, 2,000 took 79 s).
//   node --import tsx bench/quotes.ts [--posts 500,1000,2000] [--record]
import { Command } from "commander";
import { parseDumps } from "../src/parse/index.ts";
import { appendResult, machine } from "./results.ts";

/** A thread of `posts` posts; each after the first quotes 30 lines, then writes 30 of its own
 *  (`alike`: the quoted line again, as every earlier post; else lines of its own). */
export function repetitiveQuotes(posts: number, alike: boolean): string {
  const same = "the same line, quoted again and again";
  const lines = ["CrossFit Discussion Board", "", "Go Back   CrossFit Discussion Board > Training > Injuries", ""];
  for (let n = 1; n <= posts; n++) {
    lines.push(
      `Old 05-09-2009, 09:27 AM   #${n}`,
      `Member${n % 7}`,
      `Member Member${n % 7} is offline`,
      " ",
      "Join Date: Apr 2008",
      "Posts: 52",
      "",
    );
    if (n > 1) lines.push("Quote:", ...Array<string>(30).fill(same));
    for (let i = 0; i < 30; i++) lines.push(alike ? same : `post ${n}, line ${i}, words of its own`);
    lines.push("  Reply With Quote");
  }
  lines.push("All times are GMT -7. The time now is 05:25 PM.");
  return lines.join("\n");
}

const program = new Command()
  .option("--posts <list>", "post counts", "500,1000,2000")
  .option("--record", "append the figures to bench/RESULTS.md")
  .parse();
const options = program.opts<{ posts: string; record?: boolean }>();
const m = machine();
const rows: Record<string, string>[] = [];
for (const alike of process.env.QUOTES_SHAPE === "alike" ? [true] : [true, false]) {
  for (const posts of options.posts.split(",").map(Number)) {
    const text = repetitiveQuotes(posts, alike);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = parseDumps([{ file: "quotes.txt", bytes: text }]);
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const seconds = (performance.now() - started) / 1000;
    rows.push({
      "own lines": alike ? "the quoted line" : "their own",
      posts: String(posts),
      MB: (text.length / 1e6).toFixed(2),
      "parse s": seconds.toFixed(2),
      "CPU s": cpuSeconds.toFixed(2),
      warnings: String(result.warnings.length),
    });
    console.log(rows.at(-1));
  }
}
if (options.record) {
  appendResult(
    "bench:quotes",
    [
      "Shared machine: the figures are an upper bound.",
      "Each post after the first: a bare `Quote:` of 30 identical lines, then 30 lines (the same line again, or its own).",
      "Before issue 13 the first shape took 23 s at 1,000 posts and 79 s at 2,000 (quadratic).",
    ],
    rows,
    m,
  );
}
