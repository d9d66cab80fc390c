/**
 * The project's migrations: each `Migration` class of a `migrations` package, with its app (the
 * app holding the package), name, dependencies (`swappable_dependency(settings.AUTH_USER_MODEL)`
 * resolved through the settings) and operations with the model and field names they touch.
 * Migrations are written by `makemigrations` as literals, so they read without evaluation.
 */
import type { AppRegistry } from '../apps';
import type { ClassIndex } from '../classes';
import { argumentOf, booleanOf, calleeName, keywordOf, nameOf, sourceOf, stringOf, type Expr } from '../expr';
import { fieldSpecOf, type MigrationFieldSpec } from './migrationFields';
import type { DjangoSettings } from '../settings';
import { isUnknown, stringLiteral, unknown, type Known } from '../values';

export interface MigrationDependency {
  readonly app: Known<string>;
  readonly name: Known<string>;
  /** The setting a swappable dependency follows (`AUTH_USER_MODEL`). */
  readonly swappable?: string;
}

export interface MigrationOperation {
  /** `CreateModel`, `AddField`, `RunPython`…; `unknown` for what is no operation call. */
  readonly kind: string;
  readonly line?: number;
  /** The model's name as written (`Order`; `order` in field operations). */
  readonly model?: Known<string>;
  readonly field?: Known<string>;
  /** `RenameField`, `RenameModel`. */
  readonly oldName?: Known<string>;
  readonly newName?: Known<string>;
  /** The field class of `AddField`/`AlterField`. */
  readonly fieldClass?: string;
  /** The field of `AddField`/`AlterField`, as the database sees it. */
  readonly spec?: MigrationFieldSpec;
  /** The fields of `CreateModel`, with their classes. */
  readonly fields?: readonly { readonly name: string; readonly fieldClass: string; readonly spec: MigrationFieldSpec }[];
  /** The options of `CreateModel` / `AlterModelOptions`. */
  readonly options?: readonly string[];
  /** The index or constraint of `AddIndex`/`AddConstraint` (its name), or the one `RemoveIndex`/`RemoveConstraint` drops. */
  readonly indexName?: Known<string>;
  readonly indexFields?: readonly string[];
  /** The class of the index or constraint (`Index`, `GinIndex`, `CheckConstraint`, `UniqueConstraint`). */
  readonly indexClass?: string;
  /** The groups `AlterUniqueTogether`/`AlterIndexTogether` set, or `CreateModel`'s options do. */
  readonly together?: Together;
  /** The function `RunPython` runs. */
  readonly code?: string;
  /** `RunPython`'s `reverse_code` (`RunPython.noop` counts), `RunSQL`'s `reverse_sql`, as written. */
  readonly reverse?: string;
  /** `SeparateDatabaseAndState`'s two lists. */
  readonly databaseOperations?: readonly MigrationOperation[];
  readonly stateOperations?: readonly MigrationOperation[];
}

/** `unique_together` and `index_together` groups of field names, when written as literals. */
export interface Together {
  readonly unique?: readonly (readonly string[])[];
  readonly index?: readonly (readonly string[])[];
}

export interface DjangoMigration {
  readonly path: string;
  readonly module: string;
  /** The app label. */
  readonly app: string;
  readonly name: string;
  readonly initial: boolean;
  /** False for `atomic = False`: the operations run outside a transaction (as `AddIndexConcurrently` needs). */
  readonly atomic: boolean;
  readonly dependencies: readonly MigrationDependency[];
  readonly replaces: readonly MigrationDependency[];
  readonly operations: readonly MigrationOperation[];
}

const MIGRATION_MODULE = /^(.*)\.migrations\.([^.]+)$/;
/** Operations whose first argument is `model_name` and second the field's (or index's) name. */
const FIELD_OPERATIONS = new Set(['AddField', 'RemoveField', 'AlterField', 'RenameField', 'AddIndex', 'AddIndexConcurrently', 'RemoveIndex', 'RemoveIndexConcurrently', 'AddConstraint', 'RemoveConstraint']);

