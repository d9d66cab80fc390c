/**
 * A field as a migration writes it (`models.CharField(max_length=100, null=True)`): what the
 * database stage needs to tell what an `AddField` or `AlterField` does to the table. The
 * migration writer serialises every option as a literal, so nothing here is evaluated; an
 * option written as anything else counts as absent (never a guess towards a finding).
 */
import { booleanOf, calleeName, keywordOf, nameOf, numberOf, sourceOf, stringOf, type Expr } from '../expr';

export interface MigrationFieldSpec {
  readonly fieldClass: string;
  readonly null: boolean;
  /** `default=` given (Django writes it into ADD COLUMN once, even when it is a callable). */
  readonly hasDefault: boolean;
  /** `db_default=` given (Django ≥ 5). */
  readonly dbDefault: boolean;
  /** One of Django's own field classes, whose column is known (a custom field may have none: a tag manager). */
  readonly builtin: boolean;
  /** A NOT NULL string field with `blank=True`: Django adds its column with DEFAULT '' (its effective default). */
  readonly blankString: boolean;
  readonly unique: boolean;
  /** An index of its own: `db_index=True`, or a foreign key without `db_index=False`. */
  readonly dbIndex: boolean;
  readonly primaryKey: boolean;
  /** Foreign keys and one-to-one fields: the target as written, and whether a constraint is created. */
  readonly relation?: { readonly to: string; readonly dbConstraint: boolean; readonly toField?: string };
  /** Many-to-many fields have no column: their table is created apart. */
  readonly manyToMany: boolean;
  readonly maxLength?: number;
  readonly maxDigits?: number;
  readonly decimalPlaces?: number;
  readonly dbColumn?: string;
}

const RELATIONS = new Set(['ForeignKey', 'OneToOneField']);
const STRING_TYPES = new Set(['varchar', 'text']);

/** The spec of a field call; undefined for what is no call. */
export function fieldSpecOf(expr: Expr | undefined): MigrationFieldSpec | undefined {
  if (expr?.kind !== 'call') return undefined;
  const fieldClass = calleeName(expr) ?? sourceOf(expr.callee);
  const flag = (name: string, fallback: boolean) => booleanOf(keywordOf(expr, name)) ?? fallback;
  const number = (name: string) => numberOf(keywordOf(expr, name));
  const relation = RELATIONS.has(fieldClass);
  const to = keywordOf(expr, 'to') ?? expr.args[0];
  return {
    fieldClass,
    null: flag('null', false),
    hasDefault: keywordOf(expr, 'default') !== undefined,
    dbDefault: keywordOf(expr, 'db_default') !== undefined,
    builtin: relation || COLUMN_TYPES[fieldClass] !== undefined,
    blankString: flag('blank', false) && STRING_TYPES.has(COLUMN_TYPES[fieldClass] ?? ''),
    unique: flag('unique', fieldClass === 'OneToOneField' || flag('primary_key', false)),
    // SlugField is indexed unless told otherwise; its deconstruction then omits db_index.
    dbIndex: flag('db_index', relation || fieldClass === 'SlugField'),
    primaryKey: flag('primary_key', false),
    // Django matches model labels case-insensitively, and newer makemigrations writes them lower case.
    relation: relation ? { to: to ? (stringOf(to)?.toLowerCase() ?? nameOf(to) ?? sourceOf(to)) : '?', dbConstraint: flag('db_constraint', true), ...toFieldOf(expr) } : undefined,
    manyToMany: fieldClass === 'ManyToManyField',
    maxLength: number('max_length'),
    maxDigits: number('max_digits'),
    decimalPlaces: number('decimal_places'),
    dbColumn: stringOf(keywordOf(expr, 'db_column')),
  };
}

/** `to_field=`, only when written (a foreign key to the primary key has none). */
function toFieldOf(expr: Extract<Expr, { kind: 'call' }>): { toField?: string } {
  const toField = stringOf(keywordOf(expr, 'to_field'));
  return toField === undefined ? {} : { toField };
}

/** The PostgreSQL column type of Django's built-in field classes (`varchar` carries its length apart). */
const COLUMN_TYPES: Readonly<Record<string, string>> = {
  AutoField: 'integer',
  BigAutoField: 'bigint',
  SmallAutoField: 'smallint',
  IntegerField: 'integer',
  PositiveIntegerField: 'integer',
  BigIntegerField: 'bigint',
  PositiveBigIntegerField: 'bigint',
  SmallIntegerField: 'smallint',
  PositiveSmallIntegerField: 'smallint',
  BooleanField: 'boolean',
  NullBooleanField: 'boolean',
  CharField: 'varchar',
  SlugField: 'varchar',
  EmailField: 'varchar',
  URLField: 'varchar',
  FileField: 'varchar',
  ImageField: 'varchar',
  FilePathField: 'varchar',
  TextField: 'text',
  DecimalField: 'numeric',
  FloatField: 'double precision',
  DateField: 'date',
  DateTimeField: 'timestamptz',
  TimeField: 'time',
  DurationField: 'interval',
  UUIDField: 'uuid',
  JSONField: 'jsonb',
  BinaryField: 'bytea',
  GenericIPAddressField: 'inet',
};

/** The PostgreSQL column type of a built-in field class (`varchar`, `text`, `integer`…); undefined for others. */
export function columnTypeOf(fieldClass: string): string | undefined {
  return COLUMN_TYPES[fieldClass];
}

/** What changing a column from one field to another does to the rows, on PostgreSQL. */
export type TypeChange = 'none' | 'metadata' | 'rewrite' | 'unknown';

/**
 * Whether `AlterField` from `before` to `after` rewrites the table: PostgreSQL keeps the rows for
 * a longer `varchar`, `varchar` → `text`, and more digits with the same scale (binary-coercible
 * changes); any other type change rewrites the table and its indexes.
 */
export function typeChange(before: MigrationFieldSpec, after: MigrationFieldSpec): TypeChange {
  if (before.relation || after.relation) return before.relation?.to === after.relation?.to ? 'none' : 'unknown';
  const from = COLUMN_TYPES[before.fieldClass];
  const to = COLUMN_TYPES[after.fieldClass];
  if (from === undefined || to === undefined) return before.fieldClass === after.fieldClass ? 'none' : 'unknown';
  if (from === 'varchar' && to === 'varchar') return lengthChange(before.maxLength, after.maxLength);
  if (from === 'varchar' && to === 'text') return 'metadata';
  if (from === 'numeric' && to === 'numeric') {
    if (before.maxDigits === after.maxDigits && before.decimalPlaces === after.decimalPlaces) return 'none';
    return before.decimalPlaces === after.decimalPlaces && (after.maxDigits ?? 0) >= (before.maxDigits ?? Infinity) ? 'metadata' : 'rewrite';
  }
  return from === to ? 'none' : 'rewrite';
}

function lengthChange(before: number | undefined, after: number | undefined): TypeChange {
  if (before === after) return 'none';
  if (before === undefined || after === undefined) return 'unknown';
  return after > before ? 'metadata' : 'rewrite';
}
