// The shared small things: one slug rule for URLs and fragment ids, one text order.
import { describe, expect, it } from "vitest";
import { compareText } from "../src/order.ts";
import { pageUrlFromSlug } from "../src/site/pages.ts";
import { anchorId } from "../src/site/paths.ts";
import { slug } from "../src/slug.ts";

describe("slug", () => {
  it("spells text in ASCII, lower case, words joined by '-'", () => {
    expect(slug("Ernährung & Fitness")).toBe("ernaehrung-and-fitness");
    expect(slug("CrossFit Discussion Board")).toBe("crossfit-discussion-board");
  });

  it("cuts to a length without leaving a trailing '-', and gives '' when nothing spells in ASCII", () => {
    expect(slug("abc def", 4)).toBe("abc");
    expect(slug("東京")).toBe("");
  });

  it("is the rule of fragment ids and Markdown page URLs too", () => {
    expect(anchorId("cat", "Ernährung & Fitness")).toBe("cat-ernaehrung-and-fitness");
    expect(anchorId("site", "東京")).toBe("site-x");
    expect(pageUrlFromSlug("Ernährung & Fitness")).toBe("/ernaehrung-and-fitness/");
  });
});

describe("compareText", () => {
  it("orders by code units, not by locale", () => {
    expect(["b", "a", "B", "ä", "a"].sort(compareText)).toEqual(["B", "a", "a", "b", "ä"]);
    expect(compareText("x", "x")).toBe(0);
  });
});
