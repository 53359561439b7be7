// `forum-archive check`: one verdict per dump (see src/check.ts); exit 1 on errors, or on warnings with --strict.
import { checkFiles, formatCheck } from "../../check.ts";
import { checkDatabase, type DatabaseCliOptions, isDumpPath } from "../../input/vbulletin-db/cli-options.ts";
import { existsSync } from "node:fs";
import { DEFAULT_INPUT, expandInputs, UserError } from "../options.ts";

export async function checkCommand(
  paths: string[],
  options: { strict?: boolean; verbose?: boolean } & DatabaseCliOptions,
): Promise<number> {
  if (options.db !== undefined || (paths.length > 0 && paths.every(isDumpPath))) {
    const report = await checkDatabase(paths, options);
    process.stdout.write(report.text);
    return report.exitCode;
  }
  // Nothing given exists: a mistyped path, not a dump that failed (one missing among others is that file's error).
  if (paths.length > 0 && !paths.some((path) => existsSync(path))) {
    throw new UserError(
      `${paths.join(", ")}: no such file or folder (paths are relative to the working folder, ${process.cwd()}); ` +
        `give dump files or the folder that holds them: forum-archive check <folder>`,
    );
  }
  const files = await expandInputs(paths);
  if (files.length === 0) {
    throw new UserError(`no dumps (*.txt, *.html) in ${paths.length ? paths.join(", ") : DEFAULT_INPUT}`);
  }
  const report = formatCheck(await checkFiles(files), { strict: options.strict === true, verbose: options.verbose === true });
  process.stdout.write(report.text);
  return report.exitCode;
}
