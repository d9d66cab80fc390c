/**
 * `untangle check`: analyses the given folders and files with the same core the language server
 * uses and collects one report; with a baseline, only the findings it does not accept.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from '../core/model/finding';
import type { CheckOptions } from './options';
import { ConfigError, flagSettings, loadProjects } from './project';
import { baselineRoot, baselineSchema, createBaseline, newSinceBaseline, type Baseline, type RelativePath } from '../core/baseline/baseline';
import { relativePosixPath } from '../report/relativePath';
import type { CheckReport } from '../report/checkReport';
import { readPythonTextSync } from '../fs/sourceReader';
import { assertWritable, FileError, writeOutput } from './outputFiles';

export async function runCheck(options: CheckOptions, cwd: string): Promise<CheckReport> {
  if (options.writeBaseline) assertWritable('--write-baseline', path.resolve(cwd, options.writeBaseline), { createFolders: true });
  const findings = new Map<string, readonly Finding[]>();
  const skipped = new Map<string, string>();
  for (const index of await loadProjects(options.paths, cwd, { config: options.config, ...flagSettings(options) })) {
    for (const analysis of index.analyzed()) findings.set(analysis.path, index.findingsFor(analysis.path));
    for (const file of index.skipped()) skipped.set(file.path, file.reason);
  }
  const paths = [...findings.keys()].sort();
  const all = paths.flatMap((file) => findings.get(file) ?? []);
  if (options.writeBaseline) writeBaseline(path.resolve(cwd, options.writeBaseline), all);
  const reported = options.baseline ? newSinceBaseline(all, readBaseline(path.resolve(cwd, options.baseline)), relativeTo(path.resolve(cwd, options.baseline)), readText) : all;
  return {
    findings: reported,
    analyzedFiles: paths.length,
    skipped: [...skipped.entries()].map(([file, reason]) => ({ path: file, reason })),
    inBaseline: all.length - reported.length,
  };
}

function relativeTo(baselineFile: string): RelativePath {
  const root = baselineRoot(baselineFile);
  return (file) => relativePosixPath(root, file);
}

/** A file's text as the analysis read it (its coding declaration honoured, as in the editor). */
function readText(file: string): string {
  const read = readPythonTextSync(file);
  if (read === undefined) throw new FileError(`${file} can no longer be read (deleted or changed during the run?): run again`);
  return read.text;
}

function readBaseline(file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`--baseline ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = baselineSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`--baseline ${file}: not an Untangle baseline (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message})`);
  return parsed.data;
}

function writeBaseline(file: string, findings: readonly Finding[]): void {
  writeOutput('--write-baseline', file, `${JSON.stringify(createBaseline(findings, relativeTo(file), readText, new Date()), null, 2)}\n`, { createFolders: true });
}
