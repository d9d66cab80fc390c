/**
 * `untangle check`: analyses the given folders and files with the same core the language server
 * uses and collects one report; with a baseline, only the findings it does not accept.
 */
import * as path from 'path';
import type { Finding } from '../core/model/finding';
import type { CheckOptions } from './options';
import { ConfigError, flagSettings, loadProjects, type ProjectOptions } from './project';
import { baselineRoot, baselineSchema, createBaseline, newSinceBaseline, type Baseline, type RelativePath } from '../core/baseline/baseline';
import { relativePosixPath } from '../report/relativePath';
import type { CheckReport } from '../report/checkReport';
import { readPythonTextSync } from '../fs/sourceReader';
import { assertWritable, FileError, writeOutput } from './outputFiles';
import { asText, readRegularFileSync } from '../fs/regularFile';

/** A baseline lists findings, not code: past this it is not a baseline. */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/** `watch`: told the run's inputs and warnings (see ProjectOptions). */
export async function runCheck(options: CheckOptions, cwd: string, watch: Pick<ProjectOptions, 'seen' | 'warn'> = {}): Promise<CheckReport> {
  if (options.writeBaseline) assertWritable('--write-baseline', path.resolve(cwd, options.writeBaseline), { createFolders: true });
  const findings = new Map<string, readonly Finding[]>();
  const skipped = new Map<string, string>();
  /** Each analysed file's size cap, so the baseline reads it as the analysis did. */
  const caps = new Map<string, number>();
  let templateAndStaticFiles = 0;
  let migrationFiles = 0;
  for (const index of await loadProjects(options.paths, cwd, { config: options.config, ...flagSettings(options), ...watch })) {
    const webPaths = index.webPaths();
    templateAndStaticFiles += webPaths.length;
    for (const file of [...index.analyzedPaths(), ...webPaths]) {
      findings.set(file, index.findingsFor(file));
      caps.set(file, index.settings.maxFileSizeKb * 1024);
    }
    // Migrations are read for the project rules only: they count as no analysed file, but their findings are reported.
    for (const finding of index.findings()) {
      if (findings.has(finding.path)) continue;
      findings.set(finding.path, index.findingsFor(finding.path));
      caps.set(finding.path, index.settings.maxFileSizeKb * 1024);
      migrationFiles++;
    }
    for (const file of index.skipped()) skipped.set(file.path, file.reason);
  }
  const paths = [...findings.keys()].sort();
  const all = paths.flatMap((file) => findings.get(file) ?? []);
  const readText = (file: string): string => {
    const read = readPythonTextSync(file, caps.get(file) ?? 0);
    if (read === undefined) throw new FileError(`${file} can no longer be read (deleted or changed during the run?): run again`);
    return read.text;
  };
  if (options.writeBaseline) writeBaseline(path.resolve(cwd, options.writeBaseline), all, readText);
  if (options.baseline) watch.seen?.(path.resolve(cwd, options.baseline));
  const reported = options.baseline ? newSinceBaseline(all, readBaseline(path.resolve(cwd, options.baseline)), relativeTo(path.resolve(cwd, options.baseline)), readText) : all;
  return {
    findings: reported,
    analyzedFiles: paths.length - templateAndStaticFiles - migrationFiles,
    templateAndStaticFiles,
    skipped: [...skipped.entries()].map(([file, reason]) => ({ path: file, reason })),
    inBaseline: all.length - reported.length,
  };
}

function relativeTo(baselineFile: string): RelativePath {
  const root = baselineRoot(baselineFile);
  return (file) => relativePosixPath(root, file);
}

function readBaseline(file: string): Baseline {
  let raw: unknown;
  try {
    // Through the regular-file reader: a FIFO named like the baseline must not hang the run.
    const read = asText(readRegularFileSync(file, MAX_BASELINE_BYTES));
    if (read.kind === 'skipped') throw new Error(read.reason);
    raw = JSON.parse(read.text);
  } catch (error) {
    throw new ConfigError(`--baseline ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = baselineSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`--baseline ${file}: not an Untangle baseline (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message})`);
  return parsed.data;
}

function writeBaseline(file: string, findings: readonly Finding[], readText: (file: string) => string): void {
  writeOutput('--write-baseline', file, `${JSON.stringify(createBaseline(findings, relativeTo(file), readText, new Date()), null, 2)}\n`, { createFolders: true });
}
