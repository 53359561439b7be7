// Rows of the dump's "Similar Threads" table: "Back Spasms Keith Wiggins Injuries 2 07-20-2008 10:04 AM".
// Columns are separated by single spaces, so title, starter and forum are told apart with
// what the archive knows (forum names, user names, archived titles), then by a heuristic.
import type { ListedThread } from "../model.ts";
import { looksLikeDate, parseForumDate, type DateContext } from "./dates.ts";
import { isTrimmedSpace } from "./text-lines.ts";

export interface ArchiveKnowledge {
  forums: ReadonlySet<string>;
  authors: ReadonlySet<string>;
  titles: ReadonlySet<string>;
}

/** Splits a row; undefined when it has no replies count and date at its end. */
export function splitListedRow(row: string, knowledge: ArchiveKnowledge, dates: DateContext): ListedThread | undefined {
  const words = wordsOf(row);
  // The date is the longest run of trailing words that reads as one ("07-20-2008 10:04 AM").
  for (let take = Math.min(4, words.length - 2); take >= 1; take--) {
    // The replies count first: it rules out most runs without reading them as dates.
    const repliesText = words.at(-take - 1)!;
    if (!/^\d[\d,.]*$/.test(repliesText)) continue;
    const dateText = words.slice(-take).join(" ");
    if (!looksLikeDate(dateText)) continue;
    const rest = words.slice(0, -take - 1);
    if (rest.length < 2) return undefined;
    const parsed = parseForumDate(dateText, dates);
    const { title, starter, forum, split } = splitColumns(rest, knowledge);
    return {
      title,
      starter,
      forum,
      replies: Number(repliesText.replace(/[,.]/g, "")),
      lastPostAt: parsed.ok ? parsed.iso : dateText,
      row,
      split,
    };
  }
  return undefined;
}

/** The words of `text` between runs of white space: `text.split(/\s+/).filter(Boolean)` in one pass, with no
 *  regular expression and no second array (issue 15: a Similar Threads row is split once per row). */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let at = 0; at < text.length; at++) {
    if (isTrimmedSpace(text.charCodeAt(at))) {
      if (start >= 0) words.push(text.slice(start, at));
      start = -1;
    } else if (start < 0) start = at;
  }
  if (start >= 0) words.push(text.slice(start));
  return words;
}

/** Words to spaces: how many words a name of single-spaced words has. */
function wordCount(name: string): number {
  let count = 1;
  for (let at = name.indexOf(" "); at >= 0; at = name.indexOf(" ", at + 1)) count++;
  return count;
}

function splitColumns(
  words: string[],
  knowledge: ArchiveKnowledge,
): { title: string; starter: string; forum: string; split: ListedThread["split"] } {
  const forum = longestKnownSuffix(words, knowledge.forums, 1);
  const forumWords = forum ? wordCount(forum) : 1;
  const before = words.slice(0, -forumWords);
  const forumName = forum ?? words.at(-1)!;
  let starterWords = 0;
  let known = forum !== undefined;
  const knownStarter = longestKnownSuffix(before, knowledge.authors, 1);
  if (knownStarter) {
    starterWords = wordCount(knownStarter);
  } else {
    const titleWords = longestKnownPrefix(before, knowledge.titles);
    if (titleWords) starterWords = before.length - titleWords;
    else {
      starterWords = guessStarterWords(before);
      known = false;
    }
  }
  if (!knownStarter && starterWords === 0) known = false;
  return {
    title: before.slice(0, -starterWords).join(" "),
    starter: before.slice(-starterWords).join(" "),
    forum: forumName,
    split: known ? "known" : "guessed",
  };
}

/** What a set of names allows: the most words a name has (split at single spaces) and the names' lengths. */
interface NameShapes {
  mostWords: number;
  lengths: Set<number>;
}
const nameShapesOf = new WeakMap<ReadonlySet<string>, NameShapes>();

function nameShapes(names: ReadonlySet<string>): NameShapes {
  let shapes = nameShapesOf.get(names);
  if (!shapes) {
    shapes = { mostWords: 0, lengths: new Set() };
    for (const name of names) {
      shapes.mostWords = Math.max(shapes.mostWords, name.split(" ").length);
      shapes.lengths.add(name.length);
    }
    nameShapesOf.set(names, shapes);
  }
  return shapes;
}

/** The longest name of `names` that the words end with, leaving at least `keep` words before it. Only runs
 *  of words as many as some name has and as long as some name are joined and looked up. */
function longestKnownSuffix(words: string[], names: ReadonlySet<string>, keep: number): string | undefined {
  const { mostWords, lengths } = nameShapes(names);
  const most = Math.min(6, words.length - keep, mostWords);
  let length = -1;
  for (let take = 1; take <= most; take++) length += words[words.length - take]!.length + 1;
  for (let take = most; take >= 1; take--) {
    if (lengths.has(length)) {
      const candidate = words.slice(-take).join(" ");
      if (names.has(candidate)) return candidate;
    }
    length -= words[words.length - take]!.length + 1;
  }
  return undefined;
}

const titleLengthsOf = new WeakMap<ReadonlySet<string>, Set<number>>();

/** How many words the longest archived title the words start with takes, leaving a starter
 *  after it (0: none). Only prefixes as long as some title are looked up, so a row of a
 *  million words costs one pass, not a join per prefix. */
function longestKnownPrefix(words: string[], titles: ReadonlySet<string>): number {
  let lengths = titleLengthsOf.get(titles);
  if (!lengths) {
    lengths = new Set([...titles].map((title) => title.length));
    titleLengthsOf.set(titles, lengths);
  }
  let found = 0;
  let length = -1;
  for (let take = 1; take <= words.length - 1; take++) {
    length += words[take - 1]!.length + 1;
    if (lengths.has(length) && titles.has(words.slice(0, take).join(" "))) found = take;
  }
  return found;
}

const CAPITALISED = /^\p{Lu}[\p{Ll}'’-]+$/u;

/** Without knowledge: two capitalised words read as a name ("Allen Yeh"), else one word ("kbguy77"). */
function guessStarterWords(words: string[]): number {
  if (words.length < 3) return 1;
  const [second, last] = [words.at(-2)!, words.at(-1)!];
  const capitalised = (word: string) => CAPITALISED.test(word);
  if (capitalised(second) && capitalised(last) && !/[?!.:]$/.test(second)) return 2;
  return 1;
}
