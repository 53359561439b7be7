// Front matter the parser does not use is kept in a warning, value and all: nothing of a file is lost.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { parseDumps } from "../src/parse/index.ts";

it("names an unused front matter key with its value", () => {
  const dump = readFileSync("seeds/crossfit-back-spasms-from-running.txt", "utf8");
  const withFrontMatter = `---\nPosts: 22\nsaved-by: Jane Archivist\nwhen: 2010-01-02\n---\n${dump}`;
  const { threads, warnings } = parseDumps([{ file: "fm.txt", bytes: withFrontMatter }]);
  expect(threads).toHaveLength(1);
  const messages = warnings.filter((warning) => warning.file === "fm.txt").map((warning) => warning.message);
  expect(messages).toContain('front matter "Posts: 22" is not used');
  expect(messages).toContain('front matter "saved-by: Jane Archivist" is not used');
  expect(messages).toContain('front matter "when: 2010-01-02" is not used');
});
