/**
 * `untangle check`: analyses the given folders and files with the same core the language server
 * uses and collects one report.
 */
import type { SettingsLayer } from '../core/config/resolveSettings';
import type { Finding } from '../core/model/finding';
import type { SkippedFile } from '../analysis/workspaceIndex';
import type { CheckOptions } from './options';
import { loadProject } from './project';

export interface CheckReport {
  readonly findings: readonly Finding[];
  readonly analyzedFiles: number;
  readonly skipped: readonly SkippedFile[];
}

export async function runCheck(options: CheckOptions, cwd: string): Promise<CheckReport> {
  const findings = new Map<string, readonly Finding[]>();
  const skipped = new Map<string, string>();
  for (const given of options.paths) {
    const index = await loadProject(given, cwd, { config: options.config, layers: flagLayer(options), exclude: options.exclude });
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

/** The flags that override settings, as a settings layer. */
function flagLayer(options: CheckOptions): SettingsLayer[] {
  const values: Record<string, Record<string, unknown>> = {};
  if (options.maxCodeLines !== undefined) values.longFile = { maxCodeLines: options.maxCodeLines };
  if (options.minTokens !== undefined) values.duplicateBlock = { minTokens: options.minTokens };
  if (options.minLines !== undefined) values.duplicateBlock = { ...values.duplicateBlock, minLines: options.minLines };
  return [{ source: 'command-line flags', values }];
}
