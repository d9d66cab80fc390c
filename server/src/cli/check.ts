/**
 * `untangle check`: analyses the given folders and files with the same core the language server
 * uses and collects one report. Each folder reads the nearest pyproject.toml at or above it
 * (or `--config`), then the flags on top.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PYPROJECT_FILE } from '../core/config/pyprojectSettings';
import { describeSettingsProblem, type SettingsLayer } from '../core/config/resolveSettings';
import type { Finding } from '../core/model/finding';
import { WorkspaceIndex, type SkippedFile } from '../analysis/workspaceIndex';
import { loadFile, loadWorkspace } from '../analysis/loadWorkspace';
import { readProjectSettings } from '../fs/projectSettings';
import { UsageError, type CheckOptions } from './options';

/** Settings that cannot be used; the CLI stops (exit 2) rather than guess, unlike the editor. */
export class ConfigError extends Error {}

export interface CheckReport {
  readonly findings: readonly Finding[];
  readonly analyzedFiles: number;
  readonly skipped: readonly SkippedFile[];
}

export async function runCheck(options: CheckOptions, cwd: string): Promise<CheckReport> {
  const flags = flagLayer(options);
  const findings = new Map<string, readonly Finding[]>();
  const skipped = new Map<string, string>();
  for (const given of options.paths) {
    const target = path.resolve(cwd, given);
    const stat = statOrUndefined(target);
    if (!stat) throw new UsageError(`${given}: no such file or folder`);
    const root = stat.isDirectory() ? target : path.dirname(target);
    const configPath = options.config ? path.resolve(cwd, options.config) : nearestPyproject(root);
    if (options.config && !statOrUndefined(configPath!)) throw new UsageError(`--config: ${options.config}: no such file`);
    const resolved = await readProjectSettings(root, flags, configPath);
    if (resolved.problems.length > 0) {
      throw new ConfigError(resolved.problems.map((problem) => describeProblemAt(problem, configPath, cwd)).join('\n'));
    }
    const settings = options.exclude
      ? { ...resolved.settings, exclude: [...resolved.settings.exclude, ...options.exclude] }
      : resolved.settings;
    const index = new WorkspaceIndex(root, undefined, settings);
    if (stat.isDirectory()) await loadWorkspace(index);
    else await loadFile(index, target, settings.maxFileSizeKb * 1024);
    for (const analysis of index.analyzed()) findings.set(analysis.path, index.findingsFor(analysis.path));
    for (const file of index.skipped()) skipped.set(file.path, file.reason);
  }
  const paths = [...findings.keys()].sort();
  return {
    findings: paths.flatMap((file) => findings.get(file) ?? []),
    analyzedFiles: paths.length,
    skipped: [...skipped.entries()].map(([file, reason]) => ({ path: file, reason })),
  };
}

function describeProblemAt(problem: Parameters<typeof describeSettingsProblem>[0], configPath: string | undefined, cwd: string): string {
  const where = problem.range && configPath ? `${path.relative(cwd, configPath)}:${problem.range.start.line + 1}: ` : '';
  return `${where}${describeSettingsProblem(problem)}`;
}

/** The flags that override settings, as a settings layer. */
function flagLayer(options: CheckOptions): SettingsLayer[] {
  const values: Record<string, Record<string, unknown>> = {};
  if (options.maxCodeLines !== undefined) values.longFile = { maxCodeLines: options.maxCodeLines };
  if (options.minTokens !== undefined) values.duplicateBlock = { minTokens: options.minTokens };
  if (options.minLines !== undefined) values.duplicateBlock = { ...values.duplicateBlock, minLines: options.minLines };
  return [{ source: 'command-line flags', values }];
}

/** The pyproject.toml in `start` or the closest folder above it. */
function nearestPyproject(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, PYPROJECT_FILE);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}
