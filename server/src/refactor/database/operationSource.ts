/**
 * Migration operations as Python source, the way `makemigrations` lays them out (keyword
 * arguments, one per line), for the safe sequences to assemble.
 */
import { indent, pythonString } from '../../core/database/migrationWriter';

/** A list argument whose items are operations, one per line. */
function operationList(keyword: string, operations: readonly string[]): string {
  if (operations.length === 0) return `    ${keyword}=[],`;
  return `    ${keyword}=[\n${operations.map((op) => `${indent(op, 8)},`).join('\n')}\n    ],`;
}

/**
 * `RunSQL` of `forward`, `backward` when reversed (nothing when undefined, either way). A list runs one
 * statement at a time as written (Django does not split it), which `DO $$ … $$` blocks and
 * `CONCURRENTLY` beside other statements need.
 */
export function runSql(forward: string | readonly string[] | undefined, backward: string | readonly string[] | undefined): string {
  const sql = (value: string | readonly string[] | undefined) =>
    value === undefined ? 'migrations.RunSQL.noop' : typeof value === 'string' ? pythonString(value) : `[\n${value.map((statement) => `        ${pythonString(statement)},`).join('\n')}\n    ]`;
  return `migrations.RunSQL(\n    ${sql(forward)},\n    reverse_sql=${sql(backward)},\n)`;
}

/** What the database does, and separately what Django records in its migration state. */
export function separateDatabaseAndState(database: readonly string[], state: readonly string[]): string {
  return `migrations.SeparateDatabaseAndState(\n${operationList('database_operations', database)}\n${operationList('state_operations', state)}\n)`;
}

/**
 * `AddField`/`AlterField` of `field` on `model` (the model name as migrations write it: lower
 * case); `preserveDefault` as written (`False`: the default was a one-off for the existing rows).
 */
export function fieldOperation(kind: 'AddField' | 'AlterField', model: string, field: string, source: string, preserveDefault?: string): string {
  const preserve = preserveDefault === undefined ? '' : `    preserve_default=${preserveDefault},\n`;
  return `migrations.${kind}(\n    model_name=${pythonString(model.toLowerCase())},\n    name=${pythonString(field)},\n    field=${source},\n${preserve})`;
}

/** `AddConstraint` of `constraint` (its source) on `model`. */
export function addConstraint(model: string, constraint: string): string {
  return `migrations.AddConstraint(\n    model_name=${pythonString(model.toLowerCase())},\n    constraint=${constraint},\n)`;
}

export function removeField(model: string, field: string): string {
  return `migrations.RemoveField(\n    model_name=${pythonString(model.toLowerCase())},\n    name=${pythonString(field)},\n)`;
}
