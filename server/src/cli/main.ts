/**
 * Entry point of the CLI bundle (dist/cli.js, run as `untangle` through bin/untangle.js).
 * Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or file error.
 */
import * as path from 'path';
import { severityRank, type Severity } from '../core/model/finding';
import { assertNever } from '../core/model/assertNever';
import { runCheck } from './check';
import { collectGarbage } from './collectGarbage';
import { runDbStats } from './dbStats';
import type { CheckReport } from '../report/checkReport';
import { ConfigError, warnOnStderr } from './project';
import { RunRecorder } from './recordRun';
import { parseCommand, UsageError, USAGE, type CheckOptions, type FixOptions, type OutputFormat } from './options';
import { diffOf, runFix } from './fix';
import { recoverInterruptedFix, writeFixBatch } from '../fs/fixWriter';
import { WriteError } from '../fs/writePreflight';
import { assertWritable, FileError, writeOutput } from './outputFiles';
import { formatJson } from '../report/jsonFormat';
import { formatSarif } from '../report/sarifFormat';
import { formatText } from '../report/textFormat';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export async function main(argv: readonly string[], cwd: string): Promise<number> {
  // Before anything is read: an input changed after this is not vouched for by a run record.
  const start = Date.now();
  try {
    const command = parseCommand(argv);
    switch (command.kind) {
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return EXIT_OK;
      case 'version':
        process.stdout.write(`${process.env.UNTANGLE_VERSION ?? 'dev'}\n`);
        return EXIT_OK;
      case 'check':
        return await check(command.options, cwd, RunRecorder.for(argv, cwd, start));
      case 'fix':
        return await fix(command.options, cwd);
      case 'db-stats':
        process.stdout.write(runDbStats(command.options, cwd));
        return EXIT_OK;
      default:
        return assertNever(command);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`untangle: ${error.message}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof FileError) {
      process.stderr.write(`untangle: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`untangle: configuration error:\n${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof WriteError) {
      process.stderr.write(`untangle: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** `recorder`: for a check whose output the next identical run may replay (recordRun.ts). */
async function check(options: CheckOptions, cwd: string, recorder: RunRecorder | undefined): Promise<number> {
  const output = options.output === undefined ? undefined : path.resolve(cwd, options.output);
  if (output) assertWritable('--output', output, { createFolders: false });
  const warn = (message: string): void => {
    recorder?.warning();
    warnOnStderr(message);
  };
  const report = await runCheck(options, cwd, { seen: recorder?.seen, warn });
  // The analysis is garbage now, and the report as large as the findings (collectGarbage.ts).
  collectGarbage();
  const text = format(options.format, report, cwd);
  if (output) writeOutput('--output', output, text, { createFolders: false });
  else process.stdout.write(text);
  const code = failing(report, options.failOn) ? EXIT_FINDINGS : EXIT_OK;
  recorder?.save(text, code);
  return code;
}

async function fix(options: FixOptions, cwd: string): Promise<number> {
  for (const root of await recoverInterruptedFix(options.paths.map((p) => path.resolve(cwd, p)), options.dryRun)) {
    process.stderr.write(`untangle: rolled back the fix interrupted in ${root}\n`);
  }
  const report = await runFix(options, cwd);
  if (options.dryRun) process.stdout.write(diffOf(report, cwd));
  else writeFixBatch(report.roots, new Map([...report.files].map(([file, { after }]) => [file, after])));
  const lines = [
    ...report.applied.map((fixed) => `${options.dryRun ? 'would apply' : 'applied'}: ${fixed.title}: ${fixed.summary}`),
    ...report.refused.map((refused) => `refused: ${refused.title}: ${refused.reason}`),
    ...report.notOffered.map((skipped) => `not offered: ${skipped.title}: ${skipped.reason}`),
    `${report.applied.length} applied, ${report.refused.length} refused, ${report.notOffered.length} not offered, ${report.files.size} files ${options.dryRun ? 'would change' : 'changed'}`,
  ];
  (options.dryRun ? process.stderr : process.stdout).write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

function format(kind: OutputFormat, report: CheckReport, cwd: string): string {
  switch (kind) {
    case 'text':
      return formatText(report, cwd);
    case 'json':
      return formatJson(report, cwd);
    case 'sarif':
      return formatSarif(report, cwd);
    default:
      return assertNever(kind);
  }
}

function failing(report: CheckReport, failOn: Severity | 'never'): boolean {
  if (failOn === 'never') return false;
  return report.findings.some((finding) => severityRank(finding.severity) >= severityRank(failOn));
}

/** Runs the CLI on this process's arguments and sets its exit code; 3 means a bug in Untangle. */
export function run(): void {
  main(process.argv.slice(2), process.cwd()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`untangle: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 3;
    },
  );
}
