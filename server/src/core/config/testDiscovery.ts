/**
 * Which files the project's test runners collect, so a refactoring that renames or splits a test
 * module keeps its tests collected: pytest's `python_files` (from pytest.ini, pyproject.toml
 * `[tool.pytest.ini_options]`, tox.ini `[pytest]` or setup.cfg `[tool:pytest]`, the first of them
 * found from the file's folder upwards; `test_*.py` and `*_test.py` by default) and Django's test
 * runner, which discovers `test*.py`.
 */
import * as path from 'path';
import { configFolders, iniSection, tomlTable, type ConfigFiles } from './toolConfigFiles';

/** The file name patterns of one test runner. */
export interface TestRunner {
  readonly name: 'pytest' | 'django';
  readonly patterns: readonly string[];
}

export const PYTEST_DEFAULT_FILES = ['test_*.py', '*_test.py'];
/** `DiscoverRunner`'s default pattern. */
export const DJANGO_TEST_FILES = ['test*.py'];

/** The test runners that may collect the modules of `file`'s folder, with their patterns. */
export function testRunners(files: ConfigFiles, file: string): TestRunner[] {
  return [{ name: 'pytest', patterns: pytestFiles(files, file) }, { name: 'django', patterns: DJANGO_TEST_FILES }];
}

/** The runners that collect a module of this file name. */
export function runnersCollecting(runners: readonly TestRunner[], fileName: string): TestRunner[] {
  return runners.filter((runner) => runner.patterns.some((pattern) => globMatches(pattern, fileName)));
}

/** pytest's `python_files` for the file: from the configuration pytest would use, or its default. */
function pytestFiles(files: ConfigFiles, file: string): string[] {
  for (const dir of configFolders(files, file)) {
    const read = (name: string) => files.read(path.join(dir, name));
    const ini = read('pytest.ini');
    if (ini !== undefined) return patternsOf(iniSection(ini, 'pytest')?.get('python-files'));
    const pyproject = tomlTable(read('pyproject.toml'), ['tool', 'pytest', 'ini_options']);
    if (pyproject) return patternsOf(pyproject.python_files);
    for (const [name, section] of [['tox.ini', 'pytest'], ['setup.cfg', 'tool:pytest']]) {
      const values = iniSection(read(name), section);
      if (values) return patternsOf(values.get('python-files'));
    }
  }
  return PYTEST_DEFAULT_FILES;
}

/** Patterns written as a TOML list, or whitespace-separated in an INI value. */
function patternsOf(value: unknown): string[] {
  const patterns = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? value.split(/\s+/) : [];
  const names = patterns.filter(Boolean).map((pattern) => pattern.split('/').pop()!);
  return names.length > 0 ? names : PYTEST_DEFAULT_FILES;
}

/** fnmatch on a file name: `*`, `?` and `[…]` classes. */
export function globMatches(pattern: string, fileName: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const close = c === '[' ? pattern.indexOf(']', i + 2) : -1;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (close > 0) {
      source += `[${pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = close;
    } else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`).test(fileName);
}
