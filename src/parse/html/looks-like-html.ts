// Whether a file is a saved HTML page, told from its first kilobyte. Apart from the page reader so that
// a build of text dumps can ask without importing the reader (cheerio, parse5: issue 15).

/** A saved HTML page opens (after a byte order mark and white space) with a doctype, a comment or an html, head or body tag. */
export function looksLikeHtml(bytes: Uint8Array | string): boolean {
  const start =
    typeof bytes === "string" ? bytes.slice(0, 1024) : Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  const head = start
    .replace(/^(?:\uFEFF|\u00EF\u00BB\u00BF|\u00FF\u00FE|\u00FE\u00FF)/, "")
    .replace(/\u0000/g, "")
    .trimStart()
    .toLowerCase();
  return /^<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|!--|\?xml|meta[\s>]|title[\s>]|table[\s>])/.test(head);
}
