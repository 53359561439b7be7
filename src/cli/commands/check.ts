// `forum-archive check`: one verdict per dump (see src/check.ts); exit 1 on errors, or on warnings with --strict.
import { checkFiles, formatCheck } from "../../check.ts";
import { checkDatabase, type DatabaseCliOptions } from "../../input/vbulletin-db/cli-options.ts";
import { existsSync, statSync } from "node:fs";
import { DEFAULT_INPUT, expandInputs, projectConfigProblem, splitDatabaseDumps, UserError } from "../options.ts";

export async function checkCommand(
  paths: string[],
  options: { strict?: boolean; verbose?: boolean } & DatabaseCliOptions,
): Promise<number> {
  if (options.db !== undefined) return printed(await checkDatabase([], options));
  // Nothing given exists: a mistyped path, not a dump that failed (one missing among others is that file's error).
  if (paths.length > 0 && !paths.some((path) => existsSync(path))) {
    throw new UserError(
      `${paths.join(", ")}: no such file or folder (paths are relative to the working folder, ${process.cwd()}); ` +
        `give dump files or the folder that holds them: forum-archive check <folder>`,
    );
  }
  // Database dumps (given, or at the top of a folder given) are checked as a build reads them.
  const { databases, pages } = await splitDatabaseDumps(paths.length > 0 ? paths : [DEFAULT_INPUT]);
  const files = pages.length > 0 ? await expandInputs(pages) : [];
  if (files.length === 0 && databases.length === 0) {
    throw new UserError(
      `no dumps (*.txt, *.html, or database dumps *.sql, *.sql.gz) in ${paths.length ? paths.join(", ") : DEFAULT_INPUT}`,
    );
  }
  const fromConfig = await checkConfig(paths.length > 0 ? paths : [DEFAULT_INPUT]);
  const fromDatabases = databases.length > 0 ? printed(await checkDatabase(databases, options)) : 0;
  if (files.length === 0) return Math.max(fromConfig, fromDatabases);
  const report = formatCheck(await checkFiles(files), {
    strict: options.strict === true,
    verbose: options.verbose === true,
  });
  return Math.max(fromConfig, fromDatabases, printed(report));
}

/** One folder given (a project, as `build --input` takes it): its config is read as a build reads
 *  it, and a mistake there is an error of the check (a build would refuse it). */
async function checkConfig(paths: string[]): Promise<0 | 1> {
  const [path] = paths;
  if (paths.length !== 1 || path === undefined || !existsSync(path) || !statSync(path).isDirectory()) return 0;
  const problem = await projectConfigProblem(path);
  if (!problem) return 0;
  process.stdout.write(`${problem} (a build refuses this config)\n`);
  return 1;
}

function printed(report: { text: string; exitCode: number }): number {
  process.stdout.write(report.text);
  return report.exitCode;
}
