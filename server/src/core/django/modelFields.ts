/**
 * A model's fields as Django builds them from `name = models.XField(…)`: the column (`db_column`,
 * `<name>_id` for a foreign key), the options the database stage reads (null, unique, db_index,
 * choices, max_length, default) and, for relations, the target model's label (`"self"`,
 * `"app.Model"`, `"Model"` in the same app, a class, `settings.AUTH_USER_MODEL`), related_name
 * (with `%(class)s` filled in for fields of abstract bases) and on_delete.
 */
import type { SourceRange } from '../model/sourceRange';
import { argumentOf, calleeName, keywordOf, nameOf, sourceOf, stringOf, type Expr } from './expr';
import type { ClassIndex } from './classes';
import type { AttributeFacts } from './moduleFacts';
import { refName, type NameRef } from './names';
import { isUnknown, unknown, type Known, type StaticValue } from './values';

export type RelationKind = 'ForeignKey' | 'OneToOneField' | 'ManyToManyField';

export interface Relation {
  readonly kind: RelationKind;
  /** The target's label (`shop.Customer`); the model may be outside the workspace. */
  readonly to: Known<string>;
  /** The setting the target is read from (`AUTH_USER_MODEL`), for swappable targets. */
  readonly swappable?: string;
  readonly relatedName?: Known<string>;
  readonly onDelete?: Known<string>;
  /** An explicit intermediate model's label. */
  readonly through?: Known<string>;
  /** The table of an automatic many-to-many intermediate model. */
  readonly throughTable?: Known<string>;
}

export interface ModelField {
  readonly name: string;
  /** The field class as its name (`CharField`, a custom `MoneyField`). */
  readonly fieldClass: string;
  /** The Django field class it is or derives from (`ForeignKey` for a subclass of it), when known. */
  readonly djangoClass?: string;
  /** Its column; undefined for many-to-many and virtual fields (GenericForeignKey, GenericRelation). */
  readonly column?: string;
  readonly primaryKey: Known<boolean>;
  readonly null: Known<boolean>;
  readonly blank: Known<boolean>;
  readonly unique: Known<boolean>;
  readonly dbIndex: Known<boolean>;
  readonly hasDefault: boolean;
  readonly choices?: StaticValue;
  readonly maxLength?: Known<number>;
  readonly relation?: Relation;
  /** The abstract base (qualified name) the field is inherited from. */
  readonly inheritedFrom?: string;
  /** A field Django adds: the automatic primary key, or a parent link of multi-table inheritance. */
  readonly implicit?: 'pk' | 'parentLink';
  readonly range: SourceRange;
}

/** What interpreting a field needs from the model it ends up in and from the project. */
export interface FieldContext {
  readonly classes: ClassIndex;
  /** The module the field is written in. */
  readonly path: string;
  readonly modelName: string;
  readonly appLabel: string;
  /** Undefined for an abstract model. */
  readonly dbTable: Known<string> | undefined;
  readonly inheritedFrom?: string;
  /** Evaluates an expression of the field's module. */
  evaluate(expr: Expr): StaticValue;
  /** The label of the model a class reference or a label string names. */
  labelOfClass(ref: NameRef): string | undefined;
  canonicalLabel(label: string): string;
  /** A setting's value (`AUTH_USER_MODEL`). */
  setting(name: string): Known<string>;
}

const FIELD_CLASS = /Field$|^(ForeignKey|ForeignObject|GenericForeignKey|GenericRelation)$/;
const RELATIONS = new Set<string>(['ForeignKey', 'OneToOneField', 'ManyToManyField']);
/** Fields without a column of their own: many-to-many (a table) and the virtual ones. */
const NO_COLUMN = new Set(['GenericForeignKey', 'GenericRelation', 'ForeignObject', 'ManyToManyField']);

/** The field a class attribute declares, or undefined when it is no field. */
export function fieldOf(attribute: AttributeFacts, context: FieldContext): ModelField | undefined {
  const call = attribute.value;
  if (call.kind !== 'call' || call.callee.kind !== 'name') return undefined;
  const kind = fieldClassOf(call.callee.name, context);
  if (!kind) return undefined;
  const flag = (name: string, fallback: boolean): Known<boolean> => {
    const value = keywordOf(call, name);
    if (value === undefined) return fallback;
    const evaluated = context.evaluate(value);
    return typeof evaluated === 'boolean' ? evaluated : unknown(sourceOf(value));
  };
  const djangoClass = kind.djangoClass;
  const isRelation = djangoClass !== undefined && RELATIONS.has(djangoClass);
  const oneToOne = djangoClass === 'OneToOneField';
  const primaryKey = flag('primary_key', false);
  const dbColumn = stringOf(keywordOf(call, 'db_column'));
  const hasColumn = !(djangoClass !== undefined && NO_COLUMN.has(djangoClass));
  const choices = keywordOf(call, 'choices');
  const maxLength = keywordOf(call, 'max_length');
  return {
    name: attribute.name,
    fieldClass: kind.fieldClass,
    djangoClass,
    column: hasColumn ? (dbColumn ?? (isRelation ? `${attribute.name}_id` : attribute.name)) : undefined,
    primaryKey,
    null: flag('null', false),
    blank: flag('blank', false),
    unique: flag('unique', oneToOne || primaryKey === true),
    dbIndex: flag('db_index', djangoClass === 'ForeignKey' || djangoClass === 'OneToOneField'),
    hasDefault: keywordOf(call, 'default') !== undefined,
    choices: choices ? context.evaluate(choices) : undefined,
    maxLength: maxLength ? numberValue(context.evaluate(maxLength), maxLength) : undefined,
    relation: isRelation ? relationOf(djangoClass as RelationKind, call, attribute.name, context) : undefined,
    inheritedFrom: context.inheritedFrom,
    range: attribute.range,
  };
}

