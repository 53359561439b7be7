// Benchmark: the page work alone (issue 15, item 3): thread and author pages rendered through their
// layouts (thread-page.njk or author-page.njk, then base.njk) with the build's Nunjucks settings and
// filters, their views built as the build builds them, without Eleventy, writing or fingerprints.
// Reports CPU seconds per round (least of the rounds) and a hash of every page rendered, so two
// versions of the templates, views or filters can be compared for speed and for equal bytes.
//   node --import tsx bench/page-render.ts [--corpus bench/corpus/2000] [--rounds 3] [--pages thread,author]
//     [--compare <a site built from the same corpus>] [--eleventy]
// With --eleventy: every page of the site rendered by renderPages (src/eleventy/render.ts), no writing,
// once through Eleventy's pagination and once directly (src/eleventy/direct.ts), alternately; CPU
// seconds of each (least of the rounds) and whether the two gave the same bytes.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import nunjucks from "nunjucks";
import { loadArchive } from "../src/archive/load.ts";
import { TEMPLATES_DIR } from "../src/build/index.ts";
import { renderPages } from "../src/eleventy/render.ts";
import { type EleventyConfigLike, sitePlugin } from "../src/eleventy/plugin.ts";
import { buildSiteData, type PageStub, type SiteData } from "../src/site/view/index.ts";

const options = new Command()
  .option("--corpus <dir>", "folder of dumps", "bench/corpus/2000")
  .option("--rounds <n>", "rounds (the least CPU is kept)", (v) => Number.parseInt(v, 10), 3)
  .option("--pages <kinds>", "thread,author", "thread,author")
  .option("--compare <site>", "check every page against the file of a built site (same corpus)")
  .option("--eleventy", "time renderPages with and without direct rendering instead")
  .parse()
  .opts<{ corpus: string; rounds: number; pages: string; compare?: string; eleventy?: boolean }>();

/** A template file's body, its front matter left out as Eleventy leaves it out. */
function body(file: string): string {
  const text = readFileSync(join(TEMPLATES_DIR, file), "utf8");
  const end = text.startsWith("---") ? text.indexOf("\n---", 3) : -1;
  return end < 0 ? text : text.slice(text.indexOf("\n", end + 4) + 1);
}

function environment(site: SiteData): nunjucks.Environment {
  let settings: nunjucks.ConfigureOptions = {};
  let onEnvironment: ((arg: { environment: nunjucks.Environment }) => unknown) | undefined;
  const cfg: EleventyConfigLike = {
    addGlobalData: () => {},
    addTransform: () => {},
    setNunjucksEnvironmentOptions: (o) => (settings = o),
    on: (_event, listener) => (onEnvironment = listener as typeof onEnvironment),
  };
  sitePlugin(cfg, { site });
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(join(TEMPLATES_DIR, "_includes")), settings);
  onEnvironment?.({ environment: env });
  return env;
}

const archive = await loadArchive(options.corpus);
const site = buildSiteData(archive, { baseUrl: "/", hasSearch: true });
const env = environment(site);
const compiled = (file: string) => new nunjucks.Template(body(file), env, join(TEMPLATES_DIR, file), true);
const base = compiled("_includes/base.njk");
const kinds = {
  thread: { layout: compiled("_includes/thread-page.njk"), stubs: site.threadPages, alias: "threadStub", aids: true },
  author: { layout: compiled("_includes/author-page.njk"), stubs: site.authorPages, alias: "authorStub", aids: false },
};

function renderAll(kind: keyof typeof kinds): { cpu: number; hash: string; bytes: number } {
  const { layout, stubs, alias, aids } = kinds[kind];
  const hash = createHash("sha256");
  let bytes = 0;
  let cpu = 0;
  for (const stub of stubs as PageStub[]) {
    // Only the rendering is timed: not the hash, nor the comparison.
    const start = process.cpuUsage();
    const data: Record<string, unknown> = {
      site,
      [alias]: stub,
      pagination: { items: [stub] },
      page: { url: stub.url },
      readingAids: aids,
    };
    const content = layout.render(data);
    const html = base.render({ ...data, content });
    const used = process.cpuUsage(start);
    cpu += used.user + used.system;
    hash.update(html);
    bytes += html.length;
    if (options.compare && readFileSync(join(options.compare, stub.permalink), "utf8") !== html)
      throw new Error(`${stub.permalink} differs from the built site's`);
  }
  return { cpu: cpu / 1e6, hash: hash.digest("hex").slice(0, 16), bytes };
}

/** Every page through renderPages, kept in memory (not written): CPU seconds and a hash of the pages. */
async function throughEleventy(direct: boolean): Promise<{ cpu: number; hash: string; pages: number }> {
  const pages = new Map<string, string>();
  const start = process.cpuUsage();
  await renderPages(site, {
    templatesDir: TEMPLATES_DIR,
    configPath: new URL("../src/eleventy/config.js", import.meta.url).pathname,
    output: "bench/out/page-render",
    baseUrl: "/",
    search: true,
    direct,
    onPage: (file, content) => {
      pages.set(file, content);
      return "";
    },
  });
  const used = process.cpuUsage(start);
  const hash = createHash("sha256");
  for (const file of [...pages.keys()].sort()) hash.update(file).update(pages.get(file)!);
  return { cpu: (used.user + used.system) / 1e6, hash: hash.digest("hex").slice(0, 16), pages: pages.size };
}

console.log(`Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`);
if (options.eleventy) {
  const runs = { paginated: [] as number[], direct: [] as number[] };
  const hashes = new Set<string>();
  for (let round = 0; round < options.rounds; round++) {
    for (const direct of [false, true]) {
      const run = await throughEleventy(direct);
      runs[direct ? "direct" : "paginated"].push(run.cpu);
      hashes.add(`${run.pages} pages, hash ${run.hash}`);
    }
  }
  for (const [way, cpus] of Object.entries(runs))
    console.log(
      `${way}: CPU s per round ${cpus.map((c) => c.toFixed(2)).join(" ")} (least ${Math.min(...cpus).toFixed(2)})`,
    );
  console.log(
    hashes.size === 1 ? `same pages both ways: ${[...hashes][0]}` : `PAGES DIFFER: ${[...hashes].join(" / ")}`,
  );
  process.exit(hashes.size === 1 ? 0 : 1);
}
for (const kind of options.pages.split(",") as (keyof typeof kinds)[]) {
  const runs = Array.from({ length: options.rounds }, () => renderAll(kind));
  const best = Math.min(...runs.map((r) => r.cpu));
  console.log(
    `${kind} pages: ${kinds[kind].stubs.length}, CPU s per round ${runs.map((r) => r.cpu.toFixed(2)).join(" ")} ` +
      `(least ${best.toFixed(2)}), ${(runs[0]!.bytes / 1e6).toFixed(1)} M chars, hash ${runs[0]!.hash}`,
  );
}
