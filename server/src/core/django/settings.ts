/**
 * The project's settings module and what it sets. The module is the one `DJANGO_SETTINGS_MODULE`
 * names (manage.py, wsgi.py, asgi.py) when the workspace has it; otherwise a module that defines
 * `INSTALLED_APPS` (directly or through `from .base import *`) that no other such module builds
 * on. Values are evaluated statically (values.ts): an environment lookup is `Unknown`.
 */
import * as nodePath from 'path';
import type { ProjectNames } from './names';
import { dictOf, isUnknown, knownString, knownStrings, unknown, type Known, type ModuleValues, type StaticValue } from './values';

/** How the settings module was found. */
export type SettingsSource = 'given' | 'DJANGO_SETTINGS_MODULE' | 'INSTALLED_APPS';

export interface DatabaseSettings {
  readonly alias: string;
  readonly engine: Known<string>;
}

export interface DjangoSettings {
  readonly path: string;
  readonly module: string;
  readonly foundBy: SettingsSource;
  /** Other modules that could be the settings (split settings: `dev.py`, `prod.py`). */
  readonly alternatives: readonly string[];
  /** Every upper-case setting the module ends with, as data. */
  readonly values: { readonly [name: string]: StaticValue };
  readonly installedApps: Known<string[]>;
  readonly middleware: Known<string[]>;
  readonly databases: Known<DatabaseSettings[]>;
  /** The `REST_FRAMEWORK` dict; undefined when not set (DRF's defaults apply). */
  readonly restFramework: Known<{ readonly [key: string]: StaticValue }> | undefined;
  /** Whether `LOGGING` is set (its value is in `values`). */
  readonly logging: boolean;
  readonly rootUrlconf: Known<string> | undefined;
  /** `AUTH_USER_MODEL`, `auth.User` when not set. */
  readonly authUserModel: Known<string>;
  readonly defaultAutoField: Known<string> | undefined;
}

const SETTING_NAME = /^[A-Z][A-Z0-9_]*$/;
/** manage.py says which settings developers run; the servers' entry points come next. */
const ENTRY_POINTS = ['manage.py', 'wsgi.py', 'asgi.py'];

/** The project's settings, or undefined when no module looks like one. */
export function findSettings(names: ProjectNames, values: ModuleValues, givenModule?: string): DjangoSettings | undefined {
  const found = locate(names, givenModule);
  if (!found) return undefined;
  const environment = values.environment(found.path);
  const settings: { [name: string]: StaticValue } = {};
  for (const [name, value] of environment) if (SETTING_NAME.test(name)) settings[name] = value;
  const get = (name: string): StaticValue | undefined => settings[name];
  return {
    path: found.path,
    module: names.moduleName(found.path),
    foundBy: found.foundBy,
    alternatives: found.alternatives,
    values: settings,
    installedApps: knownStrings(get('INSTALLED_APPS'), 'INSTALLED_APPS not set'),
    middleware: get('MIDDLEWARE') !== undefined ? knownStrings(get('MIDDLEWARE')) : [],
    databases: databasesOf(get('DATABASES')),
    restFramework: get('REST_FRAMEWORK') === undefined ? undefined : (dictOf(get('REST_FRAMEWORK')) ?? unknownOf(get('REST_FRAMEWORK'))),
    logging: get('LOGGING') !== undefined,
    rootUrlconf: get('ROOT_URLCONF') === undefined ? undefined : knownString(get('ROOT_URLCONF')),
    authUserModel: get('AUTH_USER_MODEL') === undefined ? 'auth.User' : knownString(get('AUTH_USER_MODEL')),
    defaultAutoField: get('DEFAULT_AUTO_FIELD') === undefined ? undefined : knownString(get('DEFAULT_AUTO_FIELD')),
  };
}

function databasesOf(value: StaticValue | undefined): Known<DatabaseSettings[]> {
  if (value === undefined) return [];
  const aliases = dictOf(value);
  if (!aliases) return unknownOf(value);
  return Object.entries(aliases).map(([alias, options]) => {
    const dict = dictOf(options);
    return { alias, engine: dict ? knownString(dict.ENGINE, 'ENGINE not set') : unknownOf(options) };
  });
}

function unknownOf(value: StaticValue | undefined): ReturnType<typeof unknown> {
  return isUnknown(value) ? value : unknown(JSON.stringify(value ?? null));
}

interface Located {
  readonly path: string;
  readonly foundBy: SettingsSource;
  readonly alternatives: string[];
}

function locate(names: ProjectNames, givenModule: string | undefined): Located | undefined {
  const given = givenModule !== undefined ? names.moduleFile(givenModule) : undefined;
  if (given) return { path: given, foundBy: 'given', alternatives: [] };
  const named = namedByEntryPoints(names);
  if (named.length > 0) return { path: named[0], foundBy: 'DJANGO_SETTINGS_MODULE', alternatives: named.slice(1) };
  const defining = modulesDefiningApps(names);
  return defining.length > 0 ? { path: defining[0], foundBy: 'INSTALLED_APPS', alternatives: defining.slice(1) } : undefined;
}

/** The workspace modules `DJANGO_SETTINGS_MODULE` is set to, manage.py's first. */
function namedByEntryPoints(names: ProjectNames): string[] {
  const rank = (path: string) => {
    const index = ENTRY_POINTS.indexOf(nodePath.basename(path));
    return index < 0 ? ENTRY_POINTS.length : index;
  };
  const setters = [...names.modules.values()].filter((facts) => facts.settingsModules.length > 0);
  setters.sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
  const found: string[] = [];
  for (const setter of setters) {
    for (const module of setter.settingsModules) {
      const path = names.moduleFile(module);
      if (path && !found.includes(path)) found.push(path);
    }
  }
  return found;
}

/**
 * Modules that set `INSTALLED_APPS` or star-import one that does, less those another of them
 * star-imports (a `base.py` that `dev.py` builds on), sorted.
 */
function modulesDefiningApps(names: ProjectNames): string[] {
  const starImports = new Map<string, string[]>();
  const defining = new Set<string>();
  for (const facts of names.modules.values()) {
    const imported: string[] = [];
    for (const statement of facts.statements) {
      if (statement.kind === 'starImport') {
        const module = names.importedModule(facts.path, statement.module);
        if (module) imported.push(module);
      } else if ((statement.kind === 'assign' && statement.targets.includes('INSTALLED_APPS')) || (statement.kind === 'augment' && statement.target === 'INSTALLED_APPS')) {
        defining.add(facts.path);
      }
    }
    starImports.set(facts.path, imported);
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const [path, imported] of starImports) {
      if (!defining.has(path) && imported.some((module) => defining.has(module))) {
        defining.add(path);
        grew = true;
      }
    }
  }
  const builtOn = new Set([...defining].flatMap((path) => starImports.get(path) ?? []));
  return [...defining].filter((path) => !builtOn.has(path)).sort();
}
