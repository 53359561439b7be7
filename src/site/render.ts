// Post bodies (Block[] from the parser) to HTML. Everything from a dump is text: it is escaped
// here, and only http/https links become <a>. Templates receive the result already escaped,
// so they never need `| safe` on dump text.
import { englishLocale, fill, type Locale } from "../i18n/locale.ts";
import type { Block, Inline, Mark } from "../model.ts";
import { blockText, blockTexts } from "../model-text.ts";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Only absolute http(s) URLs may become links; anything else (javascript:, data:, relative) stays text. */
export function isSafeHref(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

export interface QuoteTarget {
  href: string;
  author: string;
}

export interface RenderContext {
  /** Post N of the thread being rendered: its href (on whichever page it lives) and author, if archived. */
  post(postNumber: number): QuoteTarget | undefined;
  /** The site's language, for the words around posts ("Quote from"); default English. */
  locale?: Locale;
  /** The post's attached file `id` its text shows ([ATTACH]), its `url` an href under the site's base. */
  attachment?(id: string): AttachedFileHtml | undefined;
}

/** An attached file as renderAttachedFile takes it: `url` is already the href to put in the page. */
export interface AttachedFileHtml {
  name: string;
  size?: string;
  url?: string;
  image?: { width: number; height: number };
}

/** An attached file: an image shown (PNG, JPEG, GIF, WebP, by name and content) linking to itself, a link
 *  to download any other file, or only its name and size when the archive does not hold it. */
export function renderAttachedFile(file: AttachedFileHtml): string {
  const name = `<bdi>${escapeHtml(file.name)}</bdi>`;
  const size = file.size ? ` (${escapeHtml(file.size)})` : "";
  if (!file.url) return `<span class="attachment-file">${name}${size}</span>`;
  const href = escapeHtml(file.url);
  if (file.image) {
    const { width, height } = file.image;
    return (
      `<a class="attachment-image" href="${href}"><img src="${href}" alt="${escapeHtml(file.name)}" ` +
      `width="${width}" height="${height}" loading="lazy"></a>`
    );
  }
  return `<a class="attachment-file" href="${href}" download="${escapeHtml(file.name)}">${name}</a>${size}`;
}

const NO_TARGETS: RenderContext = { post: () => undefined };

/** A message of `locale` as HTML: its own text escaped, each {placeholder} replaced by `html[name]`
 *  (already HTML). */
function say(locale: Locale, key: string, html: Record<string, string> = {}): string {
  return fill(escapeHtml(locale.pattern(key)), (name) => html[name]);
}

function textWithBreaks(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, "<br>\n");
}

function renderInline(inline: Inline, locale: Locale): string {
  return withMarks(renderInlineBare(inline, locale), inline.marks);
}

const MARK_TAGS: Record<Mark, string> = { bold: "strong", italic: "em", underline: "u", strike: "s" };

/** Bold, italics, underline and strike-through of HTML pages, around already escaped HTML. */
function withMarks(html: string, marks: readonly Mark[] | undefined): string {
  if (!marks?.length) return html;
  return [...marks].reverse().reduce((inner, mark) => `<${MARK_TAGS[mark]}>${inner}</${MARK_TAGS[mark]}>`, html);
}

/** An image of an HTML page: a link to its original address, never loaded. */
function renderImageLink(inline: Extract<Inline, { type: "link" }>, locale: Locale): string {
  const label = `<span class="mark">${say(locale, "post.image")}</span>${escapeHtml(inline.text || inline.href)}`;
  if (!isSafeHref(inline.href)) return `<span class="image-link">${label}</span>`;
  return `<a class="image-link" href="${escapeHtml(inline.href)}" rel="nofollow ugc noopener">${label}</a>`;
}

function renderInlineBare(inline: Inline, locale: Locale): string {
  if (inline.type === "text") return textWithBreaks(inline.text);
  if (inline.image) return renderImageLink(inline, locale);
  const text = inline.text || inline.href;
  if (inline.truncated) {
    // The forum shortened this URL ("...") so it cannot be followed: shown as text, marked.
    return `<span class="link-truncated">${escapeHtml(text)}<span class="mark">${say(locale, "post.linkShortened")}</span></span>`;
  }
  if (!isSafeHref(inline.href)) return escapeHtml(text);
  return `<a href="${escapeHtml(inline.href)}" rel="nofollow ugc noopener">${textWithBreaks(text)}</a>`;
}

/** A paragraph's inline; an attached file its text names ([ATTACH]) is shown where it is named. */
function renderParagraphInline(inline: Inline, ctx: RenderContext): string {
  if (inline.type !== "link" || inline.attachment === undefined)
    return renderInline(inline, ctx.locale ?? englishLocale());
  const file = ctx.attachment?.(inline.attachment);
  return withMarks(renderAttachedFile(file ?? { name: inline.text }), inline.marks);
}

