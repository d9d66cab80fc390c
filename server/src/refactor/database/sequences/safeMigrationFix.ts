/**
 * Quick fix of `unsafe-migration`: "Write the safe migration sequence". The risky operation of a
 * migration production has not run yet is replaced by the sequence of refactor/database/
 * safeSequences.ts: its first step where the operation stood, the others as new migrations
 * numbered after the app's latest (the migration itself, or the steps written for its other operations). Django's state after the sequence is the one the operation gave, so
 * `makemigrations --check` stays clean.
 *
 * ex) 0002_subscription_channel.py: AddField("subscription", "channel", models.CharField(max_length=20))
 *     becomes 0002 (the field added null=True), 0003_fill_channel (batched RunPython, reversible),
 *     0004_channel_not_null_check (CHECK … NOT VALID; the state NOT NULL) and 0005_channel_not_null
 *     (VALIDATE, SET NOT NULL, the check dropped).
 *
 * Sequences: a NOT NULL AddField, an AlterField setting NOT NULL or changing the column's type, an index (AddIndex, a field's
 * db_index/unique, a UniqueConstraint, unique_together/index_together groups), an index dropped (RemoveIndex, db_index taken off), a check constraint, a foreign key or its constraint turned on.
 *
 * Refused, with the reason: a migration followed by others than the steps Untangle wrote for it,
 * or that production has applied (per `.untangle/db-stats.json`), a database other than PostgreSQL, and the operations no sequence is
 * written for (see docs/rules/unsafe-migration.md).
 */
