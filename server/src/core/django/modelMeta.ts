/**
 * A model's `Meta` as Django reads it: the model's own `Meta` (with what it inherits from
 * `class Meta(Base.Meta)`), else the `Meta` of an abstract base, Python-style; multi-table
 * children also take `ordering` and `get_latest_by` from their parent. `abstract` is never
 * inherited (Django resets it on the abstract model's `Meta`). Then the options the database
 * stage reads: table, ordering, unique_together, index_together, indexes, constraints.
 */
import { calleeName, keywordOf, sourceOf, type Expr } from './expr';
import type { ClassIndex, ProjectClass } from './classes';
import { fillPlaceholders, type FieldContext } from './modelFields';
import { isUnknown, knownString, knownStrings, unknown, type Known, type StaticValue } from './values';

/** A Meta option as written, with the module it is written in (to evaluate its names there). */
export interface MetaOption {
  readonly value: Expr;
  readonly path: string;
}

export type MetaOptions = ReadonlyMap<string, MetaOption>;

export interface ModelIndex {
  /** `Index`, or a backend's (`GinIndex`). */
  readonly kind: string;
  /** Undefined when Django generates it. */
  readonly name?: Known<string>;
  /** Field names, `-` marking descending ones; unknown for functional indexes. */
  readonly fields: Known<string[]>;
  readonly condition: boolean;
  /** The keywords written besides `fields`, `name` and `condition` (`opclasses`, `include`, `db_tablespace`…). */
  readonly others: readonly string[];
}

export interface ModelConstraint {
  /** `UniqueConstraint`, `CheckConstraint`… */
  readonly kind: string;
  readonly name?: Known<string>;
  readonly fields?: Known<string[]>;
  /** A `condition=` (partial unique) or `check=`. */
  readonly condition: boolean;
  /** The keywords written besides `fields`, `name`, `condition` and `check` (`deferrable`, `include`…). */
  readonly others: readonly string[];
  /** A check constraint's `check=` (`condition=` in Django 5.1) as written. */
  readonly check?: string;
}

export interface ModelMeta {
  /** The options set, inherited ones included. */
  readonly options: readonly string[];
  readonly ordering?: Known<string[]>;
  readonly uniqueTogether: Known<string[][]>;
  readonly indexTogether: Known<string[][]>;
  readonly indexes: Known<ModelIndex[]>;
  readonly constraints: Known<ModelConstraint[]>;
  readonly defaultRelatedName?: Known<string>;
  readonly getLatestBy?: StaticValue;
}

/** The Meta options a model class ends up with (`abstract` only when its own Meta says so). */
export function effectiveMeta(cls: ProjectClass, classes: ClassIndex, isAbstractModel: (cls: ProjectClass) => boolean): Map<string, MetaOption> {
  const own = cls.facts.classes.find((inner) => inner.name === 'Meta');
  if (!own) {
    const base = classes.lineage(cls).slice(1).find((ancestor) => isAbstractModel(ancestor) && ancestor.facts.classes.some((c) => c.name === 'Meta'));
    return base ? withoutAbstract(effectiveMeta(base, classes, isAbstractModel)) : new Map();
  }
  const options = new Map<string, MetaOption>();
  for (const metaBase of own.bases) {
    const owner = metaBase.kind === 'name' ? /^(.*)\.Meta$/.exec(metaBase.name)?.[1] : undefined;
    const baseClass = owner ? classes.resolveClass(cls.path, owner) : undefined;
    if (baseClass) for (const [name, option] of withoutAbstract(effectiveMeta(baseClass, classes, isAbstractModel))) options.set(name, option);
  }
  for (const attribute of own.attributes) options.set(attribute.name, { value: attribute.value, path: cls.path });
  return options;
}

function withoutAbstract(options: Map<string, MetaOption>): Map<string, MetaOption> {
  options.delete('abstract');
  return options;
}

/** What a model context evaluates and fills in (the concrete model, for options of abstract bases). */
export type MetaContext = Pick<FieldContext, 'modelName' | 'appLabel'> & {
  evaluate(option: MetaOption): StaticValue;
};

