/**
 * The quick fix "Write the safe migration sequence" as a developer applies it: on the latest
 * migration of an app of a project on disk, written to disk, as the PostgreSQL tests of the
 * sequences use it.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import type { PythonParser } from '../../server/src/core/parse/pythonParser';
import { loadProjects } from '../../server/src/cli/project';
import { refactoringForFinding } from '../../server/src/refactor/findingRefactoring';
import { applyTextEdits } from '../../server/src/refactor/domainEdit';

/** The numbered migrations of `app` in `project`, by name, in order. */
export function appMigrations(project: string, app: string): string[] {
  return fs.readdirSync(path.join(project, app, 'migrations')).filter((name) => /^\d{4}_.*\.py$/.test(name)).map((name) => name.slice(0, -3)).sort();
}

/** Plans the fix of the first unsafe-migration finding of the app's latest migration and writes it to disk; the app's findings left after it. */
export async function fixLatestMigration(parser: PythonParser, project: string, app: string): Promise<string[]> {
  const [index] = await loadProjects([project], project, { parser });
  const latest = path.join(project, app, 'migrations', `${appMigrations(project, app).at(-1)}.py`);
  const finding = index.findings().find((candidate) => candidate.rule === 'unsafe-migration' && candidate.path === latest);
  assert.ok(finding, `no unsafe-migration finding in ${latest}`);
  const snapshot = { read: (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined), exists: fs.existsSync, pythonFiles: () => index.projectPaths() };
  const { result } = refactoringForFinding(parser, snapshot, finding, index.settings);
  assert.ok(result.safe, result.safe ? '' : result.reason);
  for (const file of result.edit.createFiles) fs.writeFileSync(file, '');
  for (const [file, edits] of result.edit.edits) fs.writeFileSync(file, applyTextEdits(fs.readFileSync(file, 'utf8'), edits));
  const [after] = await loadProjects([project], project, { parser });
  return after.findings().filter((candidate) => candidate.rule === 'unsafe-migration' && candidate.path.includes(`${path.sep}${app}${path.sep}`)).map((f) => f.message);
}
