/**
 * The imports a generic-view refactoring adds (`generics`, `viewsets`, `mixins` of
 * `rest_framework`; `CreateView` of `django.views.generic`): joined to a one-line
 * `from <module> import …` the refactoring leaves alone, else an import of their own, so each
 * conversion reads like the hand-made one.
 */
import type { PythonParser } from '../../core/parse/pythonParser';
import type { SourceRange } from '../../core/model/sourceRange';
import type { TextEdit } from '../domainEdit';
import { insertImport, outlineOf } from '../targetModule';

/**
 * `add` joined to a one-line `from rest_framework import …` that `unused` leaves alone (names
 * sorted, `drop` taken out of it), else their own import after the last `rest_framework` one
 * (or where isort would put it); `joinedLine` is the line rewritten, when one is.
 */
export function drfImport(parser: PythonParser, text: string, unused: readonly TextEdit[], add: readonly string[], drop: readonly string[] = []): { edit: TextEdit; joinedLine?: number } {
  return fromImport(parser, text, unused, 'rest_framework', add, drop);
}

/** `add` imported from `module` the way drfImport imports from `rest_framework`. */
export function fromImport(parser: PythonParser, text: string, unused: readonly TextEdit[], module: string, add: readonly string[], drop: readonly string[] = []): { edit: TextEdit; joinedLine?: number } {
  const lines = text.split('\n');
  const outline = outlineOf(parser, text).outline;
  const root = module.split('.')[0];
  const related = outline.imports.filter((binding) => binding.placement === 'module' && (binding.module === root || binding.module.startsWith(`${root}.`)));
  const touched = (row: number) => unused.some((edit) => edit.range.start.line <= row && row <= edit.range.end.line);
  const joinable = related.find((binding) => binding.module === module && binding.range.start.line === binding.range.end.line && !touched(binding.range.start.line));
  const written = joinable && new RegExp(`^from ${module.replace(/\./g, '\\.')} import ([\\w ,]+)$`).exec(lines[joinable.range.start.line]);
  if (joinable && written) {
    const kept = written[1].split(',').map((name) => name.trim()).filter((name) => !drop.includes(name));
    const names = [...new Set([...kept, ...add])].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    const row = joinable.range.start.line;
    return { edit: { range: lineRange(row, 0, lines[row].length), newText: `from ${module} import ${names.join(', ')}` }, joinedLine: row };
  }
  const statement = `from ${module} import ${[...add].sort().join(', ')}`;
  const last = related.length > 0 ? Math.max(...related.map((binding) => binding.range.end.line)) : undefined;
  // The package's first import goes where isort would put it; the caller merges it with edits
  // of that line (mergedAtSameStart).
  if (last === undefined) return { edit: insertImport(text, outline, statement) };
  return { edit: { range: lineRange(last + 1, 0, 0), newText: `${statement}\n` } };
}

export function lineRange(row: number, start: number, end: number): SourceRange {
  return { start: { line: row, character: start }, end: { line: row, character: end } };
}
