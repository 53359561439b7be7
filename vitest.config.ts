import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup-fast-check.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: builds and browsers in parallel files starve each other.
    maxWorkers: 2,
  },
});
