// `forum-archive init [DIR]`: a starting project for an owner: the configuration with every key
// explained (forum-archive.config.mjs: JavaScript, so each key can carry a comment and editors
// complete it from the package's types), dumps/, pages/about.md and a README of the next steps.
// It never overwrites: a file that is already there is kept, and said so.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const INIT_CONFIG = `// forum-archive configuration. Every key is optional: remove the // before a line to use it.
// The same keys work in forum-archive.config.json (see the package's
// schema/forum-archive.config.schema.json); keep only one of the two files.

/** @type {import("forum-archive/config").ForumArchiveConfig} */
export default {
  // The site's name, in page titles, the header and the feed. Default: "<forum name> archive".
  // title: "My forum archive",

  // One or two sentences about the archive: the home page's first paragraph and description.
  // description: "Discussions of the old forum, 2004 to 2012, kept as they were written.",

  // Language of the site's own words: "en", "de", "fr", or any language you add as locales/<code>.json.
  // Default: the language most threads are written in.
  // language: "en",

  // An image in this folder, shown before the title on every page.
  // logo: "assets/logo.svg",

  // Colour of links and highlights, light and dark theme (#rrggbb). A colour below 4.5:1 contrast
  // on the page background is refused, with the nearest one that passes. Dark default: derived.
  // accentColor: "#1f5fa8",
  // accentColorDark: "#8cb8f0",

  // Links added to the navigation, after Home, your pages, Similar threads and Search.
  // nav: [{ title: "Our club", url: "https://example.org/" }],

  // Where the archive is served: a path ("/archive/") and the host, for absolute URLs in the
  // sitemap and feed. --base-url and --site-url on the command line win.
  // baseUrl: "/",
  // siteUrl: "https://example.org",

  // Posts on one thread page (5 to 1000).
  // postsPerPage: 40,

  // The search page and index; the similar threads the archive finds (and the /similar/ pages).
  // search: true,
  // similarThreads: true,

  // Forums (names or addresses) and threads (ids or addresses) to leave out of the site.
  // exclude: { forums: ["Off Topic"], threads: [] },
};
`;

const ABOUT = `---
title: About this archive
# nav: false      leaves the page out of the navigation; nav: "About" shortens its link
order: 1
---
# About this archive

Write here what this archive is: which forum it keeps, who saved it and when, and whom to ask
about it. This page is Markdown; its front matter sets the title and its place in the navigation.
`;

const README = `# My forum archive

Made with \`forum-archive init\`. Next steps:

1. Put the forum's saved thread pages (\`.html\`) or text dumps (\`.txt\`) into \`dumps/\`.
2. Check them: \`npx forum-archive check dumps\`.
3. Open \`forum-archive.config.mjs\` and set the title, language, logo and colours you want.
4. Edit \`pages/about.md\`; every \`pages/*.md\` becomes a page of the site.
5. Build and look: \`npx forum-archive serve --input .\` (then http://127.0.0.1:8080/), or
   \`npx forum-archive build --input . --output dist\` and publish \`dist/\`.

To go further (see "Make it yours" in the forum-archive README):

- \`locales/<language>.json\`: your own words, over ours or for a new language.
- \`templates/\`: a file named like one of the package's templates replaces it.
- \`assets/\`: files copied into the site's \`assets/\` (yours win over ours).
- \`eleventy.config.js\`: your own Eleventy filters, shortcodes and plugins.
`;

/** The files of a new project, by path inside it. */
export const INIT_FILES: Record<string, string> = {
  "forum-archive.config.mjs": INIT_CONFIG,
  "pages/about.md": ABOUT,
  "README.md": README,
};

export interface InitResult {
  written: string[];
  kept: string[];
}

/** Writes the starting project into `dir`; files already there are kept as they are. */
export async function initProject(dir: string): Promise<InitResult> {
  const result: InitResult = { written: [], kept: [] };
  await mkdir(join(dir, "dumps"), { recursive: true });
  await mkdir(join(dir, "pages"), { recursive: true });
  for (const [path, content] of Object.entries(INIT_FILES)) {
    const file = join(dir, path);
    if (existsSync(file) || (path.startsWith("forum-archive.config") && hasOtherConfig(dir))) {
      result.kept.push(path);
      continue;
    }
    // "wx": fails rather than overwrite, should the file appear in between.
    await writeFile(file, content, { flag: "wx" });
    result.written.push(path);
  }
  return result;
}

function hasOtherConfig(dir: string): boolean {
  return ["forum-archive.config.json", "forum-archive.config.js"].some((name) => existsSync(join(dir, name)));
}

export async function initCommand(dir: string | undefined): Promise<number> {
  const target = dir ?? ".";
  const { written, kept } = await initProject(target);
  for (const path of written) process.stdout.write(`wrote ${join(target, path)}\n`);
  for (const path of kept) process.stdout.write(`kept  ${join(target, path)} (already there; not overwritten)\n`);
  process.stdout.write(
    `Next: put saved thread pages or dumps into ${join(target, "dumps")}, then read ${join(target, "README.md")}.\n`,
  );
  return 0;
}
