// Eleventy 3 ships JavaScript without type declarations; this is the part of its API the build uses.
declare module "@11ty/eleventy" {
  export interface EleventyOptions {
    configPath?: string;
    pathPrefix?: string;
    quietMode?: boolean;
    dryRun?: boolean;
    source?: "cli" | "script";
    runMode?: "build" | "serve" | "watch";
    config?: (eleventyConfig: UserConfig) => void | Promise<void>;
  }
  /** The part of Eleventy's UserConfig the build calls (eleventy/plugin.ts and render.ts). */
  export interface UserConfig {
    addGlobalData(name: string, value: unknown): unknown;
    addTransform(
      name: string,
      fn: (this: { page: { outputPath: string | false } }, content: string) => string | Promise<string>,
    ): unknown;
    addPreprocessor(
      name: string,
      extensions: string,
      fn: (data: Record<string, unknown> & { page: Record<string, unknown> }, content: string) => unknown,
    ): unknown;
    setNunjucksEnvironmentOptions(options: object): unknown;
    setUseTemplateCache(enabled: boolean): unknown;
    /** What setUseTemplateCache set (read once the owner's config has run). */
    readonly useTemplateCache: boolean;
    setUseGitIgnore(enabled: boolean): unknown;
    addPlugin(plugin: (eleventyConfig: never) => unknown): unknown;
    on(event: string, listener: (arg: never) => unknown): unknown;
  }
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions);
    disableLogger(): void;
    /** Eleventy's TemplateConfig (read by direct.ts once the build's templates are known). */
    readonly eleventyConfig: unknown;
    write(): Promise<[unknown[], { outputPath?: string | false; url?: string | false }[]]>;
  }
}
