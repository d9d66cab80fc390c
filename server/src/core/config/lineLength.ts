/**
 * The longest line the project's linters and formatters accept, so that code a refactoring
 * writes (an import it wraps, a new module) passes the project's own lint job: black's and
 * ruff's `line-length` in pyproject.toml (or ruff.toml), flake8's and pycodestyle's
 * `max-line-length` in setup.cfg, tox.ini or .flake8. When several are configured the strictest
 * wins; black and ruff configured without a length mean their default, 88; nothing, PEP 8's 79.
 */
import * as path from 'path';
import { configFolders, iniSection, tomlTable, type ConfigFiles } from './toolConfigFiles';

/** PEP 8's limit, and pycodestyle's and flake8's default. */
export const PEP8_LINE_LENGTH = 79;
/** black's and ruff's default. */
export const FORMATTER_LINE_LENGTH = 88;

type Tool = 'black' | 'ruff' | 'flake8' | 'pycodestyle';

/** The line length limit for `file`, from the nearest configuration of each tool. */
export function lineLengthLimit(files: ConfigFiles, file: string): number {
  const found = new Map<Tool, number>();
  for (const dir of configFolders(files, file)) {
    for (const [tool, limit] of toolLimitsIn(files, dir)) if (!found.has(tool)) found.set(tool, limit);
  }
  return found.size === 0 ? PEP8_LINE_LENGTH : Math.min(...found.values());
}

/** The limits the configuration files of one folder set, per tool. */
function toolLimitsIn(files: ConfigFiles, dir: string): [Tool, number][] {
  const read = (name: string) => files.read(path.join(dir, name));
  const limits: [Tool, number][] = [];
  const pyproject = read('pyproject.toml');
  const black = tomlTable(pyproject, ['tool', 'black']);
  if (black) limits.push(['black', positive(black['line-length']) ?? FORMATTER_LINE_LENGTH]);
  const ruff = tomlTable(pyproject, ['tool', 'ruff']) ?? tomlTable(read('ruff.toml'), []) ?? tomlTable(read('.ruff.toml'), []);
  if (ruff) limits.push(['ruff', positive(ruff['line-length']) ?? FORMATTER_LINE_LENGTH]);
  for (const name of ['setup.cfg', 'tox.ini', '.flake8']) {
    const text = read(name);
    for (const tool of ['flake8', 'pycodestyle'] as const) {
      const section = iniSection(text, tool);
      if (section) limits.push([tool, positive(Number(section.get('max-line-length'))) ?? PEP8_LINE_LENGTH]);
    }
  }
  return limits;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
