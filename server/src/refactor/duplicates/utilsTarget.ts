/**
 * Where a function extracted from duplicated code goes, as a Django team lays utils out: in the
 * app (the folder holding `models.py` or `apps.py` above the copy, not the copy's own folder such
 * as `management/commands/`), grouped by feature in `<app>/utils/<feature>.py`, or appended to
 * the app's existing `utils.py`. A package is never created beside a module of the same name
 * (`shop/utils/` beside `shop/utils.py` would shadow it and break `from shop.utils import slug`),
 * nor a module beside a package. Code outside any package (a script's folder) gets a `utils.py`
 * beside it, which it imports as the top-level module it is itself.
 */
import * as path from 'path';
import type { PythonParser } from '../../core/parse/pythonParser';
import { outlineModule, type ImportBinding, type ModuleOutline } from '../../core/python/moduleOutline';
import { lexPython } from '../../core/python/pythonLexer';
import { absoluteModule, moduleNameOf, packageOf } from '../../core/python/moduleNames';
import { COMMON_GROUP, groupFeatures } from '../../core/features/featureGrouping';
import { canNameFeature, featureWordOf, nameTokens } from '../../core/features/nameTokens';
import type { WorkspaceSnapshot } from '../domainEdit';

export interface UtilsModule {
  /** The module file: `<app>/utils.py` or `<app>/utils/<feature>.py`. */
  readonly file: string;
  /** As titles show it, relative to the app: `utils.py`, `utils/order.py`. */
  readonly label: string;
  /** The app folder, for finding functions already extracted there. */
  readonly app: string;
  /** The feature of the code extracted (`order`), which may also name the function. */
  readonly feature: string;
}

/** Files that make a folder a Django app. */
const APP_MARKERS = ['models.py', 'apps.py', path.join('models', '__init__.py')];
/** Folders that sort an app's modules by kind: the app is above them. */
const KIND_FOLDERS = new Set(['views', 'api', 'controllers', 'management', 'commands', 'utils', 'templatetags', 'serializers', 'forms', 'tests']);

/** The utils module for code extracted from `line` of `file`. */
export function utilsModuleFor(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string, line: number): UtilsModule {
  const app = appFolderOf(snapshot, file);
  const module = path.join(app, 'utils.py');
  const packageDir = path.join(app, 'utils');
  const feature = featureOf(parser, snapshot.read(file) ?? '', line, file);
  // Code outside any package imports its utils as a top-level module: one beside it, found from the same folder.
  const topLevel = !snapshot.exists(path.join(app, '__init__.py'));
  if ((snapshot.exists(module) || topLevel) && !isPackage(snapshot, packageDir)) return { file: module, label: 'utils.py', app, feature };
  // `utils/order.py` must not sit beside a package `utils/order/`.
  const stem = isPackage(snapshot, path.join(packageDir, feature)) ? `${feature}_utils` : feature;
  return { file: path.join(packageDir, `${stem}.py`), label: `utils/${stem}.py`, app, feature };
}

/** The `__init__.py` files the target's folders lack, when the app is a package. */
export function missingPackageInits(snapshot: WorkspaceSnapshot, utils: UtilsModule): string[] {
  if (!snapshot.exists(path.join(utils.app, '__init__.py'))) return [];
  const inits: string[] = [];
  for (let dir = path.dirname(utils.file); dir !== utils.app && dir.startsWith(utils.app); dir = path.dirname(dir)) {
    if (!snapshot.exists(path.join(dir, '__init__.py'))) inits.unshift(path.join(dir, '__init__.py'));
  }
  return inits;
}

/** The modules of the app's utils (its `utils.py`, or the modules of its `utils/` package). */
export function utilsModulesOf(snapshot: WorkspaceSnapshot, app: string): string[] {
  const prefix = `${path.join(app, 'utils')}${path.sep}`;
  return snapshot.pythonFiles().filter((file) => file === path.join(app, 'utils.py') || (file.startsWith(prefix) && !file.slice(prefix.length).includes(path.sep)));
}

