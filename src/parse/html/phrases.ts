// Phrases of saved HTML pages that the text-dump language packs do not hold, per language, as
// data: a third language is one more entry in each list.

/** A soft-deleted post's placeholder text, with named groups by and reason. */
export const DELETED_NOTES: readonly RegExp[] = [
  /^This (?:message|post) has been deleted by (?<by>.+?)\.?(?:\s+Reason:\s*(?<reason>.*))?$/i,
  /^Dieser Beitrag wurde von (?<by>.+?) gelöscht\.?(?:\s+Grund:\s*(?<reason>.*))?$/i,
  /^Ce message a été supprimé par (?<by>.+?)\.?(?:\s+Motif ?:\s*(?<reason>.*))?$/i,
];

/** vBulletin 4 Similar Threads: "By NAME in forum FORUM" as [before the name, before the forum]. */
export const STARTER_IN_FORUM: readonly [string, string][] = [
  ["By ", " in forum "],
  ["Von ", " im Forum "],
  ["Par ", " dans le forum "],
];

/** Card labels older skins use beyond the language packs' ("Registered: Mar 2002" in vBulletin 2). */
export const EXTRA_JOIN_DATE_LABELS: readonly string[] = ["Registered", "Registriert"];
/** The join date of a poster who never registered (vBulletin 2 guests: "Registered: Not Yet"), lower case. */
export const NOT_REGISTERED: readonly string[] = ["not yet", "noch nicht", "pas encore"];

/** Words in a quote's heading before the author ("Originally Posted by X", "Zitat von X", vB5 "X wrote:"). */
export const QUOTE_BY: readonly string[] = [
  "Originally Posted by",
  "Originally posted by",
  "Zitat von",
  "Original von",
  "Citation de",
  "Envoyé par",
  "Zitat:",
  "Quote:",
  "quote:",
  "Citation :",
  "Citation:",
];
export const QUOTE_WROTE: readonly string[] = [" wrote:", " schrieb:", " a écrit :", " a écrit:"];

export function matchDeleted(text: string): { by?: string; reason?: string } | undefined {
  for (const pattern of DELETED_NOTES) {
    const groups = pattern.exec(text)?.groups;
    if (groups)
      return {
        ...(groups.by ? { by: groups.by.trim() } : {}),
        ...(groups.reason ? { reason: groups.reason.trim() } : {}),
      };
  }
  return undefined;
}

/** vBulletin 2 footers say "All times are GMT -8 hours": the unit after the offset. */
export const ZONE_UNITS: readonly string[] = [" hours", " hour", " Stunden", " Stunde", " heures", " heure"];

/** vBulletin 2 page navigation: "Pages (3): « 1 [2] 3 »", the current page in brackets. */
export const PAGES_NAV: readonly RegExp[] = [
  /^Pages \((?<count>\d+)\):.*\[(?<page>\d+)\]/,
  /^Seiten \((?<count>\d+)\):.*\[(?<page>\d+)\]/,
];

/** Posts a page shows when nothing on the page says: vBulletin's default. */
export const DEFAULT_POSTS_PER_PAGE = 15;

/** Buttons and links of a postbit that some skins put inside the message cell (vBulletin 2's
 *  "Report this post to a moderator | IP: Logged"): never post text. Whole texts of an element. */
export const POSTBIT_CHROME: readonly RegExp[] = [
  /^Report this post to a moderator(?: \| IP: (?:Logged|[\d.:a-f]+))?$/i,
  /^IP: (?:Logged|[\d.:a-f]+)$/i,
  /^(?:Diesen )?Beitrag (?:einem Moderator )?melden(?: \| IP: (?:Logged|Gespeichert|[\d.:a-f]+))?$/i,
  /^Signaler ce message(?: à un modérateur)?(?: \| IP: (?:Logged|Enregistrée?|[\d.:a-f]+))?$/i,
];
export const isPostbitChrome = (text: string): boolean => POSTBIT_CHROME.some((pattern) => pattern.test(text));

/** vBulletin 2's attachment line in a post: "Attachment: NAME" and "This has been downloaded N time(s)." */
export const ATTACHMENT_LINES: readonly RegExp[] = [/^(?:Attachment|Anhang|Pièce jointe) ?:/i];

/** What follows a board's name in its site-wide RSS feed's title and its logo's alt text, per
 *  language ("SkyscraperPage Forum RSS Feed", "World of Players RSS-Feed", "Forum FS Generation Flux RSS"). */
export const BOARD_SUFFIXES: readonly string[] = [" RSS Feed", " RSS-Feed", " Flux RSS", " - Powered by vBulletin"];

/** Names advertisements in post markup go by, per language. */
export const ADVERTISER_NAMES: readonly string[] = ["Advertisement", "Sponsored", "Anzeige", "Werbung", "Publicité"];
export const isAdvertiserName = (name: string): boolean =>
  ADVERTISER_NAMES.some((candidate) => candidate.toLowerCase() === name.trim().toLowerCase());

/** Quote headings that end with the verb: "NAME posted:" (Something Awful). */
export const QUOTE_POSTED: readonly string[] = [" posted:"];

/** Something Awful's edit note: "NAME fucked around with this message at Mar 31, 2019 around 17:02".
 *  The name stops at the first occurrence of the phrase, so the pattern is linear. */
const SA_EDIT_NOTE =
  /^(?<by>(?:(?! fucked around with this message at ).)+) fucked around with this message at (?<when>.*?[^.])\.*$/;
export function matchSaEditNote(text: string): { by: string; when: string } | undefined {
  const groups = SA_EDIT_NOTE.exec(text)?.groups;
  return groups ? { by: groups.by!.trim(), when: groups.when!.trim() } : undefined;
}

/** What vBulletin says instead of a thread (its error and permission pages), per language: such a
 *  page of a mirror is skipped, not an error. Tested against one line of the page's text. */
export const VBULLETIN_MESSAGES: readonly RegExp[] = [
  /^(?:Invalid|No) (?:Thread|Post|Forum) specified\b/i,
  /^You are not logged in,? or you do not have permission to access this page\b/i,
  /^There seems to have been a (?:slight )?problem with the\b.*\bdatabase\b/i,
  /^Database error in vBulletin\b/i,
  /^The server is too busy at the moment\b/i,
  /^This thread has been (?:deleted|moved)\b/i,
  /^(?:Ungültige[sr]?|Kein(?:e)?) (?:Thema|Beitrag|Forum) angegeben\b/i,
  /^(?:Sie sind|Du bist) nicht angemeldet(?: oder (?:haben|hast) keine (?:Rechte|Berechtigung))?/i,
  /^(?:Discussion|Message|Forum) (?:invalide|non valide) spécifiée?\b/i,
  /^Vous n['’]êtes pas (?:connecté|identifié)/i,
];