export function modelMetaOf(options: MetaOptions, context: MetaContext): ModelMeta {
  const value = (name: string) => {
    const option = options.get(name);
    return option ? context.evaluate(option) : undefined;
  };
  const option = (name: string) => options.get(name);
  return {
    options: [...options.keys()],
    ordering: options.has('ordering') ? knownStrings(value('ordering')) : undefined,
    uniqueTogether: options.has('unique_together') ? together(value('unique_together')) : [],
    indexTogether: options.has('index_together') ? together(value('index_together')) : [],
    indexes: option('indexes') ? calls(option('indexes')!, context, indexOf) : [],
    constraints: option('constraints') ? calls(option('constraints')!, context, constraintOf) : [],
    defaultRelatedName: options.has('default_related_name') ? knownString(value('default_related_name')) : undefined,
    getLatestBy: value('get_latest_by'),
  };
}

/** Django's `normalize_together`: `("a", "b")` is one group, `[("a", "b"), ("c", "d")]` two. */
function together(value: StaticValue | undefined): Known<string[][]> {
  if (!Array.isArray(value)) return isUnknown(value) ? value : unknown(JSON.stringify(value ?? null));
  const items = value as readonly StaticValue[];
  if (items.length === 0) return [];
  if (typeof items[0] === 'string') {
    const single = knownStrings(items);
    return isUnknown(single) ? single : [single];
  }
  const groups: string[][] = [];
  for (const item of items) {
    const group = knownStrings(item);
    if (isUnknown(group)) return group;
    groups.push(group);
  }
  return groups;
}

function calls<T>(option: MetaOption, context: MetaContext, readCall: (call: Extract<Expr, { kind: 'call' }>, context: OptionContext) => T): Known<T[]> {
  if (option.value.kind !== 'list') return unknown(sourceOf(option.value));
  const read: T[] = [];
  const optionContext: OptionContext = { ...context, evaluate: (expr: Expr) => context.evaluate({ value: expr, path: option.path }) };
  for (const item of option.value.items) {
    if (item.kind !== 'call') return unknown(sourceOf(item));
    read.push(readCall(item, optionContext));
  }
  return read;
}

type OptionContext = Pick<FieldContext, 'modelName' | 'appLabel' | 'evaluate'>;

function indexOf(call: Extract<Expr, { kind: 'call' }>, context: OptionContext): ModelIndex {
  const fields = keywordOf(call, 'fields');
  const name = keywordOf(call, 'name');
  return {
    kind: calleeName(call) ?? sourceOf(call.callee),
    name: name ? fillPlaceholders(name, context) : undefined,
    fields: fields ? knownStrings(context.evaluate(fields)) : unknown(call.args.length > 0 ? 'expressions' : 'no fields'),
    condition: keywordOf(call, 'condition') !== undefined,
    others: otherKeywords(call),
  };
}

function constraintOf(call: Extract<Expr, { kind: 'call' }>, context: OptionContext): ModelConstraint {
  const fields = keywordOf(call, 'fields');
  const name = keywordOf(call, 'name');
  return {
    kind: calleeName(call) ?? sourceOf(call.callee),
    name: name ? fillPlaceholders(name, context) : undefined,
    fields: fields ? knownStrings(context.evaluate(fields)) : undefined,
    condition: keywordOf(call, 'condition') !== undefined || keywordOf(call, 'check') !== undefined,
    others: otherKeywords(call),
    ...checkOf(call),
  };
}

function checkOf(call: Extract<Expr, { kind: 'call' }>): { check?: string } {
  const check = calleeName(call) === 'CheckConstraint' ? (keywordOf(call, 'check') ?? keywordOf(call, 'condition')) : undefined;
  return check === undefined ? {} : { check: sourceOf(check) };
}

const READ_KEYWORDS = new Set(['fields', 'name', 'condition', 'check']);

function otherKeywords(call: Extract<Expr, { kind: 'call' }>): string[] {
  return call.keywords.flatMap((keyword) => (keyword.name === undefined || READ_KEYWORDS.has(keyword.name) ? [] : [keyword.name]));
}
