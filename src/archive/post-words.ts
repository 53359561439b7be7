// Each thread's post words (similar-text.ts, forEachPostWord) counted while its posts are still the
// blocks assembly made, just before their bodies are packed (packed-bodies.ts): similar threads' first
// pass (similar-vectors.ts, writtenWords) otherwise decoded every packed body of a clean build once more
// only to read its words (issue 15: ~2 of the main thread's profile seconds at 10,000 threads, a third of
// it the decoding). The counts are kept compactly, as word numbers into one vocabulary a build and their
// counts in two flat typed arrays (no arrays a thread for the GC to carry), under the packed posts array,
// and handed out once.
import type { Post, Thread } from "../model.ts";
import { forEachPostWord } from "./similar-text.ts";

/** A thread's post words noted: its distinct words in the order they first occur, with their counts. */
interface Noted {
  from: PostWordsNoter;
  start: number;
  end: number;
}

/** Words noted, by the packed posts array they were read from (which never takes new values once packed). */
const noted = new WeakMap<readonly Post[], Noted>();

/** Notes threads' post words for one build: its vocabulary and the flat arrays live as long as a thread
 *  whose words it noted and that were not taken yet. */
export class PostWordsNoter {
  private readonly vocabulary: string[] = [];
  private readonly numberOf = new Map<string, number>();
  /** By word number: the last thread counted that has the word, and its place in that thread's words. */
  private seenIn = new Int32Array(1 << 12).fill(-1);
  private placeIn = new Int32Array(1 << 12);
  private threads = 0;
  /** Every noted thread's word numbers and counts, end to end. */
  private numbers = new Int32Array(1 << 16);
  private counts = new Int32Array(1 << 16);
  private used = 0;

  /** Counts the words of the thread's posts (still unpacked); `keep` files them under the packed posts. */
  count(thread: Thread): { start: number; end: number } {
    const stamp = this.threads++;
    const start = this.used;
    forEachPostWord(thread, (word) => {
      let number = this.numberOf.get(word);
      if (number === undefined) {
        // A copy of the word alone: a long slice would keep its whole paragraph alive as long as the noter.
        const own = ownCopy(word);
        number = this.vocabulary.push(own) - 1;
        this.numberOf.set(own, number);
        if (number >= this.seenIn.length) this.growWords();
      }
      if (this.seenIn[number] === stamp) {
        this.counts[this.placeIn[number]!]!++;
        return;
      }
      if (this.used === this.numbers.length) this.growCounts();
      this.seenIn[number] = stamp;
      this.placeIn[number] = this.used;
      this.numbers[this.used] = number;
      this.counts[this.used++] = 1;
    });
    return { start, end: this.used };
  }

  /** Files the words `count` gave under the thread's posts as packed. */
  keep(posts: readonly Post[], { start, end }: { start: number; end: number }): void {
    noted.set(posts, { from: this, start, end });
  }

  /** Calls `visit` with each noted word of `words` and its count, in order. */
  forEach({ start, end }: Noted, visit: (word: string, count: number) => void): void {
    for (let at = start; at < end; at++) visit(this.vocabulary[this.numbers[at]!]!, this.counts[at]!);
  }

  private growWords(): void {
    const seenIn = new Int32Array(2 * this.seenIn.length).fill(-1);
    seenIn.set(this.seenIn);
    this.seenIn = seenIn;
    const placeIn = new Int32Array(seenIn.length);
    placeIn.set(this.placeIn);
    this.placeIn = placeIn;
  }

  private growCounts(): void {
    const numbers = new Int32Array(2 * this.numbers.length);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const counts = new Int32Array(numbers.length);
    counts.set(this.counts);
    this.counts = counts;
  }
}

/** `word` in a string of its own: V8 makes a slice of 13 characters or more a view on the text it was cut
 *  from; the view of a copy one longer holds only that copy. */
const ownCopy = (word: string): string => ` ${word}`.slice(1);

/** Calls `visit` with each post word noted for these (packed) posts and its count, in the order the words
 *  first occur, and lets the note go; false (nothing called) when none was noted, or it was taken before. */
export function takePostWords(posts: readonly Post[], visit: (word: string, count: number) => void): boolean {
  const words = noted.get(posts);
  if (words === undefined) return false;
  noted.delete(posts);
  words.from.forEach(words, visit);
  return true;
}
