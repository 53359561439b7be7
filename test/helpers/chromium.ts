// Debian's Chromium for the browser tests (no downloaded browsers on this machine). Without it
// the browser tests are skipped locally, with a loud note, and fail under CI (CI=true), where
// .ci/run installs it.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const IN_CI = !!process.env.CI;
export const BROWSER_FOUND = existsSync(CHROMIUM);
/** Whether a file's browser tests run: always in CI (failing without a browser), else when Chromium is there. */
export const RUN_BROWSER_TESTS = BROWSER_FOUND || IN_CI;

/** Warns once per test file that its browser tests are skipped (only outside CI, without Chromium). */
export function warnWhenSkipped(name: string): void {
  if (RUN_BROWSER_TESTS) return;
  console.warn(
    `\n${"*".repeat(78)}\n*** ${name} tests SKIPPED: no Chromium at ${CHROMIUM}.\n` +
      `*** Install it with: apt-get update && apt-get install -y chromium  (CI=true makes this a failure)\n${"*".repeat(78)}\n`,
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}

/** What a page opened from the archive did that it must not: dialogs (alert(), confirm()…, each
 *  dismissed) and what its Content-Security-Policy stopped. Call before the page is opened. */
export async function watchDialogsAndCsp(
  page: Page,
): Promise<{ dialogs: string[]; violations: () => Promise<string[]> }> {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      ((window as unknown as { __violations?: string[] }).__violations ??= []).push(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  const violations = () => page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []);
  return { dialogs, violations };
}
