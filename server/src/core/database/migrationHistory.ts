/**
 * The project's migrations replayed in the order `migrate` applies them, keeping what each table
 * holds just before each operation: which migration created it and its fields as last written.
 * That is what tells an `AlterField` that changes a column type from one that only changes its
 * `help_text`, and a table created a moment ago from one in production for years.
 */
import type { DjangoMigration, MigrationOperation, Together } from '../django/migrations/migrationFacts';
import type { MigrationFieldSpec } from '../django/migrations/migrationFields';
import type { DjangoProjectModel } from '../django/project';
import { isUnknown, type Known } from '../django/values';

/** A table as the migrations before an operation left it. */
export interface TableState {
  /** The model's name as `CreateModel` wrote it (`Order`). */
  readonly model: string;
  /** `app.0001_initial` of the migration that created it. */
  readonly createdBy: string;
  readonly fields: Map<string, MigrationFieldSpec>;
  /** Its `unique_together`/`index_together` groups. */
  readonly together?: Together;
}

/** One operation as `migrate` runs it, with the state of the project just before it. */
export interface ReplayedOperation {
  readonly migration: DjangoMigration;
  readonly operation: MigrationOperation;
  /** The operation's table before it ran; undefined when no migration of the workspace created it. */
  readonly table: TableState | undefined;
  /** Inside `SeparateDatabaseAndState(database_operations=[…])`: a deliberate step of a safe sequence. */
  readonly databaseOnly: boolean;
}

/** `app.0001_initial`. */
export function migrationKey(migration: Pick<DjangoMigration, 'app' | 'name'>): string {
  return `${migration.app}.${migration.name}`;
}

/** The model's table as the project names it today (`Meta.db_table`), or Django's default `app_model`. */
export function tableOfModel(project: DjangoProjectModel, app: string, model: string): string {
  const label = `${app}.${model}`.toLowerCase();
  const current = project.models.find((candidate) => candidate.label.toLowerCase() === label);
  return typeof current?.dbTable === 'string' ? current.dbTable : `${app}_${model.toLowerCase()}`;
}

/** The migrations in an order `migrate` could apply them: dependencies first, then by app and name. */
export function applyOrder(migrations: readonly DjangoMigration[]): DjangoMigration[] {
  const byKey = new Map(migrations.map((migration) => [migrationKey(migration), migration]));
  const sorted = [...migrations].sort((a, b) => migrationKey(a).localeCompare(migrationKey(b)));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: DjangoMigration[] = [];
  const visit = (migration: DjangoMigration): void => {
    const key = migrationKey(migration);
    if (done.has(key) || visiting.has(key)) return;
    visiting.add(key);
    for (const dependency of migration.dependencies) {
      if (isUnknown(dependency.app) || isUnknown(dependency.name)) continue;
      const app = dependency.app;
      const target = dependency.name === '__first__' ? sorted.find((m) => m.app === app) : byKey.get(`${app}.${dependency.name}`);
      if (target) visit(target);
    }
    visiting.delete(key);
    done.add(key);
    order.push(migration);
  };
  sorted.forEach(visit);
  return order;
}

/** Every operation of every migration, in apply order, with the state before it. */
export function replayMigrations(migrations: readonly DjangoMigration[]): ReplayedOperation[] {
  const tables = new Map<string, TableState>();
  const replayed: ReplayedOperation[] = [];
  for (const migration of applyOrder(migrations)) {
    const visit = (operation: MigrationOperation, databaseOnly: boolean): void => {
      if (operation.kind === 'SeparateDatabaseAndState') {
        operation.databaseOperations?.forEach((inner) => visit(inner, true));
        operation.stateOperations?.forEach((inner) => apply(tables, migration, inner));
        return;
      }
      const key = tableKey(migration.app, operation.kind === 'RenameModel' ? operation.oldName : operation.model);
      replayed.push({ migration, operation, table: key ? tables.get(key) : undefined, databaseOnly });
      if (!databaseOnly) apply(tables, migration, operation);
    };
    migration.operations.forEach((operation) => visit(operation, false));
  }
  return replayed;
}

function tableKey(app: string, model: Known<string> | undefined): string | undefined {
  return model === undefined || isUnknown(model) ? undefined : `${app}.${model.toLowerCase()}`;
}

/** What an operation changes in the state (tables are copied on write: earlier snapshots stay as they were). */
function apply(tables: Map<string, TableState>, migration: DjangoMigration, operation: MigrationOperation): void {
  const key = tableKey(migration.app, operation.kind === 'RenameModel' ? operation.oldName : operation.model);
  if (!key) return;
  const table = tables.get(key);
  const change = (fields: (copy: Map<string, MigrationFieldSpec>) => void): void => {
    if (!table) return;
    const copy = new Map(table.fields);
    fields(copy);
    tables.set(key, { ...table, fields: copy });
  };
  const field = typeof operation.field === 'string' ? operation.field : undefined;
  switch (operation.kind) {
    case 'CreateModel':
      tables.set(key, {
        model: typeof operation.model === 'string' ? operation.model : key,
        createdBy: migrationKey(migration),
        fields: new Map((operation.fields ?? []).map((f) => [f.name, f.spec])),
        together: operation.together,
      });
      return;
    case 'AlterUniqueTogether':
    case 'AlterIndexTogether':
      if (table) tables.set(key, { ...table, together: { ...table.together, ...operation.together } });
      return;
    case 'DeleteModel':
      tables.delete(key);
      return;
    case 'RenameModel':
      if (table && typeof operation.newName === 'string') {
        tables.delete(key);
        tables.set(`${migration.app}.${operation.newName.toLowerCase()}`, { ...table, model: operation.newName });
      }
      return;
    case 'AddField':
    case 'AlterField':
      if (field && operation.spec) change((fields) => fields.set(field, operation.spec!));
      return;
    case 'RemoveField':
      if (field) change((fields) => fields.delete(field));
      return;
    case 'RenameField': {
      const { oldName, newName } = operation;
      if (typeof oldName !== 'string' || typeof newName !== 'string') return;
      change((fields) => {
        const spec = fields.get(oldName);
        fields.delete(oldName);
        if (spec) fields.set(newName, spec);
      });
      return;
    }
    default:
      return;
  }
}
