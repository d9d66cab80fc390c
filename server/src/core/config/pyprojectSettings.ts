/**
 * Reads `[tool.untangle]` from the text of a pyproject.toml. Keys may be written in kebab-case
 * (`max-code-lines`, as ruff and most Python tools do) or camelCase (`maxCodeLines`, as in VS Code
 * settings). A file that is not valid TOML yields a problem with its position and no settings.
 */
import { parse, TomlError } from 'smol-toml';
import type { SettingsLayer, SettingsProblem } from './resolveSettings';
import type { SourceRange } from '../model/sourceRange';

export const PYPROJECT_FILE = 'pyproject.toml';

export interface PyprojectSettings {
  /** The settings layer, or undefined when the file has no `[tool.untangle]` or is broken. */
  readonly layer?: SettingsLayer;
  /** Set when the file is not valid TOML. */
  readonly syntaxProblem?: SettingsProblem;
}

/** Extracts the `[tool.untangle]` layer from pyproject.toml text. */
export function readPyprojectSettings(text: string): PyprojectSettings {
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (error) {
    return { syntaxProblem: tomlProblem(error) };
  }
  const tool = document.tool as Record<string, unknown> | undefined;
  if (!tool || typeof tool !== 'object' || !('untangle' in tool)) return {};
  const lines = text.split(/\r?\n/);
  return {
    layer: {
      source: `${PYPROJECT_FILE} [tool.untangle]`,
      values: camelCaseKeys(tool.untangle),
      locate: (keyPath) => locateKey(lines, keyPath),
    },
  };
}

function tomlProblem(error: unknown): SettingsProblem {
  if (error instanceof TomlError) {
    const line = Math.max(0, error.line - 1);
    const character = Math.max(0, error.column - 1);
    return {
      source: PYPROJECT_FILE,
      key: '',
      message: `not valid TOML: ${error.message.split('\n')[0].replace(/^Invalid TOML document: /, '')} (line ${error.line}, column ${error.column}); using defaults`,
      range: { start: { line, character }, end: { line, character: character + 1 } },
    };
  }
  return { source: PYPROJECT_FILE, key: '', message: `could not be read: ${String(error)}; using defaults` };
}

/** `max-code-lines` → `maxCodeLines`, recursively over tables (not inside arrays of values). */
export function camelCaseKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key.replace(/[-_]([a-z0-9])/g, (_, c: string) => c.toUpperCase()), camelCaseKeys(inner)]),
  );
}

/**
 * Finds the line that sets `keyPath` under `[tool.untangle]`: either `key = …` inside the table
 * `[tool.untangle.<parents>]` or a dotted `parents.key = …` inside `[tool.untangle]`.
 */
function locateKey(lines: readonly string[], keyPath: readonly string[]): SourceRange | undefined {
  const normalize = (key: string) => key.replace(/["']/g, '').replace(/[-_]/g, '').toLowerCase().trim();
  const wanted = keyPath.filter((key) => !/^\d+$/.test(key)).map(normalize);
  let table: string[] | undefined;
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line];
    const header = /^\s*\[([^\]]+)\]\s*(#.*)?$/.exec(text);
    if (header) {
      const parts = header[1].split('.').map(normalize);
      table = parts[0] === 'tool' && parts[1] === 'untangle' ? parts.slice(2) : undefined;
      if (table && wanted.length > 0 && table.join('.') === wanted.join('.')) return wholeLine(line, text);
      continue;
    }
    if (!table) continue;
    const assignment = /^\s*([^=#]+?)\s*=/.exec(text);
    if (!assignment) continue;
    const full = [...table, ...assignment[1].split('.').map(normalize)];
    if (full.join('.') === wanted.join('.')) return wholeLine(line, text);
  }
  return undefined;
}

function wholeLine(line: number, text: string): SourceRange {
  const start = text.length - text.trimStart().length;
  return { start: { line, character: start }, end: { line, character: text.length } };
}
