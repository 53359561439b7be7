// The bare Eleventy baseline of bench:build (issue 15): a project that renders as many pages as the
// archive's build, of the same size and shape, with nothing of ours in it. One paginated Nunjucks
// template in one layout, pages three folders deep (site/forum/thread/index.html), 25 posts a page
// whose author, date and paragraphs are escaped on output (autoescape, text full of < > & " '), and
// paragraphs chosen so the average page is as large as the build's average HTML page.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Rng } from "./prng.ts";

export const POSTS_PER_PAGE = 25;

interface BarePost {
  number: number;
  author: string;
  date: string;
  dateText: string;
  paragraphs: string[];
}
export interface BareThread {
  site: string;
  forum: string;
  slug: string;
  title: string;
  posts: BarePost[];
}

const WORDS = [
  "squat",
  "knee",
  "<b>",
  "depth",
  "&",
  "shoulder",
  '"press"',
  "it's",
  "sleep",
  "a<b",
  "rolling",
  "R&D",
  "protein",
  "lifting",
  "shoes",
  ">>",
  "deadlift",
  "hip",
  "flexors",
  "'quote'",
  "week",
  "5x5",
  "pain",
  "form",
];

const LAYOUT = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ thread.title }} - {{ thread.forum }} - {{ thread.site }}</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="canonical" href="/{{ thread.site }}/{{ thread.forum }}/{{ thread.slug }}/">
</head>
<body>
<header class="site-header"><a href="/">{{ thread.site }}</a>
<nav aria-label="Breadcrumbs"><ol><li><a href="/{{ thread.site }}/">{{ thread.site }}</a></li>
<li><a href="/{{ thread.site }}/{{ thread.forum }}/">{{ thread.forum }}</a></li></ol></nav>
<form role="search" action="/search/"><input type="search" name="q" aria-label="Search"><button>Search</button></form>
</header>
<main>{{ content | safe }}</main>
<footer><p>Archived copy. All times are GMT -7.</p></footer>
</body>
</html>
`;

const PAGE = `---
pagination:
  data: threads
  size: 1
  alias: thread
permalink: "{{ thread.site }}/{{ thread.forum }}/{{ thread.slug }}/index.html"
layout: base.njk
---
<h1>{{ thread.title }}</h1>
<ol class="posts">
{%- for post in thread.posts %}
<li class="post" id="post-{{ post.number }}"><article>
<header><span class="author">{{ post.author }}</span> <time datetime="{{ post.date }}">{{ post.dateText }}</time>
<a class="permalink" href="#post-{{ post.number }}">#{{ post.number }}</a></header>
<div class="post-body">{% for paragraph in post.paragraphs %}<p>{{ paragraph }}</p>{% endfor %}</div>
</article></li>
{%- endfor %}
</ol>
`;

/** Length of `text` once HTML-escaped as Nunjucks does (& < > " '). */
function escapedLength(text: string): number {
  let length = text.length;
  for (const char of text) {
    if (char === "&" || char === "<" || char === ">") length += 3;
    else if (char === '"' || char === "'") length += 4;
  }
  return length;
}

/** A pool of paragraphs shared between pages (the data stays small; every page still escapes its own). */
function paragraphPool(): { text: string; bytes: number }[] {
  const rng = new Rng(15);
  const random = (): number => rng.next();
  return Array.from({ length: 400 }, () => {
    const words = Array.from(
      { length: 20 + Math.floor(random() * 60) },
      () => WORDS[Math.floor(random() * WORDS.length)]!,
    );
    const text = words.join(" ");
    return { text, bytes: escapedLength(text) + "<p></p>".length };
  });
}

/** `pages` threads whose rendered pages average about `pageBytes` bytes. */
export function bareThreads(pages: number, pageBytes: number): BareThread[] {
  const pool = paragraphPool();
  // What a page holds besides its paragraphs: the layout and each post's frame, about 2 kB + 280 bytes a post.
  const bodyBytes = Math.max(200, (pageBytes - 2000) / POSTS_PER_PAGE - 280);
  let next = 0;
  return Array.from(
    { length: pages },
    (_, index): BareThread => ({
      site: `site-${index % 3}`,
      forum: `forum-${index % 17}`,
      slug: `thread-${index}`,
      title: `Thread ${index}: "squats" & <knees>`,
      posts: Array.from({ length: POSTS_PER_PAGE }, (_, p): BarePost => {
        const paragraphs: string[] = [];
        // Whole paragraphs, stopping nearest the target (so pages do not all overshoot it).
        let bytes = 0;
        do {
          paragraphs.push(pool[next]!.text);
          bytes += pool[next]!.bytes;
          next = (next + 1) % pool.length;
        } while (bytes + pool[next]!.bytes / 2 < bodyBytes);
        return {
          number: index * POSTS_PER_PAGE + p + 1,
          author: `lifter<${p}> & co`,
          date: "2009-05-09T09:27:00-07:00",
          dateText: "05-09-2009, 09:27 AM",
          paragraphs,
        };
      }),
    }),
  );
}

/** Writes the project under `work`; returns its folders and the threads to give Eleventy as global data. */
export function writeBareProject(
  work: string,
  pages: number,
  pageBytes: number,
): { input: string; output: string; config: string; threads: BareThread[] } {
  const input = join(work, "src");
  mkdirSync(join(input, "_includes"), { recursive: true });
  const config = join(work, "eleventy.config.mjs");
  writeFileSync(config, "export default function () {}\n");
  writeFileSync(join(input, "_includes", "base.njk"), LAYOUT);
  writeFileSync(join(input, "thread.njk"), PAGE);
  return { input, output: join(work, "site"), config, threads: bareThreads(pages, pageBytes) };
}
