// src/eleventy/caches.ts reaches into two of Eleventy's private modules (LayoutCache.js and
// TemplateContent._compileCache): Eleventy has no public way to empty its process-wide template
// caches. When an Eleventy update moves them, builds still come out right (the template cache is
// then turned off) but slower; this test is what says so.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resetEleventyCaches } from "../src/eleventy/caches.ts";

describe("Eleventy's private template caches", () => {
  it("are still where src/eleventy/caches.ts empties them", async () => {
    const installed = JSON.parse(readFileSync(new URL("../node_modules/@11ty/eleventy/package.json", import.meta.url), "utf8"));
    expect(
      await resetEleventyCaches(),
      `Eleventy ${installed.version} no longer has LayoutCache.js / TemplateContent._compileCache where ` +
        "src/eleventy/caches.ts looks: find their new place (or a public API) before updating Eleventy",
    ).toBe(true);
  });
});
