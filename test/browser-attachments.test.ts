// Attachments in headless Chromium (issue 18, item 8): the thread page of the attachment fixture
// board (test/fixtures/db/data-attachments-vb42.sql), served as a host would with the pages' CSP,
// shows every image it holds, loaded from the site itself, with no policy violation; the SVG with a
// script and the HTML named .png, opened by their own addresses, run nothing.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFromInput } from "../src/build/index.ts";
import { startStaticServer, type StaticServer } from "../src/cli/static-server.ts";
import { CSP_HEADER } from "../src/site/security.ts";
import { launchChromium, RUN_BROWSER_TESTS, warnWhenSkipped, watchDialogsAndCsp } from "./helpers/chromium.ts";
import { listFiles, urlOfFile } from "./helpers/site-check.ts";

warnWhenSkipped("browser-attachments");
const BASE = "/archive/";
const FOLDER = `${BASE}attachments/example-forums`;

describe.runIf(RUN_BROWSER_TESTS)("attachments in Chromium", () => {
  let dir = "";
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let threadPage = "";

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fa-attachments-browser-"));
    const output = join(dir, "site");
    await buildFromInput({
      input: join(import.meta.dirname, "fixtures", "db", "vb42-attachments.sql"),
      output,
      baseUrl: BASE,
      progress: "none",
      search: false,
      pagesDir: join(dir, "no-pages"),
      database: { attachments: true },
    });
    server = await startStaticServer(output, BASE);
    const page = (await listFiles(output)).find((file) =>
      /help-everything-bbcode-[0-9a-f]{8}\/index\.html$/.test(file),
    );
    threadPage = new URL(urlOfFile(BASE, page!), server.url).href;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("shows every image of the post, at its size, loaded from the site under its CSP", async () => {
    const context = await browser!.newContext();
    const page = await context.newPage();
    const { dialogs, violations } = await watchDialogsAndCsp(page);
    const response = await page.goto(threadPage);
    expect(response?.headers()["content-security-policy"]).toBe(CSP_HEADER);
    await page.waitForLoadState("load");
    // loading="lazy": scrolled into view, each image loads.
    for (const img of await page.locator("#post-4 img").all()) await img.scrollIntoViewIfNeeded();
    await page.waitForFunction(() =>
      [...document.querySelectorAll("#post-4 img")].every((img) => (img as HTMLImageElement).complete),
    );
    const images = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLImageElement>("#post-4 img")].map((img) => [
        new URL(img.currentSrc).pathname,
        img.naturalWidth,
        img.naturalHeight,
      ]),
    );
    expect(images).toEqual([
      [`${FOLDER}/10/red-dot.png`, 3, 2],
      [`${FOLDER}/11/blue-sky.jpg`, 4, 3],
      [`${FOLDER}/12/green.gif`, 1, 1],
      [`${FOLDER}/13/leaf.webp`, 5, 4],
      [`${FOLDER}/17/img-src-x-onerror-alert-9-evil.png`, 3, 2],
    ]);
    expect(await violations()).toEqual([]);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it("runs nothing of an SVG or of HTML named .png opened by its address", async () => {
    const context = await browser!.newContext();
    const page = await context.newPage();
    const { dialogs } = await watchDialogsAndCsp(page);
    const origin = new URL(server!.url).origin;
    const svg = await page.goto(`${origin}${FOLDER}/14/logo.svg.txt`);
    expect(svg?.headers()["content-type"]).toMatch(/^text\/plain/);
    await page.goto(`${origin}${FOLDER}/16/not-really.png`);
    await page.waitForLoadState("load");
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
