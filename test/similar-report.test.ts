import { describe, expect, it } from "vitest";
import { similarReport } from "../src/archive/similar-report.ts";
import type { Archive } from "../src/model.ts";
import { buildThread } from "./fixtures/similar/build-thread.ts";

describe("similarReport", () => {
  it("prints every thread in archive order with id, url, title, files and its similar threads", () => {
    const first = buildThread({ id: "b", title: "Back spasms", posts: [{ text: ["back"] }] });
    const second = buildThread({ id: "a", title: "Lower back pain", posts: [{ text: ["back"] }] });
    first.similar = [{ id: "a", url: second.url, title: second.title, score: 0.42 }];
    // `second` never had similar threads computed: it prints an empty list.
    const archive: Archive = { threads: [first, second], forums: [], authors: [], warnings: [], failures: [] };
    expect(similarReport(archive)).toEqual([
      {
        id: "b",
        url: "/test-board/general/b/",
        title: "Back spasms",
        source: { files: ["b.txt"] },
        similar: [{ id: "a", url: "/test-board/general/a/", score: 0.42 }],
      },
      { id: "a", url: "/test-board/general/a/", title: "Lower back pain", source: { files: ["a.txt"] }, similar: [] },
    ]);
  });
});
