/**
 * What a type change's new column must carry besides the field's own index: the indexes, unique
 * constraints, `unique_together`/`index_together` groups and check constraints of the model's
 * Meta that name the field, rebuilt on the new column and swapped in at the switch
 * (refactor/database/sequences/typeChangeSequence.ts). What cannot be rebuilt as written is
 * refused with the reason, as it would stay on the old column.
 *
 * ex) class Meta: indexes = [models.Index(fields=["total", "-created"], name="order_total_idx")]
 *     → CREATE INDEX CONCURRENTLY "order_total_idx_new" ON "shop_order" ("total_new", "created" DESC),
 *       then at the switch order_total_idx → order_total_idx_old, order_total_idx_new → order_total_idx.
 *     unique_together = [("total", "customer")] → the same under Django's digest names of the columns
 *     (`shop_order_total_new_customer_id_<hash>_uniq` → `shop_order_total_customer_id_<hash>_uniq`).
 *     constraints = [models.CheckConstraint(check=models.Q(total__gte=0), name="order_total_positive")]
 *     → CHECK ("total_new" >= 0) NOT VALID, VALIDATE after the copy, swapped by name at the switch.
 */
import type { DjangoProjectModel } from '../../../core/django/project';
import type { ModelConstraint, ModelIndex } from '../../../core/django/modelMeta';
import { isUnknown } from '../../../core/django/values';
import { replayMigrations } from '../../../core/database/migrationHistory';
import { schemaIndexName } from '../../../core/database/migrationNames';

/** An index or unique constraint of the model's Meta on the field's column (and maybe others). */
export interface MetaIndex {
  readonly name: string;
  readonly unique: boolean;
  /** Its columns in order, the field's among them, with whether each is descending (`-field`). */
  readonly columns: readonly { readonly column: string; readonly descending: boolean }[];
  /**
   * A `unique_together` (`_uniq`) or `index_together` (`_idx`) group: Django names it by a digest
   * of its columns, so its copies on the new and the old column take the digests of theirs.
   */
  readonly digest?: '_uniq' | '_idx';
}

/** A check constraint of the model's Meta that reads the field: its name and its `check=` as written. */
export interface MetaCheck {
  readonly name: string;
  readonly check: string;
}

/** What the new column is given: the indexes and constraints on the field's column, and the checks reading it. */
export interface MetaRebuilt {
  readonly indexes: readonly MetaIndex[];
  readonly checks: readonly MetaCheck[];
  /** The table's columns by field name, which the checks' lookups read. */
  readonly columns: Readonly<Record<string, string>>;
}

/** Where the model is and the field's table columns (by field name) before the operation. */
export interface MetaIndexQuery {
  readonly project: DjangoProjectModel;
  readonly app: string;
  readonly model: string;
  readonly table: string;
  readonly field: string;
  readonly columns: Readonly<Record<string, string>>;
}

/** PostgreSQL's longest name: a Meta entry's `_new`/`_old` copy must fit, or it would be truncated and not found. */
const LONGEST_NAME = 63 - '_new'.length;

