// The benchmark corpus generator keeps the promises its header makes: deterministic, the
// sample dump's exact layout (U+00A0 included), quotes copied from earlier posts, multi-page
// threads numbered straight through, Similar Threads rows naming real generated threads.
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import {
  Corpus,
  generateCorpus,
  generateThread,
  pageNav,
  renderThreadPages,
  shortenUrl,
  strippedText,
  topicKeys,
  topicsOf,
  type CorpusFile,
} from "../bench/corpus-generator.ts";
import { TOPICS } from "../bench/corpus-vocab.ts";

const NBSP = "\u00a0";
const SAMPLE = readFileSync(new URL("../seeds/crossfit-back-spasms-from-running.txt", import.meta.url), "utf8");

// Written from reading the sample with `cat -A`.
const HEADER = /^Old (\d\d)-(\d\d)-(\d{4}), (\d\d):(\d\d) (AM|PM) \u00a0 #(\d+)$/;
const STATUS = /^(.+) is (online|offline)$/;
const EDIT_NOTE = /^Last edited by [^;]+; \d\d-\d\d-\d{4} at \d\d:\d\d [AP]M\.(\. Reason: .+)?$/;
const LISTED_ROW = /^.+ \d+ \d\d-\d\d-\d{4} \d\d:\d\d [AP]M$/;
/** Every kind of line the sample puts a no-break space in. */
const NBSP_LINES = [
  /^[^\u00a0]+ \u00a0$/, // site name, first line
  /^Go Back \u00a0 [^\u00a0]+ > [^\u00a0]+$/,
  /^\u00a0$/,
  HEADER,
  /^Location: [^\u00a0]+\u00a0 [^\u00a0]+$/,
  /^\u00a0 Reply With Quote$/,
];

function corpus(threads: number, seed: number | string = 11, postsPerPage?: number): CorpusFile[] {
  return [...generateCorpus({ threads, seed, postsPerPage })];
}

interface DumpPost {
  number: number;
  author: string;
  lines: string[];
}

/** Posts of a dump read the way the sample is laid out: header line to `Reply With Quote`. */
function postsOf(text: string): DumpPost[] {
  const posts: DumpPost[] = [];
  let current: DumpPost | undefined;
  for (const line of text.split("\n")) {
    const header = HEADER.exec(line);
    if (header) {
      current = { number: Number(header[7]), author: "", lines: [] };
      posts.push(current);
    } else if (current && line === `${NBSP} Reply With Quote`) {
      current = undefined;
    } else if (current) {
      if (current.author === "") current.author = line;
      else current.lines.push(line);
    }
  }
  return posts;
}

describe("the sample fixes the patterns these tests use", () => {
  it("has ten posts whose header, status and NBSP lines match", () => {
    const lines = SAMPLE.split("\n");
    expect(lines.filter((l) => HEADER.test(l))).toHaveLength(10);
    for (const line of lines.filter((l) => l.includes(NBSP)))
      expect(
        NBSP_LINES.some((re) => re.test(line)),
        line,
      ).toBe(true);
    expect(lines).toContain("Last edited by Brian Strump; 12-20-2009 at 07:25 AM.. Reason: added last sentence");
    expect(lines.filter((l) => EDIT_NOTE.test(l))).toHaveLength(1);
    expect(postsOf(SAMPLE).map((p) => p.author)).toContain("Steven Low");
  });
});

