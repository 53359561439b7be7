// A thread's pages say what language its posts are in: the archive detects it (the stop words
// of its text, as similar threads do) and the thread's title, post bodies and signatures carry
// it as `lang`, while the site's own words stay English (<html lang="en">).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveOf } from "../src/archive/load.ts";
import { buildFromArchive } from "../src/build/index.ts";
import type { Archive } from "../src/model.ts";
import { parseFixtures } from "./fixtures/helpers.ts";
import { loadPage } from "./helpers/site-check.ts";

let root: string;
let archive: Archive;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-language-"));
  // A German board's thread ("Widerstandsstufe am Concept2") and an English one.
  const parsed = parseFixtures("de-legacy.txt", "en-legacy.txt");
  archive = archiveOf(parsed.threads, parsed.warnings, parsed.failures);
  await buildFromArchive(archive, {
    input: join(root, "none"),
    output: join(root, "site"),
    baseUrl: "/",
    progress: "none",
    search: false,
  });
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("the language of a thread", () => {
  it("is detected per thread by the archive", () => {
    const german = archive.threads.find((thread) => thread.title === "Widerstandsstufe am Concept2")!;
    const english = archive.threads.find((thread) => thread !== german)!;
    expect(german.language).toBe("de");
    expect(english.language).toBe("en");
  });

  it("marks the thread's title, post bodies and signatures, not the site's own words", async () => {
    const german = archive.threads.find((thread) => thread.language === "de")!;
    const $ = await loadPage(join(root, "site"), `${german.url.slice(1)}index.html`);
    expect($("html").attr("lang")).toBe("en");
    expect($("h1").attr("lang")).toBe("de");
    expect($(".post-body").length).toBe(german.posts.length);
    expect(
      $(".post-body")
        .map((_, body) => $(body).attr("lang"))
        .get(),
    ).toEqual(german.posts.map(() => "de"));
    expect($(".signature > div[lang='de']").length).toBe(german.posts.filter((post) => post.signature).length);
    // The site's words around them are not marked.
    expect($(".author-card [lang], .edit-note[lang], nav [lang]").length).toBe(0);
  });
});
