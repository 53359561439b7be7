// vBulletin 4's friendly addresses ("/threads/1234-Some-Title", "showthread.php/1234-Some-Title"),
// rebuilt the way vBulletin wrote them, for the redirects from a board's old addresses. Pure; shared
// by the database reader (threads' own addresses) and the redirect map (forums' and members').

/** vB_Friendly_Url::CLEAN_URL_REGEX: white space, URL punctuation and control characters, and the
 *  `&`, `#` and `;` that are not part of a numeric character reference (`&#8364;`). */
const CLEAN_URL =
  /[\s$+,/:=?@"'<>%{}|\\^~[\]`\x00-\x1f\x7f]|(?<!&)#|#(?![0-9]+;)|&(?!#[0-9]+;)|(?<!&#\d|&#\d{2}|&#\d{3}|&#\d{4}|&#\d{5});/g;

/** HTML-escaped as vBulletin stores titles and names (htmlspecialchars_uni): from the decoded text. */
export function vbulletinEscaped(text: string): string {
  return text
    .replace(/&(?!#[0-9]+;)/g, "&amp;")
    .replace(/"/g, "&quot;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/**
 * The friendly fragment of `<id>-<title>` as vBulletin 4 makes it (clean_entities: tags stripped,
 * punctuation to "-", runs of "-" made one, trimmed) from the title as stored (HTML-escaped), with
 * characters outside ASCII kept (the default "ignore" Unicode setting) and percent-encoded as the
 * browser sent them (UTF-8), so the result is a literal path segment.
 */
export function vbulletinFragment(id: number | string, storedTitle: string): string {
  const cleaned = `${id}-${storedTitle.replace(/<[^>]*>/g, "")}`
    .replace(CLEAN_URL, "-")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
  return encodeURIComponent(cleaned).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