/**
 * The nearest folder above the file (its own included) that is a Django app; without one, the
 * file's package above folders that sort modules by kind.
 */
export function appFolderOf(snapshot: WorkspaceSnapshot, file: string): string {
  for (let dir = path.dirname(file); snapshot.exists(path.join(dir, '__init__.py')) || dir === path.dirname(file); dir = path.dirname(dir)) {
    if (APP_MARKERS.some((marker) => snapshot.exists(path.join(dir, marker)))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  let dir = path.dirname(file);
  while (KIND_FOLDERS.has(path.basename(dir)) && snapshot.exists(path.join(path.dirname(dir), '__init__.py'))) dir = path.dirname(dir);
  return dir;
}

function isPackage(snapshot: WorkspaceSnapshot, dir: string): boolean {
  const prefix = `${dir}${path.sep}`;
  return snapshot.exists(path.join(dir, '__init__.py')) || snapshot.pythonFiles().some((file) => file.startsWith(prefix));
}

/**
 * The feature of the code at `line`: the group the long-file rule puts its definition in, else
 * the first model the module imports and the definition uses, else the module's own name when it
 * names a feature (`orders.py`), else `common`.
 */
function featureOf(parser: PythonParser, text: string, line: number, file: string): string {
  const tree = parser.parse(text);
  try {
    const outline = outlineModule(tree, text).outline;
    const symbol = outline.symbols.find((s) => s.range.start.line <= line && line <= s.range.end.line);
    const group = symbol && groupFeatures(outline).find((g) => g.symbols.includes(symbol.name));
    if (group && group.name !== COMMON_GROUP) return group.name;
    const model = symbol && modelWordUsedBy(outline, symbol.references);
    if (model) return model;
    const stem = nameTokens(path.basename(file, '.py')).join('_');
    return stem && canNameFeature(stem) ? stem : 'common';
  } finally {
    tree.delete();
  }
}

function modelWordUsedBy(outline: ModuleOutline, references: readonly string[]): string | undefined {
  const models = outline.imports.filter((binding) => /(^|\.)models$/.test(binding.module) && /^[A-Z]/.test(binding.localName));
  const used = models.find((binding) => references.includes(binding.localName));
  return used && featureWordOf(used.localName);
}

/**
 * A name the extracted code imports that the existing target module already uses for something
 * else (a loop variable, another import, a global): the import added at its top would shadow
 * it or be shadowed. Undefined when the target is new or no name clashes.
 */
export function importClashIn(parser: PythonParser, snapshot: WorkspaceSnapshot, source: string, names: readonly string[], target: string): string | undefined {
  const targetText = snapshot.read(target);
  if (targetText === undefined) return undefined;
  const sourceImports = importsOf(parser, snapshot, source);
  const targetImports = importsOf(parser, snapshot, target);
  const used = new Set(lexPython(targetText).filter((t) => t.kind === 'name').map((t) => targetText.slice(t.start, t.end)));
  const targetModule = moduleNameOf(target, snapshot);
  return names.find((name) => {
    const wanted = sourceImports.get(name);
    // A name the source imports from the target itself is the target's own.
    if (wanted === undefined || wanted.startsWith(`${targetModule}:`)) return false;
    const there = targetImports.get(name);
    return there === undefined ? used.has(name) : there !== wanted;
  });
}

/** Each imported name of a module and where it comes from (`django.db:router`). */
function importsOf(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string): Map<string, string> {
  const text = snapshot.read(file) ?? '';
  const tree = parser.parse(text);
  try {
    const pkg = packageOf(moduleNameOf(file, snapshot), path.basename(file) === '__init__.py');
    const origin = (binding: ImportBinding) => `${absoluteModule(binding.module, pkg)}:${binding.importedName ?? ''}`;
    return new Map(outlineModule(tree, text).outline.imports.map((binding) => [binding.localName, origin(binding)]));
  } finally {
    tree.delete();
  }
}
