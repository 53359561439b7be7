// The search page (templates/search.njk): reads ?q= and &page=, loads lunr and the index
// manifest only once the reader starts searching, shows results grouped by thread with
// highlighted snippets. Every piece of archive text goes into the page as textContent.
import { createSearcher, UnhelpfulQueryError } from "./engine.js";

const THREADS_PER_PAGE = 10;
const POSTS_PER_THREAD = 3;
const SNIPPET_CHARS = 240;
/** Posts listed when a thread's "more matching posts" opens. */
const MORE_POSTS = 20;

/** The search folder: lunr, the manifest and the shards live next to this script. */
const root = new URL(".", import.meta.url);
const LUNR_SCRIPTS = [
  "lib/lunr.min.js",
  "lib/lunr.stemmer.support.min.js",
  "lib/lunr.de.min.js",
  "lib/lunr.multi.min.js",
];

const form = /** @type {HTMLFormElement} */ (document.getElementById("search-form"));
const input = /** @type {HTMLInputElement} */ (document.getElementById("search-q"));
const status = /** @type {HTMLElement} */ (document.getElementById("search-status"));
const resultsBox = /** @type {HTMLElement} */ (document.getElementById("search-results"));
const pager = /** @type {HTMLElement} */ (document.getElementById("search-pages"));
const pageTitle = document.title;
/** The site's words (locales/*.json, "search.js.*"), which templates/search.njk puts in data-messages. */
const messages = JSON.parse(resultsBox.dataset.messages || "{}");
const plurals = new Intl.PluralRules(document.documentElement.lang || "en");

/** A message with its {placeholders} filled: strings as text, nodes as they are; `text` in
 *  backticks becomes <code>. Returns the pieces to append. */
function words(key, params = {}) {
  let pattern = messages[key] ?? key;
  if (typeof pattern === "object") pattern = pattern[plurals.select(Number(params.count))] ?? pattern.other ?? key;
  const pieces = [];
  for (const [i, part] of String(pattern)
    .split(/(\{\w+\}|`[^`]*`)/)
    .entries()) {
    if (i % 2 === 0) pieces.push(part);
    else if (part.startsWith("`")) pieces.push(el("code", {}, part.slice(1, -1)));
    else {
      const name = part.slice(1, -1);
      const value = name === "count" && typeof params.count === "number" ? groupDigits(params.count) : params[name];
      pieces.push(value === undefined ? part : typeof value === "number" ? String(value) : value);
    }
  }
  return pieces.filter((piece) => piece !== "");
}

/** A message as one string (no nodes among its parameters). */
function wordsText(key, params) {
  return words(key, params)
    .map((piece) => (typeof piece === "string" ? piece : piece.textContent))
    .join("");
}

function groupDigits(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, messages["number.group"] ?? ",");
}

