/**
 * The Django project as Django sees it, built statically from every module's facts (no Django
 * import: it works on a broken virtualenv): settings, apps, models, serializers, views, URLs and
 * migrations. One model for the whole server: the hard-refactor, database and observability
 * stages read it rather than each parsing Django their own way.
 *
 * Incremental: `DjangoProject` keeps each module's facts (moduleFacts.ts, computed from one tree)
 * and re-assembles from them when asked after a change, so an edit re-parses one module only.
 */
import type { PythonParser } from '../parse/pythonParser';
import { AppRegistry, type DjangoApp } from './apps';
import { ClassIndex } from './classes';
import { collectModelForms, type DjangoModelForm } from './forms';
import { collectMigrations, type DjangoMigration } from './migrations/migrationFacts';
import { collectModels, ModelLookup, type DjangoModelClass } from './models';
import { djangoModuleFacts, type DjangoModuleFacts } from './moduleFacts';
import { ProjectNames } from './names';
import { collectSerializers, type DjangoSerializer } from './serializers';
import { findSettings, type DjangoSettings } from './settings';
import { resolveUrls, type UrlTree } from './urls/urlTree';
import { UrlConfs, type UrlConf, type UrlEntry } from './urls/urlConfs';
import { ModuleValues } from './values';
import { collectClassViews, collectFunctionViews, type DjangoView } from './views';

export interface DjangoProjectModel {
  /** Undefined when no module looks like settings. */
  readonly settings?: DjangoSettings;
  readonly apps: readonly DjangoApp[];
  readonly models: readonly DjangoModelClass[];
  readonly serializers: readonly DjangoSerializer[];
  readonly modelForms: readonly DjangoModelForm[];
  /** Class-based views first, then function views. */
  readonly views: readonly DjangoView[];
  /** Every module with `urlpatterns` or a router, as written. */
  readonly urlConfs: readonly UrlConf[];
  /** The URLs resolved from the root URL configuration down. */
  readonly urls: UrlTree;
  readonly migrations: readonly DjangoMigration[];
}

export interface AssemblyOptions {
  /** The settings module, when known otherwise (`DJANGO_SETTINGS_MODULE` from pytest.ini or the environment). */
  readonly settingsModule?: string;
}

/** Builds the project model from the facts of all its modules (every Python file: `__init__.py` files name the packages). */
export function assembleProject(modules: ReadonlyMap<string, DjangoModuleFacts>, options: AssemblyOptions = {}): DjangoProjectModel {
  const names = new ProjectNames(modules);
  const values = new ModuleValues(names);
  const classes = new ClassIndex(names);
  const settings = findSettings(names, values, options.settingsModule);
  const apps = new AppRegistry(classes, values, settings);
  const models = collectModels({ classes, values, apps, settings });
  const lookup = new ModelLookup(models, apps);
  const serializers = collectSerializers(classes, values, lookup);
  const viewSources = { classes, models: lookup, serializers, settings };
  const classViews = collectClassViews(viewSources);
  const urlConfs = new UrlConfs(names, values);
  const confs = new Map<string, UrlConf>();
  for (const path of modules.keys()) {
    const conf = urlConfs.of(path);
    if (conf) confs.set(path, conf);
  }
  const functionViews = collectFunctionViews(modules.values(), routedFunctions(confs.values()), viewSources);
  const views = [...classViews, ...functionViews];
  return {
    settings,
    apps: apps.apps,
    models,
    serializers,
    modelForms: collectModelForms(classes, lookup),
    views,
    urlConfs: [...confs.values()],
    urls: resolveUrls(confs, urlConfs, views, settings),
    migrations: collectMigrations(classes, apps, settings),
  };
}

/** The workspace functions URL patterns route to, as `path\nname` keys. */
function routedFunctions(confs: Iterable<UrlConf>): Set<string> {
  const routed = new Set<string>();
  const collect = (entries: readonly UrlEntry[]): void => {
    for (const entry of entries) {
      if (entry.kind === 'route' && entry.view.kind === 'view' && !entry.view.asView && entry.view.ref.kind === 'workspace') {
        routed.add(`${entry.view.ref.path}\n${entry.view.ref.name}`);
      } else if (entry.kind === 'include' && entry.target.kind === 'patterns') {
        collect(entry.target.entries);
      }
    }
  };
  for (const conf of confs) collect(conf.patterns ?? []);
  return routed;
}

/** The facts of one module's text (parsed, read, and the tree freed). */
export function readModuleFacts(parser: PythonParser, path: string, text: string): DjangoModuleFacts {
  const tree = parser.parse(text);
  try {
    return djangoModuleFacts(path, tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** The project model of a workspace, kept up to date one module at a time. */
export class DjangoProject {
  private readonly modules = new Map<string, DjangoModuleFacts>();
  private assembled: DjangoProjectModel | undefined;

  constructor(private readonly options: AssemblyOptions = {}) {}

  /** Sets or replaces a module's facts; the model is re-assembled when next read. */
  update(facts: DjangoModuleFacts): void {
    this.modules.set(facts.path, facts);
    this.invalidate();
  }

  remove(path: string): void {
    if (this.modules.delete(path)) this.invalidate();
  }

  get model(): DjangoProjectModel {
    this.assembled ??= assembleProject(this.modules, this.options);
    return this.assembled;
  }

  /** The model with a label (`shop.Order`, compared case-insensitively as Django does). */
  findModel(label: string): DjangoModelClass | undefined {
    const wanted = label.toLowerCase();
    return this.model.models.find((model) => model.label.toLowerCase() === wanted);
  }

  private invalidate(): void {
    this.assembled = undefined;
  }
}
