/**
 * The RunPython code of the safe sequences: data moved a batch of rows at a time (each batch its
 * own short UPDATE in a non-atomic migration, so no long transaction holds row locks over the
 * whole table), through the historical model (`apps.get_model`, never an import of the app's
 * models, which may have changed by the time the migration runs), and always reversible.
 */
import { pythonString } from '../../core/database/migrationWriter';

/** Rows per UPDATE unless the setting `unsafeMigration.backfill.batchSize` says otherwise. */
export const DEFAULT_BATCH_SIZE = 1000;

/** Where the rows are: the app and model as `apps.get_model` takes them. */
export interface ModelRef {
  readonly app: string;
  readonly model: string;
}

const batchConstant = (size: number) => `BATCH_SIZE = ${size}`;

const UPDATE_IN_BATCHES = `def update_in_batches(model, values):
    """Sets \`values\` (field name to expression) on every row, a batch of rows at a time, in primary key order."""
    manager = model._base_manager
    last = None
    while True:
        rows = manager.order_by("pk")
        if last is not None:
            rows = rows.filter(pk__gt=last)
        keys = list(rows.values_list("pk", flat=True)[:BATCH_SIZE])
        if not keys:
            return
        manager.filter(pk__in=keys).update(**values)
        last = keys[-1]`;

const FILL_NULLS = `def fill_nulls(model, field, value):
    """Sets \`field\` to \`value\` where it is NULL, a batch of rows at a time."""
    manager = model._base_manager
    while True:
        keys = list(manager.filter(**{field + "__isnull": True}).order_by("pk").values_list("pk", flat=True)[:BATCH_SIZE])
        if not keys:
            return
        manager.filter(pk__in=keys).update(**{field: value})`;

/** A RunPython function and the definitions it needs. */
export interface RunPythonCode {
  readonly definitions: readonly string[];
  readonly operation: string;
}

/** The historical model of `ref`, as a RunPython function reads it. */
export function getModel(ref: ModelRef): string {
  return `apps.get_model(${pythonString(ref.app)}, ${pythonString(ref.model)})`;
}

/** Copies `source` to `target` forwards and back (both columns exist on either side of the step). */
export function copyColumnCode(ref: ModelRef, source: string, target: string): RunPythonCode {
  const value = (column: string) => `models.F(${pythonString(column)})`;
  return copyBothWays({ name: `copy_${source}_to_${target}`, ref, field: target, value: value(source) }, { name: `copy_${target}_to_${source}`, ref, field: source, value: value(target) });
}

/**
 * Copies `source` into `target` of another type, cast as the database casts it (`CAST(total AS
 * numeric(12, 2))`), forwards only: reversed, `target` goes with its step.
 */
export function castCopyCode(ref: ModelRef, source: string, target: string, batchSize = DEFAULT_BATCH_SIZE): RunPythonCode {
  const name = `copy_${source}`;
  const body = `    model = ${getModel(ref)}\n    update_in_batches(model, {${pythonString(target)}: Cast(${pythonString(source)}, model._meta.get_field(${pythonString(target)}))})`;
  return {
    definitions: [batchConstant(batchSize), UPDATE_IN_BATCHES, `def ${name}(apps, schema_editor):\n${body}`],
    operation: `migrations.RunPython(${name}, reverse_code=migrations.RunPython.noop)`,
  };
}

/**
 * Copies `field` from `from` rows to the `to` rows they reach through the one-to-one `relation`
 * (`to`'s primary key), forwards and back: each side is a correlated subquery, as an UPDATE may
 * not join (`F("relation__field")` is refused there).
 */
export function copyThroughCode(from: ModelRef, relation: string, to: ModelRef, field: string): RunPythonCode {
  return copyBothWays(
    { name: `copy_${field}_to_${to.model.toLowerCase()}`, ref: to, field, value: subqueryValue(from, `${relation}=models.OuterRef("pk")`, field) },
    { name: `copy_${field}_to_${from.model.toLowerCase()}`, ref: from, field, value: relatedValue(to, relation, field) },
  );
}

/** `field` of the `to` row a row's one-to-one `relation` reaches, as an UPDATE's value. */
export function relatedValue(to: ModelRef, relation: string, field: string): string {
  return subqueryValue(to, `pk=models.OuterRef(${pythonString(relation)})`, field);
}

function subqueryValue(ref: ModelRef, where: string, field: string): string {
  return `models.Subquery(${getModel(ref)}._base_manager.filter(${where}).values(${pythonString(field)})[:1])`;
}

interface OneWay {
  readonly name: string;
  readonly ref: ModelRef;
  readonly field: string;
  /** A Python expression, evaluated per row by the UPDATE. */
  readonly value: string;
}

function copyBothWays(forward: OneWay, backward: OneWay): RunPythonCode {
  const fn = ({ name, ref, field, value }: OneWay) => `def ${name}(apps, schema_editor):\n    update_in_batches(${getModel(ref)}, {${pythonString(field)}: ${value}})`;
  return {
    definitions: [batchConstant(DEFAULT_BATCH_SIZE), UPDATE_IN_BATCHES, fn(forward), fn(backward)],
    operation: `migrations.RunPython(${forward.name}, reverse_code=${backward.name})`,
  };
}

/**
 * Fills a column's NULLs with `value` (a Python expression: a constant, `models.F("other")`) or,
 * without one, with the field's default. Run forwards (a backfill: backwards the rows keep a
 * value a nullable column accepts) or, `backwards`, only when the step is reversed (before a
 * column becomes NOT NULL again). `batchSize` rows are updated per statement.
 */
export function fillNullsCode(ref: ModelRef, field: string, value: string | undefined, backwards = false, batchSize = DEFAULT_BATCH_SIZE): RunPythonCode {
  const name = `fill_${field}`;
  const model = getModel(ref);
  const body = value === undefined
    ? `    model = ${model}\n    fill_nulls(model, ${pythonString(field)}, model._meta.get_field(${pythonString(field)}).get_default())`
    : `    fill_nulls(${model}, ${pythonString(field)}, ${value})`;
  return {
    definitions: [batchConstant(batchSize), FILL_NULLS, `def ${name}(apps, schema_editor):\n${body}`],
    operation: backwards ? `migrations.RunPython(migrations.RunPython.noop, reverse_code=${name})` : `migrations.RunPython(${name}, reverse_code=migrations.RunPython.noop)`,
  };
}
