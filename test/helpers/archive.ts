// A hand-made Archive for the site tests: realistic Thread objects as model.ts describes them
// (quotes with postNumber, signatures, edit notes, truncated links, guests, attachments,
// several sites and forums, two threads with the same title, a thread over 40 posts and a
// forum over 50 threads so both paginate), plus hostile text that must come out escaped.
import slugify from "@sindresorhus/slugify";
import type { Archive, AuthorSummary, Author, Block, ForumSummary, Inline, Post, Thread } from "../../src/model.ts";

const text = (t: string): Inline => ({ type: "text", text: t });
const para = (...inlines: (Inline | string)[]): Block => ({
  type: "paragraph",
  inlines: inlines.map((i) => (typeof i === "string" ? text(i) : i)),
});
const quote = (author: string | undefined, postNumber: number | undefined, ...blocks: Block[]): Block => ({
  type: "quote",
  ...(author ? { author } : {}),
  ...(postNumber !== undefined ? { postNumber } : {}),
  blocks,
});

const steven: Author = {
  name: "Steven Low",
  title: "Member",
  joinDate: "2005-09",
  location: "silver spring maryland",
  postCount: 12221,
  hasAvatar: true,
};
const kieran: Author = {
  name: "Kieran Barry",
  title: "Member",
  joinDate: "2008-04",
  location: "London England",
  postCount: 52,
  hasAvatar: false,
};
const katherine: Author = {
  name: "Katherine Derbyshire",
  title: "Member",
  joinDate: "2009-01",
  location: "Seattle WA",
  postCount: 7596,
  hasAvatar: false,
};
const brian: Author = {
  name: "Brian Strump",
  title: "Affiliate",
  joinDate: "2009-09",
  location: "Charlotte NC",
  postCount: 2619,
  hasAvatar: true,
};
const hacker: Author = {
  name: "<img src=x onerror=alert(1)>",
  title: "Member",
  joinDate: "2010-02",
  postCount: 3,
  hasAvatar: false,
};
const rosa: Author = {
  name: "Rosa Gärtner",
  title: "Moderator",
  joinDate: "2006-03",
  location: "Köln",
  postCount: 1402,
  hasAvatar: true,
};
const guest: Author = { name: "Wanderer", title: "Guest", hasAvatar: false, guest: true };

const stevenSig: Block[] = [
  para("Posts are NOT medical, training, nutrition info\nBodyweight Article, Overcoming Gravity Book"),
];

let line = 1;
function post(number: number, postedAt: string, author: Author, body: Block[], extra: Partial<Post> = {}): Post {
  const [, y, mo, d, h, mi] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(postedAt) ?? [];
  const hour = Number(h);
  const text = `${mo}-${d}-${y}, ${String(hour % 12 || 12).padStart(2, "0")}:${mi} ${hour < 12 ? "AM" : "PM"}`;
  line += 20;
  return { number, postedAt, postedAtText: text, author, body, source: { file: "fixture.txt", line }, ...extra };
}

function thread(fields: Omit<Thread, "site" | "warnings" | "similarListed" | "source"> & Partial<Thread>): Thread {
  return {
    site: "CrossFit Discussion Board",
    similarListed: [],
    warnings: [],
    source: { files: [`${fields.id}.txt`] },
    timezone: { label: "GMT -7", offsetMinutes: -420 },
    ...fields,
  };
}

