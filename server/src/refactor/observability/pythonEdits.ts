/**
 * The three text edits the observability action makes to Python modules: an import where the
 * module's imports end, statements appended at its end, and string literals replaced in place
 * (a database ENGINE, a cache BACKEND).
 */
import type { DjangoModuleFacts } from '../../core/django/moduleFacts';
import type { SourcePosition } from '../../core/model/sourceRange';
import type { TextEdit } from '../domainEdit';

/** `import os` / `from django.urls import include, path` for the names the module does not bind yet; none when all are. */
export function ensureImport(text: string, facts: DjangoModuleFacts, names: readonly string[], fromModule?: string): TextEdit[] {
  const bound = new Set([...facts.names, ...facts.imports.map((binding) => binding.localName)]);
  const missing = names.filter((name) => !bound.has(name));
  if (missing.length === 0) return [];
  const statement = fromModule ? `from ${fromModule} import ${missing.join(', ')}` : missing.map((name) => `import ${name}`).join('\n');
  const sameModule = facts.imports.filter((binding) => binding.placement === 'module' && binding.module === fromModule);
  // Beside an import from the same module, so import sections stay sorted; else after the last import.
  const imports = sameModule.length > 0 ? sameModule : facts.imports.filter((binding) => binding.placement === 'module');
  const line = imports.length > 0 ? Math.max(...imports.map((binding) => binding.range.end.line)) + 1 : afterDocstring(text);
  const at = { line, character: 0 };
  return [{ range: { start: at, end: at }, newText: `${statement}\n` }];
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

/** The line after a module docstring, else 0. */
function afterDocstring(text: string): number {
  const docstring = /^\s*(?:[rRuU]?("""|''')[\s\S]*?\1|[rRuU]?("|')[^\n]*?\2)[ \t]*\n/.exec(text);
  return docstring ? docstring[0].split('\n').length - 1 : 0;
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
