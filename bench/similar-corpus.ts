// Planted-topic threads built directly as Thread objects, for the similar-threads benchmark
// and evaluation when no dumps are at hand. Deterministic for a seed. Each thread belongs to
// one topic (a tenth alone on theirs); its posts mix stop words, archive-wide filler words and
// its topic's words, quote posts of other topics' threads (which must not count) and carry
// their authors' signatures.
import type { Block, Post, Thread } from "../src/model.ts";

export interface SyntheticCorpus {
  threads: Thread[];
  topicOf: Map<string, string>;
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const syllables = [
  "ka",
  "lo",
  "min",
  "ter",
  "ba",
  "sul",
  "dor",
  "ve",
  "ni",
  "pra",
  "gu",
  "sen",
  "tho",
  "ri",
  "mak",
  "el",
  "fo",
  "zan",
  "qui",
  "bre",
  "ost",
  "lu",
  "da",
  "wer",
];
const englishStop =
  "the and to I my it is a of in that for you with on this but be have was are if at so not or as your do can what about from all".split(
    " ",
  );
const germanStop =
  "und der die das ich ist nicht mit zu es ein eine den auf für im dem sich auch wie bei aber nach wenn noch mein hat oder".split(
    " ",
  );

function pseudoWord(next: () => number, length: number): string {
  let word = "";
  for (let i = 0; i < length; i++) word += syllables[Math.floor(next() * syllables.length)];
  return word;
}

function vocabulary(next: () => number, size: number, syllableCount: number, taken: Set<string>): string[] {
  const words: string[] = [];
  while (words.length < size) {
    const word = pseudoWord(next, syllableCount);
    if (taken.has(word)) continue;
    taken.add(word);
    words.push(word);
  }
  return words;
}

/** Zipf-like pick: low indexes far more often. */
function zipf(next: () => number, size: number): number {
  return Math.min(size - 1, Math.floor(size ** next()) - 1);
}

const paragraph = (text: string): Block => ({ type: "paragraph", inlines: [{ type: "text", text }] });

export function syntheticThreads({ threads: threadCount, seed }: { threads: number; seed: number }): SyntheticCorpus {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const taken = new Set<string>();
  const filler = vocabulary(next, 4000, 3, taken);
  const topicCount = Math.max(2, Math.round(threadCount / 30));
  // Four syllables (331,776 words) leave room for the topics and lone threads of 100,000 threads;
  // the filler's three syllables (13,824) are not enough for them.
  const own = Array.from({ length: topicCount }, () => vocabulary(next, 16, 4, taken));
  // Neighbouring topics share words (a third of each vocabulary), as "knee pain" and "squat depth" do.
  const topics = own.map((words, index) => ({
    name: `topic-${index}`,
    words: [...words, ...own[(index + 1) % topicCount]!.slice(0, 8)],
    german: index % 5 === 4,
  }));
  const authors = Array.from({ length: Math.max(10, Math.round(threadCount / 5)) }, (_, index) => ({
    name: `member${index}`,
    signature: next() < 0.4 ? [Array.from({ length: 8 }, () => pick(filler)).join(" ")] : undefined,
  }));

  const sentence = (topic: (typeof topics)[number], length: number): string => {
    const stop = topic.german ? germanStop : englishStop;
    const out: string[] = [];
    for (let i = 0; i < length; i++) {
      const roll = next();
      if (roll < 0.4) out.push(pick(stop));
      else if (roll < 0.85) out.push(filler[zipf(next, filler.length)]!);
      else out.push(topic.words[zipf(next, topic.words.length)]!);
    }
    return out.join(" ") + ".";
  };

  const result: Thread[] = [];
  const topicOf = new Map<string, string>();
  for (let index = 0; index < threadCount; index++) {
    // Topic sizes vary: some topics get many threads, some few, and one thread in ten is alone
    // on its topic: whatever it lists is wrong, so the threshold has to keep its list short.
    const topic =
      next() < 0.1
        ? { name: `alone-${index}`, words: vocabulary(next, 24, 4, taken), german: next() < 0.2 }
        : topics[Math.min(topicCount - 1, Math.floor(topicCount * next() ** 1.3))]!;
    const id = `${index.toString(16).padStart(8, "0")}`;
    const title = [
      pick(topic.words),
      pick(topic.german ? germanStop : englishStop),
      pick(topic.words),
      pick(filler),
    ].join(" ");
    const postCount = 1 + Math.floor(next() * next() * 15);
    const posts: Post[] = [];
    for (let number = 1; number <= postCount; number++) {
      const author = pick(authors);
      const body: Block[] = [];
      if (number > 1 && next() < 0.3 && result.length > 0) {
        // Quote a post of some other (random) thread: quoted text must not count.
        const other = pick(result);
        body.push({
          type: "quote",
          author: "someone",
          blocks: other.posts[0]!.body.filter((block) => block.type === "paragraph"),
        });
      }
      const paragraphs = 1 + Math.floor(next() * 3);
      for (let p = 0; p < paragraphs; p++) body.push(paragraph(sentence(topic, 10 + Math.floor(next() * 40))));
      const post: Post = {
        number,
        postedAt: "2009-05-09T09:27:00-07:00",
        postedAtText: "05-09-2009, 09:27 AM",
        author: { name: author.name, hasAvatar: false },
        body,
        source: { file: `${id}.txt`, line: number * 20 },
      };
      if (author.signature) post.signature = author.signature.map(paragraph);
      posts.push(post);
    }
    result.push({
      id,
      title,
      url: `/synthetic/forum-${topic.name.length % 3}/${id}/`,
      site: "Synthetic",
      breadcrumbs: ["Synthetic", `Forum ${index % 3}`],
      forum: { name: `Forum ${index % 3}` },
      posts,
      similarListed: [],
      source: { files: [`${id}.txt`] },
      warnings: [],
    });
    topicOf.set(id, topic.name);
  }
  return { threads: result, topicOf };
}
