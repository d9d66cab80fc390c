/**
 * The names Django gives indexes and constraints (Django 3.2–5: `Index.set_name_with_model`,
 * `BaseDatabaseSchemaEditor._create_index_name`), so a migration Untangle writes names them as
 * `makemigrations` and the schema editor would, and later migrations find them.
 */
import { createHash } from 'crypto';

/** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
const POSTGRES_MAX_NAME = 63;

/** Django's `names_digest`: md5 over the parts, cut to `length` hex digits. */
function namesDigest(parts: readonly string[], length: number): string {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, length);
}

/** The name `models.Index(fields=…)` takes when its model is known: `shop_order_status_1a2b3c_idx`. */
export function modelIndexName(table: string, columns: readonly string[]): string {
  const digest = namesDigest([table, ...columns, 'idx'], 6);
  return `${table.slice(0, 11)}_${columns[0].replace(/^-/, '').slice(0, 7)}_${digest}_idx`;
}

/** The name the schema editor gives an index or constraint on columns (`suffix` `_fk_<table>_<column>` for a foreign key). */
export function schemaIndexName(table: string, columns: readonly string[], suffix = ''): string {
  let hashSuffix = `${namesDigest([table, ...columns], 8)}${suffix}`;
  const name = `${table}_${columns.join('_')}_${hashSuffix}`;
  if (name.length <= POSTGRES_MAX_NAME) return name;
  if (hashSuffix.length > POSTGRES_MAX_NAME / 3) hashSuffix = hashSuffix.slice(0, Math.floor(POSTGRES_MAX_NAME / 3));
  const other = Math.floor((POSTGRES_MAX_NAME - hashSuffix.length) / 2) - 1;
  const short = `${table.slice(0, other)}_${columns.join('_').slice(0, other)}_${hashSuffix}`;
  return /^[_\d]/.test(short) ? `D${short.slice(0, -1)}` : short;
}

/** A quoted SQL identifier. */
export function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
