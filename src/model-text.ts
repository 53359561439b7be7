// The text of a post's blocks, for everything that reads posts as text rather than markup: the
// quote matcher, similar threads, the search index, excerpts. One walk with its choices named,
// iterative, so no depth of nested lists or quotes can overflow the stack.
import type { Block, Inline } from "./model.ts";

export interface BlockTextOptions {
  /** Include the text of quoted posts (default false: they repeat another post). */
  quotes?: boolean;
  /** Include code boxes (default false). */
  code?: boolean;
  /** "all" (default): every link's text; "named": not the text of links that only spell their
   *  address ("http://…", "www.…"), which says nothing about a topic. */
  links?: "all" | "named";
}

const ADDRESS = /^(?:https?:\/\/|www\.)/iu;

/** The text of every paragraph (and, as asked, code box and quoted paragraph), in reading order,
 *  one string each, as written (not trimmed; empty paragraphs give ""). List items are read as
 *  the post's own text. */
export function blockTexts(blocks: readonly Block[] | undefined, options: BlockTextOptions = {}): string[] {
  const texts: string[] = [];
  const inlineText =
    options.links === "named"
      ? (inline: Inline) => (inline.type === "link" && ADDRESS.test(inline.text) ? "" : inline.text)
      : (inline: Inline) => inline.text;
  // A stack of blocks still to read, the next one on top.
  const stack: Block[] = [];
  const pushAll = (list: readonly Block[]) => {
    for (let i = list.length - 1; i >= 0; i--) stack.push(list[i]!);
  };
  pushAll(blocks ?? []);
  while (stack.length > 0) {
    const block = stack.pop()!;
    if (block.type === "paragraph") texts.push(block.inlines.map(inlineText).join(""));
    else if (block.type === "code") {
      if (options.code) texts.push(block.text);
    } else if (block.type === "quote") {
      if (options.quotes) pushAll(block.blocks);
    } else for (let i = block.items.length - 1; i >= 0; i--) pushAll(block.items[i]!);
  }
  return texts;
}

/** blockTexts joined with a blank line between them. */
export function blockText(blocks: readonly Block[] | undefined, options: BlockTextOptions = {}): string {
  return blockTexts(blocks, options).join("\n\n");
}
