/**
 * The project's models as the ORM walks them: the relation an attribute or a lookup part names
 * (forward foreign keys and many-to-many, and the reverse accessors Django adds to the other
 * side), a lookup path (`customer__email__iexact`) down to the field it filters on, and whether a
 * field leads an index. Built once per project from the Django project model.
 */
import type { DjangoModelClass } from '../django/models';
import type { ModelField } from '../django/modelFields';
import { isUnknown } from '../django/values';

/** `single`: the attribute is one object (`select_related`); `many`: a manager (`prefetch_related`). */
export interface ModelRelation {
  readonly name: string;
  readonly target: string;
  readonly cardinality: 'single' | 'many';
  /** The forward field, when the relation is declared on this model. */
  readonly field?: ModelField;
}

/** Where a lookup path ends. */
export interface LookupTarget {
  readonly model: DjangoModelClass;
  readonly field: ModelField;
}

export class ModelGraph {
  private readonly byLabel = new Map<string, DjangoModelClass>();
  private readonly byQualifiedName = new Map<string, DjangoModelClass>();
  /** Reverse accessors (`order_set`, `related_name`) and reverse query names, per target label. */
  private readonly reverse = new Map<string, { accessors: Map<string, ModelRelation>; queryNames: Map<string, ModelRelation> }>();

  constructor(readonly models: readonly DjangoModelClass[]) {
    for (const model of models) {
      this.byLabel.set(model.label.toLowerCase(), model);
      this.byQualifiedName.set(model.qualifiedName, model);
    }
    for (const model of models) {
      if (model.abstract) continue;
      for (const field of model.fields) {
        const relation = field.relation;
        if (!relation || isUnknown(relation.to) || field.implicit) continue;
        const target = this.model(relation.to);
        if (!target) continue;
        const relatedName = relation.relatedName !== undefined && !isUnknown(relation.relatedName) ? relation.relatedName : undefined;
        if (relatedName?.endsWith('+')) continue;
        const own = model.name.toLowerCase();
        const oneToOne = relation.kind === 'OneToOneField';
        const entry = this.reverseOf(target.label);
        const back: ModelRelation = { name: relatedName ?? own, target: model.label, cardinality: oneToOne ? 'single' : 'many' };
        entry.accessors.set(relatedName ?? (oneToOne ? own : `${own}_set`), back);
        entry.queryNames.set(relatedName ?? own, back);
      }
    }
  }

  /** The model with a label (case-insensitive, as Django compares them). */
  model(label: string): DjangoModelClass | undefined {
    return this.byLabel.get(label.toLowerCase());
  }

  modelByQualifiedName(qualifiedName: string): DjangoModelClass | undefined {
    return this.byQualifiedName.get(qualifiedName);
  }

  /** The field `name` of a model, looking through multi-table parents; `pk` is the primary key. */
  field(model: DjangoModelClass, name: string): { model: DjangoModelClass; field: ModelField } | undefined {
    const own = name === 'pk' ? model.fields.find((field) => field.primaryKey === true) : model.fields.find((field) => field.name === name || (field.relation && field.column === name));
    if (own) return { model, field: own };
    for (const parent of model.parents) {
      const parentModel = this.model(parent);
      const found = parentModel && this.field(parentModel, name);
      if (found) return found;
    }
    return undefined;
  }

  /** The relation an attribute of an instance names (`order.customer`, `customer.orders`). */
  relation(model: DjangoModelClass, attribute: string): ModelRelation | undefined {
    const found = this.field(model, attribute);
    if (found) return found.field.name === attribute ? forward(found.field) : undefined;
    return this.reverseRelation(model, attribute, 'accessors');
  }

  /**
   * The field a lookup path filters on (`customer__email__iexact` → Customer.email), or undefined
   * when a part is not known (a model outside the workspace, an annotation). Transforms and
   * lookups after the field (`__year`, `__in`) are left out.
   */
  lookup(model: DjangoModelClass, path: string): LookupTarget | undefined {
    let current = model;
    let last: LookupTarget | undefined;
    for (const part of path.split('__')) {
      if (last && !last.field.relation) return last;
      if (last) {
        const next = this.model(isUnknown(last.field.relation!.to) ? '' : last.field.relation!.to);
        if (!next) return undefined;
        current = next;
      }
      const found = this.field(current, part);
      if (found) {
        last = { model: found.model, field: found.field };
        continue;
      }
      const back = this.reverseRelation(current, part, 'queryNames');
      if (!back) return last && !last.field.relation ? last : undefined;
      // A reverse relation is a join on the other side's foreign key, which is indexed; what follows filters the other model.
      const other = this.model(back.target);
      if (!other) return undefined;
      current = other;
      last = undefined;
      const pk = other.fields.find((field) => field.primaryKey === true);
      if (!pk) return undefined;
      last = { model: other, field: { ...pk, relation: { kind: 'ForeignKey', to: other.label } } };
    }
    return last;
  }

  private reverseRelation(model: DjangoModelClass, name: string, kind: 'accessors' | 'queryNames'): ModelRelation | undefined {
    for (let current: DjangoModelClass | undefined = model; current; current = current.parents[0] ? this.model(current.parents[0]) : undefined) {
      const found = this.reverse.get(current.label.toLowerCase())?.[kind].get(name);
      if (found) return found;
    }
    return undefined;
  }

  private reverseOf(label: string) {
    const key = label.toLowerCase();
    let entry = this.reverse.get(key);
    if (!entry) {
      entry = { accessors: new Map(), queryNames: new Map() };
      this.reverse.set(key, entry);
    }
    return entry;
  }
}

function forward(field: ModelField): ModelRelation | undefined {
  const relation = field.relation;
  if (!relation || isUnknown(relation.to)) return undefined;
  return { name: field.name, target: relation.to, cardinality: relation.kind === 'ManyToManyField' ? 'many' : 'single', field };
}

/**
 * Whether the database can find rows by `field` through an index: a primary key, a unique or
 * indexed field, a foreign key (Django indexes them), or the first column of `Meta.indexes`,
 * `unique_together`, `index_together` or a unique constraint. What is not known counts as
 * indexed: the rule must not report a field whose index it cannot see.
 */
export function isIndexed(model: DjangoModelClass, field: ModelField): boolean {
  if (field.primaryKey !== false || field.unique !== false || field.dbIndex !== false) return true;
  if (field.relation && field.relation.kind !== 'ManyToManyField') return true;
  return leadingColumns(model).has(field.name);
}

/** The fields that lead some index of the model's Meta; all of them when one is not known. */
function leadingColumns(model: DjangoModelClass): { has(name: string): boolean } {
  const { meta } = model;
  if (isUnknown(meta.indexes) || isUnknown(meta.uniqueTogether) || isUnknown(meta.indexTogether) || isUnknown(meta.constraints)) return { has: () => true };
  const lists: (readonly string[] | undefined)[] = [
    ...meta.indexes.map((index) => (isUnknown(index.fields) ? ['*'] : index.fields)),
    ...meta.uniqueTogether,
    ...meta.indexTogether,
    ...meta.constraints.map((constraint) => (constraint.fields === undefined ? [] : isUnknown(constraint.fields) ? ['*'] : constraint.fields)),
  ];
  const firsts = new Set(lists.map((list) => list?.[0]?.replace(/^-/, '')).filter((name): name is string => !!name));
  return { has: (name) => firsts.has('*') || firsts.has(name) };
}
