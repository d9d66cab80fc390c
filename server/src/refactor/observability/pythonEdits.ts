/**
 * The three text edits the observability action makes to Python modules: an import, statements appended at its end, and string literals replaced in place
 * (a database ENGINE, a cache BACKEND).
 */
import type { PythonParser } from '../../core/parse/pythonParser';
import type { SourcePosition } from '../../core/model/sourceRange';
import type { TextEdit } from '../domainEdit';
import { boundNames, insertImports, outlineOf } from '../targetModule';

/**
 * `import os` / `from django.urls import include, path` for the names the module does not bind
 * yet (none when all are), placed as the other refactorings place imports: joined to an import
 * of the same module, else where isort would put it.
 */
export function ensureImport(parser: PythonParser, text: string, names: readonly string[], fromModule?: string): TextEdit[] {
  const { outline } = outlineOf(parser, text);
  const bound = boundNames(outline);
  const missing = names.filter((name) => !bound.has(name));
  if (missing.length === 0) return [];
  const statements = fromModule ? [`from ${fromModule} import ${missing.join(', ')}`] : missing.map((name) => `import ${name}`);
  return insertImports(text, outline, statements);
}

/** The blocks appended at the end of the module, a blank line before each. */
export function appendStatements(text: string, blocks: readonly string[]): TextEdit {
  const end = endOf(text);
  const lead = text.length === 0 ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return { range: { start: end, end }, newText: `${lead}${blocks.join('\n\n')}\n` };
}

/** Every string literal (single or double quoted) equal to a key, replaced by its value. */
export function replaceStringLiterals(text: string, replacements: ReadonlyMap<string, string>): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const [from, to] of replacements) {
    const literal = new RegExp(`(["'])${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`, 'g');
    for (const match of text.matchAll(literal)) {
      const start = positionAt(text, match.index + 1);
      edits.push({ range: { start, end: { line: start.line, character: start.character + from.length } }, newText: to });
    }
  }
  return edits;
}

function endOf(text: string): SourcePosition {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

function positionAt(text: string, offset: number): SourcePosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
