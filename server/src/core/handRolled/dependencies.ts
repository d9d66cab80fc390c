/**
 * The distributions a project declares, read from its dependency files: `requirements*.txt` (and
 * `requirements/*.txt`, following `-r`), `pyproject.toml` (PEP 621 `dependencies` and optional
 * ones, Poetry's tables), `setup.cfg` (`install_requires`, `extras_require`), `Pipfile` and
 * `setup.py`'s `install_requires`. The `hand-rolled` messages say whether the replacing library is
 * already one of them; the retry conversion is offered only when tenacity is.
 *
 * Line-based on purpose: a dependency file that a full TOML or Python parser would reject still
 * names its dependencies, and nothing here runs `setup.py`.
 */
import * as nodePath from 'path';
import type { ProjectFiles } from '../model/projectFiles';

/** Reads a file of the project (undefined when absent) and lists a folder's file names (empty when absent). */
/** The dependency files are read as project files (core/model/projectFiles.ts). */
export type DependencyFileReader = ProjectFiles;

export interface ProjectDependencies {
  /** Normalised distribution names (PEP 503: lower case, runs of `-_.` as `-`). */
  readonly names: ReadonlySet<string>;
  /** The dependency files read, relative to the root, for the message ("not in requirements.txt"). */
  readonly files: readonly string[];
}

/** PEP 503's normal form: `Django_Filter` → `django-filter`. */
export function normaliseDistribution(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The dependencies declared by the dependency files directly in `root` (and `requirements/`). */
export function readDependencies(root: string, reader: DependencyFileReader): ProjectDependencies {
  const names = new Set<string>();
  const files: string[] = [];
  const seen = new Set<string>();
  const readRequirements = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = reader.read(file);
    if (text === undefined) return;
    files.push(nodePath.relative(root, file));
    const parsed = parseRequirements(text);
    parsed.names.forEach((name) => names.add(name));
    for (const include of parsed.includes) readRequirements(nodePath.resolve(nodePath.dirname(file), include));
  };
  const requirementFiles = (dir: string, all: boolean) =>
    reader
      .list(dir, '.txt')
      .filter((name) => all || name.startsWith('requirements'))
      .sort()
      .map((name) => nodePath.join(dir, name));
  for (const file of [...requirementFiles(root, false), ...requirementFiles(nodePath.join(root, 'requirements'), true)]) readRequirements(file);
  const others: readonly [string, (text: string) => string[]][] = [
    ['pyproject.toml', parsePyproject],
    ['setup.cfg', parseSetupCfg],
    ['Pipfile', parsePipfile],
    ['setup.py', parseSetupPy],
  ];
  for (const [name, parse] of others) {
    const text = reader.read(nodePath.join(root, name));
    if (text === undefined) continue;
    files.push(name);
    parse(text).forEach((dependency) => names.add(dependency));
  }
  return { names, files };
}

