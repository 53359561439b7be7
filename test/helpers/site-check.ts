// Checks over a built site: every file, every internal link (and fragment) resolving under
// the base URL, no external resources, and html-validate on every page.
import { readFile, readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import * as cheerio from "cheerio";
import { HtmlValidate } from "html-validate";

/** Every file under `dir`, as sorted "/"-separated relative paths. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

export async function loadPage(dir: string, rel: string): Promise<cheerio.CheerioAPI> {
  return cheerio.load(await readFile(join(dir, rel), "utf8"));
}

/** The URL a file is served at under `baseUrl` ("a/index.html" → "/base/a/"). */
export function urlOfFile(baseUrl: string, rel: string): string {
  return baseUrl + (rel === "index.html" ? "" : rel.endsWith("/index.html") ? rel.slice(0, -"index.html".length) : rel);
}

/** Broken links as readable lines; empty when every internal link and fragment resolves. */
export async function checkLinks(dir: string, baseUrl: string): Promise<{ problems: string[]; checked: number }> {
  const files = new Set(await listFiles(dir));
  const idCache = new Map<string, Set<string>>();
  const idsOf = async (rel: string) => {
    let ids = idCache.get(rel);
    if (!ids) {
      const $ = await loadPage(dir, rel);
      ids = new Set(
        $("[id]")
          .map((_, el) => $(el).attr("id") ?? "")
          .get(),
      );
      idCache.set(rel, ids);
    }
    return ids;
  };
  const problems: string[] = [];
  let checked = 0;
  const origin = "http://archive.test";

  const check = async (from: string, fromUrl: string, raw: string, kind: "link" | "resource") => {
    const url = new URL(raw, origin + fromUrl);
    if (url.origin !== origin) {
      if (kind === "resource") problems.push(`${from}: external resource ${raw}`);
      else if (!/^(https?|mailto):$/.test(url.protocol)) problems.push(`${from}: odd scheme ${raw}`);
      return;
    }
    checked++;
    if (!raw.startsWith("#") && !raw.startsWith(baseUrl))
      problems.push(`${from}: ${raw} is not under the base URL ${baseUrl}`);
    if (!url.pathname.startsWith(baseUrl)) return;
    let target = decodeURIComponent(url.pathname.slice(baseUrl.length));
    if (target === "" || target.endsWith("/")) target += "index.html";
    if (!files.has(target)) {
      problems.push(`${from}: ${raw} → missing ${target}`);
      return;
    }
    if (url.hash && target.endsWith(".html")) {
      const id = decodeURIComponent(url.hash.slice(1));
      if (!(await idsOf(target)).has(id)) problems.push(`${from}: ${raw} → no #${id} in ${target}`);
    }
  };

  for (const rel of files) {
    const fromUrl = urlOfFile(baseUrl, rel);
    if (rel.endsWith(".html")) {
      const $ = await loadPage(dir, rel);
      for (const el of $("a[href]").get()) await check(rel, fromUrl, $(el).attr("href") ?? "", "link");
      for (const el of $("link[href]").get()) {
        const rels = ($(el).attr("rel") ?? "").split(/\s+/);
        const fetched = rels.some((r) =>
          ["stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"].includes(r),
        );
        await check(rel, fromUrl, $(el).attr("href") ?? "", fetched ? "resource" : "link");
      }
      for (const el of $("script[src], img[src], iframe[src], source[src], video[src], audio[src]").get())
        await check(rel, fromUrl, $(el).attr("src") ?? "", "resource");
      for (const el of $("form[action]").get()) await check(rel, fromUrl, $(el).attr("action") ?? "", "link");
    } else if (rel.endsWith(".xml")) {
      const $ = cheerio.load(await readFile(join(dir, rel), "utf8"), { xml: true });
      for (const el of $("loc").get()) await check(rel, fromUrl, $(el).text(), "link");
      for (const el of $("link[href]").get()) await check(rel, fromUrl, $(el).attr("href") ?? "", "link");
    }
  }
  return { problems, checked };
}

/** html-validate (recommended rules) over every HTML file: error messages as readable lines. */
export async function validateAllHtml(dir: string): Promise<{ errors: string[]; pages: number }> {
  const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });
  const errors: string[] = [];
  let pages = 0;
  for (const rel of await listFiles(dir)) {
    if (!rel.endsWith(".html")) continue;
    pages++;
    const report = await validator.validateString(await readFile(join(dir, rel), "utf8"), rel);
    for (const result of report.results)
      for (const m of result.messages)
        if (m.severity === 2) errors.push(`${rel}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
  }
  return { errors, pages };
}
