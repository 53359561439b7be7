// The runtime of `import { defineConfig } from "forum-archive/config"` in a user's
// forum-archive.config.mjs: plain JavaScript, so the config loads without a TypeScript loader.
// Types (and completion) come from ./types.ts through package.json "exports".

/** @param {import("./types.ts").ForumArchiveConfig} config */
export function defineConfig(config) {
  return config;
}
