/**
 * Indexes another index of the same table makes redundant: a B-tree index on (a) serves every
 * query an index on (a, b) serves, so a plain index whose columns begin another's only costs
 * writes and space. Unique indexes are never reported (they enforce a constraint), nor partial
 * or functional ones, nor other kinds (GIN, GiST…), whose use differs.
 */
import type { RelatedLocation } from '../model/finding';
import type { SourceRange } from '../model/sourceRange';
import type { DjangoModelClass } from '../django/models';
import { isUnknown } from '../django/values';

interface TableIndex {
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** How the index is declared: `db_index=True on customer`, `Meta.indexes ["customer", "created_at"]`. */
  readonly label: string;
  readonly path: string;
  readonly range: SourceRange;
}

/** A redundant index, where it is declared and what makes it so. */
export interface RedundantIndex {
  readonly path: string;
  readonly range: SourceRange;
  readonly message: string;
  readonly related: RelatedLocation[];
}

export function redundantIndexes(models: readonly DjangoModelClass[]): RedundantIndex[] {
  const found: RedundantIndex[] = [];
  for (const model of models) {
    if (model.abstract || model.proxy) continue;
    const indexes = indexesOf(model, models);
    indexes.forEach((index, position) => {
      if (index.unique) return;
      const wider = indexes.find(
        (other, at) => other !== index && other.columns.length >= index.columns.length && index.columns.every((column, i) => other.columns[i] === column) && (other.columns.length > index.columns.length || other.unique || at < position),
      );
      if (!wider) return;
      found.push({
        path: index.path,
        range: index.range,
        message: `${model.name}: the index of ${index.label} is redundant: ${wider.label} starts with the same column${index.columns.length > 1 ? 's' : ''} and serves the same lookups. Drop it (db_index=False, or remove it from Meta).`,
        related: [{ path: wider.path, range: wider.range, message: wider.label }],
      });
    });
  }
  return found;
}

function indexesOf(model: DjangoModelClass, models: readonly DjangoModelClass[]): TableIndex[] {
  const indexes: TableIndex[] = [];
  const fieldPath = (inheritedFrom: string | undefined) => (inheritedFrom && models.find((m) => m.qualifiedName === inheritedFrom)?.path) || model.path;
  for (const field of model.fields) {
    if (field.implicit || !field.column) continue;
    const unique = field.unique === true || field.primaryKey === true;
    if (!unique && field.dbIndex !== true) continue;
    const kind = unique ? 'unique=True' : field.relation ? 'the foreign key' : 'db_index=True';
    indexes.push({ columns: [field.name], unique, label: `${kind} on ${field.name}`, path: fieldPath(field.inheritedFrom), range: field.range });
  }
  const { meta } = model;
  const at = { path: model.path, range: model.range };
  const lists = (written: string, unique: boolean, all: readonly (readonly string[])[]) =>
    all.forEach((columns) => indexes.push({ columns: columns.map((c) => c.replace(/^-/, '')), unique, label: `${written} ${JSON.stringify(columns)}`, ...at }));
  if (!isUnknown(meta.indexes)) lists('Meta.indexes', false, meta.indexes.filter((i) => i.kind === 'Index' && !i.condition && !isUnknown(i.fields)).map((i) => i.fields as string[]));
  if (!isUnknown(meta.indexTogether)) lists('index_together', false, meta.indexTogether);
  if (!isUnknown(meta.uniqueTogether)) lists('unique_together', true, meta.uniqueTogether);
  if (!isUnknown(meta.constraints)) {
    const unique = meta.constraints.filter((c) => c.kind === 'UniqueConstraint' && !c.condition && c.fields !== undefined && !isUnknown(c.fields));
    lists('UniqueConstraint', true, unique.map((c) => c.fields as string[]));
  }
  return indexes;
}
