// Text of DOM nodes as a reader sees it: runs of white space (no-break spaces included) folded,
// block elements and <br> as line ends. Scripts, styles and comments are not text.
import type { AnyNode, Element } from "domhandler";

/** Never text. In a post, content.ts reads `object`, `embed` (as links) and `textarea` (as code) before this applies. */
export const SKIPPED = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "head",
  "title",
  "meta",
  "link",
  "object",
  "embed",
  "param",
  "select",
  "option",
  "textarea",
  "input",
  "button",
  "svg",
]);

export const BLOCKS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "center",
  "dd",
  "details",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "legend",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "ul",
  "caption",
  "body",
  "html",
]);

export const isElement = (node: AnyNode | undefined | null): node is Element =>
  !!node && (node.type === "tag" || node.type === "script" || node.type === "style");

export const fold = (text: string): string => text.replace(/[\s\u00a0\u2007\u202f]+/g, " ");

/** The text of nodes on one line, folded and trimmed. */
export function textOf(nodes: AnyNode | readonly AnyNode[] | undefined): string {
  return linesOf(nodes).join(" ");
}

/** The text of nodes as lines: one per block element or <br>, folded, trimmed, empty lines dropped. */
export function linesOf(nodes: AnyNode | readonly AnyNode[] | undefined): string[] {
  const lines: string[] = [];
  let current = "";
  const end = () => {
    const line = current.trim();
    if (line) lines.push(line);
    current = "";
  };
  const walk = (node: AnyNode) => {
    if (node.type === "text") current += fold((node as unknown as { data: string }).data);
    else if (isElement(node)) {
      const name = node.name.toLowerCase();
      if (SKIPPED.has(name) || node.type !== "tag") return;
      if (name === "br") return end();
      if (name === "img") {
        return;
      }
      const block = BLOCKS.has(name);
      if (block) end();
      for (const child of node.children) walk(child);
      if (block) end();
    } else if (node.type === "root" || node.type === "directive") {
      for (const child of (node as unknown as { children?: AnyNode[] }).children ?? []) walk(child);
    }
  };
  const list = nodes === undefined ? [] : Array.isArray(nodes) ? nodes : [nodes as AnyNode];
  for (const node of list) walk(node);
  end();
  return lines.map((line) => line.replace(/ {2,}/g, " "));
}

/** A function from a node to the 1-based line it starts on in `source` (htmlparser2's start
 *  indices), 0 when unknown. Line ends are LF, CRLF or CR, as in text dumps. */
export function lineFinder(source: string): (node: AnyNode | undefined) => number {
  const starts: number[] = [0];
  for (let index = 0; index < source.length; index++) {
    const code = source.charCodeAt(index);
    if (code === 10 || (code === 13 && source.charCodeAt(index + 1) !== 10)) starts.push(index + 1);
  }
  return (node) => {
    const offset = node?.startIndex;
    if (offset === undefined || offset === null) return 0;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

export const classesOf = (node: Element): string[] => (node.attribs.class ?? "").split(/\s+/).filter(Boolean);
export const hasClass = (node: Element, name: string): boolean => classesOf(node).includes(name);