export function collectMigrations(classes: ClassIndex, apps: AppRegistry, settings: DjangoSettings | undefined): DjangoMigration[] {
  const migrations: DjangoMigration[] = [];
  for (const cls of classes.all()) {
    const module = classes.names.moduleName(cls.path);
    const match = MIGRATION_MODULE.exec(module);
    if (!match || cls.name !== 'Migration' || !cls.bases.some((base) => /Migration$/.test(base.kind === 'unbound' ? base.name : base.qualifiedName))) continue;
    const attribute = (name: string) => cls.facts.attributes.find((candidate) => candidate.name === name)?.value;
    const dependencies = (name: string) => listItems(attribute(name)).map((item) => dependencyOf(item, settings));
    migrations.push({
      path: cls.path,
      module,
      app: apps.appOf(match[1]).label,
      name: match[2],
      initial: booleanOf(attribute('initial')) === true,
      atomic: booleanOf(attribute('atomic')) !== false,
      dependencies: dependencies('dependencies'),
      replaces: dependencies('replaces'),
      operations: listItems(attribute('operations')).map(operationOf),
    });
  }
  return migrations;
}

function listItems(expr: Expr | undefined): readonly Expr[] {
  return expr?.kind === 'list' ? expr.items : [];
}

/** `("auth", "0012_alter_user_first_name_max_length")`, or `migrations.swappable_dependency(settings.AUTH_USER_MODEL)`. */
function dependencyOf(item: Expr, settings: DjangoSettings | undefined): MigrationDependency {
  if (item.kind === 'list') return { app: stringLiteral(item.items[0]), name: stringLiteral(item.items[1]) };
  const setting = item.kind === 'call' && calleeName(item) === 'swappable_dependency' ? /^settings\.(\w+)$/.exec(nameOf(item.args[0]) ?? '')?.[1] : undefined;
  if (!setting) return { app: unknown(sourceOf(item)), name: unknown(sourceOf(item)) };
  const model = setting === 'AUTH_USER_MODEL' ? (settings?.authUserModel ?? unknown('no settings module found')) : unknown(`settings.${setting}`);
  // Django depends on the first migration of the app holding the swappable model.
  const app = isUnknown(model) ? model : model.slice(0, model.indexOf('.'));
  return { app, name: '__first__', swappable: setting };
}

function operationOf(item: Expr): MigrationOperation {
  if (item.kind !== 'call') return { kind: 'unknown', model: unknown(sourceOf(item)) };
  const kind = calleeName(item) ?? sourceOf(item.callee);
  const line = item.line;
  if (FIELD_OPERATIONS.has(kind)) return { kind, line, model: stringLiteral(argumentOf(item, 0, 'model_name')), ...fieldOperation(kind, item) };
  switch (kind) {
    case 'CreateModel':
      return {
        kind,
        line,
        model: stringLiteral(argumentOf(item, 0, 'name')),
        fields: listItems(argumentOf(item, 1, 'fields')).flatMap((field) => {
          const name = field.kind === 'list' ? stringOf(field.items[0]) : undefined;
          const call = field.kind === 'list' ? field.items[1] : undefined;
          const spec = fieldSpecOf(call);
          return name !== undefined && spec ? [{ name, fieldClass: spec.fieldClass, spec }] : [];
        }),
        options: optionsOf(argumentOf(item, 2, 'options')),
        together: togetherOptions(argumentOf(item, 2, 'options')),
      };
    case 'AlterUniqueTogether':
      return { kind, line, model: stringLiteral(argumentOf(item, 0, 'name')), together: { unique: groupsOf(argumentOf(item, 1, 'unique_together')) } };
    case 'AlterIndexTogether':
      return { kind, line, model: stringLiteral(argumentOf(item, 0, 'name')), together: { index: groupsOf(argumentOf(item, 1, 'index_together')) } };
    case 'RenameModel':
      return { kind, line, oldName: stringLiteral(argumentOf(item, 0, 'old_name')), newName: stringLiteral(argumentOf(item, 1, 'new_name')) };
    case 'AlterModelOptions':
      return { kind, line, model: stringLiteral(argumentOf(item, 0, 'name')), options: optionsOf(argumentOf(item, 1, 'options')) };
    case 'RunPython':
    case 'RunSQL': {
      const code = argumentOf(item, 0, kind === 'RunPython' ? 'code' : 'sql');
      const reverse = argumentOf(item, 1, kind === 'RunPython' ? 'reverse_code' : 'reverse_sql');
      const written = (expr: Expr | undefined) => (expr ? (nameOf(expr) ?? sourceOf(expr)) : undefined);
      return { kind, line, code: kind === 'RunPython' ? written(code) : undefined, reverse: written(reverse) };
    }
    case 'SeparateDatabaseAndState':
      return {
        kind,
        line,
        databaseOperations: listItems(keywordOf(item, 'database_operations') ?? item.args[0]).map(operationOf),
        stateOperations: listItems(keywordOf(item, 'state_operations') ?? item.args[1]).map(operationOf),
      };
    default:
      // DeleteModel, AlterModelTable, AlterModelManagers…: the model comes first.
      return { kind, line, model: stringLiteral(argumentOf(item, 0, 'name')) };
  }
}