/** The distribution a requirement specifier names: `django-filter[extra]>=2 ; python_version>"3"` → django-filter. */
export function requirementName(specifier: string): string | undefined {
  const egg = /#egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(specifier);
  if (egg) return normaliseDistribution(egg[1]);
  const direct = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(@|\[|[<>=!~;]|$)/.exec(specifier);
  return direct ? normaliseDistribution(direct[1]) : undefined;
}

/** A requirements file's distributions and the files it includes (`-r`, `--requirement`, `-c` constraints are not dependencies). */
export function parseRequirements(text: string): { names: string[]; includes: string[] } {
  const names: string[] = [];
  const includes: string[] = [];
  for (const raw of joinContinuations(text).split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const include = /^(?:-r|--requirement)[=\s]\s*(\S+)/.exec(line);
    if (include) includes.push(include[1]);
    else if (/^-e\s|^--editable[=\s]/.test(line)) {
      const name = requirementName(line);
      if (name && /#egg=/.test(line)) names.push(name);
    } else if (!line.startsWith('-')) {
      const name = requirementName(line);
      if (name) names.push(name);
    }
  }
  return { names, includes };
}

function joinContinuations(text: string): string {
  return text.replace(/\\\r?\n/g, ' ');
}

/**
 * `[project] dependencies`, `[project.optional-dependencies]`, `[dependency-groups]`, and the
 * keys of Poetry's `[tool.poetry.dependencies]` / `[tool.poetry.group.<g>.dependencies]`.
 */
export function parsePyproject(text: string): string[] {
  const names: string[] = [];
  let table = '';
  let inArray = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    const header = /^\[\[?([^\]]+)\]\]?$/.exec(line);
    if (header && !inArray) {
      table = header[1].trim().replace(/\s+/g, '');
      continue;
    }
    const specTable = table === 'project.optional-dependencies' || table === 'dependency-groups';
    const poetryTable = /^tool\.poetry\.(dev-dependencies|dependencies|group\.[^.]+\.dependencies)$/.test(table);
    if (inArray || (table === 'project' && /^dependencies\s*=/.test(line)) || (specTable && /^[\w.-]+\s*=\s*\[/.test(line))) {
      const strings = line.match(/"[^"]*"|'[^']*'/g) ?? [];
      for (const quoted of strings) {
        const name = requirementName(quoted.slice(1, -1));
        if (name) names.push(name);
      }
      const opened: boolean = inArray || line.includes('[');
      inArray = opened && !line.replace(/"[^"]*"|'[^']*'/g, '').includes(']');
    } else if (poetryTable) {
      const key = /^"?([A-Za-z0-9][A-Za-z0-9._-]*)"?\s*=/.exec(line);
      if (key && key[1].toLowerCase() !== 'python') names.push(normaliseDistribution(key[1]));
    }
  }
  return names;
}

/** `install_requires` of `[options]` and every list of `[options.extras_require]`: one requirement per indented line or `;`-free value. */
export function parseSetupCfg(text: string): string[] {
  const names: string[] = [];
  let section = '';
  let inList = false;
  for (const raw of text.split(/\r?\n/)) {
    const header = /^\[([^\]]+)\]/.exec(raw);
    if (header) {
      section = header[1].trim();
      inList = false;
      continue;
    }
    const line = raw.replace(/(^|\s)#.*$/, '');
    const key = /^([\w.-]+)\s*[=:]\s*(.*)$/.exec(line);
    if (key) {
      inList = (section === 'options' && key[1] === 'install_requires') || section === 'options.extras_require';
      if (inList && key[2].trim()) names.push(...[requirementName(key[2])].filter((n): n is string => !!n));
    } else if (inList && /^\s+\S/.test(line)) {
      const name = requirementName(line.trim());
      if (name) names.push(name);
    } else if (line.trim()) inList = false;
  }
  return names;
}

/** The keys of `[packages]` and `[dev-packages]`. */
export function parsePipfile(text: string): string[] {
  const names: string[] = [];
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) section = header[1].trim();
    else if (section === 'packages' || section === 'dev-packages') {
      const key = /^"?([A-Za-z0-9][A-Za-z0-9._-]*)"?\s*=/.exec(line);
      if (key) names.push(normaliseDistribution(key[1]));
    }
  }
  return names;
}

/** The string literals of `install_requires=[…]` and `extras_require={…}` in setup.py (not run: a literal list is the common case). */
export function parseSetupPy(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/\b(install_requires|extras_require)\s*=\s*([[{])/g)) {
    const start = match.index + match[0].length;
    const body = text.slice(start, closingBracket(text, start));
    for (const quoted of body.match(/"[^"]*"|'[^']*'/g) ?? []) {
      // In extras_require the keys are extra names, followed by a colon.
      if (match[2] === '{' && new RegExp(`${escape(quoted)}\\s*:`).test(body)) continue;
      const name = requirementName(quoted.slice(1, -1));
      if (name) names.push(name);
    }
  }
  return names;
}

/** Where the bracket opened just before `start` closes, strings skipped (`"django[argon2]"` holds brackets). */
function closingBracket(text: string, start: number): number {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return text.length;
      i = end;
    } else if (c === '[' || c === '{' || c === '(') depth++;
    else if ((c === ']' || c === '}' || c === ')') && --depth === 0) return i;
  }
  return text.length;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
