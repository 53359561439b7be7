// The archivist's own Markdown pages (`<input>/pages/*.md`): front matter `title`, `permalink` (a
// slug), `nav` (false: not in the navigation; a text: its link's title), `order` (its place in the
// navigation) and `description`; body rendered with marked, shown in the site's layout. This is trusted text written for the
// site, unlike dump text, so its HTML is used as is.
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import matter from "gray-matter";
import { marked } from "marked";
import { slug } from "../slug.ts";
import type { MarkdownPage } from "./view/types.ts";
import { RESERVED_URLS } from "./view/site-index.ts";

/** Front matter is YAML only: gray-matter would run a `---js` block as JavaScript at build time. */
const YAML_ONLY = {
  engines: {
    javascript: () => {
      throw new Error("JavaScript front matter is not run; write it in YAML");
    },
  },
};

/** "about", "/about/", "help/faq", "Q&A" → "/about/", "/help/faq/", "/q-and-a/": each part a slug, so
 *  the URL needs no escaping and "..", "&" or spaces never reach the file system. */
export function pageUrlFromSlug(permalink: string): string {
  const clean = permalink
    .split("/")
    .map((part) => slug(part.trim()))
    .filter((part) => part !== "")
    .join("/");
  return clean === "" ? "/" : `/${clean}/`;
}

export async function loadMarkdownPages(
  dir: string,
): Promise<{ pages: MarkdownPage[]; failures: { file: string; reason: string }[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".md")).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { pages: [], failures: [] };
    throw error;
  }
  const pages: MarkdownPage[] = [];
  const failures: { file: string; reason: string }[] = [];
  const taken = new Set<string>(RESERVED_URLS.keys());
  for (const name of names) {
    const file = join(dir, name);
    let parsed: matter.GrayMatterFile<string>;
    try {
      parsed = matter(await readFile(file, "utf8"), YAML_ONLY);
    } catch (error) {
      failures.push({ file, reason: `front matter not read: ${(error as Error).message.split("\n")[0]}` });
      continue;
    }
    const data = parsed.data as {
      title?: unknown;
      permalink?: unknown;
      nav?: unknown;
      order?: unknown;
      description?: unknown;
    };
    const problem = frontMatterProblem(data);
    if (problem) {
      failures.push({ file, reason: problem });
      continue;
    }
    const slug = typeof data.permalink === "string" ? data.permalink : name.replace(/\.md$/, "");
    const url = pageUrlFromSlug(slug);
    if (taken.has(url)) {
      failures.push({ file, reason: `permalink ${url} is already used by another page` });
      continue;
    }
    taken.add(url);
    const title =
      typeof data.title === "string" && data.title.trim() !== "" ? data.title.trim() : name.replace(/\.md$/, "");
    pages.push({
      title,
      url,
      file,
      html: marked.parse(parsed.content, { async: false }),
      ...(typeof data.nav === "boolean" || typeof data.nav === "string" ? { nav: data.nav } : {}),
      ...(typeof data.order === "number" ? { order: data.order } : {}),
      ...(typeof data.description === "string" ? { description: data.description } : {}),
    });
  }
  return { pages, failures };
}

/** Why the navigation keys of a page's front matter cannot be used, if they cannot. */
function frontMatterProblem(data: { nav?: unknown; order?: unknown; description?: unknown }): string | undefined {
  if (data.nav !== undefined && typeof data.nav !== "boolean" && typeof data.nav !== "string") {
    return 'front matter "nav" must be true, false or the link\'s title';
  }
  if (data.order !== undefined && (typeof data.order !== "number" || !Number.isFinite(data.order))) {
    return 'front matter "order" must be a number';
  }
  if (data.description !== undefined && typeof data.description !== "string")
    return 'front matter "description" must be text';
  return undefined;
}