/** The Meta indexes, unique constraints, together groups and checks naming the field, or why one of them cannot be rebuilt. */
export function metaIndexesOf(query: MetaIndexQuery): MetaRebuilt | string {
  const { project, app, model, field } = query;
  const declared = project.models.find((candidate) => candidate.appLabel === app && candidate.name.toLowerCase() === model.toLowerCase());
  if (!declared) return `the model \`${model}\` is not declared in the workspace: cannot tell whether its Meta indexes \`${field}\``;
  const { uniqueTogether, indexTogether, indexes, constraints } = declared.meta;
  const leftToYou = (what: string) => `\`${field}\` is named in \`${declared.name}.Meta\` (${what}), which would stay on the old column: drop it, change the type, then add it again`;
  const found: MetaIndex[] = [];
  for (const [option, groups, digest] of [['unique_together', uniqueTogether, '_uniq'], ['index_together', indexTogether, '_idx']] as const) {
    if (isUnknown(groups)) return `cannot tell \`${declared.name}.Meta.${option}\`: whether it names \`${field}\` is not known`;
    for (const group of groups.filter((candidate) => candidate.includes(field))) {
      const rebuilt = rebuild(query, { fields: group, unique: digest === '_uniq' });
      if (typeof rebuilt === 'string') return leftToYou(`${option} ${JSON.stringify(group)}: ${rebuilt}`);
      found.push({ ...rebuilt, name: schemaIndexName(query.table, rebuilt.columns.map((entry) => entry.column), digest), digest });
    }
  }
  if (isUnknown(indexes) || isUnknown(constraints)) return `cannot tell \`${declared.name}.Meta\`'s indexes or constraints: whether they name \`${field}\` is not known`;
  // `field`, `field__gte`, `F("field")`: a lookup or a reference, not a longer name (`field_total`).
  const reads = new RegExp(`(?<![\\w.])${field}(?![a-zA-Z0-9]|_[a-zA-Z0-9])`);
  const checks: MetaCheck[] = [];
  for (const constraint of constraints.filter((candidate) => candidate.kind === 'CheckConstraint')) {
    if (constraint.check !== undefined && !reads.test(constraint.check)) continue;
    const { name, check } = constraint;
    const problem = check === undefined ? 'no literal check=' : nameProblem(constraint);
    if (problem !== undefined || check === undefined || name === undefined || isUnknown(name)) return leftToYou(`the check constraint ${nameOf(constraint)}: ${problem}`);
    checks.push({ name, check });
  }
  for (const entry of [...indexes, ...constraints]) {
    const fields = entry.fields;
    if (fields === undefined || (!isUnknown(fields) && !fields.some((name) => name.replace(/^-/, '') === field))) continue;
    const rebuilt = rebuildEntry(query, entry);
    if (typeof rebuilt === 'string') return leftToYou(`${entry.kind} ${nameOf(entry)}: ${rebuilt}`);
    found.push(rebuilt);
  }
  return { indexes: found, checks, columns: query.columns };
}

function knownOr(value: unknown): string {
  return typeof value === 'string' ? value : '?';
}

function nameOf(entry: ModelIndex | ModelConstraint): string {
  return entry.name === undefined || isUnknown(entry.name) ? 'without a literal name' : `\`${entry.name}\``;
}

/** What keeps the entry's name from taking `_new`/`_old`: none written as a literal, or too long. */
function nameProblem(entry: ModelIndex | ModelConstraint): string | undefined {
  if (entry.name === undefined || isUnknown(entry.name)) return 'no literal name';
  return entry.name.length > LONGEST_NAME ? `a name longer than ${LONGEST_NAME} characters, whose \`_new\` copy PostgreSQL would truncate` : undefined;
}

/** The Meta entry as a plain (or unique) index on columns, or what keeps it from being one. */
function rebuildEntry(query: MetaIndexQuery, entry: ModelIndex | ModelConstraint): MetaIndex | string {
  const unique = entry.kind === 'UniqueConstraint';
  if (entry.kind !== 'Index' && !unique) return 'a kind this sequence does not rebuild';
  const problem = nameProblem(entry);
  if (problem !== undefined || entry.name === undefined || isUnknown(entry.name)) return problem ?? 'no literal name';
  if (entry.fields === undefined || isUnknown(entry.fields)) return 'expressions';
  if (entry.condition) return 'a condition';
  if (entry.others.length > 0) return `\`${entry.others.join('=`, `')}=\``;
  const rebuilt = rebuild(query, { fields: entry.fields, unique });
  return typeof rebuilt === 'string' ? rebuilt : { ...rebuilt, name: entry.name };
}

/** Fields (`-` marking descending ones) as an index on their columns, or the field whose column is not known. */
function rebuild(query: MetaIndexQuery, entry: { fields: readonly string[]; unique: boolean }): Omit<MetaIndex, 'name'> | string {
  const columns = [];
  for (const written of entry.fields) {
    const name = written.replace(/^-/, '');
    const column = query.columns[name];
    if (column === undefined) return `the column of \`${name}\` is not known`;
    columns.push({ column, descending: written.startsWith('-') });
  }
  return { unique: entry.unique, columns };
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
