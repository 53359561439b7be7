import { defineConfig } from "vitest/config";

// End-to-end tests: they build whole sites, run the compiled command or drive a browser. The rest
// are unit tests: pure functions and small in-memory archives. `npm test` runs both;
// `npx vitest run --project unit` the quick ones alone.
const E2E = [
  "test/browser-*.test.ts",
  "test/search-browser.test.ts",
  "test/cli-*.test.ts",
  "test/check-command.test.ts",
  "test/package-install.test.ts",
  "test/parse-html-other-pages.test.ts",
  "test/site-atomic.test.ts",
  "test/site-build.test.ts",
  "test/site-hostile.test.ts",
  "test/site-html-pages.test.ts",
  "test/site-language.test.ts",
  "test/site-rebuild.test.ts",
  "test/site-unchanged-rebuild.test.ts",
  "test/site-jobs.test.ts",
  "test/site-redirects-files.test.ts",
  "test/site-seeds.test.ts",
  "test/owner-project.test.ts",
];

export default defineConfig({
  test: {
    setupFiles: ["test/setup-fast-check.ts"],
    // No wall-clock limits on healthy work: on a busy two-core machine a build can take minutes.
    // Only a net for a test that hangs (a browser or a server that never answers), so CI ends.
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
    // Two cores: builds and browsers in parallel files starve each other.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: E2E } },
      // The e2e tests run the command from lib/: compiled once before they start.
      { extends: true, test: { name: "e2e", include: E2E, globalSetup: ["test/helpers/compile-lib.ts"] } },
    ],
  },
});