// The sample thread, shortened, with its quote structure (3→2, 4→3, 5→4, 9→1, 10→8).
const running = thread({
  id: "6faad58c96bed239",
  title: "Back spasms from running",
  url: "/crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/",
  breadcrumbs: ["CrossFit Discussion Board", "In Sickness and In Health", "Injuries"],
  forum: { name: "Injuries", description: "Chronic & Acute" },
  source: {
    files: ["crossfit-back-spasms-from-running.txt"],
    url: "https://www.crossfit.com/discussion/showthread.php?t=45612",
    captured: "2010-01-05",
  },
  posts: [
    post(
      1,
      "2009-05-09T09:27:00-07:00",
      kieran,
      [
        para("My lowere back starts to spasm after almost any medium or long distance running."),
        para("Round 1: 3:00(1:23/1:36) - this equals my PB.\nRound 2: 3:49(1:30/2:18)"),
      ],
      { title: "Back spasms from running" },
    ),
    post(2, "2009-05-09T09:57:00-07:00", steven, [para("How's your running technique?")], {
      title: "Re: Back spasms from running",
      signature: stevenSig,
    }),
    post(
      3,
      "2009-05-09T11:31:00-07:00",
      kieran,
      [
        para("Thanks for replying Steven."),
        quote("Steven Low", 2, para("How's your running technique?")),
        para('I\'m actually trying to "run taller".'),
      ],
      { title: "Re: Back spasms from running" },
    ),
    post(
      4,
      "2009-05-09T11:54:00-07:00",
      steven,
      [quote("Kieran Barry", 3, para("Thanks for replying Steven.")), para("Make sure that it's not too much though.")],
      { signature: stevenSig },
    ),
    post(5, "2009-05-09T12:02:00-07:00", kieran, [
      quote("Steven Low", 4, para("Make sure that it's not too much though.")),
      para("I think that my default posture is to tend to under-curve."),
    ]),
    post(
      6,
      "2009-05-09T12:10:00-07:00",
      steven,
      [
        para("Samson stretch is a hip flexor stretch."),
        para("Other example.. wfs\n", {
          type: "link",
          href: "http://www.youtube.com/watch?v=ybsaH...eature=related",
          text: "http://www.youtube.com/watch?v=ybsaH...eature=related",
          truncated: true,
        }),
      ],
      { signature: stevenSig },
    ),
    post(7, "2009-05-11T23:00:00-07:00", katherine, [para("Thanks for this thread.\n\nKatherine")]),
    post(
      8,
      "2009-12-20T06:55:00-07:00",
      {
        name: "Jeremy Williams",
        title: "Member",
        joinDate: "2008-03",
        location: "Wilbraham MA",
        postCount: 67,
        hasAvatar: true,
      },
      [para("I didn't want to post a new thread as this one seems relevant.")],
      { signature: [para("The World Breaks Everyone, Sometimes People are stronger at the Broken Places.")] },
    ),
    post(
      9,
      "2009-12-20T07:24:00-07:00",
      brian,
      [
        quote(
          "Kieran Barry",
          1,
          para("My lowere back starts to spasm after almost any medium or long distance running."),
        ),
        para("This is the best I know how to explain it..."),
      ],
      {
        signature: [para("Brian Strump, D.C., FMS, NKT\nwww.crossfitsteelecreek.com/")],
        edited: {
          by: "Brian Strump",
          at: "2009-12-20T07:25:00-07:00",
          atText: "12-20-2009 at 07:25 AM",
          reason: "added last sentence",
        },
      },
    ),
    post(
      10,
      "2009-12-20T08:30:00-07:00",
      steven,
      [
        quote("Jeremy Williams", 8, para("I didn't want to post a new thread as this one seems relevant.")),
        para("Page 3 and 4 here:\n", {
          type: "link",
          href: "http://www.eatmoveimprove.com/2009/1...-dysfunctions/",
          text: "http://www.eatmoveimprove.com/2009/1...-dysfunctions/",
          truncated: true,
        }),
      ],
      { signature: stevenSig },
    ),
  ],
});

// 45 posts: two pages. Post 44 quotes post 3 (page 1) and post 42 (page 2).
const longPosts: Post[] = [];
for (let n = 1; n <= 45; n++) {
  const who = [steven, kieran, katherine, brian][n % 4] as Author;
  const day = String(1 + Math.floor(n / 4)).padStart(2, "0");
  const body: Block[] =
    n === 44
      ? [
          quote("Kieran Barry", 3, para("Reply number 3.")),
          quote("Steven Low", 42, para("Reply number 42.")),
          para("Both of you are right."),
        ]
      : [para(`Reply number ${n}.`)];
  longPosts.push(post(n, `2008-07-${day}T10:${String(n).padStart(2, "0")}:00-07:00`, who, body));
}
const spasmsA = thread({
  id: "a1b2c3d4e5f60718",
  title: "Back Spasms",
  url: "/crossfit-discussion-board/injuries/back-spasms-a1b2c3d4/",
  breadcrumbs: ["CrossFit Discussion Board", "In Sickness and In Health", "Injuries"],
  forum: { name: "Injuries", description: "Chronic & Acute" },
  posts: longPosts,
});

// The same title again, in another forum, by someone else: a different thread with its own URL.
const spasmsB = thread({
  id: "0f1e2d3c4b5a6978",
  title: "Back Spasms",
  url: "/crossfit-discussion-board/nutrition/back-spasms-0f1e2d3c/",
  breadcrumbs: ["CrossFit Discussion Board", "Fuel", "Nutrition"],
  forum: { name: "Nutrition" },
  posts: [
    post(1, "2007-01-15T08:00:00-07:00", katherine, [para("Magnesium for back spasms?")]),
    post(2, "2007-01-17T10:57:00-07:00", hacker, [
      para("<script>alert('x')</script> & friends"),
      para("Click ", { type: "link", href: "javascript:alert(1)", text: "here" }, " or ", {
        type: "link",
        href: 'https://example.org/a?b=1&c="2"',
        text: "a real link",
      }),
      quote("<b>Nobody</b>", undefined, para("A quote whose source is not in the dump.")),
      quote(undefined, undefined, para("An anonymous quote.")),
    ]),
  ],
});

// Similar threads on the sample thread: one row archived (spasmsA), one not.
running.similarListed = [
  {
    title: "Back Spasms",
    starter: "Steven Low",
    forum: "Injuries",
    replies: 44,
    lastPostAt: "2008-07-12T10:45:00-07:00",
    row: "Back Spasms Steven Low Injuries 44 07-12-2008 10:45 AM",
    split: "known",
    archivedUrl: spasmsA.url,
    archivedId: spasmsA.id,
  },
  {
    title: "Back inflammation spasms",
    starter: "Dan Patrick",
    forum: "Injuries",
    replies: 1,
    lastPostAt: "2007-07-29T10:26:00-07:00",
    row: "Back inflammation spasms Dan Patrick Injuries 1 07-29-2007 10:26 AM",
    split: "guessed",
  },
];
running.similar = [
  { id: spasmsA.id, url: spasmsA.url, title: spasmsA.title, score: 0.61 },
  { id: spasmsB.id, url: spasmsB.url, title: spasmsB.title, score: 0.32 },
];

