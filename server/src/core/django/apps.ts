/**
 * The project's Django apps: each `INSTALLED_APPS` entry with its `AppConfig` (named in the entry,
 * found alone or as `default = True` in the app's `apps.py`, or set by `default_app_config`), and
 * the `AppConfig` classes of the workspace no setting installs (a reusable app, Django's own
 * contrib apps). An app's label is its config's `label`, else the last part of its name; a
 * module belongs to the app with the longest name it starts with, as `apps.get_containing_app_config`.
 */
import { stringOf, booleanOf } from './expr';
import type { ClassIndex, ProjectClass } from './classes';
import { lastPart } from '../python/workspaceNames';
import type { DjangoSettings } from './settings';
import { isUnknown, type ModuleValues } from './values';

export interface DjangoApp {
  /** The app's module (`django.contrib.auth`, `shop`). */
  readonly name: string;
  readonly label: string;
  /** The `AppConfig` class, by qualified name. */
  readonly config?: string;
  /** Listed in a statically known `INSTALLED_APPS`. */
  readonly installed: boolean;
  /** `default_auto_field` of the config. */
  readonly defaultAutoField?: string;
}

const APP_CONFIG = /^django\.apps(\.config)?\.AppConfig$|^AppConfig$/;

interface ConfigClass {
  readonly cls: ProjectClass;
  readonly name: string | undefined;
  readonly label: string | undefined;
  /** `default = True` / `False`, undefined when not set. */
  readonly isDefault: boolean | undefined;
  readonly defaultAutoField: string | undefined;
}

export class AppRegistry {
  readonly apps: readonly DjangoApp[];
  private readonly byLength: readonly DjangoApp[];

  constructor(classes: ClassIndex, values: ModuleValues, settings: DjangoSettings | undefined) {
    const configs = [...classes.all()]
      .filter((cls) => classes.outsideBases(cls).some((base) => APP_CONFIG.test(base)))
      .map((cls) => configOf(cls, classes));
    const apps = new Map<string, DjangoApp>();
    const installed = settings && !isUnknown(settings.installedApps) ? settings.installedApps : [];
    for (const entry of installed) {
      const app = installedApp(entry, configs, classes, values);
      if (!apps.has(app.name)) apps.set(app.name, app);
    }
    for (const config of configs) {
      const name = config.name;
      if (name === undefined || apps.has(name)) continue;
      const chosen = defaultConfig(configs.filter((candidate) => candidate.name === name)) ?? config;
      apps.set(name, appFrom(chosen, name, false));
    }
    this.apps = [...apps.values()];
    this.byLength = [...this.apps].sort((a, b) => b.name.length - a.name.length);
  }

  /** The app holding a module; for a module of no known app, one named after its package (`shop` of `shop.models`). */
  appOf(moduleName: string): DjangoApp {
    const app = this.byLength.find((candidate) => moduleName === candidate.name || moduleName.startsWith(`${candidate.name}.`));
    if (app) return app;
    const parts = moduleName.split('.');
    const cut = parts.findIndex((part) => part === 'models' || part === 'migrations' || part === 'apps');
    const name = parts.slice(0, cut > 0 ? cut : Math.max(1, parts.length - 1)).join('.');
    return { name, label: lastPart(name), installed: false };
  }

  /** The app with the label. */
  byLabel(label: string): DjangoApp | undefined {
    return this.apps.find((app) => app.label === label);
  }
}

/** A config class with its attributes as Python finds them (`AdminConfig` inherits `name` from `SimpleAdminConfig`). */
function configOf(cls: ProjectClass, classes: ClassIndex): ConfigClass {
  const lineage = classes.lineage(cls);
  const attribute = (name: string) => lineage.map((owner) => owner.facts.attributes.find((a) => a.name === name)?.value).find((value) => value !== undefined);
  return {
    cls,
    name: stringOf(attribute('name')),
    label: stringOf(attribute('label')),
    isDefault: booleanOf(attribute('default')),
    defaultAutoField: stringOf(attribute('default_auto_field')),
  };
}

/** An `INSTALLED_APPS` entry: a config class's dotted path, or an app module. */
function installedApp(entry: string, configs: readonly ConfigClass[], classes: ClassIndex, values: ModuleValues): DjangoApp {
  const named = configs.find((config) => config.cls.qualifiedName === entry);
  if (named) return appFrom(named, named.name ?? entry, true);
  const inAppsModule = configs.filter((config) => config.cls.qualifiedName.startsWith(`${entry}.apps.`) && config.cls.qualifiedName.split('.').length === entry.split('.').length + 2);
  const chosen = defaultConfig(inAppsModule) ?? legacyDefault(entry, configs, classes, values);
  return chosen ? appFrom(chosen, chosen.name ?? entry, true) : { name: entry, label: lastPart(entry), installed: true };
}

/** Django 3.2: the only config of `apps.py` not marked `default = False`, or the one marked `default = True`. */
function defaultConfig(candidates: readonly ConfigClass[]): ConfigClass | undefined {
  const eligible = candidates.filter((config) => config.isDefault !== false);
  if (eligible.length === 1) return eligible[0];
  const defaults = eligible.filter((config) => config.isDefault === true);
  return defaults.length === 1 ? defaults[0] : undefined;
}

/** `default_app_config = "shop.apps.ShopConfig"` in the app's `__init__.py` (before Django 4.1). */
function legacyDefault(entry: string, configs: readonly ConfigClass[], classes: ClassIndex, values: ModuleValues): ConfigClass | undefined {
  const init = classes.names.moduleFile(entry);
  const declared = init ? values.environment(init).get('default_app_config') : undefined;
  return typeof declared === 'string' ? configs.find((config) => config.cls.qualifiedName === declared) : undefined;
}

function appFrom(config: ConfigClass, name: string, installed: boolean): DjangoApp {
  return {
    name,
    label: config.label ?? lastPart(name),
    config: config.cls.qualifiedName,
    installed,
    defaultAutoField: config.defaultAutoField,
  };
}
