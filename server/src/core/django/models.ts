/**
 * The project's models: classes with `django.db.models.Model` in their MRO (through the project's
 * own abstract bases), or built on a model class imported from outside the workspace (then what
 * that base adds is not known: `unknownBases`). For each: its app label and table, abstract /
 * proxy / multi-table parents, its fields (abstract bases' first, as Django orders them; the
 * automatic `id` and parent links included), its Meta and its managers.
 */
import type { SourceRange } from '../model/sourceRange';
import { isModelImport } from '../features/djangoClasses';
import { lastPart } from '../python/workspaceNames';
import type { AppRegistry } from './apps';
import { booleanOf, calleeName, sourceOf, stringOf, type Expr } from './expr';
import { classKey, type ClassIndex, type ProjectClass } from './classes';
import { effectiveMeta, modelMetaOf, type MetaOption, type ModelMeta } from './modelMeta';
import { fieldOf, stringOr, type FieldContext, type ModelField } from './modelFields';
import type { NameRef } from './names';
import type { DjangoSettings } from './settings';
import { isUnknown, knownString, unknown, type Known, type ModuleValues } from './values';

export interface ModelManager {
  readonly name: string;
  /** The manager as written: `ProductQuerySet.as_manager()`. */
  readonly written: string;
  /** The model class (qualified name) declaring it, when inherited. */
  readonly inheritedFrom?: string;
}

export interface DjangoModelClass {
  readonly name: string;
  /** `app_label.ModelName`, as Django's `_meta.label`. */
  readonly label: string;
  readonly appLabel: string;
  readonly qualifiedName: string;
  readonly path: string;
  readonly range: SourceRange;
  readonly abstract: boolean;
  readonly proxy: boolean;
  readonly managed: Known<boolean>;
  readonly swappable?: string;
  /** Undefined for abstract models. */
  readonly dbTable?: Known<string>;
  readonly dbTableExplicit: boolean;
  /** Direct bases, qualified. */
  readonly bases: readonly string[];
  /** Labels of the concrete models it inherits from (multi-table or proxy). */
  readonly parents: readonly string[];
  /** Model bases from outside the workspace, whose fields and options are not known. */
  readonly unknownBases: readonly string[];
  /** The fields of its table (a proxy's are its concrete model's). */
  readonly fields: readonly ModelField[];
  readonly meta: ModelMeta;
  readonly managers: readonly ModelManager[];
}

/** `Model` itself, where it is defined or passed on (`django.contrib.gis.db.models.Model`). */
const MODEL_BASE = /^((\w+\.)*models(\.base)?\.)?Model$/;
/** Django's own modules that define models (its forms modules are called `models` too). */
const DJANGO_MODELS_MODULE = /^django\.contrib\.\w+\.(models|base_user|base_session)$/;
const DEFAULT_AUTO_FIELD = 'django.db.models.AutoField';

/** What building the models reads of the project. */
export interface ModelSources {
  readonly classes: ClassIndex;
  readonly values: ModuleValues;
  readonly apps: AppRegistry;
  readonly settings: DjangoSettings | undefined;
}

/** The project's models, in module and definition order. */
export function collectModels(sources: ModelSources): DjangoModelClass[] {
  return new ModelBuilder(sources).build();
}

class ModelBuilder {
  private readonly modelClasses: ProjectClass[];
  private readonly keys = new Set<string>();
  private readonly labels = new Map<string, string>();
  private readonly canonical = new Map<string, string>();
  private readonly built = new Map<string, DjangoModelClass>();
  /** Models being built: a parent cycle (broken code) must end. */
  private readonly building = new Set<string>();

  constructor(private readonly sources: ModelSources) {
    const { classes } = sources;
    this.modelClasses = [...classes.all()].filter((cls) => classes.outsideBases(cls).some(isModelBase));
    for (const cls of this.modelClasses) this.keys.add(cls.key);
    for (const cls of this.modelClasses) {
      const label = `${this.appLabelOf(cls)}.${cls.name}`;
      this.labels.set(cls.key, label);
      this.canonical.set(label.toLowerCase(), label);
    }
  }

  build(): DjangoModelClass[] {
    return this.modelClasses.map((cls) => this.model(cls));
  }