function renderQuote(block: Extract<Block, { type: "quote" }>, ctx: RenderContext): string {
  const target = block.postNumber !== undefined ? ctx.post(block.postNumber) : undefined;
  // A bare "Quote:" names nobody; when the quoted post is known, its author is.
  const name = block.author ?? target?.author;
  // <bdi>: a right-to-left override in a name must not reverse the caption's own text after it.
  const who = name ? `<bdi>${escapeHtml(name)}</bdi>` : "";
  const locale = ctx.locale ?? englishLocale();
  let caption: string;
  if (target) {
    const number = String(block.postNumber);
    const link = who
      ? say(locale, "post.quotePostOf", { name: who, number })
      : say(locale, "post.quotePost", { number });
    caption = say(locale, "post.quoteFromPost", { link: `<a href="${escapeHtml(target.href)}">${link}</a>` });
  } else if (who) caption = say(locale, "post.quoteFrom", { name: who });
  else caption = say(locale, "post.quote");
  return `<figure class="quote"><figcaption>${caption}</figcaption><blockquote>${renderBlocks(block.blocks, ctx)}</blockquote></figure>`;
}

export function renderBlocks(blocks: readonly Block[] | undefined, ctx: RenderContext = NO_TARGETS): string {
  if (!blocks) return "";
  return blocks
    .map((block) =>
      block.type === "paragraph"
        ? `<p>${block.inlines.map((inline) => renderParagraphInline(inline, ctx)).join("")}</p>`
        : block.type === "quote"
          ? renderQuote(block, ctx)
          : block.type === "list"
            ? renderList(block, ctx)
            : renderCode(block),
    )
    .join("\n");
}

/** A list of an HTML page: each item its own blocks. */
function renderList(block: Extract<Block, { type: "list" }>, ctx: RenderContext): string {
  const tag = block.ordered ? "ol" : "ul";
  return `<${tag}>${block.items.map((item) => `<li>${renderBlocks(item, ctx)}</li>`).join("")}</${tag}>`;
}

/** A code box of an HTML page: its text exactly, escaped, in <pre>. */
function renderCode(block: Extract<Block, { type: "code" }>): string {
  const caption = block.label ? `<figcaption>${escapeHtml(block.label)}</figcaption>` : "";
  return `<figure class="code">${caption}<pre><code>${escapeHtml(block.text)}</code></pre></figure>`;
}

/** Plain text of blocks (quotes left out, code boxes kept), for excerpts in feeds and listings. */
export function plainText(blocks: readonly Block[] | undefined): string {
  return blockText(blocks, { code: true });
}

/** The first `max` characters of `text` on a word boundary, whitespace collapsed. */
export function excerpt(text: string, max = 280): string {
  // Only the first max + 1 characters of the collapsed text decide the cut: the rest of a long post
  // is never looked at (author pages excerpt every post of the archive).
  return cutExcerpt(collapsedPrefix(text, max + 1), max);
}

/** The excerpt of a text whose first `max` + 1 characters, white space collapsed, are `flat`. */
function cutExcerpt(flat: string, max: number): string {
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** `excerpt(plainText(blocks), max)`, reading the blocks only until the excerpt is settled: a packed
 *  post's blocks are decoded as they are reached (PackedPost.bodyBlocks), and author pages excerpt
 *  every post of the archive from its first few (issue 15). */
export function excerptOfBlocks(blocks: Iterable<Block>, max = 280): string {
  let text = "";
  let first = true;
  for (const block of blocks) {
    for (const part of blockTexts([block], { code: true })) {
      text = first ? part : `${text}\n\n${part}`;
      first = false;
    }
    // The blocks' text so far is the whole text's start, ending where a block does: once its white
    // space collapsed is longer than `max`, the rest changes nothing of the excerpt.
    if (text.length > max) {
      const flat = collapsedPrefix(text, max + 1);
      if (flat.length > max) return cutExcerpt(flat, max);
    }
  }
  return excerpt(text, max);
}

/** What `\s` matches in a regular expression: ECMAScript's white space and line terminators. */
function isSpace(c: number): boolean {
  return c <= 0x20
    ? c === 0x20 || (c >= 0x09 && c <= 0x0d)
    : c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff;
}

/** The first `limit` characters of `text.replace(/\s+/g, " ").trim()`, reading no further than that needs. */
function collapsedPrefix(text: string, limit: number): string {
  let out = "";
  let i = 0;
  while (out.length < limit) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    if (out.length > 0) out += " ";
    // A word is read no further than the characters still wanted.
    const end = Math.min(text.length, i + limit - out.length);
    // A single plain space between two words is kept as it is: most text is taken in one slice.
    let j = i;
    while (j < end) {
      const c = text.charCodeAt(j);
      if (!isSpace(c)) j++;
      else if (c === 0x20 && j + 1 < end && !isSpace(text.charCodeAt(j + 1))) j += 2;
      else break;
    }
    out += text.slice(i, j);
    i = j;
  }
  return out.length > limit ? out.slice(0, limit) : out;
}
