/**
 * What a type change's new column must carry besides the field's own index: the indexes and
 * unique constraints of the model's Meta that name the field, rebuilt on the new column and
 * swapped in at the switch (refactor/database/sequences/typeChangeSequence.ts). What cannot be
 * rebuilt as written is refused with the reason, as it would stay on the old column.
 *
 * ex) class Meta: indexes = [models.Index(fields=["total", "-created"], name="order_total_idx")]
 *     → CREATE INDEX CONCURRENTLY "order_total_idx_new" ON "shop_order" ("total_new", "created" DESC),
 *       then at the switch order_total_idx → order_total_idx_old, order_total_idx_new → order_total_idx.
 */
import type { DjangoProjectModel } from '../../../core/django/project';
import type { ModelConstraint, ModelIndex } from '../../../core/django/modelMeta';
import { isUnknown } from '../../../core/django/values';
import { replayMigrations } from '../../../core/database/migrationHistory';

/** An index or unique constraint of the model's Meta on the field's column (and maybe others). */
export interface MetaIndex {
  readonly name: string;
  readonly unique: boolean;
  /** Its columns in order, the field's among them, with whether each is descending (`-field`). */
  readonly columns: readonly { readonly column: string; readonly descending: boolean }[];
}

/** Where the model is and the field's table columns (by field name) before the operation. */
export interface MetaIndexQuery {
  readonly project: DjangoProjectModel;
  readonly app: string;
  readonly model: string;
  readonly field: string;
  readonly columns: Readonly<Record<string, string>>;
}

/** The Meta indexes and unique constraints naming the field, or why one of them cannot be rebuilt. */
export function metaIndexesOf(query: MetaIndexQuery): MetaIndex[] | string {
  const { project, app, model, field } = query;
  const declared = project.models.find((candidate) => candidate.appLabel === app && candidate.name.toLowerCase() === model.toLowerCase());
  if (!declared) return `the model \`${model}\` is not declared in the workspace: cannot tell whether its Meta indexes \`${field}\``;
  const { uniqueTogether, indexTogether, indexes, constraints } = declared.meta;
  const leftToYou = (what: string) => `\`${field}\` is named in \`${declared.name}.Meta\` (${what}), which would stay on the old column: drop it, change the type, then add it again`;
  for (const [option, groups] of [['unique_together', uniqueTogether], ['index_together', indexTogether]] as const) {
    if (isUnknown(groups)) return `cannot tell \`${declared.name}.Meta.${option}\`: whether it names \`${field}\` is not known`;
    if (groups.some((group) => group.includes(field))) return leftToYou(`${option}, whose index Django names by a digest`);
  }
  if (isUnknown(indexes) || isUnknown(constraints)) return `cannot tell \`${declared.name}.Meta\`'s indexes or constraints: whether they name \`${field}\` is not known`;
  // `field`, `field__gte`, `F("field")`: a lookup or a reference, not a longer name (`field_total`).
  const reads = new RegExp(`(?<![\\w.])${field}(?![a-zA-Z0-9]|_[a-zA-Z0-9])`);
  const check = constraints.find((constraint) => constraint.kind === 'CheckConstraint' && (constraint.check === undefined || reads.test(constraint.check)));
  if (check) return leftToYou(`the check constraint ${nameOf(check)}, whose check reads it and is not rebuilt`);
  const found: MetaIndex[] = [];
  for (const entry of [...indexes, ...constraints]) {
    const fields = entry.fields;
    if (fields === undefined || (!isUnknown(fields) && !fields.some((name) => name.replace(/^-/, '') === field))) continue;
    const rebuilt = rebuild(query, entry);
    if (typeof rebuilt === 'string') return leftToYou(`${entry.kind} ${nameOf(entry)}: ${rebuilt}`);
    found.push(rebuilt);
  }
  return found;
}

function knownOr(value: unknown): string {
  return typeof value === 'string' ? value : '?';
}

function nameOf(entry: ModelIndex | ModelConstraint): string {
  return entry.name === undefined || isUnknown(entry.name) ? 'without a literal name' : `\`${entry.name}\``;
}

/** The entry as a plain (or unique) index on columns, or what keeps it from being one. */
function rebuild(query: MetaIndexQuery, entry: ModelIndex | ModelConstraint): MetaIndex | string {
  const unique = entry.kind === 'UniqueConstraint';
  if (entry.kind !== 'Index' && !unique) return 'a kind this sequence does not rebuild';
  if (entry.name === undefined || isUnknown(entry.name)) return 'no literal name';
  if (entry.fields === undefined || isUnknown(entry.fields)) return 'expressions';
  if (entry.condition) return 'a condition';
  if (entry.others.length > 0) return `\`${entry.others.join('=`, `')}=\``;
  const columns = [];
  for (const written of entry.fields) {
    const name = written.replace(/^-/, '');
    const column = query.columns[name];
    if (column === undefined) return `the column of \`${name}\` is not known`;
    columns.push({ column, descending: written.startsWith('-') });
  }
  return { name: entry.name, unique, columns };
}

/**
 * The foreign keys some migration declares with `to_field=` the field: their constraints point at
 * the old column's unique index, which a rename cannot move (Django drops and re-creates them).
 */
export function referencingForeignKeys(project: DjangoProjectModel, app: string, model: string, field: string): string[] {
  const target = [model.toLowerCase(), `${app}.${model}`.toLowerCase()];
  const found = new Set<string>();
  for (const { operation, migration } of replayMigrations(project.migrations)) {
    const specs = [...(operation.spec ? [{ name: operation.field, spec: operation.spec }] : []), ...(operation.fields ?? [])];
    for (const { name, spec } of specs) {
      if (spec.relation?.toField === field && target.includes(spec.relation.to.toLowerCase())) found.add(`${migration.app}.${knownOr(operation.model)}.${knownOr(name)}`);
    }
  }
  return [...found];
}
