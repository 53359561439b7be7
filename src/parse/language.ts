// The phrases of vBulletin language packs, as data. The parser recognises a line when it
// matches the phrase of any pack, so a board with an English skin and German posts works,
// and a third language is one more entry in LANGUAGE_PACKS.

export interface LanguagePack {
  code: string;
  /** Alt text of the post status icon that starts a post header ("Old 05-09-2009, …"). */
  postHeaderIcons: string[];
  /** Relative day names that stand for a date. */
  today: string[];
  yesterday: string[];
  /** Word between date and time in edit notes ("… 12-20-2009 at 07:25 AM"). */
  dateTimeJoiners: string[];
  /** Words some skins write before a post's date ("Posted Mar 21, 2020, 12:31 AM"). */
  datePrefixes: string[];
  /** What stands between hour and minute besides ":" ("19h46" in French). */
  hourMarks: string[];
  /** How the pack writes dates with slashes: "10/05/2006" is May 10 in French, October 5 in English. */
  slashDates: "dmy" | "mdy";
  /** Month abbreviations and names for join dates, lower case. */
  months: Record<string, number>;
  /** "NAME is offline": the text after the name. */
  onlineSuffix: string[];
  offlineSuffix: string[];
  /** Avatar alt text around the name: [before, after]. */
  avatar: [string, string][];
  /** Labels of the author card (without the colon). */
  profile: string[];
  joinDate: string[];
  location: string[];
  posts: string[];
  /** Card fields some boards add; kept out of the body by rule. */
  otherCardFields: string[];
  guest: string[];
  notApplicable: string[];
  quote: string[];
  /** "Originally Posted by NAME View Post": [before name, after name (optional)]. */
  quotedFrom: [string, string][];
  postEnd: string[];
  /** Edit notes, with named groups by, when, reason; `editNoteStarts`: the words they open with. */
  editNotes: RegExp[];
  editNoteStarts: string[];
  signatureSeparator: RegExp;
  similarThreads: string[];
  similarHeader: string[];
  /** "All times are GMT -7. The time now is 05:25 PM." with a named group zone. */
  timeZoneLine: RegExp;
  /** The name of GMT in the footer ("GMT", "WEZ"). */
  gmtNames: string[];
  replyPrefixes: string[];
  pageNav: RegExp;
  attachmentHeadings: string[];
  /** Breadcrumb line: "Go Back   A > B > C". */
  goBack: string[];
  /** Post title icons' alt text: "Default Re: …". */
  titleIcons: string[];
  /** Whole lines of page chrome, dropped by rule. */
  chromeLines: string[];
  /** Lines of page chrome by pattern (forum rules, nav bar, thread tools). */
  chromePatterns: RegExp[];
}

const englishMonths: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