  private model(cls: ProjectClass): DjangoModelClass {
    const done = this.built.get(cls.key);
    if (done) return done;
    const { classes } = this.sources;
    const isAbstractModel = (candidate: ProjectClass) => this.keys.has(candidate.key) && this.isAbstract(candidate);
    const metaOptions = effectiveMeta(cls, classes, isAbstractModel);
    const evaluate = (option: MetaOption) => this.sources.values.evaluate(option.path, option.value);
    const abstract = this.isAbstract(cls);
    const proxyOption = metaOptions.get('proxy');
    const proxy = proxyOption !== undefined && evaluate(proxyOption) === true;
    const parents = this.directBases(cls).filter((base) => this.keys.has(base.key) && !this.isAbstract(base));
    this.building.add(cls.key);
    const concreteParent = parents[0] && !this.building.has(parents[0].key) ? this.model(parents[0]) : undefined;
    // A multi-table child takes these two from its parent's Meta, not the others.
    const parentMeta = parents[0] ? effectiveMeta(parents[0], classes, isAbstractModel) : undefined;
    for (const name of ['ordering', 'get_latest_by']) {
      const inherited = parentMeta?.get(name);
      if (inherited && !metaOptions.has(name)) metaOptions.set(name, inherited);
    }
    const label = this.labels.get(cls.key)!;
    const appLabel = label.slice(0, label.indexOf('.'));
    const tableOption = metaOptions.get('db_table');
    const dbTable: Known<string> | undefined = abstract
      ? undefined
      : tableOption
        ? stringOr(evaluate(tableOption), tableOption.value)
        : proxy && concreteParent?.dbTable !== undefined
          ? concreteParent.dbTable
          : `${appLabel}_${cls.name.toLowerCase()}`;
    const context = this.fieldContext(cls, appLabel, dbTable);
    const meta = modelMetaOf(metaOptions, { modelName: cls.name, appLabel, evaluate });
    const managedOption = metaOptions.get('managed');
    const model: DjangoModelClass = {
      name: cls.name,
      label,
      appLabel,
      qualifiedName: cls.qualifiedName,
      path: cls.path,
      range: cls.facts.range,
      abstract,
      proxy,
      managed: managedOption ? booleanValue(evaluate(managedOption), managedOption.value) : true,
      swappable: metaOptions.has('swappable') ? stringOf(metaOptions.get('swappable')!.value) : undefined,
      dbTable,
      dbTableExplicit: tableOption !== undefined,
      bases: cls.bases.map((base) => (base.kind === 'unbound' ? base.name : base.qualifiedName)),
      parents: parents.map((parent) => this.labels.get(parent.key)!),
      unknownBases: classes.outsideBases(cls).filter((base) => !MODEL_BASE.test(base) && isModelBase(base)),
      fields: proxy && concreteParent ? concreteParent.fields : this.tableFields(cls, context, abstract, parents),
      meta,
      managers: this.managers(cls),
    };
    this.building.delete(cls.key);
    this.built.set(cls.key, model);
    return model;
  }

  /** Own and abstract-inherited fields, the parent links of multi-table inheritance, the automatic primary key. */
  private tableFields(cls: ProjectClass, context: FieldContext, abstract: boolean, parents: readonly ProjectClass[]): ModelField[] {
    const fields = this.declaredFields(cls, cls, context);
    if (abstract) return fields;
    const links = parents
      .filter((parent) => !fields.some((field) => field.relation?.to === this.labels.get(parent.key) && field.relation?.kind === 'OneToOneField'))
      .map((parent, index): ModelField => {
        const name = `${parent.name.toLowerCase()}_ptr`;
        const first = index === 0;
        return {
          name, fieldClass: 'OneToOneField', djangoClass: 'OneToOneField', column: `${name}_id`, primaryKey: first, null: false,
          blank: false, unique: true, dbIndex: true, hasDefault: false, implicit: 'parentLink', range: cls.facts.range,
          relation: { kind: 'OneToOneField', to: this.labels.get(parent.key)!, onDelete: 'CASCADE' },
        };
      });
    const all = [...links, ...fields];
    if (all.some((field) => field.primaryKey === true)) return all;
    const autoField = this.sources.apps.appOf(this.sources.classes.names.moduleName(cls.path)).defaultAutoField ?? this.settingString('DEFAULT_AUTO_FIELD') ?? DEFAULT_AUTO_FIELD;
    const pk: ModelField = {
      name: 'id', fieldClass: lastPart(autoField), djangoClass: lastPart(autoField), column: 'id', primaryKey: true, null: false,
      blank: true, unique: true, dbIndex: false, hasDefault: false, implicit: 'pk', range: cls.facts.range,
    };
    return [pk, ...all];
  }

  /** The fields `cls` declares and inherits from abstract bases (left to right, as Django orders them); `name = None` removes one. */
  private declaredFields(cls: ProjectClass, concrete: ProjectClass, context: FieldContext): ModelField[] {
    const fields: ModelField[] = [];
    const put = (field: ModelField) => {
      const at = fields.findIndex((existing) => existing.name === field.name);
      if (at >= 0) fields.splice(at, 1);
      fields.push(field);
    };
    for (const base of this.directBases(cls)) {
      if (this.keys.has(base.key) && this.isAbstract(base)) this.declaredFields(base, concrete, context).forEach(put);
    }
    const here = { ...context, path: cls.path, inheritedFrom: cls === concrete ? undefined : cls.qualifiedName };
    for (const attribute of cls.facts.attributes) {
      if (attribute.value.kind === 'literal' && attribute.value.value === null) {
        const at = fields.findIndex((field) => field.name === attribute.name);
        if (at >= 0) fields.splice(at, 1);
        continue;
      }
      const field = fieldOf(attribute, here);
      if (field) put(field);
    }
    return fields;
  }

