// A dump's text into trimmed lines, in one pass over the line breaks (issue 15: the text copied with
// its no-break spaces replaced, split, then each line trimmed into another string, was a tenth of what
// the parser allocated).

/** Code units String.prototype.trim removes (ECMAScript's white space and line terminators). */
export function isTrimmedSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** No-break spaces are layout, not text; tabs separate fields (attachment lines) and stay. */
export const NO_BREAK_SPACES = ["\u00a0", "\u2007", "\u202f"];

/** The no-break spaces as one class: a line's are made spaces in one pass, where an `includes` and a
 *  `replaceAll` of each kind cost a fifth of splitLines (issue 15). */
const NO_BREAK_SPACE = new RegExp(`[${NO_BREAK_SPACES.join("")}]`, "g");

/** Where the next no-break space of the kinds `held` is from `from`, or -1. */
function nextNoBreakSpace(text: string, held: readonly string[], from: number): number {
  if (held.length === 1) return text.indexOf(held[0]!, from);
  let next = -1;
  for (const space of held) {
    const at = text.indexOf(space, from);
    if (at >= 0 && (next < 0 || at < next)) next = at;
  }
  return next;
}

/** The lines of the dump being split, gathered here and copied out at the exact count: an array grown by
 *  push from empty copies itself some ten times for a dump's ~270 lines, ~30 MB of the parser's 730 MB a
 *  pass of bench:parse's corpus (issue 15: each 13 MB allocated is a young-generation collection, which copies
 *  the batch's pages and threads). Strings only, so the copy has the elements kind the readers expect. */
const scratch: string[] = [""];
/** The most lines the scratch keeps room for between dumps (a dump of the corpora has ~270). */
const SCRATCH_KEPT = 65_536;

/**
 * The lines (split at "\r\n", "\r" or "\n"), each trimmed as String.prototype.trim does, with the
 * no-break spaces inside them made spaces: what replacing every no-break space in the text, splitting
 * and trimming each line gives (trim removes both alike at a line's ends), one string a line.
 */
export function splitLines(text: string): string[] {
  let count = 0;
  const returns = text.includes("\r");
  // The kinds of no-break space the text holds (most hold one kind, or none): each search after a line that
  // holds one then looks for those alone (issue 15: three searches a line of a header, a card, a footer).
  const held: string[] = [];
  for (const space of NO_BREAK_SPACES) if (text.includes(space)) held.push(space);
  let noBreak = held.length === 0 ? -1 : nextNoBreakSpace(text, held, 0);
  let start = 0;
  for (;;) {
    let end = returns ? lineEndWithReturns(text, start) : text.indexOf("\n", start);
    if (end < 0) end = text.length;
    let from = start;
    let to = end;
    while (from < to && isTrimmedSpace(text.charCodeAt(from))) from++;
    while (to > from && isTrimmedSpace(text.charCodeAt(to - 1))) to--;
    let line = from === to ? "" : text.slice(from, to);
    if (noBreak >= 0 && noBreak < end) {
      // This line holds one (maybe only at its ends, trimmed off already).
      if (line !== "") line = line.replace(NO_BREAK_SPACE, " ");
      noBreak = nextNoBreakSpace(text, held, end);
    }
    if (count < scratch.length) scratch[count] = line;
    else scratch.push(line);
    count++;
    if (end >= text.length) break;
    start = text.charCodeAt(end) === 0x0d && text.charCodeAt(end + 1) === 0x0a ? end + 2 : end + 1;
  }
  const lines = scratch.slice(0, count);
  // Emptied, so the scratch holds no text of this dump once its lines are handed out; cut back after an
  // outsized dump, so it keeps no more than SCRATCH_KEPT slots between dumps.
  if (scratch.length > SCRATCH_KEPT) scratch.length = 1;
  else scratch.fill("", 0, count);
  return lines;
}

/** Index of the next "\r" or "\n" from `from`, or -1. */
function lineEndWithReturns(text: string, from: number): number {
  for (let at = from; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x0a || code === 0x0d) return at;
  }
  return -1;
}
