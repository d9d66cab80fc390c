/**
 * What a rename and a move of a field share: the expand steps (a nullable column, a batched copy,
 * Django forgetting the old field while the database keeps its column) and the workspace edit
 * that carries the source changes and the new migration files.
 */
import type { WorkspaceSnapshot, DomainEdit, TextEdit } from '../domainEdit';
import type { MigrationStep, WrittenMigration } from '../../core/database/migrationWriter';
import { moduleNameOf } from '../../core/python/moduleNames';
import type { RunPythonCode } from './batchedData';
import { fieldOperation, removeField, runSql, separateDatabaseAndState } from './operationSource';
import { alterColumnSql, lockedFirst, type LockRetry } from './sequences/ddl';

/** Whether a module is the project's: a migration must not import it. */
export function workspaceModules(files: readonly string[], snapshot: WorkspaceSnapshot): (module: string) => boolean {
  const modules = files.map((file) => moduleNameOf(file, snapshot));
  // A module of a workspace package is the project's even when its file is missing.
  return (module) => modules.some((name) => name === module || name.startsWith(`${module}.`) || module.startsWith(`${name}.`));
}

export interface ForgetOperations {
  readonly operations: readonly string[];
  readonly alsoLocks: readonly string[];
}

export interface ColumnMove {
  /** The model losing the field, the field, and the model's table. */
  readonly from: { readonly model: string; readonly field: string; readonly table: string; readonly column: string };
  /** The model (the same one for a rename), name and table taking it. */
  readonly to: { readonly model: string; readonly field: string; readonly table: string };
  /** The field's declaration as a migration writes it, and its imports. */
  readonly declaration: { readonly call: string; readonly imports: readonly string[] };
  /** The same call with `null=True`. */
  readonly nullable: string;
  readonly wasNull: boolean;
  readonly copy: RunPythonCode;
  /** Refills the old column's NULLs from the new one when the last step is reversed. */
  readonly refill: RunPythonCode;
  readonly slugs: { readonly add: string; readonly copy: string; readonly replaces: string };
  readonly purposes: { readonly add: string; readonly copy: string };
  readonly contractName: string;
  /** How the brief locks of the steps are retried. */
  readonly lockRetry: LockRetry;
  /** More the database does when Django forgets the old field (a moved key's constraint released), and the other tables that locks. */
  readonly onForget?: ForgetOperations;
}

/**
 * Django's AddField and the old column's DROP NOT NULL take the table's ACCESS EXCLUSIVE lock
 * without a timeout: each step takes it first under the lock retries (sequences/ddl.ts `lockedFirst`),
 * with those of the tables `onForget` locks, so no retry waits for one while the table is held.
 */
export function expandSteps(move: ColumnMove): MigrationStep[] {
  const { from, to, declaration, nullable, wasNull, refill } = move;
  const extra = move.onForget ?? { operations: [], alsoLocks: [] };
  // DROP NOT NULL itself, not Django's AlterField: Django 3.2 drops a key's constraint on any
  // AlterField and adds it back validated, a scan of the table with both tables locked.
  const column = alterColumnSql(from.table, from.column);
  const dropNotNull = runSql(`${column} DROP NOT NULL`, `${column} SET NOT NULL`);
  const forget = wasNull ? extra.operations : lockedFirst([from.table, ...extra.alsoLocks], [dropNotNull, refill.operation, ...extra.operations], move.lockRetry);
  const add = lockedFirst(to.table, [fieldOperation('AddField', to.model, to.field, nullable)], move.lockRetry);
  return [
    { slug: move.slugs.add, purpose: `${move.purposes.add} The lock taken first, retried.`, atomic: true, imports: declaration.imports, definitions: [], operations: add },
    { slug: move.slugs.copy, purpose: move.purposes.copy, atomic: false, imports: [], definitions: move.copy.definitions, operations: [move.copy.operation] },
    {
      slug: move.slugs.replaces,
      purpose: `Django forgets \`${from.model}.${from.field}\`; the database keeps its column${wasNull ? '' : ', made nullable (no scan) so new rows need not fill it'} until ${move.contractName}.`,
      atomic: true,
      imports: declaration.imports,
      definitions: wasNull ? [] : refill.definitions,
      operations: [
        separateDatabaseAndState(
          forget,
          [removeField(from.model, from.field), ...(wasNull ? [] : [fieldOperation('AlterField', to.model, to.field, declaration.call)])],
        ),
      ],
    },
  ];
}

/** The model's, serializers' and call sites' edits, and the migrations created. */
export function columnMoveEdit(sources: readonly (readonly [string, readonly TextEdit[]])[], written: readonly WrittenMigration[]): DomainEdit {
  const edits = new Map<string, TextEdit[]>();
  for (const [file, fileEdits] of sources) edits.set(file, [...(edits.get(file) ?? []), ...fileEdits]);
  for (const migration of written) edits.set(migration.path, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: migration.text }]);
  return { createFiles: written.map((migration) => migration.path), edits };
}