describe("corpus generator", () => {
  it("is deterministic: the same seed gives identical files, another seed other files", () => {
    const a = corpus(25, 5);
    const b = corpus(25, 5);
    expect(b.map((f) => f.file)).toEqual(a.map((f) => f.file));
    expect(b.map((f) => f.text)).toEqual(a.map((f) => f.text));
    const c = corpus(25, 6);
    expect(c.map((f) => f.text).join("\n")).not.toEqual(a.map((f) => f.text).join("\n"));
  });

  it("never reads Math.random or the clock", () => {
    const random = vi.spyOn(Math, "random");
    const now = vi.spyOn(Date, "now");
    try {
      corpus(10);
      expect(random).not.toHaveBeenCalled();
      expect(now).not.toHaveBeenCalled();
    } finally {
      random.mockRestore();
      now.mockRestore();
    }
  });

  it("streams: the first file comes without generating a million threads", () => {
    const first = generateCorpus({ threads: 1_000_000, seed: 3 }).next();
    expect(first.done).toBe(false);
    expect(first.value?.file).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+-0\.txt$/);
  });

  it("writes every page in the sample's layout, with no-break spaces exactly where the sample has them", () => {
    for (const dump of corpus(40)) {
      const lines = dump.text.split("\n");
      expect(lines[0]).toMatch(/^.+ \u00a0$/);
      expect(lines[1]).toBe("");
      expect(lines[2]).toMatch(
        new RegExp(`^Go Back \u00a0 ${lines[0]!.slice(0, -2)} > .+ > ${dump.forum.replace(/[&]/g, "\\$&")}$`),
      );
      expect(lines[7]).toBe("Reply");
      expect(lines[9]).toBe("Thread Tools");
      expect(HEADER.test(lines[10]!)).toBe(true);
      expect(dump.text.endsWith("\n")).toBe(false);
      expect(lines.some((l) => /^All times are GMT -7\. The time now is \d\d:\d\d [AP]M\.$/.test(l))).toBe(true);
      for (const line of lines.filter((l) => l.includes(NBSP)))
        expect(
          NBSP_LINES.some((re) => re.test(line)),
          line,
        ).toBe(true);

      const headers = lines.filter((l) => HEADER.test(l)).length;
      expect(lines.filter((l) => l === `${NBSP} Reply With Quote`)).toHaveLength(headers);
      for (const post of postsOf(dump.text)) {
        // name; "<title> <name> is offline"; NBSP; optional avatar + NBSP; Profile:; Join Date: Mon YYYY
        const status = STATUS.exec(post.lines[0]!);
        expect(status?.[1]?.endsWith(` ${post.author}`)).toBe(true);
        expect(post.lines[1]).toBe(NBSP);
        const profile = post.lines[2] === `${post.author}'s Avatar` ? 4 : 2;
        if (profile === 4) expect(post.lines[3]).toBe(NBSP);
        expect(post.lines[profile]).toBe("Profile:");
        expect(post.lines[profile + 1]).toMatch(/^Join Date: (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$/);
        const postsLine = post.lines.findIndex((l) => l.startsWith("Posts: "));
        expect(post.lines[postsLine]).toMatch(/^Posts: \d{1,3}(,\d{3})*$/);
        expect(postsLine).toBeLessThanOrEqual(profile + 3);
        expect(post.lines[postsLine + 1]).toBe(post.number === 1 ? dump.title : `Re: ${dump.title}`);
        expect(post.lines[postsLine + 2]).toBe("");
        const edit = post.lines.findIndex((l) => l.startsWith("Last edited by "));
        if (edit >= 0) {
          expect(post.lines[edit]).toMatch(EDIT_NOTE);
          expect(edit).toBe(post.lines.length - 1);
          expect(post.lines[edit - 1]).toBe("");
        }
      }
    }
  });

  it("copies quotes from earlier posts' text, without those posts' own quotes", () => {
    const c = new Corpus({ threads: 60, seed: 21 });
    let quotes = 0;
    let bare = 0;
    let quotedPostsWithQuotes = 0;
    for (let i = 0; i < c.threads; i++) {
      const thread = generateThread(c, i);
      for (const post of thread.posts) {
        for (const segment of post.segments) {
          if (segment.kind !== "quote") continue;
          quotes++;
          if (!segment.author) bare++;
          expect(segment.of).toBeLessThan(post.number);
          const source = thread.posts[segment.of - 1]!;
          if (segment.author) expect(segment.author).toBe(source.author.name);
          expect(source.author).not.toBe(post.author);
          if (source.segments.some((s) => s.kind === "quote")) quotedPostsWithQuotes++;
          expect(strippedText(source)).toContain(segment.text);
          expect(segment.text.split("\n")).not.toContain("Quote:");
          // The reply after a quote does not open with a line of the quoted post (its end stays findable).
          const next = post.segments[post.segments.indexOf(segment) + 1];
          expect(next?.kind).toBe("text");
          const opening = next!.kind === "text" ? next!.text.split("\n")[0]! : "";
          expect(strippedText(source).split("\n")).not.toContain(opening);
        }
      }
      // The same promise read off the dump: the first quoted line is a line an earlier post by NAME wrote.
      const text = renderThreadPages(c, thread)
        .map((f) => f.text)
        .join("\n");
      const posts = postsOf(text);
      posts.forEach((post, at) => {
        post.lines.forEach((line, k) => {
          const named = /^Originally Posted by (.+) View Post$/.exec(line);
          if (!named) return;
          expect(post.lines[k - 1]).toBe("Quote:");
          const first = post.lines[k + 1]!;
          const earlier = posts.slice(0, at).filter((p) => p.author === named[1]);
          expect(
            earlier.some((p) => p.lines.includes(first)),
            `${thread.key} #${post.number}: ${first}`,
          ).toBe(true);
        });
      });
    }
    expect(quotes).toBeGreaterThan(50);
    expect(bare).toBeGreaterThan(0);
    expect(quotedPostsWithQuotes).toBeGreaterThan(0);
  });

  it("splits long threads into pages with consecutive post numbers and page navigation", () => {
    const files = corpus(80, 9, 10);
    const threads = new Map<string, CorpusFile[]>();
    for (const f of files) threads.set(f.threadKey, [...(threads.get(f.threadKey) ?? []), f]);
    const multi = [...threads.values()].filter((pages) => pages.length > 1);
    expect(multi.length).toBeGreaterThan(3);
    for (const pages of multi) {
      const numbers = pages.flatMap((p) => postsOf(p.text).map((post) => post.number));
      expect(numbers).toEqual(Array.from({ length: pages[0]!.thread.posts }, (_, i) => i + 1));
      pages.forEach((page, i) => {
        expect(page.page).toBe(i + 1);
        expect(page.file).toBe(i === 0 ? `${page.threadKey}.txt` : `${page.threadKey}-page-${i + 1}.txt`);
        const count = postsOf(page.text).length;
        if (i < pages.length - 1) expect(count).toBe(10);
        else expect(count).toBeLessThanOrEqual(10);
        const lines = page.text.split("\n");
        const nav = `Page ${i + 1} of ${pages.length}`;
        expect(lines[8]!.startsWith(nav)).toBe(true);
        expect(lines.filter((l) => l.startsWith(nav))).toHaveLength(2);
      });
    }
    // Single-page threads keep the sample's lone no-break space where the navigation would be.
    const single = [...threads.values()].find((pages) => pages.length === 1)!;
    expect(single[0]!.text.split("\n")[8]).toBe(NBSP);
  });

  it("builds page navigation like vBulletin's", () => {
    expect(pageNav(1, 3)).toBe("Page 1 of 3 1 2 3 >");
    expect(pageNav(2, 3)).toBe("Page 2 of 3 < 1 2 3 >");
    expect(pageNav(3, 3)).toBe("Page 3 of 3 < 1 2 3");
    expect(pageNav(6, 12)).toBe("Page 6 of 12 « First < 3 4 5 6 7 8 9 > Last »");
  });

  it("shortens long links the way the sample's forum did", () => {
    // The sample's link: 36 characters, "...", the last 14.
    const full = "http://www.youtube.com/watch?v=ybsaHxxxxxx&feature=related";
    expect(shortenUrl(full)).toBe("http://www.youtube.com/watch?v=ybsaH...eature=related");
    expect(shortenUrl("http://www.youtube.com/watch?v=ybsaHxxxxxx")).toBe("http://www.youtube.com/watch?v=ybsaHxxxxxx");
  });

  it("lists similar threads that exist in the corpus under their real title, starter and forum", () => {
    const files = corpus(150, 4);
    const truth = new Map(files.filter((f) => f.page === 1).map((f) => [f.threadKey, f.thread]));
    let named = 0;
    let outside = 0;
    for (const thread of truth.values()) {
      const lines = readPage1(files, thread.threadKey).split("\n");
      const start = lines.indexOf("Thread Thread Starter Forum Replies Last Post");
      const rows = start < 0 ? [] : lines.slice(start + 1, lines.indexOf("", start));
      expect(rows).toEqual(thread.similar.map((s) => s.row));
      expect(rows.length).toBeLessThanOrEqual(5);
      for (const row of thread.similar) {
        expect(row.row).toMatch(LISTED_ROW);
        expect(row.row.startsWith(`${row.title} ${row.starter} ${row.forum} `)).toBe(true);
        if (!row.threadKey) {
          outside++;
          continue;
        }
        named++;
        const other = truth.get(row.threadKey)!;
        expect(other.threadKey).not.toBe(thread.threadKey);
        expect(other.topic).toBe(thread.topic);
        expect([other.title, other.starter, other.forum]).toEqual([row.title, row.starter, row.forum]);
        expect(row.row).toMatch(new RegExp(` ${other.posts - 1} \\d\\d-\\d\\d-\\d{4} \\d\\d:\\d\\d [AP]M$`));
      }
    }
    expect(named).toBeGreaterThan(50);
    expect(outside).toBeGreaterThan(10);
  });

  it("plants one known topic per thread, with a long tail of thread lengths", () => {
    const c = new Corpus({ threads: 2000, seed: 8 });
    const lengths = Array.from({ length: c.threads }, (_, i) => c.meta(i).times.length).sort((a, b) => a - b);
    expect(lengths[Math.floor(lengths.length / 2)]).toBeGreaterThanOrEqual(2);
    expect(lengths[Math.floor(lengths.length / 2)]).toBeLessThanOrEqual(15);
    expect(lengths[lengths.length - 1]).toBeGreaterThan(100);
    const topics = new Set(Array.from({ length: c.threads }, (_, i) => c.topicOf(i)));
    expect(topics.size).toBe(topicKeys().length);
    expect(topicKeys().length).toBeGreaterThanOrEqual(40);
    const files = corpus(100, 8);
    const planted = topicsOf({ threads: 100, seed: 8 });
    expect(planted.size).toBe(100);
    for (const f of files) {
      expect(planted.get(f.threadKey)).toEqual({ topic: f.topic, title: f.title });
      // Written on its topic: the opening post uses the topic's own words.
      if (f.page !== 1) continue;
      const opening = postsOf(f.text)[0]!.lines.join("\n").toLowerCase();
      const topic = TOPICS.find((t) => t.key === f.topic)!;
      expect(
        [...topic.terms, ...topic.lines].some((w) => opening.includes(w.toLowerCase())),
        f.file,
      ).toBe(true);
    }
    const authors = new Set(files.flatMap((f) => postsOf(f.text).map((p) => p.author)));
    expect(authors.size).toBeGreaterThan(200);
  });
});

function readPage1(files: CorpusFile[], key: string): string {
  return files.find((f) => f.threadKey === key && f.page === 1)!.text;
}
