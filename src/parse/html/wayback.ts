// Artifacts of archiving tools, removed from the DOM before anything reads it: the Wayback
// Machine's toolbar (between its BEGIN/END WAYBACK TOOLBAR INSERT comments), its scripts and
// styles (`/_static/`, `archive.org`), and what saving tools say in comments about where a page came from.
import type { CheerioAPI } from "cheerio";
import type { AnyNode, Comment } from "domhandler";
import { stampDate, unwrapWayback } from "./urls.ts";
import { compareText } from "../../order.ts";

export interface Provenance {
  /** The page's address according to a saving tool ("saved from url=", HTTrack's "Mirrored from"). */
  savedFrom?: string;
  /** Capture day, YYYY-MM-DD, from the Wayback Machine's stamp or HTTrack's date. */
  captured?: string;
  wayback: boolean;
  tool?: "wayback" | "httrack" | "browser" | "wget";
  /** What could not be cleaned as expected, at the node where it starts. */
  problems: { node: AnyNode; message: string }[];
}

function comments(root: AnyNode, depth: number, out: Comment[]): Comment[] {
  if (root.type === "comment") out.push(root as Comment);
  const children = (root as { children?: AnyNode[] }).children;
  if (children && depth > 0) for (const child of children) comments(child, depth - 1, out);
  return out;
}

const MONTHS: Record<string, string> = {
  jan: "01",
  feb: "02",
  mar: "03",
  apr: "04",
  may: "05",
  jun: "06",
  jul: "07",
  aug: "08",
  sep: "09",
  oct: "10",
  nov: "11",
  dec: "12",
};

export function cleanArchivingArtifacts($: CheerioAPI): Provenance {
  const provenance: Provenance = { wayback: false, problems: [] };
  // The page's own address as the Wayback Machine knows it: its toolbar's URL box and its wombat call.
  const toolbarUrl = $("#wmtbURL").attr("value");
  if (toolbarUrl) provenance.savedFrom = toolbarUrl;
  for (const script of $("script:not([src])").toArray()) {
    const call = /__wm\.wombat\(\s*"([^"]+)"\s*,\s*"(\d{8,14})"/.exec($(script).text());
    if (call) {
      provenance.savedFrom ??= call[1];
      provenance.captured ??= stampDate(call[2]);
      provenance.wayback = true;
    }
  }
  const all = comments($.root()[0]!, 64, []);
  for (const comment of all) {
    const text = comment.data.trim();
    if (/^BEGIN WAYBACK TOOLBAR INSERT/i.test(text)) {
      provenance.wayback = true;
      // Everything up to the END comment among the same parent's children is the toolbar. Without
      // an END comment (a page cut short, a damaged capture) nothing is removed: the rest of the
      // page would go with it.
      let end: AnyNode | null = comment.next;
      while (end && !(end.type === "comment" && /^END WAYBACK TOOLBAR INSERT/i.test((end as Comment).data.trim())))
        end = end.next;
      if (!end) {
        provenance.problems.push({
          node: comment,
          message:
            "the Wayback Machine's toolbar has no END WAYBACK TOOLBAR INSERT comment; only its known elements were removed",
        });
        continue;
      }
      let node: AnyNode | null = comment;
      while (node && node !== end) {
        const next: AnyNode | null = node.next;
        $(node).remove();
        node = next;
      }
      $(end).remove();
      continue;
    }
    const saved = /^saved from url=\(\d+\)(\S+)/i.exec(text);
    if (saved) {
      provenance.savedFrom ??= saved[1];
      provenance.tool ??= "browser";
    }
    const mirrored = /^Mirrored from (\S+) by HTTrack Website Copier[^,]*,\s*\w+,\s*(\d{1,2}) (\w{3}) (\d{4})/i.exec(
      text,
    );
    if (mirrored) {
      provenance.savedFrom ??= /^[a-z]+:\/\//i.test(mirrored[1]!) ? mirrored[1] : `http://${mirrored[1]}`;
      const month = MONTHS[mirrored[3]!.toLowerCase()];
      if (month) provenance.captured ??= `${mirrored[4]}-${month}-${mirrored[2]!.padStart(2, "0")}`;
      provenance.tool = "httrack";
    }
    const archived = /FILE ARCHIVED ON \d{2}:\d{2}:\d{2} (\w{3}) (\d{1,2}), (\d{4})/i.exec(text);
    if (archived) {
      provenance.wayback = true;
      const month = MONTHS[archived[1]!.toLowerCase()];
      if (month) provenance.captured ??= `${archived[3]}-${month}-${archived[2]!.padStart(2, "0")}`;
    }
  }
  // The Wayback Machine's own scripts, styles and banners.
  $(
    "script[src*='/_static/'], link[href*='/_static/'], script[src*='archive.org'], link[href*='archive.org/_static']",
  ).remove();
  $("#wm-ipp-base, #wm-ipp, #wm-ipp-print, #donato, #wm-capinfo").remove();
  for (const script of $("script:not([src])").toArray()) {
    const code = $(script).text();
    if (/__wm\.|archive_analytics|_wm\.|wombat/i.test(code)) $(script).remove();
  }
  // The capture day: the stamp most links carry.
  const stamps = new Map<string, number>();
  for (const element of $("[href], [src], [action]").toArray()) {
    const value = element.attribs.href ?? element.attribs.src ?? element.attribs.action ?? "";
    const { stamp } = unwrapWayback(value);
    if (stamp && stamp.length >= 8) stamps.set(stamp, (stamps.get(stamp) ?? 0) + 1);
  }
  if (stamps.size) {
    provenance.wayback = true;
    const best = [...stamps].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))[0]![0];
    provenance.captured ??= stampDate(best);
  }
  if (provenance.wayback) provenance.tool = "wayback";
  return provenance;
}
