/**
 * Where a template name leads, searched as Django's loaders search it: each `TEMPLATES` entry's
 * `DIRS` first, then the `templates/` folder of each app (unless `APP_DIRS` is `False`), in
 * `INSTALLED_APPS` order. Settings compute `DIRS` from paths (`BASE_DIR / "templates"`,
 * `os.path.join(BASE_DIR, "templates")`), which static values leave unknown: those common shapes
 * are read from their source, `BASE_DIR` counted in parents of the settings file. The rendering
 * module's own package (a tag library's app) is searched last, for an app the settings do not
 * list statically.
 */
import * as nodePath from 'path';
import type { DjangoApp } from '../django/apps';
import type { DjangoSettings } from '../django/settings';
import { dictOf, isUnknown, type StaticValue } from '../django/values';
import type { ProjectFiles } from '../model/projectFiles';

/** A template found: its file and text. */
export interface TemplateFile {
  /** The name it was found by: `shop/orders.html`. */
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

export class TemplateFinder {
  private readonly dirs: readonly string[];
  private readonly texts = new Map<string, string | undefined>();

  constructor(private readonly files: ProjectFiles, settings: DjangoSettings | undefined, apps: readonly DjangoApp[], moduleFile: (module: string) => string | undefined) {
    const engines = templateEngines(settings);
    const appDirs = engines.every((engine) => engine.APP_DIRS === false) && engines.length > 0 ? [] : apps.flatMap((app) => appTemplates(moduleFile(app.name)));
    this.dirs = unique([...engines.flatMap((engine) => settingsDirs(settings!, engine.DIRS)), ...appDirs]);
  }

  /** The first of `names` found, searched from the folders the settings give, then the package of `fromModule`. */
  find(names: readonly string[], fromModule: string): TemplateFile | undefined {
    // A tag library's templates are its app's: `<app>/templatetags/x.py` renders from `<app>/templates`.
    const folder = nodePath.dirname(fromModule);
    const own = nodePath.join(nodePath.basename(folder) === 'templatetags' ? nodePath.dirname(folder) : folder, 'templates');
    for (const name of names) {
      for (const dir of [...this.dirs, own]) {
        const file = nodePath.join(dir, ...name.split('/'));
        if (!this.texts.has(file)) this.texts.set(file, this.files.read(file));
        const text = this.texts.get(file);
        if (text !== undefined) return { name, path: file, text };
      }
    }
    return undefined;
  }
}

/** The Django template engines of `TEMPLATES`, as dicts. */
function templateEngines(settings: DjangoSettings | undefined): { readonly [key: string]: StaticValue }[] {
  const engines = settings?.values.TEMPLATES;
  if (!Array.isArray(engines)) return [];
  return (engines as readonly StaticValue[]).map(dictOf).filter((engine): engine is { readonly [key: string]: StaticValue } => !!engine && (engine.BACKEND === undefined || /DjangoTemplates$/.test(String(engine.BACKEND))));
}

/** The folders of a `DIRS` list: strings, and paths built from a base folder the settings define. */
function settingsDirs(settings: DjangoSettings, dirs: StaticValue | undefined): string[] {
  if (!Array.isArray(dirs)) return [];
  const base = nodePath.dirname(settings.path);
  return (dirs as readonly StaticValue[]).flatMap((dir) => {
    if (typeof dir === 'string') return [nodePath.resolve(base, dir)];
    return isUnknown(dir) ? pathOf(settings, dir.source) : [];
  });
}

/** `BASE_DIR / "templates"`, `str(BASE_DIR / "a" / "b")`, `os.path.join(BASE_DIR, "templates")` (or `join(…)` imported from `os.path`). */
function pathOf(settings: DjangoSettings, source: string, depth = 0): string[] {
  const text = source.replace(/^str\((.*)\)$/s, '$1').trim();
  const shape = /^(\w+)\s*\/\s*(.+)$/s.exec(text) ?? /^(?:os\.path\.)?join\(\s*(\w+)\s*,\s*(.+?),?\s*\)$/s.exec(text);
  const root = shape && folderOf(settings, shape[1], depth);
  const parts = shape?.[2].split(/\s*[/,]\s*/).map((part) => /^["']([^"']*)["']$/.exec(part)?.[1]);
  if (!root || !parts || parts.some((part) => part === undefined)) return [];
  return [nodePath.join(root, ...(parts as string[]))];
}

/** The folder a setting like `BASE_DIR = Path(__file__).resolve().parent.parent` names, or one joined to such a folder (`APP_DIR = join(ROOT_DIR, "app")`). */
function folderOf(settings: DjangoSettings, name: string, depth: number): string | undefined {
  const value = settings.values[name];
  if (!isUnknown(value)) return undefined;
  // A chain of folders names a few settings at most; past that it is most likely a cycle.
  if (!/__file__/.test(value.source)) return depth < 4 ? pathOf(settings, value.source, depth + 1)[0] : undefined;
  const ups = (value.source.match(/\.parent\b/g) ?? []).length + (value.source.match(/\bdirname\(/g) ?? []).length;
  let folder = settings.path;
  for (let i = 0; i < ups; i++) folder = nodePath.dirname(folder);
  return ups > 0 ? folder : undefined;
}

/** `<app>/templates`, for an app whose package is in the workspace. */
function appTemplates(init: string | undefined): string[] {
  return init && nodePath.basename(init) === '__init__.py' ? [nodePath.join(nodePath.dirname(init), 'templates')] : [];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** A finder of the project's templates, its apps' packages found among `pythonFiles` by their `__init__.py`. */
export function projectTemplateFinder(files: ProjectFiles, project: { readonly settings?: DjangoSettings; readonly apps: readonly DjangoApp[] }, pythonFiles: Iterable<string>): TemplateFinder {
  const inits = [...pythonFiles].filter((file) => nodePath.basename(file) === '__init__.py').sort((a, b) => a.length - b.length);
  const moduleFile = (module: string) => inits.find((init) => nodePath.dirname(init).split(nodePath.sep).join('/').endsWith(`/${module.replace(/\./g, '/')}`));
  return new TemplateFinder(files, project.settings, project.apps, moduleFile);
}
