/**
 * Rename (move) a model field in production, keeping the old name reachable. Before:
 *
 *     class Subscription(models.Model):
 *         frequency = models.CharField(max_length=10, default="weekly")
 *
 * After: `cadence = models.CharField(…)`, a `frequency` property (with setter) returning it, the
 * serializers listing "frequency" keeping that key (`extra_kwargs` with `source`), lookups on
 * "frequency" rewritten, and three migrations numbered after the app's latest:
 *
 *   1. AddField(cadence, null=True)         — a new nullable column, metadata only;
 *   2. RunPython copy, batched, reversible   — frequency → cadence (back again when reversed);
 *   3. Django forgets `frequency` (state), the database keeps its column, now nullable, so the
 *      code deployed with this change (which no longer writes it) can insert rows.
 *
 * The contract step (copy the rows written by the previous release, NOT NULL, DROP COLUMN) is
 * returned as a migration to write later, with the places that still read the old name.
 */
import type { PythonParser } from '../../core/parse/pythonParser';
import { assembleProject, readModuleFacts, type DjangoProjectModel } from '../../core/django/project';
import type { DjangoModelClass } from '../../core/django/models';
import type { ModelField } from '../../core/django/modelFields';
import { isUnknown, type StaticValue } from '../../core/django/values';
import { appMigrations, pythonString, writeMigrations, type MigrationStep, type WrittenMigration } from '../../core/database/migrationWriter';
import { quoted } from '../../core/database/migrationNames';
import { refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { copyColumnCode, fillNullsCode } from './batchedData';
import { withKeywords } from './fieldCall';
import { renameDeclaration, serializerSourceEdit } from './modelSource';
import { scanOldName, type NamePlace } from './oldNameUses';
import { LookupPaths } from './lookupPaths';
import { runSql } from './operationSource';
import { columnMoveEdit, expandSteps, workspaceModules } from './columnMove';
import { DEFAULT_LOCK_RETRY, lockRetried, replaceCheckNotValid, setNotNullRetried, type LockRetry } from './sequences/ddl';

/** A model's label (`newsletter.Subscription`), or where its class is (the editor's request). */
export type ModelWanted = string | { readonly path: string; readonly className: string };

export interface RenameFieldRequest {
  readonly model: ModelWanted;
  readonly field: string;
  readonly newName: string;
  /** How the steps' brief locks are retried (the settings `unsafeMigration.lockTimeout`/`lockAttempts`); their defaults when not given. */
  readonly lockRetry?: LockRetry;
}

/** The step left for later: its migration, and what must stop reading the old name first. */
export interface ContractStep {
  readonly migration: WrittenMigration;
  readonly readers: readonly NamePlace[];
}

export interface RenameFieldPlan {
  readonly title: string;
  readonly result: RefactorResult;
  readonly contract?: ContractStep;
}

const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** The model's label, or its class name when the editor names it by place. */
export function modelTitle(wanted: ModelWanted): string {
  return typeof wanted === 'string' ? wanted : wanted.className;
}

/** The concrete model wanted, or why there is none. */
export function concreteModel(project: DjangoProjectModel, wanted: ModelWanted): DjangoModelClass | string {
  const model = project.models.find((candidate) =>
    typeof wanted === 'string' ? candidate.label.toLowerCase() === wanted.toLowerCase() : candidate.path === wanted.path && candidate.name === wanted.className);
  return !model || model.abstract || model.proxy ? `no concrete model \`${modelTitle(wanted)}\` in the project` : model;
}

export function renameFieldKeepingOldName(parser: PythonParser, snapshot: WorkspaceSnapshot, request: RenameFieldRequest): RenameFieldPlan {
  const title = `Rename \`${modelTitle(request.model)}.${request.field}\` to \`${request.newName}\`, keeping \`${request.field}\` reachable`;
  const planned = plan(parser, snapshot, request, title);
  return typeof planned === 'string' ? { title, result: refuse(planned) } : { title, ...planned };
}

function plan(parser: PythonParser, snapshot: WorkspaceSnapshot, request: RenameFieldRequest, title: string): Omit<RenameFieldPlan, 'title'> | string {
  const { field: oldName, newName } = request;
  if (!IDENTIFIER.test(newName) || newName.includes('__') || newName.endsWith('_')) return `\`${newName}\` is no valid field name`;
  const files = snapshot.pythonFiles();
  const project = projectOf(parser, snapshot, files);
  const model = concreteModel(project, request.model);
  if (typeof model === 'string') return model;
  const field = model.fields.find((candidate) => candidate.name === oldName);
  if (!field) return `\`${model.label}\` has no field \`${oldName}\``;
  if (model.fields.some((other) => other.name === newName)) return `\`${model.label}\` has a field \`${newName}\` already`;
  const why = unmovable(model, field);
  if (why) return why;
  const modelText = snapshot.read(model.path) ?? '';
  if (new RegExp(`^\\s+(def\\s+${newName}\\b|${newName}\\s*[:=])`, 'm').test(modelText)) return `\`${newName}\` is a name in ${model.path} already`;

  const serializers = project.serializers.filter((serializer) => serializer.model === model.label);
  const serializerEdits: [string, TextEdit][] = [];
  for (const serializer of serializers) {
    if (serializer.fields === '__all__' || serializer.fields === undefined || isUnknown(serializer.fields)) {
      return `\`${serializer.name}\` takes its fields from the model (\`__all__\`, \`exclude\` or unknown): its key "${oldName}" would become "${newName}"; list its fields first`;
    }
    if (!serializer.fields.includes(oldName) || serializer.declaredFields.some((declared) => declared.name === oldName)) continue;
    const edit = serializerSourceEdit(parser, snapshot.read(serializer.path) ?? '', serializer.name, oldName, newName);
    if (typeof edit === 'string') return edit;
    serializerEdits.push([serializer.path, edit]);
  }
  const ambiguous = project.models.some((other) => other !== model && !other.abstract && other.fields.some((f) => f.name === oldName));
  const scan = scanOldName(parser, snapshot, files, { oldName, newName, model: model.label, paths: new LookupPaths(project.models), ambiguous, handledClasses: new Set(serializers.map((s) => s.name)) });
  if (scan.refusals.length > 0) return `these places cannot use a property in place of the field:\n${scan.refusals.join('\n')}`;

  const app = appMigrations(project, model.appLabel);
  if (typeof app === 'string') return app;
  const contractName = `${String(app.nextNumber + 3).padStart(4, '0')}_remove_${oldName}`;
  const isWorkspaceModule = workspaceModules(files, snapshot);
  const note = `remove it before migration ${contractName}`;
  const declaration = renameDeclaration(parser, modelText, { className: model.name, oldName, newName, note, literals: knownLiterals(field) }, isWorkspaceModule);
  if (typeof declaration === 'string') return declaration;
  const nullable = withKeywords(parser, declaration.call, { null: 'True' });
  if (nullable === undefined) return `\`${oldName}\` is not declared as one call`;

  const wasNull = field.null === true;
  const lockRetry = request.lockRetry ?? DEFAULT_LOCK_RETRY;
  const ref = { app: model.appLabel, model: model.name };
  const copy = copyColumnCode(ref, oldName, newName);
  const refill = fillNullsCode(ref, oldName, `models.F(${pythonString(newName)})`, true);
  const steps = expandSteps({
    from: { model: model.name, field: oldName, table: String(model.dbTable), column: field.column! },
    to: { model: model.name, field: newName, table: String(model.dbTable) },
    declaration, nullable, wasNull, copy, refill, contractName, lockRetry,
    slugs: { add: `add_${newName}`, copy: `copy_${oldName}_to_${newName}`, replaces: `${newName}_replaces_${oldName}` },
    purposes: {
      add: `Adds \`${newName}\` as a nullable column beside \`${oldName}\`: metadata only, no rewrite.`,
      copy: `Copies \`${oldName}\` to \`${newName}\` in batches, each its own short UPDATE; reversed, copies it back.`,
    },
  });
  const written = writeMigrations(app, steps, title);
  const table = String(model.dbTable);
  const columns = { table, oldColumn: field.column!, newTable: table, newColumn: newName };
  const catchUp = `UPDATE ${quoted(table)} SET ${quoted(newName)} = ${quoted(field.column!)} WHERE ${quoted(newName)} IS NULL`;
  const contract = contractStep(app, model, field, { ...columns, catchUp }, wasNull, written, scan.readers, lockRetry);

  const edit = columnMoveEdit([[model.path, declaration.edits], ...serializerEdits.map(([file, e]) => [file, [e]] as const), ...scan.edits], written);
  const summary = [
    `${written.map((m) => m.name).join(', ')} move \`${oldName}\` to \`${newName}\`; \`${model.name}.${oldName}\` stays a property, ${serializerEdits.length} serializer(s) keep the key "${oldName}", ${scan.rewritten.length} lookup(s) now name \`${newName}\`.`,
    `Later, once nothing reads \`${oldName}\` (${scan.readers.length} place(s) still do), add ${contract.migration.name}: it copies the rows the previous release wrote${wasNull ? '' : ', makes the column NOT NULL'} and drops \`${oldName}\`.`,
  ].join('\n');
  return { result: { safe: true, edit, summary }, contract };
}

/** The options the project model evaluated, as Python literals for the migrations: `choices`, `max_length`. */
export function knownLiterals(field: ModelField): Record<string, string> {
  const literals: Record<string, string> = {};
  const choices = field.choices === undefined || isUnknown(field.choices) ? undefined : pythonLiteral(field.choices);
  if (choices !== undefined) literals.choices = choices;
  if (typeof field.maxLength === 'number') literals.max_length = String(field.maxLength);
  // A relation's target as makemigrations writes it; a swappable one stays `settings.…`, which a migration imports.
  const to = field.relation?.to;
  if (to !== undefined && !isUnknown(to) && field.relation?.swappable === undefined) literals.to = pythonString(to.toLowerCase());
  return literals;
}

/** A static value as Python source (nested lists as tuples, as makemigrations writes choices); undefined for what has none. */
function pythonLiteral(value: StaticValue, nested = false): string | undefined {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return pythonString(value);
  if (isUnknown(value)) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => pythonLiteral(item, true));
    if (items.some((item) => item === undefined)) return undefined;
    return nested ? `(${items.join(', ')}${items.length === 1 ? ',' : ''})` : `[${items.join(', ')}]`;
  }
  return undefined;
}

