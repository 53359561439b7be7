// Eleventy 3 ships JavaScript without type declarations; this is the part of its API the build uses.
declare module "@11ty/eleventy" {
  export interface EleventyOptions {
    configPath?: string;
    pathPrefix?: string;
    quietMode?: boolean;
    dryRun?: boolean;
    source?: "cli" | "script";
    runMode?: "build" | "serve" | "watch";
    config?: (eleventyConfig: any) => void | Promise<void>;
  }
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions);
    disableLogger(): void;
    write(): Promise<[unknown[], { outputPath?: string | false; url?: string | false }[]]>;
  }
}
