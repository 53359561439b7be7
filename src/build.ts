// Building and serving the site (issue 3). Placeholder until that work lands.
export interface BuildOptions {
  input: string;
  output: string;
  /** Prefix the archive is served under, "/" or "/prefix/". */
  baseUrl: string;
  /** Show a progress bar (a terminal) or plain lines. */
  progress?: "bar" | "lines" | "none";
}

export interface BuildSummary {
  threads: number;
  posts: number;
  authors: number;
  pagesWritten: number;
  warnings: number;
  failures: { file: string; reason: string }[];
  seconds: number;
}

export async function buildSite(options: BuildOptions): Promise<BuildSummary> {
  void options;
  throw new Error("build: not implemented yet");
}

export async function serveSite(options: BuildOptions & { port: number }): Promise<void> {
  void options;
  throw new Error("serve: not implemented yet");
}