/** Why this field's column cannot move with these sequences (yet). */
export function unmovable(model: DjangoModelClass, field: ModelField): string | undefined {
  const name = `\`${model.name}.${field.name}\``;
  if (field.implicit || field.primaryKey !== false) return `${name} is the primary key`;
  if (field.relation || field.column === undefined) return `${name} is a relation: moving its column (\`${field.column ?? 'a table'}\`) is not supported yet`;
  if (field.inheritedFrom) return `${name} comes from the abstract \`${field.inheritedFrom}\`: rename it there for every model at once`;
  if (field.column !== field.name) return `${name} sets db_column: RenameField keeps the column, no data moves`;
  if (field.unique !== false || field.dbIndex !== false) return `${name} is indexed: the new column's index would be built under lock (add it concurrently first)`;
  if (isUnknown(field.null)) return `cannot tell whether ${name} is nullable`;
  const meta = JSON.stringify(model.meta);
  if (meta.includes(`"${field.name}"`) || meta.includes(`"-${field.name}"`) || meta.includes(`${field.name}__`)) return `${name} is named in \`${model.name}.Meta\`: its ordering, indexes or constraints would move too`;
  return undefined;
}

/** Where the contract step works (the tables' and columns' names). */
export interface ContractColumns {
  readonly table: string;
  readonly oldColumn: string;
  readonly newTable: string;
  readonly newColumn: string;
  /** The UPDATE copying what the previous release wrote to the old column only. */
  readonly catchUp: string;
}

