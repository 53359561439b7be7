// The catalogues are complete: every message the templates and site code ask for is in English,
// German and French say every English message, and formatting is the catalogue's, not the machine's.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CatalogueError,
  checkCatalogue,
  loadCatalogue,
  MESSAGE_KEYS,
  SHIPPED_LANGUAGES,
} from "../src/i18n/catalogue.ts";
import { Locale } from "../src/i18n/locale.ts";
import { translate } from "../src/i18n/filters.ts";
import nunjucks from "nunjucks";

const ROOT = join(import.meta.dirname, "..");

async function filesUnder(dir: string, ending: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(ending)).map((e) => join(e.parentPath, e.name));
}

/** Message keys the templates and the code name: `"key" | t`, `t("key"`, `say(locale, "key"`, `wordsText("key"`. */
async function keysInUse(): Promise<Map<string, string>> {
  const used = new Map<string, string>();
  for (const file of await filesUnder("templates", ".njk")) {
    const text = await readFile(file, "utf8");
    for (const m of text.matchAll(
      /["']([a-zA-Z.]+)["']\s*\|\s*tPlain|["']([a-zA-Z.]+)["']\s*\|\s*t\b|titleKey: ([a-zA-Z.]+)/g,
    ))
      used.set(m[1] ?? m[2] ?? m[3]!, file);
  }
  for (const file of [...(await filesUnder("src/site", ".ts")), ...(await filesUnder("src/i18n", ".ts"))]) {
    const text = await readFile(file, "utf8");
    for (const m of text.matchAll(/locale\.t\("([a-zA-Z.]+)"|say\(locale, "([a-zA-Z.]+)"/g))
      used.set(m[1] ?? m[2]!, file);
  }
  const client = await readFile(join(ROOT, "src/search/client/search-page.js"), "utf8");
  for (const m of client.matchAll(/words(?:Text)?\("([a-zA-Z]+)"/g)) used.set(`search.js.${m[1]}`, "search-page.js");
  return used;
}

describe("the message catalogues", () => {
  it("hold every message the templates and code ask for", async () => {
    const used = await keysInUse();
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used]
      .filter(([key]) => !MESSAGE_KEYS.has(key) && !key.startsWith("search.js.date"))
      .map(([k, f]) => `${k} (${f})`);
    expect(missing).toEqual([]);
  });

  for (const language of SHIPPED_LANGUAGES) {
    it(`${language}: says every English message, in its own file`, async () => {
      const own = JSON.parse(await readFile(join(ROOT, "locales", `${language}.json`), "utf8")) as Record<
        string,
        unknown
      >;
      expect(Object.keys(own).sort()).toEqual([...MESSAGE_KEYS].sort());
      expect(() => checkCatalogue(own, `${language}.json`, MESSAGE_KEYS)).not.toThrow();
    });
  }

  it("German and French differ from English in the words a reader sees", () => {
    const en = loadCatalogue("en").catalogue;
    for (const language of ["de", "fr"]) {
      const other = loadCatalogue(language).catalogue;
      for (const key of [
        "nav.home",
        "post.quoteFrom",
        "post.edited",
        "post.joined",
        "pager.status",
        "notFound.title",
        "search.heading",
      ]) {
        expect(other[key], `${language} ${key}`).not.toEqual(en[key]);
      }
    }
  });

  it("refuses an owner's catalogue with an unknown key or a wrong shape, naming the file", () => {
    expect(() => checkCatalogue({ "nav.hme": "x" }, "in/locales/de.json", MESSAGE_KEYS)).toThrow(
      /in\/locales\/de\.json: unknown message key "nav\.hme"/,
    );
    expect(() => checkCatalogue({ "date.months": ["a"] }, "x.json", MESSAGE_KEYS)).toThrow(CatalogueError);
    expect(() => checkCatalogue({ "count.posts": { one: "x" } }, "x.json", MESSAGE_KEYS)).toThrow(
      /plural forms with "other"/,
    );
  });
});

describe("Locale", () => {
  const de = new Locale("de", loadCatalogue("de").catalogue);
  const fr = new Locale("fr", loadCatalogue("fr").catalogue);
  const en = new Locale("en", loadCatalogue("en").catalogue);

  it("writes dates with the catalogue's month names and order, never converting the time", () => {
    expect(en.date("2009-12-20T07:25:00-07:00")).toBe("20 Dec 2009, 07:25");
    expect(de.date("2009-12-20T07:25:00-07:00")).toBe("20. Dez. 2009, 07:25");
    expect(fr.date("2009-03-01T23:59:00+01:00")).toBe("1 mars 2009 à 23:59");
    expect(de.month("2005-09")).toBe("Sept. 2005");
    expect(de.date("gestern")).toBe("gestern");
  });

  it("groups digits and picks plural forms by the language's rules", () => {
    expect(de.t("count.posts", { count: 12221 })).toBe("12.221 Beiträge");
    expect(de.t("count.posts", { count: 1 })).toBe("1 Beitrag");
    expect(en.t("count.threads", { count: 0 })).toBe("0 threads");
    // French counts 0 and 1 as singular.
    expect(fr.t("count.threads", { count: 0 })).toBe("0 discussion");
    expect(fr.t("count.threads", { count: 2 })).toBe("2 discussions");
    expect(fr.count(1234567)).toBe("1\u202f234\u202f567");
  });

  it("lets an owner's catalogue add a language over English", async () => {
    const { mkdtemp, mkdir, writeFile, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(join(tmpdir(), "fa-locale-"));
    try {
      await mkdir(join(dir, "locales"));
      await writeFile(
        join(dir, "locales", "nl.json"),
        JSON.stringify({ "nav.home": "Start", "count.posts": { one: "{count} bericht", other: "{count} berichten" } }),
      );
      await writeFile(join(dir, "locales", "de.json"), JSON.stringify({ "nav.home": "Anfang" }));
      const nl = new Locale("nl", loadCatalogue("nl", dir).catalogue);
      expect(nl.t("nav.home")).toBe("Start");
      expect(nl.t("count.posts", { count: 3 })).toBe("3 berichten");
      expect(nl.t("nav.search")).toBe("Search"); // not given: English
      const ownDe = new Locale("de", loadCatalogue("de", dir).catalogue);
      expect(ownDe.t("nav.home")).toBe("Anfang");
      expect(ownDe.t("nav.search")).toBe("Suche"); // the package's German beneath
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("escapes a message's text and its parameters, and keeps markup handed in as safe", () => {
    const html = translate(en, "post.quoteFrom", { name: "<b>x</b>" }).toString();
    expect(html).toBe("Quote from &lt;b&gt;x&lt;/b&gt;");
    const safe = translate(en, "post.quoteFrom", { name: new nunjucks.runtime.SafeString("<bdi>x</bdi>") }).toString();
    expect(safe).toBe("Quote from <bdi>x</bdi>");
    const own = new Locale("en", { ...loadCatalogue("en").catalogue, "nav.home": "Q&A <now>" });
    expect(translate(own, "nav.home").toString()).toBe("Q&amp;A &lt;now&gt;");
  });
});