async function fetchJson(path) {
  const response = await fetch(new URL(path, root));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

function loadScript(path) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL(path, root).href;
    script.async = false;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${path}`));
    document.head.append(script);
  });
}

/** @type {Promise<import("./engine.js").Searcher> | undefined} */
let searcher;
function getSearcher() {
  if (!searcher) {
    searcher = (async () => {
      const manifest = fetchJson("manifest.json");
      // In order: each lunr-languages file extends the global lunr the previous one set.
      if (!("lunr" in window)) for (const path of LUNR_SCRIPTS) await loadScript(path);
      return createSearcher({ lunr: /** @type {any} */ (window).lunr, fetchJson, manifest: await manifest });
    })();
    searcher.catch(() => (searcher = undefined));
  }
  return searcher;
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function say(...parts) {
  status.replaceChildren(...parts.map((part) => (typeof part === "string" ? document.createTextNode(part) : part)));
}

function readLocation() {
  const params = new URLSearchParams(location.search);
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return { q: (params.get("q") ?? "").trim(), page: Number.isFinite(page) && page > 0 ? page : 1 };
}

function locationFor(q, page) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `?${search}` : location.pathname;
}

/** "9 May 2009, 09:27": the site's date format (Locale.date, src/i18n/locale.ts) with the catalogue's
 *  month names (never the browser's), the forum's wall-clock time. */
function formatDate(postedAt) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(postedAt);
  if (!m) return postedAt;
  const month = messages["date.monthsShort"]?.[Number(m[2]) - 1] ?? m[2];
  const day = wordsText("date.day", { day: String(Number(m[3])), month, year: m[1] });
  return m[4] === undefined ? day : wordsText("date.dayTime", { date: day, time: `${m[4]}:${m[5]}` });
}

/** A window of the post text around its first highlighted word, marks as <mark>. */
function snippet(text, ranges) {
  let start = 0;
  if (ranges.length > 0 && ranges[0][0] > SNIPPET_CHARS / 3) {
    start = text.lastIndexOf(" ", ranges[0][0] - SNIPPET_CHARS / 4) + 1;
  }
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > start) end = space;
  }
  const p = el("p", { class: "search-snippet" });
  if (start > 0) p.append("… ");
  let at = start;
  for (const [from, to] of ranges) {
    if (to <= at || from >= end) continue;
    const a = Math.max(from, at);
    const b = Math.min(to, end);
    p.append(text.slice(at, a), el("mark", {}, text.slice(a, b)));
    at = b;
  }
  p.append(text.slice(at, end));
  if (end < text.length) p.append(" …");
  return p;
}

/** One matching post: link to its anchor, author, date, snippet. */
function postItem(engine, doc, terms) {
  const readable = /^\d{4}-\d{2}-\d{2}/.test(doc.postedAt);
  const date = readable
    ? el("time", { datetime: doc.postedAt }, formatDate(doc.postedAt))
    : el("span", {}, doc.postedAt);
  return el(
    "li",
    { class: "search-post" },
    el(
      "p",
      { class: "search-meta" },
      ...words("by", {
        post: el("a", { href: doc.href }, wordsText("post", { number: String(doc.number) })),
        author: el("bdi", {}, doc.author),
        date,
      }),
    ),
    snippet(doc.text, engine.highlights(doc.text, terms)),
  );
}

/** The thread's other matching posts, fetched when the reader opens the list. */
function morePosts(engine, results) {
  const shown = results.slice(0, MORE_POSTS);
  const list = el("ul", { class: "search-posts" });
  const count = results.length;
  const details = el("details", { class: "search-more" }, el("summary", {}, wordsText("more", { count })), list);
  let state = "empty";
  details.addEventListener("toggle", async () => {
    if (!details.open || state === "loading" || state === "loaded") return;
    state = "loading";
    try {
      const docs = await engine.documents(shown.map((r) => Number(r.ref)));
      list.replaceChildren(...shown.map((r) => postItem(engine, docs.get(Number(r.ref)), r.terms)));
      if (count > shown.length) list.append(el("li", {}, wordsText("andMore", { count: count - shown.length })));
      state = "loaded";
    } catch {
      list.replaceChildren(el("li", {}, wordsText("moreFailed")));
      state = "empty";
    }
  });
  return details;
}

function explainSyntax(error) {
  return [el("strong", {}, wordsText("syntaxError")), `${error.message}. `, ...words("syntaxHelp")];
}

/** What the engine bounded in the query (a fuzzy distance above 2), said after the count. */
function notesOf(found) {
  return (found.notes ?? []).map((note) => ` ${note}`);
}

let latestRun = 0;

async function run(q, page) {
  const runId = ++latestRun;
  document.title = q ? `${q} – ${pageTitle}` : pageTitle;
  resultsBox.replaceChildren();
  pager.replaceChildren();
  pager.hidden = true;
  if (!q) {
    say(wordsText("prompt"));
    return;
  }
  say(wordsText("searching"));
  let found;
  let engine;
  try {
    engine = await getSearcher();
    found = await engine.search(q);
  } catch (error) {
    if (runId !== latestRun) return;
    const e = /** @type {any} */ (error);
    if (e && e.name === "QueryParseError") say(...explainSyntax(e));
    else if (e instanceof UnhelpfulQueryError)
      say(e.reason === "negated" ? wordsText("negated") : wordsText("tooBroad"));
    else {
      console.error(error);
      say(wordsText("indexFailed"));
    }
    return;
  }
  if (runId !== latestRun) return;

  // Group posts by thread, threads in the order of their best post.
  const groups = new Map();
  for (const result of found.results) {
    const id = Number(result.ref);
    const thread = engine.threadOf(id);
    let group = groups.get(thread);
    if (!group) groups.set(thread, (group = { results: [] }));
    group.results.push(result);
  }
  if (groups.size === 0) {
    say(
      el("strong", {}, ...words("noMatch", { query: el("q", {}, q) })),
      " ",
      ...words("noMatchHelp"),
      ...notesOf(found),
    );
    return;
  }
  const pages = Math.ceil(groups.size / THREADS_PER_PAGE);
  const current = Math.min(page, pages);
  const shown = [...groups.values()].slice((current - 1) * THREADS_PER_PAGE, current * THREADS_PER_PAGE);
  const ids = shown.flatMap((group) => group.results.slice(0, POSTS_PER_THREAD).map((r) => Number(r.ref)));
  let docs;
  try {
    docs = await engine.documents(ids);
  } catch {
    if (runId === latestRun) say(wordsText("resultsFailed"));
    return;
  }
  if (runId !== latestRun) return;

  const posts = found.results.length;
  const counts = {
    posts: wordsText("posts", { count: posts }),
    threads: wordsText("threads", { count: groups.size }),
    query: el("q", {}, q),
  };
  say(
    ...words(pages > 1 ? "summaryPaged" : "summary", { ...counts, page: String(current), pages: String(pages) }),
    ...notesOf(found),
  );
  const list = el("ol", { class: "search-threads", start: String((current - 1) * THREADS_PER_PAGE + 1) });
  for (const group of shown) {
    const first = docs.get(Number(group.results[0].ref));
    const postList = el("ul", { class: "search-posts" });
    for (const result of group.results.slice(0, POSTS_PER_THREAD)) {
      postList.append(postItem(engine, docs.get(Number(result.ref)), result.terms));
    }
    const item = el(
      "li",
      { class: "search-thread" },
      el("h2", {}, el("a", { href: first.threadHref }, first.threadTitle)),
    );
    const forum = typeof first.forum === "string" ? first.forum : "";
    // A thread's forum page is its address's parent folder (src/parse/thread.ts builds both).
    if (forum) {
      const forumLink = el("a", { href: first.threadHref.replace(/[^/]+\/$/, "") }, el("bdi", {}, forum));
      item.append(el("p", { class: "search-forum" }, ...words("in", { forum: forumLink })));
    }
    item.append(postList);
    const more = group.results.slice(POSTS_PER_THREAD);
    if (more.length > 0) item.append(morePosts(engine, more));
    list.append(item);
  }
  resultsBox.replaceChildren(list);

  if (pages > 1) {
    pager.replaceChildren(...pagerParts(q, current, pages));
    pager.hidden = false;
  }
}

/** The site's pager (templates/_includes/macros.njk): status, Previous, first, last and three
 *  pages either side of this one with gaps, Next. */
function pagerParts(q, current, pages) {
  const link = (page, text, attributes = {}) =>
    el("li", {}, el("a", { href: locationFor(q, page), "data-page": String(page), ...attributes }, text));
  const wanted = new Set([1, pages]);
  for (let n = current - 3; n <= current + 3; n++) if (n >= 1 && n <= pages) wanted.add(n);
  const list = el("ul");
  if (current > 1) list.append(link(current - 1, wordsText("previous"), { rel: "prev" }));
  let last = 0;
  for (const n of [...wanted].sort((a, b) => a - b)) {
    if (n - last > 1) list.append(el("li", { class: "gap", "aria-hidden": "true" }, "…"));
    list.append(link(n, String(n), n === current ? { "aria-current": "page" } : {}));
    last = n;
  }
  if (current < pages) list.append(link(current + 1, wordsText("next"), { rel: "next" }));
  return [el("p", { class: "pager-status" }, wordsText("page", { page: String(current), pages: String(pages) })), list];
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const q = input.value.trim();
  history.pushState({ q, page: 1 }, "", locationFor(q, 1));
  void run(q, 1);
});

pager.addEventListener("click", (event) => {
  const link = /** @type {Element} */ (event.target).closest("a[data-page]");
  if (!link) return;
  event.preventDefault();
  const { q } = readLocation();
  const page = Number(link.getAttribute("data-page"));
  history.pushState({ q, page }, "", locationFor(q, page));
  void run(q, page).then(() => status.focus());
});

window.addEventListener("popstate", () => {
  const { q, page } = readLocation();
  input.value = q;
  void run(q, page);
});

// The reader starts searching: fetch lunr and the manifest while they type.
input.addEventListener("focus", () => void getSearcher().catch(() => {}), { once: true });

form.classList.add("search-ready");
{
  const { q, page } = readLocation();
  input.value = q;
  if (q) void run(q, page);
  else say(wordsText("prompt"));
}