/** The class of a field call and the Django field it derives from; undefined for calls of anything else. */
function fieldClassOf(callee: string, context: FieldContext): { fieldClass: string; djangoClass?: string } | undefined {
  const ref = context.classes.names.resolve(context.path, callee);
  const cls = context.classes.classOf(ref);
  if (!cls) {
    const name = refName(ref);
    return FIELD_CLASS.test(name) ? { fieldClass: name, djangoClass: name } : undefined;
  }
  const django = context.classes
    .outsideBases(cls)
    .map((base) => base.slice(base.lastIndexOf('.') + 1))
    .find((name) => FIELD_CLASS.test(name));
  return django ? { fieldClass: cls.name, djangoClass: django } : undefined;
}

function relationOf(kind: RelationKind, call: Extract<Expr, { kind: 'call' }>, name: string, context: FieldContext): Relation {
  const target = argumentOf(call, 0, 'to');
  const swappable = /^settings\.(\w+)$/.exec(nameOf(target) ?? '')?.[1];
  const to = target ? targetLabel(target, context) : unknown('no target');
  const onDelete = argumentOf(call, 1, 'on_delete');
  const relatedName = keywordOf(call, 'related_name');
  const through = keywordOf(call, 'through');
  const tableName = keywordOf(call, 'db_table');
  const automaticTable = typeof context.dbTable === 'string' ? `${context.dbTable}_${name}` : context.dbTable;
  const ownTable = kind === 'ManyToManyField' && !through && context.dbTable !== undefined;
  return {
    kind,
    to,
    swappable,
    relatedName: relatedName ? fillPlaceholders(relatedName, context) : undefined,
    onDelete: kind === 'ManyToManyField' || !onDelete ? undefined : onDeleteOf(onDelete),
    through: through ? targetLabel(through, context) : undefined,
    throughTable: ownTable ? (tableName ? stringOr(context.evaluate(tableName), tableName) : automaticTable) : undefined,
  };
}

/** The label a relation target names (`"self"`, `"app.Model"`, `"Model"`, a class, `settings.AUTH_USER_MODEL`). */
export function targetLabel(target: Expr, context: FieldContext): Known<string> {
  const written = stringOf(target);
  if (written === 'self') return `${context.appLabel}.${context.modelName}`;
  if (written !== undefined) return context.canonicalLabel(written.includes('.') ? written : `${context.appLabel}.${written}`);
  const dotted = nameOf(target);
  if (dotted === undefined) return unknown(sourceOf(target));
  const setting = /^settings\.(\w+)$/.exec(dotted);
  if (setting) {
    const value = context.setting(setting[1]);
    return isUnknown(value) ? value : context.canonicalLabel(value);
  }
  return context.labelOfClass(context.classes.names.resolve(context.path, dotted)) ?? unknown(dotted);
}

/** `models.CASCADE` → `CASCADE`; `models.SET(…)` → `SET`. */
function onDeleteOf(expr: Expr): Known<string> {
  const dotted = nameOf(expr);
  if (dotted) return dotted.slice(dotted.lastIndexOf('.') + 1);
  return expr.kind === 'call' ? (calleeName(expr) ?? unknown(sourceOf(expr))) : unknown(sourceOf(expr));
}

/** `related_name="%(app_label)s_%(class)s_set"` (or an index name) as Django fills it in for the concrete model. */
export function fillPlaceholders(expr: Expr, context: Pick<FieldContext, 'modelName' | 'appLabel' | 'evaluate'>): Known<string> {
  const value = stringOr(context.evaluate(expr), expr);
  if (typeof value !== 'string') return value;
  return value
    .replace(/%\(class\)s/g, context.modelName.toLowerCase())
    .replace(/%\(model_name\)s/g, context.modelName.toLowerCase())
    .replace(/%\(app_label\)s/g, context.appLabel.toLowerCase());
}

export function stringOr(value: StaticValue, expr: Expr): Known<string> {
  if (typeof value === 'string') return value;
  return isUnknown(value) ? value : unknown(sourceOf(expr));
}

function numberValue(value: StaticValue, expr: Expr): Known<number> {
  if (typeof value === 'number') return value;
  return isUnknown(value) ? value : unknown(sourceOf(expr));
}
