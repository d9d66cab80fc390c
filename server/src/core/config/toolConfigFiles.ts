/**
 * Where Python tools keep their settings, read the way the tools read them: TOML tables of
 * pyproject.toml (`[tool.black]`, `[tool.pytest.ini_options]`) and sections of the INI files
 * (`setup.cfg [flake8]`, `tox.ini [pytest]`, `.flake8`), found from a file's folder upwards.
 * Refactorings use them to write code the project's own linters and test runners accept.
 */
import * as path from 'path';
import { parse } from 'smol-toml';

/** What the settings are read through: a refactoring's workspace snapshot, or any file reader. */
export interface ConfigFiles {
  read(file: string): string | undefined;
}

/**
 * The folders a tool searches for its configuration, from the file's own folder up to the
 * project root: the first folder holding a pyproject.toml (as black and ruff find the root), or
 * the filesystem root.
 */
export function configFolders(files: ConfigFiles, file: string): string[] {
  const folders: string[] = [];
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    folders.push(dir);
    if (files.read(path.join(dir, 'pyproject.toml')) !== undefined || path.dirname(dir) === dir) return folders;
  }
}

/** The table at `keys` (`['tool', 'black']`) of a TOML text, or undefined when absent or the text is not TOML. */
export function tomlTable(text: string | undefined, keys: readonly string[]): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let table: unknown;
  try {
    table = parse(text);
  } catch {
    return undefined;
  }
  for (const key of keys) table = isTable(table) ? table[key] : undefined;
  return isTable(table) ? table : undefined;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * The keys of one section of an INI text (lower-cased, `-` and `_` alike as flake8 reads them),
 * with continuation lines joined by newlines; undefined when the section is absent.
 */
export function iniSection(text: string | undefined, section: string): Map<string, string> | undefined {
  if (text === undefined) return undefined;
  let values: Map<string, string> | undefined;
  let inSection = false;
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*([#;]|$)/.test(line)) continue;
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      inSection = header[1].trim() === section;
      if (inSection) values ??= new Map();
      last = undefined;
      continue;
    }
    if (!inSection || !values) continue;
    const value = line.replace(/\s[#;].*$/, '').trim();
    if (/^\s/.test(line) && last !== undefined) {
      values.set(last, `${values.get(last)}\n${value}`.trim());
      continue;
    }
    const entry = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(value);
    if (!entry) continue;
    last = entry[1].toLowerCase().replace(/_/g, '-');
    values.set(last, entry[2]);
  }
  return values;
}
