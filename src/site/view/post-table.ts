// Every indexed thread's posts' numbers and times in typed arrays, read once a build in the order
// the posts lie: author pages (which list each author's posts by time) and the feed (the newest
// post's date) read them from here rather than from each post.
import type { Thread } from "../../model.ts";
import { postedTime } from "./shared.ts";

/** Every indexed thread's posts' numbers and times, read thread by thread in one pass. An author's
 *  posts lie all over the archive: reading each where its author's list names it (a packed post's
 *  header, archive/packed-posts.ts) cost ~3 times as much at 10,000 threads as reading the headers
 *  in the order they lie (issue 15). */
export class PostTable {
  /** Each thread's place in `threads` and `starts`, by id (the last of an id, as index.threadById). */
  readonly slots = new Map<string, number>();
  readonly starts: Int32Array;
  readonly numbers: Float64Array;
  readonly times: Float64Array;

  constructor(readonly threads: readonly Thread[]) {
    let count = 0;
    this.starts = new Int32Array(threads.length);
    threads.forEach((thread, slot) => {
      this.slots.set(thread.id, slot);
      this.starts[slot] = count;
      count += thread.posts.length;
    });
    this.numbers = new Float64Array(count);
    this.times = new Float64Array(count);
    let at = 0;
    for (const thread of threads) {
      for (const post of thread.posts) {
        this.numbers[at] = post.number;
        this.times[at++] = postedTime(post);
      }
    }
  }

  /** The `postedAt` of the newest post ("" when no post has a date): the first of the greatest time. */
  newestPostedAt(): string {
    let newest = -1;
    let newestTime = Number.NEGATIVE_INFINITY;
    for (let at = 0; at < this.times.length; at++) {
      if (this.times[at]! > newestTime) {
        newestTime = this.times[at]!;
        newest = at;
      }
    }
    if (newest < 0) return "";
    let slot = 0;
    while (slot + 1 < this.threads.length && this.starts[slot + 1]! <= newest) slot++;
    return this.threads[slot]!.posts[newest - this.starts[slot]!]!.postedAt;
  }
}