import type { Settings } from '../../../core/config/settings';
import type { PythonParser } from '../../../core/parse/pythonParser';
import type { DjangoMigration } from '../../../core/django/migrations/migrationFacts';
import type { DjangoProjectModel } from '../../../core/django/project';
import { isUnknown } from '../../../core/django/values';
import { replayMigrations, tableOfModel, type ReplayedOperation } from '../../../core/database/migrationHistory';
import { appMigrations, pythonString, writeMigrations, type MigrationStep } from '../../../core/database/migrationWriter';
import { refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../../domainEdit';
import { checkedEdit } from '../../editCheck';
import type { FindingPlaces } from '../../findingRefactoring';
import { snapshotSources } from '../../queries/projectSources';
import { checkConstraintSteps, concurrentIndexSteps, foreignKeyConstraintSteps, foreignKeySteps, notNullFieldSteps, setNotNullSteps, type FieldFacts } from './safeSequences';
import { alteredIndexSteps, droppedIndexSteps, indexedFieldSteps, removedIndexSteps, togetherBuilds, togetherSteps, uniqueConstraintShape, uniqueConstraintSteps } from './indexSequences';
import { dropPurpose, droppedTogether, droppedUniqueField, dropStep, removedConstraintSteps } from './dropSequences';
import type { LockRetry } from './ddl';
import { togetherChange } from '../../../core/database/operationRisks';
import { addConstraint, fieldOperation } from '../operationSource';
import { typeChange, type MigrationFieldSpec } from '../../../core/django/migrations/migrationFields';
import { operationAt, removeOperation, replaceOperation, type OperationSite } from '../migrationModule';
import { keywordSource } from '../fieldCall';
import { typeChangeSteps } from './typeChangeSequence';
import { metaIndexesOf, referencingForeignKeys } from './metaIndexes';
import { statsNear, whyNotRewritable } from './rewritable';

export const SAFE_SEQUENCE_TITLE = 'Write the safe migration sequence';

/** The operations a sequence is written for; the finding's message gives the recipe of the others. */
const LEFT_ALONE = 'no safe sequence is written for this operation: the finding gives the recipe (docs/rules/unsafe-migration.md)';

/** Operations a sequence is written for (`AddField`, `AlterField` only for some changes: told when planned). */
const WRITTEN_FOR = new Set(['AddField', 'AlterField', 'AddIndex', 'RemoveIndex', 'AddConstraint', 'RemoveConstraint', 'AlterUniqueTogether', 'AlterIndexTogether']);

/**
 * The action as the editor lists it, without planning: refused at once on an operation no
 * sequence is written for (the operation's name read from its line), so the list says why.
 */
export function safeSequenceOffer(snapshot: WorkspaceSnapshot, finding: FindingPlaces): { title: string; refused?: string } {
  const line = (snapshot.read(finding.path) ?? '').split('\n')[finding.range.start.line] ?? '';
  // The first class called on the line: operations are classes, and the finding's line is the operation's first.
  const kind = /\b([A-Z]\w*)\(/.exec(line)?.[1];
  return kind === undefined || WRITTEN_FOR.has(kind) ? { title: SAFE_SEQUENCE_TITLE } : { title: SAFE_SEQUENCE_TITLE, refused: LEFT_ALONE };
}

export function safeMigrationSequence(parser: PythonParser, snapshot: WorkspaceSnapshot, finding: FindingPlaces, settings: Settings): RefactorResult {
  if (settings.database !== 'postgresql') return refuse(`the safe sequences are PostgreSQL's, and the project's database is ${settings.database}`);
  const sources = snapshotSources(parser, snapshot, finding.path);
  const project = sources.project;
  const migration = project.migrations.find((candidate) => candidate.path === finding.path);
  if (!migration) return refuse('the finding is not in a migration of the project');
  const text = snapshot.read(migration.path);
  if (text === undefined) return refuse(`cannot read ${migration.path}`);
  const line = finding.range.start.line;
  const site = operationAt(parser, text, line);
  if (typeof site === 'string') return refuse(site);
  const replayed = replayMigrations(project.migrations).find((step) => step.migration === migration && step.operation.line === line && !step.databaseOnly);
  if (!replayed) return refuse('the operation is not one the migration history replays');
  const facts = { parser, project, migration, site, replayed, settings, snapshot };
  let steps = stepsFor(facts);
  if (typeof steps === 'string') return refuse(steps);
  if (steps[0].atomic && holdsOtherLocks(site)) {
    // In place after operations on other tables, whose locks its transaction holds: retried, its
    // lock would be waited for up to the whole retry time while queries on those tables queue. One
    // attempt fails the migration (rolled back whole, to run again) after one lock timeout instead.
    const once = stepsFor({ ...facts, settings: { ...settings, unsafeMigration: { ...settings.unsafeMigration, lockAttempts: 1 } } });
    if (typeof once === 'string') return refuse(once);
    steps = once;
  }
  // What the operation needs is said first: it holds wherever the migration sits.
  const notYet = whyNotRewritable(project, migration, snapshot);
  if (notYet) return refuse(notYet);
  return edits(parser, snapshot, facts, steps);
}

/** Whether an operation before `site` in its migration may lock another table than its own. */
function holdsOtherLocks(site: OperationSite): boolean {
  const own = siteModel(site)?.toLowerCase();
  return site.modelsBefore.some((model) => model === undefined || model !== own);
}

/** The model the operation names, as written (`model_name`, or a together option's `name`). */
function siteModel(site: OperationSite): string | undefined {
  const together = site.kind === 'AlterUniqueTogether' || site.kind === 'AlterIndexTogether';
  const model = site.arguments.get(together ? 'name' : 'model_name');
  return (model && /^["'](\w+)["']$/.exec(model)?.[1]) || undefined;
}

interface Facts {
  readonly parser: PythonParser;
  readonly project: DjangoProjectModel;
  readonly migration: DjangoMigration;
  readonly site: OperationSite;
  readonly replayed: ReplayedOperation;
  readonly settings: Settings;
  readonly snapshot: WorkspaceSnapshot;
}

/** What every writer is given: the model's app, name and table, and how its brief locks are retried. */
interface Base {
  readonly app: string;
  readonly model: string;
  readonly table: string;
  readonly lockRetry: LockRetry;
}

/** The sequence for the operation, or why there is none. */
function stepsFor(facts: Facts): MigrationStep[] | string {
  const { parser, site, replayed } = facts;
  if (!WRITTEN_FOR.has(site.kind)) return LEFT_ALONE;
  const modelName = siteModel(site);
  if (!modelName) return 'the operation names no model as a string';
  const table = tableOfModel(facts.project, facts.migration.app, replayed.table?.model ?? modelName);
  const base: Base = { app: facts.migration.app, model: modelName, table, lockRetry: facts.settings.unsafeMigration };
  switch (site.kind) {
    case 'AddField':
      return addFieldSteps(facts, base);
    case 'AlterField':
      return alterFieldSteps(facts, base);
    case 'AddIndex': {
      const index = site.arguments.get('index');
      const name = typeof replayed.operation.indexName === 'string' ? replayed.operation.indexName : undefined;
      if (!index || !name) return 'the index has no name written: give it one (makemigrations always does)';
      return concurrentIndexSteps({ ...base, fields: [name], columns: [], name, source: index }).map((step) => ({ ...step, slug: name.toLowerCase() }));
    }
    case 'RemoveIndex': {
      const name = typeof replayed.operation.indexName === 'string' ? replayed.operation.indexName : undefined;
      return name ? removedIndexSteps(modelName, name) : 'the index has no literal name';
    }
    case 'RemoveConstraint': {
      const state = `migrations.RemoveConstraint(\n    model_name=${pythonString(modelName)},\n    name=${site.arguments.get('name') ?? '?'},\n)`;
      return removedConstraintSteps({ ...facts, migrations: facts.project.migrations, table, columns: columnsOf(replayed), state, lockRetry: base.lockRetry });
    }
    case 'AlterUniqueTogether':
    case 'AlterIndexTogether':
      return alteredTogetherSteps(facts, base);
    case 'AddConstraint': {
      const constraint = site.arguments.get('constraint');
      const name = typeof replayed.operation.indexName === 'string' ? replayed.operation.indexName : undefined;
      if (constraint && name && replayed.operation.indexClass === 'UniqueConstraint') return uniqueSteps(facts, base, constraint, name);
      if (replayed.operation.indexClass !== 'CheckConstraint') return `${LEFT_ALONE.replace('this operation', `a ${replayed.operation.indexClass ?? 'constraint'}`)}`;
      const check = constraint && (keywordSource(parser, constraint, 'check') ?? keywordSource(parser, constraint, 'condition'));
      if (!constraint || !name || !check) return 'the check constraint has no literal check= and name=';
      return checkConstraintSteps(parser, { ...base, name, check, columns: columnsOf(replayed), source: constraint });
    }
    default:
      return LEFT_ALONE;
  }
}

/** The groups an `Alter*Together` adds, each its index concurrently (a unique one then the constraint); the operation as state. */
function alteredTogetherSteps(facts: Facts, base: Base): MigrationStep[] | string {
  const { site, replayed } = facts;
  const unique = site.kind === 'AlterUniqueTogether';
  const option = unique ? 'unique_together' : 'index_together';
  const change = togetherChange(replayed.operation, replayed.table);
  const groups = site.arguments.get(option);
  if (!change || !groups) return `the ${option} groups are not written as literals`;
  const known = columnsOf(replayed);
  const missing = [...change.added, ...change.removed].flat().find((field) => known[field] === undefined);
  if (missing) return `cannot tell the column of \`${missing}\`: no migration of the workspace adds it`;
  const state = `migrations.${site.kind}(\n    name=${pythonString(base.model)},\n    ${option}=${groups},\n)`;
  const columns = (list: string[][]) => list.map((group) => group.map((field) => known[field]));
  const added = { ...base, unique, groups: columns(change.added), state };
  if (change.removed.length === 0) return togetherSteps(added);
  // Those added are built before those removed are dropped, so the queries they serve always have one.
  const purpose = `${change.added.length ? 'Builds the groups added CONCURRENTLY first. ' : ''}${dropPurpose(base.lockRetry)}`;
  return [dropStep(`${base.model.toLowerCase()}_${option}_together`, droppedTogether(base.table, unique, columns(change.removed), base.lockRetry), state, base.lockRetry, { before: togetherBuilds(added), purpose })];
}

/** The field's columns as the table had them before the operation (`customer` → `customer_id`). */
function columnsOf(replayed: ReplayedOperation): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const [name, spec] of replayed.table?.fields ?? []) columns[name] = spec.dbColumn ?? (spec.relation ? `${name}_id` : name);
  return columns;
}

/** The field of an `AddField`/`AlterField` as the database sees it and as written, or why it cannot be read. */
function writtenField(facts: Facts): { spec: MigrationFieldSpec; field: string; fieldSource: string; imports: string[] } | string {
  const { site, replayed } = facts;
  const spec = replayed.operation.spec;
  const field = typeof replayed.operation.field === 'string' ? replayed.operation.field : undefined;
  const fieldSource = site.arguments.get('field');
  if (!spec || !field || !fieldSource) return 'the field is not written as a literal call';
  // The module's imports, which the field's source may need in the steps' own modules.
  return { spec, field, fieldSource, imports: site.imports.filter((line) => line !== 'from django.db import migrations, models') };
}

function addFieldSteps(facts: Facts, base: Base): MigrationStep[] | string {
  const { parser, site, settings } = facts;
  const written = writtenField(facts);
  if (typeof written === 'string') return written;
  const { spec, field, fieldSource, imports } = written;
  if (site.arguments.has('preserve_default')) return 'the field carries a one-off default (preserve_default=False): no backfill sequence is needed for it';
  const column = spec.dbColumn ?? (spec.relation ? `${field}_id` : field);
  const fieldFacts: FieldFacts = { ...base, field, column, fieldSource, imports };
  if (spec.relation) {
    if (spec.unique) return 'a one-to-one or unique foreign key needs its unique index built concurrently first: left to you';
    // No constraint: only its index is at stake.
    if (!spec.relation.dbConstraint) return spec.dbIndex ? indexedFieldSteps(parser, { ...fieldFacts, fieldClass: spec.fieldClass, unique: false }) : LEFT_ALONE;
    const target = targetFacts(facts, fieldSource, spec.relation.to);
    if (typeof target === 'string') return target;
    return foreignKeySteps(parser, { ...fieldFacts, ...target });
  }
  const defaulted = spec.hasDefault || spec.dbDefault || spec.blankString;
  if (spec.unique || spec.dbIndex) {
    if (!spec.null && !defaulted) return `the field \`${field}\` is NOT NULL without a default and indexed: add it nullable and without its index, then fix each step`;
    if (spec.unique && !spec.null) return `every existing row would get the same default for \`${field}\`, which its unique index refuses: add it nullable`;
    return indexedFieldSteps(parser, { ...fieldFacts, fieldClass: spec.fieldClass, unique: spec.unique });
  }
  if (spec.null || defaulted) return LEFT_ALONE;
  const backfill = backfillOf(facts, base, field);
  if (backfill.refused) return backfill.refused;
  return notNullFieldSteps(parser, fieldFacts, backfill.value, settings.unsafeMigration.backfill.batchSize);
}

/** A literal default (`0`, `"web"`, `True`, `None` aside) the NULL rows can take as they are. */
const LITERAL = /^(-?\d[\d_.]*|True|False|"[^"\\]*"|'[^'\\]*')$/;

/**
 * The value the existing rows of `field` get, from `unsafeMigration.backfill.values`, else (for
 * an `AlterField`) its literal default; or why it is not known.
 */
function backfillOf(facts: Facts, base: { model: string }, field: string, defaultSource?: string): { value?: string; refused?: string } {
  const { migration, replayed, settings } = facts;
  const label = `${migration.app}.${replayed.table?.model ?? base.model}.${field}`;
  const value = settings.unsafeMigration.backfill.values.find((entry) => entry.field.toLowerCase() === label.toLowerCase())?.value;
  if (value !== undefined) return { value };
  if (defaultSource !== undefined && LITERAL.test(defaultSource)) return { value: defaultSource };
  return { refused: `say which value the existing rows of \`${field}\` get: unsafeMigration.backfill.values [{"field": "${label}", "value": "…"}] (a Python expression)` };
}

/**
 * An `AlterField` that rewrites the column's type, only sets NOT NULL, or only adds the field's
 * index or unique constraint: the other changes (column, relation) are left with the finding's recipe.
 */
function alterFieldSteps(facts: Facts, base: Base): MigrationStep[] | string {
  const { parser, site, replayed, settings } = facts;
  const written = writtenField(facts);
  if (typeof written === 'string') return written;
  const { spec: after, field, fieldSource, imports } = written;
  const before = replayed.table?.fields.get(field);
  if (!before) return `the previous declaration of \`${field}\` is not known: no migration of the workspace adds it`;
  const change = typeChange(before, after);
  if (change === 'rewrite') {
    const state = fieldOperation('AlterField', base.model, field, fieldSource, site.arguments.get('preserve_default'));
    const taken = new Set(replayed.table?.fields.keys() ?? []);
    const batchSize = settings.unsafeMigration.backfill.batchSize;
    const size = statsNear(facts.snapshot, facts.migration.path)?.tables.find((table) => table.table === base.table);
    const meta = metaIndexesOf({ project: facts.project, ...base, field, columns: columnsOf(replayed) });
    if (typeof meta === 'string') return meta;
    const pointing = before.unique ? referencingForeignKeys(facts.project, base.app, replayed.table?.model ?? base.model, field) : [];
    if (pointing.length) return `\`${field}\` is unique and ${pointing.join(', ')} point${pointing.length === 1 ? 's' : ''} to it (to_field): their constraints stay on the old column's index, left to you`;
    const backfill = before.null && !after.null ? backfillOf(facts, base, field, keywordSource(parser, fieldSource, 'default')) : {};
    if (backfill.refused) return backfill.refused;
    return typeChangeSteps(parser, { ...base, field, column: after.dbColumn ?? field, fieldSource, imports, before, after, taken, state, batchSize, size, backfill: backfill.value, meta });
  }
  if (change !== 'none') return `the column's type changes (${before.fieldClass} → ${after.fieldClass}) in a way not known to rewrite the table: ${LEFT_ALONE.replace('this operation', 'it')}`;
  if (before.dbColumn !== after.dbColumn || before.primaryKey || after.primaryKey) return LEFT_ALONE;
  if (before.relation || after.relation) return constraintOnlySteps(facts, base, written, before);
  const setsNotNull = before.null && !after.null;
  const addsIndex = (after.unique && !before.unique) || (after.dbIndex && !before.dbIndex && !after.unique);
  const dropsIndex = before.dbIndex && !after.dbIndex && !before.unique && !after.unique;
  if (before.unique && !after.unique) return droppedUniqueSteps(facts, base, written, before);
  if (setsNotNull && (addsIndex || dropsIndex)) return `\`${field}\` becomes NOT NULL and ${addsIndex ? 'indexed' : 'loses its index'} at once: make it two AlterField migrations, then fix each`;
  if (!setsNotNull && !addsIndex && !dropsIndex) return LEFT_ALONE;
  const fieldFacts: FieldFacts = { ...base, field, column: after.dbColumn ?? field, fieldSource, imports };
  const state = fieldOperation('AlterField', base.model, field, fieldSource, site.arguments.get('preserve_default'));
  if (dropsIndex) return droppedIndexSteps({ ...fieldFacts, fieldClass: before.fieldClass, unique: false }, state);
  if (addsIndex) {
    if (before.unique || before.dbIndex) return `\`${field}\` has an index already, which Django replaces: left to you`;
    return alteredIndexSteps({ ...fieldFacts, fieldClass: after.fieldClass, unique: after.unique }, state);
  }
  const backfill = backfillOf(facts, base, field, keywordSource(parser, fieldSource, 'default'));
  if (backfill.refused) return backfill.refused;
  return setNotNullSteps(fieldFacts, state, backfill.value, settings.unsafeMigration.backfill.batchSize);
}

/**
 * An `AlterField` of a foreign key that only turns its constraint on (`db_constraint=False` →
 * `True`, the second half of the recipe for adding one): FOREIGN KEY NOT VALID with the
 * AlterField as state, then VALIDATE.
 */
function constraintOnlySteps(facts: Facts, base: Base, written: Exclude<ReturnType<typeof writtenField>, string>, before: MigrationFieldSpec): MigrationStep[] | string {
  const { spec: after, field, fieldSource, imports } = written;
  const same = before.relation?.to === after.relation?.to && before.null === after.null && before.dbIndex === after.dbIndex && before.unique === after.unique;
  if (!after.relation || !same || before.relation?.dbConstraint || !after.relation.dbConstraint) return LEFT_ALONE;
  const target = targetFacts(facts, fieldSource, after.relation.to);
  if (typeof target === 'string') return target;
  const state = fieldOperation('AlterField', base.model, field, fieldSource);
  return foreignKeyConstraintSteps({ ...base, field, column: after.dbColumn ?? `${field}_id`, fieldSource, imports, ...target }, state);
}

/**
 * An `AlterField` taking `unique=True` off a field, nothing else changing: its constraint dropped
 * under the lock retries (and its `_like` index concurrently), the AlterField as state.
 */
function droppedUniqueSteps(facts: Facts, base: Base, written: Exclude<ReturnType<typeof writtenField>, string>, before: MigrationFieldSpec): MigrationStep[] | string {
  const { spec: after, field, fieldSource, imports } = written;
  if (after.dbIndex || before.null !== after.null) return `\`${field}\` loses its unique constraint and ${after.dbIndex ? 'gets an index' : 'changes NULL'} at once: make it two AlterField migrations, then fix each`;
  const pointing = referencingForeignKeys(facts.project, base.app, facts.replayed.table?.model ?? base.model, field);
  if (pointing.length) return `${pointing.join(', ')} point${pointing.length === 1 ? 's' : ''} to \`${field}\` (to_field): their constraints need its unique index, left to you`;
  const state = fieldOperation('AlterField', base.model, field, fieldSource, facts.site.arguments.get('preserve_default'));
  const drops = droppedUniqueField({ ...base, field, column: after.dbColumn ?? field, fieldSource, fieldClass: before.fieldClass, unique: true });
  return [dropStep(`${field}_drop_unique`, drops, state, base.lockRetry, { imports })];
}

/** The table and column a foreign key field points to, or why they are not known. */
function targetFacts(facts: Facts, fieldSource: string, to: string): { targetTable: string; targetColumn: string } | string {
  if (keywordSource(facts.parser, fieldSource, 'to_field') !== undefined) return 'the foreign key points to a field other than the primary key (to_field): left to you';
  const target = targetOf(facts.project, facts.migration.app, to);
  return typeof target === 'string' ? target : { targetTable: target.table, targetColumn: target.column };
}

/** A `UniqueConstraint` on a list of fields, with at most a simple `condition`: the unique index concurrently, then the constraint. */
function uniqueSteps(facts: Facts, base: Base, constraint: string, name: string): MigrationStep[] | string {
  const shape = uniqueConstraintShape(facts.parser, constraint, facts.replayed.operation.indexFields, columnsOf(facts.replayed));
  if (typeof shape === 'string') return shape;
  return uniqueConstraintSteps({ ...base, name, ...shape, state: addConstraint(base.model, constraint) });
}

/** Django's own models foreign keys point to most, which live outside the workspace. */
const DJANGO_TABLES: Readonly<Record<string, { table: string; column: string }>> = {
  'auth.user': { table: 'auth_user', column: 'id' },
  'auth.group': { table: 'auth_group', column: 'id' },
  'contenttypes.contenttype': { table: 'django_content_type', column: 'id' },
  'sites.site': { table: 'django_site', column: 'id' },
};

/** The table and primary key column a foreign key points to (`shop.customer`, `settings.AUTH_USER_MODEL`). */
function targetOf(project: DjangoProjectModel, app: string, to: string): { table: string; column: string } | string {
  const setting = to === 'settings.AUTH_USER_MODEL' ? project.settings?.authUserModel : to;
  if (setting === undefined || isUnknown(setting)) return `cannot tell which model ${to} is`;
  const label = (setting.includes('.') ? setting : `${app}.${setting}`).toLowerCase();
  const target = project.models.find((model) => model.label.toLowerCase() === label);
  if (!target) return DJANGO_TABLES[label] ?? `the model ${setting} is not in the workspace: its table and primary key are not known`;
  const key = target.fields.find((candidate) => candidate.primaryKey === true);
  if (!key?.column) return `cannot tell the primary key column of ${target.label}`;
  return { table: tableOfModel(project, target.appLabel, target.name), column: key.column };
}

/**
 * The first step in the operation's place (when the migration can hold it: an atomic step, or
 * the operation alone in its migration), the others as new migrations after the app's latest.
 */
function edits(parser: PythonParser, snapshot: WorkspaceSnapshot, facts: Facts, steps: MigrationStep[]): RefactorResult {
  const { migration, site } = facts;
  const app = appMigrations(facts.project, migration.app);
  if (typeof app === 'string') return refuse(app);
  const inPlace = steps[0].atomic || site.others === 0 ? steps[0] : undefined;
  const moduleEdit = inPlace ? replaceOperation(parser, site, inPlace) : removeOperation(site);
  if (typeof moduleEdit === 'string') return refuse(moduleEdit);
  const written = writeMigrations(app, inPlace ? steps.slice(1) : steps, `safe sequence for ${site.kind} in ${migration.name}`);
  const edits = new Map<string, TextEdit[]>([[migration.path, moduleEdit]]);
  for (const file of written) edits.set(file.path, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: file.text }]);
  const names = [...(inPlace ? [migration.name] : []), ...written.map((file) => file.name)];
  const summary = `${site.kind} of ${migration.name} written as a safe sequence of ${names.length} migration${names.length === 1 ? '' : 's'}: ${names.join(', ')}`;
  return checkedEdit(parser, snapshot, { safe: true, edit: { createFiles: written.map((file) => file.path), edits }, summary });
}