// 52 small threads in Nutrition, so the forum listing has two pages.
const filler: Thread[] = [];
for (let i = 1; i <= 52; i++) {
  const id = `f${String(i).padStart(15, "0")}`;
  const month = String(1 + (i % 12)).padStart(2, "0");
  filler.push(
    thread({
      id,
      title: `Meal plan question ${i}`,
      url: `/crossfit-discussion-board/nutrition/meal-plan-question-${i}-${id.slice(0, 8)}/`,
      breadcrumbs: ["CrossFit Discussion Board", "Fuel", "Nutrition"],
      forum: { name: "Nutrition" },
      posts: [
        post(1, `2006-${month}-${String(1 + (i % 28)).padStart(2, "0")}T09:00:00-07:00`, i % 2 ? kieran : katherine, [
          para(`How many blocks for meal ${i}?`),
        ]),
        post(
          2,
          `2006-${month}-${String(1 + (i % 28)).padStart(2, "0")}T12:${String(i).padStart(2, "0")}:00-07:00`,
          steven,
          [para("Depends on your size.")],
          { signature: stevenSig },
        ),
      ],
    }),
  );
}

// A second site, another language's forum, with a guest post, attachments and an unreadable date.
const roses = thread({
  id: "9e8d7c6b5a493827",
  title: "Rosen & Frost: überwintern?",
  url: "/garten-forum/rosen/rosen-uberwintern-9e8d7c6b/",
  site: "Garten Forum",
  breadcrumbs: ["Garten Forum", "Pflanzen", "Rosen"],
  forum: { name: "Rosen", description: "Alles über Rosen" },
  timezone: { label: "WEZ +1", offsetMinutes: 60 },
  posts: [
    post(1, "2011-11-02T18:15:00+01:00", rosa, [para("Wie schützt ihr eure Rosen im Winter?")], {
      attachments: [{ label: "Angehängte Grafiken", lines: ["rose-winter.jpg (42,3 KB, 17x aufgerufen)"] }],
    }),
    {
      number: 2,
      postedAt: "Gestern, 14:03",
      postedAtText: "Gestern, 14:03",
      author: guest,
      body: [quote("Rosa Gärtner", 1, para("Wie schützt ihr eure Rosen im Winter?")), para("Mit Tannenzweigen.")],
      source: { file: "rosen.txt", line: 40 },
    },
  ],
});

/** Forums and authors summaries, the way the archive loader derives them. */
export function summarise(threads: Thread[]): Pick<Archive, "forums" | "authors"> {
  const forums = new Map<string, ForumSummary>();
  for (const t of threads) {
    const key = `${t.site}\u0000${t.forum.name}`;
    let f = forums.get(key);
    if (!f) {
      const forumUrl = t.url.replace(/[^/]+\/$/, "");
      f = {
        site: t.site,
        name: t.forum.name,
        description: t.forum.description,
        parents: t.breadcrumbs.slice(0, -1),
        url: forumUrl,
        threadIds: [],
        postCount: 0,
      };
      forums.set(key, f);
    }
    f.threadIds.push(t.id);
    f.postCount += t.posts.length;
  }
  const authors = new Map<string, AuthorSummary>();
  for (const t of threads) {
    for (const p of t.posts) {
      let a = authors.get(p.author.name);
      if (!a) {
        a = { name: p.author.name, url: `/authors/${slugify(p.author.name) || "x"}/`, profile: p.author, posts: [] };
        authors.set(p.author.name, a);
      }
      a.posts.push({ threadId: t.id, number: p.number, postedAt: p.postedAt });
    }
  }
  for (const a of authors.values()) a.posts.sort((x, y) => Date.parse(y.postedAt) - Date.parse(x.postedAt));
  return { forums: [...forums.values()], authors: [...authors.values()] };
}

export function fixtureArchive(options: { clusters?: boolean } = {}): Archive {
  const threads = [running, spasmsA, spasmsB, ...filler, roses];
  return {
    threads,
    ...summarise(threads),
    clusters:
      options.clusters === false
        ? undefined
        : [
            { id: "c-spasms", label: ["spasms", "back"], threadIds: [running.id, spasmsA.id, spasmsB.id] },
            {
              id: "c-injuries-back",
              label: ["back", "running"],
              forum: { site: "CrossFit Discussion Board", name: "Injuries" },
              threadIds: [running.id, spasmsA.id],
            },
          ],
    warnings: [{ file: "rosen.txt", line: 40, message: "date 'Gestern, 14:03' could not be resolved" }],
    failures: [{ file: "empty.txt", reason: "no posts found" }],
  };
}

export const FIXTURE = { running, spasmsA, spasmsB, roses, filler };
