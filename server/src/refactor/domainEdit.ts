/**
 * What a refactoring produces: files to create and text edits, with a verdict. It is plain data,
 * converted to an LSP WorkspaceEdit in one place (lsp/workspaceEdits.ts) and applied to disk by
 * the CLI; refactorings never touch the disk or the editor themselves.
 */
import * as path from 'path';
import type { SourceRange } from '../core/model/sourceRange';

export interface TextEdit {
  readonly range: SourceRange;
  readonly newText: string;
}

export interface DomainEdit {
  /** Files that do not exist yet, created empty before the text edits fill them. */
  readonly createFiles: readonly string[];
  /** Edits per file (absolute path); within a file they do not overlap. */
  readonly edits: ReadonlyMap<string, readonly TextEdit[]>;
  /** Files removed after the edits (a module that became a package). */
  readonly deleteFiles?: readonly string[];
}

/** Either a safe edit, or the reason there is none. */
export type RefactorResult =
  | { readonly safe: true; readonly edit: DomainEdit; readonly summary: string }
  | { readonly safe: false; readonly reason: string };

/** The files a refactoring may read: the editor's text for open files, the disk otherwise. */
export interface WorkspaceSnapshot {
  read(file: string): string | undefined;
  exists(file: string): boolean;
  /** Every Python file of the workspace, for refactorings that must see all of its code. */
  pythonFiles(): readonly string[];
}

/**
 * The snapshot as it will be once planned changes are made: `planned` maps a file to its new
 * text, or to undefined when it will be deleted. A folder planned files live in exists.
 */
export function withPlannedFiles(base: WorkspaceSnapshot, planned: ReadonlyMap<string, string | undefined>): WorkspaceSnapshot {
  return {
    read: (file) => (planned.has(file) ? planned.get(file) : base.read(file)),
    exists: (file) => {
      if (planned.has(file)) return planned.get(file) !== undefined;
      const prefix = `${file}${path.sep}`;
      return base.exists(file) || [...planned].some(([other, text]) => text !== undefined && other.startsWith(prefix));
    },
    pythonFiles: () => {
      const files = new Set(base.pythonFiles());
      for (const [file, text] of planned) {
        if (text === undefined) files.delete(file);
        else if (file.endsWith('.py')) files.add(file);
      }
      return [...files];
    },
  };
}

export function refuse(reason: string): RefactorResult {
  return { safe: false, reason };
}

/**
 * Edits planned apart from each other (an import placed, another joined or removed), made one set:
 * an insertion at the start of another edit goes into it, its text first, so no client has to
 * order an insertion and a replacement at one position.
 */
export function mergedAtSameStart(edits: readonly TextEdit[]): TextEdit[] {
  const isInsertion = (edit: TextEdit) => edit.range.start.line === edit.range.end.line && edit.range.start.character === edit.range.end.character;
  const sameStart = (a: TextEdit, b: TextEdit) => a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
  const merged: TextEdit[] = [];
  for (const edit of edits) {
    const at = merged.findIndex((known) => sameStart(known, edit) && (isInsertion(known) || isInsertion(edit)));
    if (at < 0) merged.push(edit);
    else if (isInsertion(merged[at])) merged[at] = { range: edit.range, newText: merged[at].newText + edit.newText };
    else merged[at] = { range: merged[at].range, newText: edit.newText + merged[at].newText };
  }
  return merged;
}

/** Applies non-overlapping edits to a text (used by the CLI and by tests). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (line: number, character: number) => (line < starts.length ? starts[line] + character : text.length);
  // Last edit first; inserts at one position end up in the order given, as LSP clients apply them.
  const sorted = edits
    .map((edit, index) => ({ edit, index, at: offset(edit.range.start.line, edit.range.start.character) }))
    .sort((a, b) => b.at - a.at || b.index - a.index)
    .map(({ edit }) => edit);
  let result = text;
  for (const edit of sorted) {
    const start = offset(edit.range.start.line, edit.range.start.character);
    const end = offset(edit.range.end.line, edit.range.end.character);
    result = result.slice(0, start) + edit.newText + result.slice(end);
  }
  return result;
}

/** Lines `firstRow..lastRow` of the text with edits (in the text's coordinates) applied, no trailing newline. */
export function rowsWithEdits(text: string, firstRow: number, lastRow: number, edits: readonly TextEdit[]): string {
  const rows = text.split('\n').slice(firstRow, lastRow + 1).join('\n');
  const shift = (p: { line: number; character: number }) => ({ line: p.line - firstRow, character: p.character });
  return applyTextEdits(`${rows}\n`, edits.map((e) => ({ newText: e.newText, range: { start: shift(e.range.start), end: shift(e.range.end) } }))).replace(/\n+$/, '');
}

/**
 * Refactorings applied one after another, each planned on the snapshot the ones before it leave
 * (`snapshot`), gathered into one edit of the original workspace: each touched file's text is
 * replaced whole, created files are created, deleted ones deleted.
 */
export class EditChain {
  private readonly files = new Map<string, string | undefined>();
  private readonly created = new Set<string>();
  readonly snapshot: WorkspaceSnapshot;

  constructor(private readonly base: WorkspaceSnapshot) {
    this.snapshot = withPlannedFiles(base, this.files);
  }

  add(edit: DomainEdit): void {
    for (const file of edit.createFiles) {
      if (!this.snapshot.exists(file)) this.created.add(file);
      this.files.set(file, this.snapshot.read(file) ?? '');
    }
    for (const [file, edits] of edit.edits) this.files.set(file, applyTextEdits(this.snapshot.read(file) ?? '', edits));
    for (const file of edit.deleteFiles ?? []) {
      if (this.created.delete(file)) this.files.delete(file);
      else this.files.set(file, undefined);
    }
  }

  /** One edit of the original workspace doing all the steps. */
  edit(): DomainEdit {
    const edits = new Map<string, TextEdit[]>();
    const deleteFiles: string[] = [];
    for (const [file, text] of this.files) {
      if (text === undefined) {
        deleteFiles.push(file);
        continue;
      }
      const before = this.created.has(file) ? '' : (this.base.read(file) ?? '');
      const lines = before.split('\n');
      edits.set(file, [{ range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, newText: text }]);
    }
    // Shallower files first: a package's `__init__.py` before the modules inside it.
    const createFiles = [...this.created].sort((a, b) => a.length - b.length);
    return deleteFiles.length > 0 ? { createFiles, edits, deleteFiles } : { createFiles, edits };
  }
}
