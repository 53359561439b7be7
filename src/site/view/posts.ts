// Posts as the templates show them, and where every post lives: the page of its thread, so quotes
// and author pages link to the right page. Targets are found per post when a page needs them
// (O(page)), never for the whole archive at once.
import type { AttachedFile, Attachment, Block, Post, Thread } from "../../model.ts";
import { pagePath } from "../paths.ts";
import { isSafeHref, type QuoteTarget } from "../render.ts";
import type { Locale } from "../../i18n/locale.ts";
import { dateView } from "./shared.ts";
import type { AttachedFileView, AttachmentView, PostView } from "./types.ts";

/** A post with its body and signature read once: a loaded post decodes them on every read
 *  (archive/packed-bodies.ts), so a page reads them once per post and hands them on. */
export interface ReadPost {
  post: Post;
  body: Block[];
  signature: Block[] | undefined;
}

export function readPost(post: Post): ReadPost {
  return { post, body: post.body, signature: post.signature };
}

/** The site-relative href of the post at `index` of its thread (numbered `number`). */
export function postHref(thread: Thread, index: number, number: number, perPage: number): string {
  return `${pagePath(thread.url, Math.floor(index / perPage) + 1)}#post-${number}`;
}

export class PostViews {
  private readonly numberedInOrder = new WeakMap<Thread, boolean>();

  constructor(
    private readonly authorUrl: (name: string) => string | undefined,
    private readonly locale: Locale,
    private readonly postsPerPage: number,
  ) {}

  /** The index of post `number` in its thread, -1 if none; the last post of a number wins when a
   *  thread repeats one. */
  indexOfPost(thread: Thread, number: number): number {
    let inOrder = this.numberedInOrder.get(thread);
    if (inOrder === undefined) {
      inOrder = thread.posts.every((p, i) => p.number === i + 1);
      this.numberedInOrder.set(thread, inOrder);
    }
    if (!inOrder) return thread.posts.findLastIndex((p) => p.number === number);
    return number >= 1 && number <= thread.posts.length ? number - 1 : -1;
  }

  /** The site-relative href of post `number` of `thread`, if the thread has it. */
  hrefOf(thread: Thread, number: number): string | undefined {
    const i = this.indexOfPost(thread, number);
    return i >= 0 ? postHref(thread, i, number, this.postsPerPage) : undefined;
  }

  /** Targets of the post itself and of the posts it quotes only, not of its whole thread (a long
   *  thread would cost 400 per post shown). Methods, not closures: this runs for every post shown. */
  quoteTargets(thread: Thread, { post, body, signature }: ReadPost): Record<string, QuoteTarget> {
    const targets: Record<string, QuoteTarget> = {};
    this.addTarget(targets, thread, post.number);
    this.addQuoted(targets, thread, body);
    this.addQuoted(targets, thread, signature);
    return targets;
  }

  private addTarget(targets: Record<string, QuoteTarget>, thread: Thread, number: number): void {
    const i = this.indexOfPost(thread, number);
    const target = thread.posts[i];
    if (target)
      targets[String(number)] = { href: postHref(thread, i, number, this.postsPerPage), author: target.author.name };
  }

  /** The targets of the quotes in `blocks`, nested ones too. */
  private addQuoted(targets: Record<string, QuoteTarget>, thread: Thread, blocks: readonly Block[] | undefined): void {
    if (!blocks) return;
    for (const block of blocks) {
      if (block.type !== "quote") continue;
      if (block.postNumber !== undefined) this.addTarget(targets, thread, block.postNumber);
      this.addQuoted(targets, thread, block.blocks);
    }
  }

  view({ post, body, signature }: ReadPost, targets: Record<string, QuoteTarget>, thread: Thread): PostView {
    const authorUrl = this.authorUrl;
    return {
      number: post.number,
      language: thread.language,
      anchor: `post-${post.number}`,
      href: targets[String(post.number)]?.href ?? `${thread.url}#post-${post.number}`,
      author: post.author,
      authorUrl: authorUrl(post.author.name),
      date: dateView(this.locale, post.postedAt, post.postedAtText),
      title: post.title,
      icon: post.icon,
      body,
      signature: signature && signature.length > 0 ? signature : undefined,
      edited: post.edited
        ? {
            by: post.edited.by,
            byUrl: authorUrl(post.edited.by),
            date: dateView(this.locale, post.edited.at, post.edited.atText),
            reason: post.edited.reason,
          }
        : undefined,
      ...attachmentsView(post.attachments, this.locale),
      deleted: post.deleted,
      moderated: post.moderated,
    };
  }
}

/** A post's attachment blocks, and the files its text shows (database inputs' [ATTACH]), by id. */
function attachmentsView(
  attachments: readonly Attachment[] | undefined,
  locale: Locale,
): Pick<PostView, "attachments" | "inlineFiles"> {
  const blocks: AttachmentView[] = [];
  const inline: Record<string, AttachedFileView> = {};
  for (const attachment of attachments ?? []) {
    if (!attachment.files) {
      blocks.push(attachmentView(attachment));
      continue;
    }
    for (const file of attachment.files) if (file.inBody) inline[file.id] = fileView(file, locale);
    const below = attachment.files.filter((file) => !file.inBody);
    if (below.length > 0)
      blocks.push({ label: attachment.label, lines: [], files: below.map((file) => fileView(file, locale)) });
  }
  return {
    attachments: blocks.length > 0 ? blocks : undefined,
    inlineFiles: Object.keys(inline).length > 0 ? inline : undefined,
  };
}

/** Attachment links of HTML pages: only http(s) addresses stay links; others are shown as text. */
function attachmentView({ label, lines, links }: Attachment): AttachmentView {
  if (!links) return { label, lines };
  return { label, lines, links: links.map((link) => (isSafeHref(link.href) ? link : { text: link.text })) };
}

/** A file's name, size in the site's words, and (when the archive holds it) address and image size. */
function fileView(file: AttachedFile, locale: Locale): AttachedFileView {
  const size =
    file.size === undefined
      ? undefined
      : file.size < 1024
        ? locale.t("count.bytes", { count: file.size })
        : locale.t("count.kilobytes", { count: Math.round(file.size / 1024) });
  return {
    name: file.name,
    ...(size ? { size } : {}),
    ...(file.url ? { url: file.url, ...(file.image ? { image: file.image } : {}) } : {}),
  };
}