  private managers(cls: ProjectClass): ModelManager[] {
    const managers: ModelManager[] = [];
    for (const owner of this.sources.classes.lineage(cls).filter((candidate) => this.keys.has(candidate.key))) {
      for (const attribute of owner.facts.attributes) {
        if (!isManager(attribute.value) || managers.some((manager) => manager.name === attribute.name)) continue;
        managers.push({ name: attribute.name, written: sourceOf(attribute.value), inheritedFrom: owner === cls ? undefined : owner.qualifiedName });
      }
    }
    return managers;
  }

  private fieldContext(cls: ProjectClass, appLabel: string, dbTable: Known<string> | undefined): FieldContext {
    return {
      classes: this.sources.classes,
      path: cls.path,
      modelName: cls.name,
      appLabel,
      dbTable,
      evaluate: (expr: Expr) => this.sources.values.evaluate(cls.path, expr),
      labelOfClass: (ref: NameRef) => this.labelOfClass(ref),
      canonicalLabel: (written: string) => this.canonical.get(written.toLowerCase()) ?? written,
      setting: (name: string) => this.setting(name),
    };
  }

  /** The label of a model class: the project's, or one outside the workspace named by its app. */
  private labelOfClass(ref: NameRef): string | undefined {
    return ref.kind === 'workspace' ? this.labels.get(classKey(ref.path, ref.name)) : outsideModelLabel(ref, this.sources.apps);
  }

  private setting(name: string): Known<string> {
    const settings = this.sources.settings;
    if (!settings) return unknown(`settings.${name} (no settings module found)`);
    if (name === 'AUTH_USER_MODEL') return settings.authUserModel;
    return knownString(settings.values[name], `settings.${name} not set`);
  }

  private settingString(name: string): string | undefined {
    const value = this.sources.settings?.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  /** `app_label` of the Meta, else the label of the app holding the module. */
  private appLabelOf(cls: ProjectClass): string {
    const option = effectiveMeta(cls, this.sources.classes, (candidate) => this.keys.has(candidate.key) && this.isAbstract(candidate)).get('app_label');
    const explicit = option ? this.sources.values.evaluate(option.path, option.value) : undefined;
    return typeof explicit === 'string' ? explicit : this.sources.apps.appOf(this.sources.classes.names.moduleName(cls.path)).label;
  }

  /** `abstract = True` in the class's own Meta: Django does not pass it on. */
  private isAbstract(cls: ProjectClass): boolean {
    const meta = cls.facts.classes.find((inner) => inner.name === 'Meta');
    return booleanOf(meta?.attributes.find((attribute) => attribute.name === 'abstract')?.value) === true;
  }

  private directBases(cls: ProjectClass): ProjectClass[] {
    return cls.bases.map((base) => this.sources.classes.classOf(base)).filter((base): base is ProjectClass => !!base);
  }
}

/** The label of a model class outside the workspace (`auth.User` of `django.contrib.auth.models.User`). */
function outsideModelLabel(ref: NameRef, apps: AppRegistry): string | undefined {
  if (ref.kind !== 'external' || !isModelBase(ref.qualifiedName)) return undefined;
  const module = ref.qualifiedName.slice(0, ref.qualifiedName.lastIndexOf('.'));
  return `${apps.appOf(module).label}.${lastPart(ref.qualifiedName)}`;
}

/** Finds the project's models by label or by a reference to their class. */
export class ModelLookup {
  private readonly byKey = new Map<string, DjangoModelClass>();
  private readonly labels = new Map<string, DjangoModelClass>();

  constructor(readonly models: readonly DjangoModelClass[], private readonly apps: AppRegistry) {
    for (const model of models) {
      this.byKey.set(classKey(model.path, model.name), model);
      this.labels.set(model.label.toLowerCase(), model);
    }
  }

  /** The model with a label, compared as Django does (case-insensitively). */
  byLabel(label: string): DjangoModelClass | undefined {
    return this.labels.get(label.toLowerCase());
  }

  /** The label of the model class a reference names (outside the workspace too). */
  labelOf(ref: NameRef): string | undefined {
    return ref.kind === 'workspace' ? this.byKey.get(classKey(ref.path, ref.name))?.label : outsideModelLabel(ref, this.apps);
  }
}

/** `django.db.models.Model`, or a model class imported from a models module outside the workspace. */
function isModelBase(qualifiedName: string): boolean {
  if (MODEL_BASE.test(qualifiedName)) return true;
  const dot = qualifiedName.lastIndexOf('.');
  const name = qualifiedName.slice(dot + 1);
  const module = qualifiedName.slice(0, dot);
  if (dot < 0 || (/^django\./.test(module) && !DJANGO_MODELS_MODULE.test(module))) return false;
  return isModelImport({ localName: name, module, importedName: name });
}

/** `models.Manager()`, `PermissionManager()`, `ProductQuerySet.as_manager()`, `Manager.from_queryset(QS)()`. */
function isManager(value: Expr): boolean {
  if (value.kind !== 'call') return false;
  if (value.callee.kind === 'call') return true;
  const name = calleeName(value) ?? '';
  return /Manager$/.test(name) || name === 'as_manager';
}

function booleanValue(value: unknown, expr: Expr): Known<boolean> {
  if (typeof value === 'boolean') return value;
  return isUnknown(value) ? value : unknown(sourceOf(expr));
}
