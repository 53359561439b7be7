// Similar threads' words read from a thread's posts before their bodies are packed (archive/post-words.ts):
// writtenWords then gives what it reads from the packed posts, without decoding a body.
import { afterEach, describe, expect, it, vi } from "vitest";
import { packBodies } from "../src/archive/packed-bodies.ts";
import { PackedPost } from "../src/archive/packed-posts.ts";
import { PostWordsNoter } from "../src/archive/post-words.ts";
import { writtenWords } from "../src/archive/similar-vectors.ts";
import type { Post, Thread } from "../src/model.ts";
import { threadOfPosts } from "./helpers/packed-thread.ts";

const post = (number: number, text: string): Post =>
  ({
    number,
    postedAt: `2009-05-09T09:2${number}:00`,
    postedAtText: `05-09-2009, 09:2${number} AM`,
    author: { name: "Ann", hasAvatar: false },
    body: [{ type: "paragraph", inlines: [{ type: "text", text }] }],
    signature: [{ type: "paragraph", inlines: [{ type: "text", text: "Ann's signature" }] }],
    source: { file: "a.txt", line: number },
  }) as Post;

/** Title "Swing form"; the posts repeat a title word ("Swing") and hold words in two cases. */
const thread = (): Thread => ({
  ...threadOfPosts([post(1, "Swing, swing! Form check."), post(2, "my swing")]),
  title: "Swing form",
});

/** The thread packed as the loader packs it: its post words noted first. */
function notedAndPacked(noter: PostWordsNoter): Thread {
  const made = thread();
  const words = noter.count(made);
  packBodies(made);
  noter.keep(made.posts, words);
  return made;
}

afterEach(() => vi.restoreAllMocks());

describe("post words noted before packing", () => {
  it("give writtenWords the title's words, then the posts' in the order first met, with their counts", () => {
    const made = notedAndPacked(new PostWordsNoter());
    // Title words count 3 each; "Swing" again in post 1; the signature is no post's own words.
    expect(writtenWords(made, 3)).toEqual({
      words: ["Swing", "form", "swing", "Form", "check", "my"],
      counts: [4, 3, 2, 1, 1, 1],
    });
  });

  it("are read without decoding a packed body", () => {
    const made = notedAndPacked(new PostWordsNoter());
    const bodies = vi.spyOn(PackedPost.prototype, "body", "get");
    writtenWords(made, 3);
    expect(bodies).not.toHaveBeenCalled();
    // Posts packed with nothing noted are read from their bodies.
    const packed = thread();
    packBodies(packed);
    writtenWords(packed, 3);
    expect(bodies).toHaveBeenCalledTimes(2);
  });

  it("sum as the words read one by one would, whatever the title weight, and are handed out once", () => {
    const noter = new PostWordsNoter();
    for (const weight of [0.1, 0.7, 3]) {
      const made = notedAndPacked(noter);
      const packed = thread();
      packBodies(packed);
      const read = writtenWords(packed, weight); // decoded: nothing noted for these posts
      expect(writtenWords(made, weight)).toEqual(read);
      // Taken: a second call reads the bodies, to the same words.
      expect(writtenWords(made, weight)).toEqual(read);
    }
  });
});
