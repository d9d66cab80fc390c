/**
 * `untangle fix --rule RULE [--stage hard]`: applies a rule's refactoring (of the soft stage, or
 * of the hard one: near-copies generalised, repeated class members pulled up) to every finding where it is safe,
 * or `untangle fix --move MODULE:NAME --to MODULE` moves one symbol, or `untangle fix
 * --rename-field APP.MODEL.FIELD --to NAME` renames a field keeping the old name reachable (or
 * `--move-field APP.MODEL.FIELD --to APP.MODEL` moves it to the model a one-to-one reaches);
 * one at a time (each change is analysed again before the next is planned), and reports the
 * ones it refused with their reasons. Nothing is written until every change is planned; with
 * --dry-run nothing is written at all and the changes print as a unified diff.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { loadPythonParser, type PythonParser } from '../core/parse/pythonParser';
import { stageOf, type Finding } from '../core/model/finding';
import { applyTextEdits, refuse, withPlannedFiles, type DomainEdit, type RefactorResult, type WorkspaceSnapshot } from '../refactor/domainEdit';
import { refactoringForFinding } from '../refactor/findingRefactoring';
import { moveSymbol } from '../refactor/move/moveSymbol';
import { renameFieldKeepingOldName, type ContractStep, type RenameFieldPlan } from '../refactor/database/renameField';
import { moveFieldKeepingOldName } from '../refactor/database/moveField';
import { moduleNameOf } from '../core/python/moduleNames';
import { fileForModule } from '../refactor/pythonModules';
import type { FixOptions } from './options';
import { flagSettings, loadProjects, projectPythonFiles } from './project';
import { relativePosixPath } from '../report/relativePath';
import { DiskSources } from '../fs/diskSources';

export interface FixReport {
  readonly applied: readonly { title: string; summary: string }[];
  readonly refused: readonly { title: string; reason: string }[];
  /** Findings no action is offered for, with why (not refusals: no edit was planned). */
  readonly notOffered: readonly { title: string; reason: string }[];
  /** Final text of every file the fixes change or create (absolute paths). */
  readonly files: ReadonlyMap<string, { before: string | undefined; after: string | undefined }>;
  /** The projects' folders: nothing may be written outside them. */
  readonly roots: readonly string[];
}

/** More planned changes than this means something loops; stop there. */
const MAX_FIXES = 500;

export async function runFix(options: FixOptions, cwd: string): Promise<FixReport> {
  const parser = await loadPythonParser();
  const applied: { title: string; summary: string }[] = [];
  const refused: { title: string; reason: string }[] = [];
  const notOffered: { title: string; reason: string }[] = [];
  /** Planned content per file; undefined for a file to delete. */
  const changed = new Map<string, string | undefined>();
  const created = new Set<string>();
  const disk = new DiskSources();
  const roots: string[] = [];
  for (const index of await loadProjects(options.paths, cwd, { config: options.config, parser, ...flagSettings(options) })) {
    roots.push(index.root);
    const maxBytes = index.settings.maxFileSizeKb * 1024;
    // Only files discovery takes are read: a skipped one may be a FIFO, a device or too large.
    const everyFile = await projectPythonFiles(index);
    const snapshot = withPlannedFiles({ read: (file) => disk.read(file, maxBytes), exists: fs.existsSync, pythonFiles: () => [...new Set([...index.projectPaths(), ...everyFile])] }, changed);
    const record = (title: string, result: RefactorResult, where: string) => {
      const foreign = result.safe ? disk.notUtf8(touchedBy(result.edit)) : undefined;
      if (!result.safe || foreign) {
        const reason = result.safe
          ? `${relativePosixPath(cwd, foreign!.file)} is encoded as ${foreign!.encoding}, and fix writes UTF-8 only: convert it to UTF-8 first, or make this change in an editor`
          : result.reason;
        refused.push({ title: `${title} (${where})`, reason });
        return;
      }
      applyToMemory(result.edit, snapshot, changed, created);
      for (const [file, after] of changed) {
        if (!file.endsWith('.py') || !isInside(index.root, file)) continue;
        if (after === undefined) index.remove(file);
        // A file outside the paths given that an edit touched (an importer, a test's patch) stays out of the findings;
        // a migration is taken in again, as the next fix of the same migration plans from it.
        else if (result.edit.edits.has(file) && (created.has(file) || index.get(file) !== undefined || index.isMigration(file))) index.update(file, after);
      }
      applied.push({ title, summary: result.summary });
    };
    const fieldChange = options.renameField ?? options.moveField;
    if (fieldChange) {
      const { model, field, to } = fieldChange;
      const lockRetry = index.settings.unsafeMigration;
      const plan: RenameFieldPlan = options.renameField ? renameFieldKeepingOldName(parser, snapshot, { model, field, newName: to, lockRetry }) : moveFieldKeepingOldName(parser, snapshot, { model, field, to, lockRetry });
      const { title, result, contract } = plan;
      record(title, result, `${model}.${field}`);
      if (result.safe && contract) applied[applied.length - 1] = { title, summary: `${result.summary}\n${contractText(contract, cwd)}` };
      continue;
    }
    if (options.move) {
      const { title, result } = planMove(parser, snapshot, options.move, index.settings.refactor.keepReexports);
      record(title, result, `${options.move.module}:${options.move.name}`);
      continue;
    }
    const attempted = new Set<string>();
    for (let step = 0; step < MAX_FIXES; step++) {
      // A module a split just created is not split again in the same run (its name would stack).
      const finding = index
        .findings()
        .find((f) => f.rule === options.rule && (options.stage === undefined || stageOf(f) === options.stage) && !attempted.has(keyOf(f, snapshot)) && !(f.rule === 'long-file' && created.has(f.path)));
      if (!finding) break;
      for (const key of keysOfAllPlaces(finding, snapshot)) attempted.add(key);
      const { title, result, notOffered: why } = refactoringForFinding(parser, snapshot, finding, index.settings);
      const where = `${relativePosixPath(cwd, finding.path)}:${finding.range.start.line + 1}`;
      if (why) notOffered.push({ title: `${title} (${where})`, reason: why });
      else record(title, result, where);
    }
  }
  // Every file changed was read while planning (under its project's limit); the reader remembers that text.
  const files = new Map([...changed].map(([file, after]) => [file, { before: created.has(file) ? undefined : disk.read(file, Number.MAX_SAFE_INTEGER), after }]));
  return { applied, refused, notOffered, files, roots };
}

