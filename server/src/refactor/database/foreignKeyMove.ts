/**
 * Moving a foreign key through a one-to-one (refactor/database/moveField.ts): what it changes in
 * meaning (refused), and the sequence for its column on the target. Before:
 *
 *     class Issue(models.Model):
 *         letter = models.OneToOneField(Letter, on_delete=models.CASCADE)
 *         editor = models.ForeignKey(Editor, null=True, on_delete=models.SET_NULL, related_name="+")
 *
 * After: `Letter.editor`, and `Issue.editor` / `Issue.editor_id` properties through `self.letter`;
 * the migrations: the bare `editor_id` column (metadata only), the batched copy, the index built
 * CONCURRENTLY, the FOREIGN KEY NOT VALID, VALIDATE, then Django forgets `Issue.editor`.
 *
 * Deletes: each release's Django handles `on_delete` only for the key it knows, so the key it does
 * not know sets itself NULL in the database (ON DELETE SET NULL): the new column's constraint from
 * the start (the old release deletes an `Editor` it points to), the old column's from the step that
 * forgets it (the new release does). Without that, either release's delete of a pointed-to row fails.
 */
import type { DjangoModelClass } from '../../core/django/models';
import type { ModelField } from '../../core/django/modelFields';
import type { DjangoProjectModel } from '../../core/django/project';
import { isUnknown } from '../../core/django/values';
import type { MigrationStep } from '../../core/database/migrationWriter';
import type { PythonParser } from '../../core/parse/pythonParser';
import type { ForgetOperations } from './columnMove';
import { keywordSource } from './fieldCall';
import { dropConstraintSql, retriedSql, type LockRetry } from './sequences/ddl';
import { addForeignKeySql, foreignKeyName, foreignKeySteps } from './sequences/safeSequences';

/**
 * Why a foreign key does not move along the one-to-one. Declared on the target, it changes what
 * deleting the row it points to does under CASCADE (the target's rows go, and the model's with
 * them) and what its reverse accessor returns: those moves are refused for it.
 */
export function foreignKeyRefusal(model: DjangoModelClass, field: ModelField, target: DjangoModelClass): string | undefined {
  const relation = field.relation!;
  const name = `\`${model.name}.${field.name}\``;
  const pointed = isUnknown(relation.to) ? 'the row it points to' : `a \`${relation.to}\``;
  const onDelete = relation.onDelete === undefined || isUnknown(relation.onDelete) ? undefined : relation.onDelete;
  if (onDelete === undefined || onDelete === 'CASCADE') {
    const cascade = `${name} is a ForeignKey with on_delete=${onDelete ?? '(unknown)'}: declared on \`${target.name}\`, deleting ${pointed} would delete the \`${target.name}\` rows that point to it (and their \`${model.name}\` through the one-to-one), where today it deletes only \`${model.name}\` rows`;
    // The steps themselves keep deletes as they are (the old release's CASCADE, the new column set NULL by its constraint): the new release's declaration does not.
    return `${cascade}. The migrations alone would keep that (the old release cascades to \`${model.name}\`, the new column sets itself NULL), but no on_delete Django offers deletes the \`${model.name}\` and keeps the \`${target.name}\`: give the key on_delete=SET_NULL (or your own on_delete that collects the \`${model.name}\` rows), then move it`;
  }
  const related = relation.relatedName;
  if (related === undefined || isUnknown(related) || !related.endsWith('+')) {
    const accessor = related === undefined ? `${model.name.toLowerCase()}_set` : isUnknown(related) ? '(unknown)' : related;
    return `${name} is a ForeignKey whose reverse accessor \`${accessor}\` on ${pointed} returns \`${model.name}\` rows, and would return \`${target.name}\` rows once the key is declared there (its reverse lookups too): give it related_name="+" once nothing reads it`;
  }
  return undefined;
}

/** The moved key's column on the target: the bare column, then (after the copy) its index and constraint. */
export interface ForeignKeyColumnSteps {
  readonly add: MigrationStep;
  readonly afterCopy: readonly MigrationStep[];
  /** With the step forgetting the old field: its column's constraint made ON DELETE SET NULL (plain again when reversed), which locks the key's target too. */
  readonly releaseOld: ForgetOperations;
}

/** The steps adding the key's column to `target` as `nullable` declares it, or why they cannot be written. */
export function foreignKeyColumnSteps(
  parser: PythonParser,
  project: DjangoProjectModel,
  moved: { model: DjangoModelClass; field: ModelField; target: DjangoModelClass; nullable: string; imports: readonly string[]; lockRetry: LockRetry },
): ForeignKeyColumnSteps | string {
  const { model, field, target, nullable, lockRetry } = moved;
  const name = `\`${field.name}\``;
  for (const keyword of ['to_field', 'db_constraint', 'db_column']) {
    if (keywordSource(parser, nullable, keyword) !== undefined) return `${name} sets ${keyword}=, which the moved key's sequence does not write: left to you`;
  }
  const to = field.relation?.to;
  const pointed = to === undefined || isUnknown(to) ? undefined : project.models.find((candidate) => candidate.label === to);
  if (!pointed) return `the model ${name} points to is not declared in the workspace: its table and primary key are not known`;
  const key = pointed.fields.find((candidate) => candidate.primaryKey === true)?.column;
  if (key === undefined || pointed.dbTable === undefined || isUnknown(pointed.dbTable)) return `cannot tell the table and primary key of \`${pointed.label}\``;
  if (target.dbTable === undefined || isUnknown(target.dbTable) || field.column === undefined) return `cannot tell the table of \`${target.label}\``;
  if (model.dbTable === undefined || isUnknown(model.dbTable)) return `cannot tell the table of \`${model.label}\``;
  const steps = foreignKeySteps(parser, {
    app: target.appLabel,
    model: target.name,
    table: target.dbTable,
    field: field.name,
    column: field.column,
    fieldSource: nullable,
    imports: moved.imports,
    targetTable: pointed.dbTable,
    targetColumn: key,
    setNullOnDelete: true,
    lockRetry,
  });
  if (typeof steps === 'string') return steps;
  const [add, ...afterCopy] = steps;
  const old = { table: model.dbTable, column: field.column, targetTable: pointed.dbTable, targetColumn: key };
  const drop = dropConstraintSql(old.table, foreignKeyName(old.table, old.column, old.targetTable, old.targetColumn));
  // One group each way under the lock retries, so the column is never left without its constraint.
  // Reversed, the plain constraint returns NOT VALID: validating it would scan under the migration's lock.
  const releaseOld = retriedSql([drop, addForeignKeySql({ ...old, setNullOnDelete: true })], [drop, addForeignKeySql(old)], lockRetry);
  return { add, afterCopy, releaseOld: { operations: [releaseOld], alsoLocks: [old.targetTable] } };
}