function fieldOperation(kind: string, call: Extract<Expr, { kind: 'call' }>): Partial<MigrationOperation> {
  switch (kind) {
    case 'RenameField':
      return { oldName: stringLiteral(argumentOf(call, 1, 'old_name')), newName: stringLiteral(argumentOf(call, 2, 'new_name')) };
    case 'AddIndex':
    case 'AddIndexConcurrently':
    case 'AddConstraint': {
      const index = argumentOf(call, 1, kind === 'AddConstraint' ? 'constraint' : 'index');
      const fields = index?.kind === 'call' ? keywordOf(index, 'fields') : undefined;
      return {
        indexName: index?.kind === 'call' ? stringLiteral(keywordOf(index, 'name')) : unknown(index ? sourceOf(index) : 'missing'),
        indexFields: fields?.kind === 'list' ? fields.items.flatMap((f) => stringOf(f) ?? []) : undefined,
        indexClass: index?.kind === 'call' ? calleeName(index) : undefined,
      };
    }
    case 'RemoveIndex':
    case 'RemoveIndexConcurrently':
    case 'RemoveConstraint':
      return { indexName: stringLiteral(argumentOf(call, 1, 'name')) };
    default: {
      const spec = fieldSpecOf(argumentOf(call, 2, 'field'));
      return { field: stringLiteral(argumentOf(call, 1, 'name')), fieldClass: spec?.fieldClass, spec };
    }
  }
}

/** `CreateModel`'s `unique_together`/`index_together` options. */
function togetherOptions(expr: Expr | undefined): Together | undefined {
  if (expr?.kind !== 'dict') return undefined;
  const option = (name: string) => groupsOf(expr.entries.find((entry) => stringOf(entry.key) === name)?.value);
  return { unique: option('unique_together'), index: option('index_together') };
}

/** `{("a", "b"), ("c", "d")}`, or one group alone `("a", "b")` as Django also takes it; undefined when not literal. */
function groupsOf(expr: Expr | undefined): string[][] | undefined {
  // `set()`: makemigrations' way of writing that every group is gone.
  if (expr?.kind === 'call' && calleeName(expr) === 'set' && expr.args.length === 0 && expr.keywords.length === 0) return [];
  if (expr?.kind !== 'list') return undefined;
  const names = (items: readonly Expr[]) => (items.every((item) => stringOf(item) !== undefined) ? items.map((item) => stringOf(item)!) : undefined);
  const alone = expr.items.length > 0 ? names(expr.items) : undefined;
  if (alone) return [alone];
  const groups = expr.items.map((item) => (item.kind === 'list' ? names(item.items) : undefined));
  return groups.every((group) => group !== undefined) ? (groups as string[][]) : undefined;
}

function optionsOf(expr: Expr | undefined): string[] | undefined {
  if (expr?.kind !== 'dict') return undefined;
  return expr.entries.flatMap((entry) => stringOf(entry.key) ?? []);
}
