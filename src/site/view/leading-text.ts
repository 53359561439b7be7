// The start of a post's text, for excerpts: an excerpt of N characters reads only the first N + 1
// characters of the collapsed text (site/render.ts `excerpt`), so the blocks after those are never
// decoded (a packed body decodes block by block: archive/packed-posts.ts `leadingBlocks`).
import { bodyBlocks } from "../../archive/packed-bodies.ts";
import type { Post } from "../../model.ts";
import { blockText, blockTexts } from "../../model-text.ts";

const SPACES = /\s/g;

/** `plainText(post.body)` as far as its first `chars` non-space characters (all of it when it has
 *  fewer): its collapsed text starts with the first `chars` characters of the whole one's. */
export function leadingText(post: Post, chars: number): string {
  const blocks = bodyBlocks(post);
  // Decoded whole already (a short or unpacked body): nothing is left to spare.
  if (Array.isArray(blocks)) return blockText(blocks, { code: true });
  const texts: string[] = [];
  let seen = 0;
  for (const block of blocks) {
    for (const text of blockTexts([block], { code: true })) {
      texts.push(text);
      seen += text.length - (text.match(SPACES)?.length ?? 0);
    }
    if (seen >= chars) break;
  }
  return texts.join("\n\n");
}