/**
 * The migration that finishes the move, not written now: it drops data the previous release may
 * still write. Its brief ACCESS EXCLUSIVE changes (the check, SET NOT NULL, the drop) run under the
 * lock retries (sequences/ddl.ts). It is not atomic: in one transaction the lock the check takes
 * would be kept while VALIDATE scans the table, and while the drop waits for the old table's
 * (a move's other table). Each statement commits alone, so each lock goes with its statement, and
 * each can run again: the catch-up fills NULLs only, the check replaces its namesake, the drop is
 * IF EXISTS. One migration rather than one per statement (as sequences/safeSequences.ts
 * `setNotNullSteps` writes), because the model's note names it and it is written by hand later:
 * run again after failing half-way, it picks up where it stopped.
 */
export function contractStep(app: { app: string; folder: string; nextNumber: number }, model: DjangoModelClass, field: ModelField, columns: ContractColumns, wasNull: boolean, written: readonly WrittenMigration[], readers: readonly NamePlace[], retry: LockRetry): ContractStep {
  const { table: oldTable, oldColumn, newTable: table, newColumn } = columns;
  const check = `${table}_${newColumn}_notnull`.slice(0, 63);
  const notNull = wasNull
    ? []
    : [
        replaceCheckNotValid(table, check, `${quoted(newColumn)} IS NOT NULL`, retry),
        runSql(`ALTER TABLE ${quoted(table)} VALIDATE CONSTRAINT ${quoted(check)}`, undefined),
        setNotNullRetried(table, newColumn, check, retry),
      ];
  const step: MigrationStep = {
    slug: `remove_${field.name}`,
    purpose: `The contract step: after the property \`${model.name}.${field.name}\` and its readers are gone. Drops the old column (irreversible).\nNot atomic: each statement commits alone (no lock kept through VALIDATE's scan) and can run again after a failure.`,
    atomic: false,
    imports: [],
    definitions: [],
    operations: [
      runSql(columns.catchUp, undefined),
      ...notNull,
      `migrations.RunSQL(${pythonString(lockRetried(`ALTER TABLE ${quoted(oldTable)} DROP COLUMN IF EXISTS ${quoted(oldColumn)}`, retry))})`,
    ],
  };
  const [migration] = writeMigrations({ ...app, latest: written.at(-1)!.name, nextNumber: app.nextNumber + written.length }, [step], `contract of the move of \`${model.name}.${field.name}\``);
  return { migration, readers };
}

/** The Django project model of the snapshot's Python files (migrations included). */
export function projectOf(parser: PythonParser, snapshot: WorkspaceSnapshot, files: readonly string[]): DjangoProjectModel {
  const modules = new Map(files.flatMap((file) => {
    const text = snapshot.read(file);
    return text === undefined ? [] : [[file, readModuleFacts(parser, file, text)] as const];
  }));
  return assembleProject(modules);
}
