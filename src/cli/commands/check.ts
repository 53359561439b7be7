// `forum-archive check`: one verdict per dump (see src/check.ts); exit 1 on errors, or on warnings with --strict.
import { checkFiles, formatCheck } from "../../check.ts";
import { DEFAULT_INPUT, expandInputs, UserError } from "../options.ts";

export async function checkCommand(paths: string[], options: { strict?: boolean }): Promise<number> {
  const files = await expandInputs(paths);
  if (files.length === 0) {
    throw new UserError(`no dumps (*.txt, *.html) in ${paths.length ? paths.join(", ") : DEFAULT_INPUT}`);
  }
  const report = formatCheck(await checkFiles(files), options.strict === true);
  process.stdout.write(report.text);
  return report.exitCode;
}
