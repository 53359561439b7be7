// `forum-archive build`: the site into --output; exit 1 when a dump or page failed.
import { buildFromInput } from "../../build/index.ts";
import { interruptibleBuild } from "../interrupt.ts";
import { buildOptionsOf, type SiteCommandOptions } from "../options.ts";

export async function buildCommand(options: SiteCommandOptions): Promise<number> {
  const buildOptions = await buildOptionsOf(options);
  const summary = await interruptibleBuild(buildOptions.output, () => buildFromInput(buildOptions));
  return summary.failures.length > 0 ? 1 : 0;
}