export const ENGLISH: LanguagePack = {
  code: "en",
  postHeaderIcons: ["Old", "New"],
  today: ["Today"],
  yesterday: ["Yesterday"],
  // "around": Something Awful's edit notes ("Mar 31, 2019 around 17:02").
  dateTimeJoiners: ["at", "around"],
  datePrefixes: ["Posted", "Posted on", "Posted:"],
  hourMarks: [],
  slashDates: "mdy",
  months: englishMonths,
  onlineSuffix: ["is online"],
  offlineSuffix: ["is offline"],
  avatar: [["", "'s Avatar"]],
  profile: ["Profile"],
  joinDate: ["Join Date"],
  location: ["Location"],
  posts: ["Posts"],
  otherCardFields: ["Age", "Gender", "Rep Power", "Blog Entries", "Thanks", "Thanked", "Mentioned", "Tagged", "Quoted"],
  guest: ["Guest"],
  notApplicable: ["n/a"],
  quote: ["Quote"],
  quotedFrom: [["Originally Posted by ", " View Post"]],
  postEnd: ["Reply With Quote", "Quote Quick Reply", "Quick reply to this message"],
  editNotes: [
    // vBulletin 3.5+: "Last edited by NAME; 12-20-2009 at 07:25 AM.. Reason: added last sentence"
    // Linear on any line (test/parse-safety.test.ts): the name stops at the first "; " (a later
    // one could only match what the first does), `when` ends on a non-dot so a run of dots is
    // walked once, and the dots must be followed by the reason or the end.
    /^Last edited by (?<by>(?:(?!; ).)+); (?<when>.*?[^.])\.+(?=$| Reason: )(?: Reason: (?<reason>.*))?$/,
    // vBulletin 3.0: "Last edited by NAME : 03-04-2007 at 10:12 PM."
    /^Last edited by (?<by>(?:(?! : ).)+) : (?<when>.*?[^.])\.+(?=$| Reason: )(?: Reason: (?<reason>.*))?$/,
    // vBulletin 2: "Last edited by NAME on 06-19-2004 at 04:27 PM" (the name stops at the first " on ").
    /^Last edited by (?<by>(?:(?! on ).)+) on (?<when>\d.*?[^.])\.*$/,
  ],
  editNoteStarts: ["Last edited by "],
  signatureSeparator: /^_{10,}$/,
  similarThreads: ["Similar Threads"],
  similarHeader: ["Thread Thread Starter Forum Replies Last Post"],
  timeZoneLine: /^All times are (?<zone>[^.]*?(?:\.\d+)?)\.(?: The time now is .*)?$/,
  gmtNames: ["GMT", "UTC"],
  replyPrefixes: ["Re:"],
  pageNav: /^Page (?<page>\d+) of (?<count>\d+)\b/,
  attachmentHeadings: ["Attached Thumbnails", "Attached Images", "Attached Files"],
  goBack: ["Go Back"],
  titleIcons: ["Default"],
  chromeLines: [
    "Reply",
    "Thread Tools",
    "Search this Thread",
    "Display Modes",
    "Posting Rules",
    "Forum Jump",
    "Linear Mode",
    "Switch to Hybrid Mode",
    "Switch to Threaded Mode",
    "Show Printable Version",
    "Email this Page",
    "Subscribe to this Thread",
    "Rate This Thread",
    "Bookmarks",
    "Thread Thread Starter Forum Replies Last Post",
  ],
  chromePatterns: [
    /^You (?:may|may not) (?:post new threads|post replies|post attachments|edit your posts)$/,
    /^(?:BB code|vB code|Smilies|\[IMG\] code|HTML code|\[VIDEO\] code|Pingbacks|Refbacks|Trackbacks) (?:is|are) (?:On|Off)$/,
    /^Forum Rules$/,
    /^« Previous Thread \| Next Thread »$/,
    // The nav bar, whole: a line cut short is not recognised, so its words land in a warning.
    // Anchored at the first "Today's Posts" (a later one could only match what it does), so a
    // line repeating the phrase is read once, not once per repetition.
    /^(?:(?!Today's Posts).)*Today's Posts.*Mark Forums Read$/,
    /^(?:(?!Mark Forums Read).)*Mark Forums Read.*Today's Posts$/,
  ],
};

export const GERMAN: LanguagePack = {
  code: "de",
  postHeaderIcons: ["Alt", "Neu"],
  today: ["Heute"],
  yesterday: ["Gestern"],
  dateTimeJoiners: ["um"],
  datePrefixes: ["Geschrieben", "Geschrieben am", "Verfasst am"],
  hourMarks: [],
  slashDates: "dmy",
  months: {
    jan: 1,
    januar: 1,
    jän: 1,
    feb: 2,
    februar: 2,
    mär: 3,
    mrz: 3,
    märz: 3,
    apr: 4,
    april: 4,
    mai: 5,
    jun: 6,
    juni: 6,
    jul: 7,
    juli: 7,
    aug: 8,
    august: 8,
    sep: 9,
    september: 9,
    okt: 10,
    oktober: 10,
    nov: 11,
    november: 11,
    dez: 12,
    dezember: 12,
  },
  onlineSuffix: ["ist online"],
  offlineSuffix: ["ist offline"],
  avatar: [["Benutzerbild von ", ""]],
  profile: ["Profil"],
  joinDate: ["Registriert seit"],
  location: ["Ort"],
  posts: ["Beiträge"],
  otherCardFields: ["Alter", "Geschlecht", "Renommee-Modifikator", "Blog-Einträge", "Danke", "Erhielt"],
  guest: ["Gast"],
  notApplicable: ["n/a", "k.A."],
  quote: ["Zitat"],
  quotedFrom: [["Zitat von ", " Beitrag anzeigen"]],
  postEnd: ["Mit Zitat antworten"],
  editNotes: [
    // "Geändert von NAME (09.05.2009 um 10:02 Uhr) Grund: Tippfehler"
    // `when` holds no parenthesis, so each " (" the name may run past is looked at once.
    /^(?:Geändert|Zuletzt geändert) von (?<by>.+?) \((?<when>[^()]+)\)\.?(?: Grund: (?<reason>.*))?$/,
  ],
  editNoteStarts: ["Geändert von ", "Zuletzt geändert von "],
  signatureSeparator: /^_{10,}$/,
  similarThreads: ["Ähnliche Themen"],
  similarHeader: ["Thema Autor Forum Antworten Letzter Beitrag"],
  timeZoneLine: /^Alle Zeitangaben in (?<zone>[^.]*?(?:\.\d+)?)\.(?: Es ist jetzt .*)?$/,
  gmtNames: ["WEZ", "GMT", "MEZ"],
  replyPrefixes: ["AW:"],
  pageNav: /^Seite (?<page>\d+) von (?<count>\d+)\b/,
  attachmentHeadings: ["Miniaturansicht angehängter Grafiken", "Angehängte Grafiken", "Angehängte Dateien"],
  goBack: ["Zurück"],
  titleIcons: ["Standard"],
  chromeLines: [
    "Antwort",
    "Themen-Optionen",
    "Thema durchsuchen",
    "Ansicht",
    "Forumregeln",
    "Gehe zu",
    "Druckbare Version zeigen",
    "Diese Seite versenden",
    "Thema abonnieren",
    "Lesezeichen",
    "Thema Autor Forum Antworten Letzter Beitrag",
  ],
  chromePatterns: [
    /^Es ist (?:Ihnen|dir) (?:nicht )?erlaubt, .*\.$/,
    /^(?:BB-Code|Smileys|\[IMG\] Code|HTML-Code|\[VIDEO\] code|Pingbacks|Refbacks|Trackbacks) (?:ist|sind) (?:an|aus)\.$/,
    /^« Vorheriges Thema \| Nächstes Thema »$/,
    /^(?:(?!Heutige Beiträge).)*Heutige Beiträge.*Foren als gelesen markieren$/,
  ],
};

export const FRENCH: LanguagePack = {
  code: "fr",
  postHeaderIcons: ["Ancien", "Nouveau"],
  today: ["Aujourd'hui", "Aujourd’hui"],
  yesterday: ["Hier"],
  dateTimeJoiners: ["à"],
  datePrefixes: ["Posté le", "Envoyé le"],
  // "29/07/2004, 19h46"
  hourMarks: ["h"],
  slashDates: "dmy",
  months: {
    janv: 1,
    janvier: 1,
    févr: 2,
    février: 2,
    fevr: 2,
    fevrier: 2,
    mars: 3,
    avr: 4,
    avril: 4,
    mai: 5,
    juin: 6,
    juil: 7,
    juillet: 7,
    août: 8,
    aout: 8,
    sept: 9,
    septembre: 9,
    oct: 10,
    octobre: 10,
    nov: 11,
    novembre: 11,
    déc: 12,
    décembre: 12,
    dec: 12,
    decembre: 12,
  },
  onlineSuffix: ["est en ligne"],
  offlineSuffix: ["est déconnecté", "est hors ligne"],
  avatar: [["Avatar de ", ""]],
  profile: ["Profil"],
  joinDate: ["Date d'inscription", "Date d’inscription", "Inscrit le"],
  location: ["Localisation"],
  posts: ["Messages"],
  otherCardFields: ["Âge", "Sexe", "Réputation"],
  guest: ["Invité"],
  notApplicable: ["n/a", "N/A"],
  quote: ["Citation"],
  quotedFrom: [
    ["Citation de ", ""],
    ["Envoyé par ", ""],
  ],
  postEnd: ["Répondre avec citation"],
  editNotes: [
    // vBulletin 4 French: "Dernière modification par NAME ; 09/04/2019 à 09h38. Motif: …" (linear, as the English one).
    /^Dernière modification par (?<by>(?:(?! ; ).)+) ; (?<when>.*?[^.])\.+(?=$| Motif ?: )(?: Motif ?: (?<reason>.*))?$/,
  ],
  editNoteStarts: ["Dernière modification par "],
  signatureSeparator: /^_{10,}$/,
  similarThreads: ["Discussions similaires"],
  similarHeader: ["Discussion Auteur Forum Réponses Dernier message"],
  timeZoneLine: /^Fuseau horaire (?<zone>[^.]*?(?:\.\d+)?)\.(?: Il est actuellement .*)?$/,
  gmtNames: ["GMT", "UTC"],
  replyPrefixes: ["Re :", "Re:", "RE :"],
  pageNav: /^Page (?<page>\d+) sur (?<count>\d+)\b/,
  attachmentHeadings: ["Miniatures attachées", "Images attachées", "Fichiers attachés"],
  goBack: ["Retour"],
  titleIcons: [],
  // Only lines no poster writes alone: a text dump's chrome is dropped wherever it stands.
  chromeLines: ["Outils de la discussion", "Rechercher dans la discussion", "Règles de messages"],
  chromePatterns: [],
};

/** Every pack the parser knows. Add a language here. */
export const LANGUAGE_PACKS: readonly LanguagePack[] = [ENGLISH, GERMAN, FRENCH];

/** Every page of a board shows the same zone label: each is read once (a bounded memo). */
const zoneOffsets = new Map<string, number | undefined>();

/** The zone's offset from a footer label like "GMT -7", "WEZ +1", "GMT +5.5", "GMT". */
export function parseZoneLabel(label: string): number | undefined {
  if (zoneOffsets.has(label)) return zoneOffsets.get(label);
  const offset = readZoneLabel(label);
  if (zoneOffsets.size < 1_000) zoneOffsets.set(label, offset);
  return offset;
}

function readZoneLabel(label: string): number | undefined {
  const gmtNames = LANGUAGE_PACKS.flatMap((pack) => pack.gmtNames);
  const match = /^(?<name>[A-ZÄÖÜa-z]+)\s*(?:(?<sign>[+-])\s*(?<hours>\d{1,2})(?:[.:](?<fraction>\d{1,2}))?)?$/.exec(
    label.trim(),
  );
  if (!match?.groups || !gmtNames.includes(match.groups.name!)) return undefined;
  const { sign, hours, fraction } = match.groups;
  if (!sign || !hours) return 0;
  let minutes = Number(hours) * 60;
  // "+5:30" counts minutes, "+5.5" a fraction of an hour.
  if (fraction) minutes += label.includes(":") ? Number(fraction) : Number(`0.${fraction}`) * 60;
  return Math.round(sign === "-" ? -minutes : minutes);
}