/** The contract step, printed for later: its migration and who still reads the old name. */
function contractText(contract: ContractStep, cwd: string): string {
  const readers = contract.readers.map((place) => `  ${relativePosixPath(cwd, place.file)}:${place.range.start.line + 1}: ${place.code}`);
  return [`still reading the old name:`, ...readers, `${relativePosixPath(cwd, contract.migration.path)} (not written):`, contract.migration.text].join('\n');
}

/** `--move shop.views:checkout --to shop.controllers.order_controllers`, resolved to files of the project. */
function planMove(parser: PythonParser, snapshot: WorkspaceSnapshot, move: NonNullable<FixOptions['move']>, keepReexport: boolean | undefined): { title: string; result: RefactorResult } {
  const title = `Move \`${move.name}\` to \`${move.to}\``;
  const file = snapshot.pythonFiles().find((f) => moduleNameOf(f, snapshot) === move.module);
  if (!file) return { title, result: refuse(`no module \`${move.module}\` in the project`) };
  const targetFile = fileForModule(snapshot, move.to, { file, module: move.module });
  return moveSymbol(parser, snapshot, { file, name: move.name, targetFile, keepReexport });
}

/** Identifies a finding across re-analyses: its file, rule, message and the code on its first line. */
function keyOf(finding: Pick<Finding, 'rule' | 'path' | 'range' | 'message'>, snapshot: WorkspaceSnapshot): string {
  const line = (snapshot.read(finding.path) ?? '').split('\n')[finding.range.start.line]?.trim() ?? '';
  return `${finding.rule}|${finding.path}|${line}|${finding.message}`;
}

/** The keys of a finding and of the findings at its related places (the other copies of a block). */
function keysOfAllPlaces(finding: Finding, snapshot: WorkspaceSnapshot): string[] {
  return [finding, ...finding.related.map((r) => ({ ...finding, path: r.path, range: r.range }))].map((f) => keyOf(f, snapshot));
}

function applyToMemory(edit: DomainEdit, snapshot: WorkspaceSnapshot, changed: Map<string, string | undefined>, created: Set<string>): void {
  for (const file of edit.createFiles) {
    if (!snapshot.exists(file)) created.add(file);
    changed.set(file, changed.get(file) ?? '');
  }
  for (const [file, edits] of edit.edits) changed.set(file, applyTextEdits(snapshot.read(file) ?? '', edits));
  for (const file of edit.deleteFiles ?? []) {
    if (created.delete(file)) changed.delete(file);
    else changed.set(file, undefined);
  }
}

/** The changes as one unified diff, paths relative to `cwd`. */
export function diffOf(report: FixReport, cwd: string): string {
  return [...report.files]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([file, { before, after }]) => {
      const name = relativePosixPath(cwd, file);
      return createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${name}`, after === undefined ? '/dev/null' : `b/${name}`, before ?? '', after ?? '', undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
    })
    .join('');
}

/** Every file a change creates, edits or deletes. */
function touchedBy(edit: DomainEdit): string[] {
  return [...edit.createFiles, ...edit.edits.keys(), ...(edit.deleteFiles ?? [])];
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
