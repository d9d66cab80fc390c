/**
 * `.untangle/db-stats.json`: how big each production table is (rows, bytes, indexes) and which
 * migrations production has applied, read from PostgreSQL's catalog by one read-only query that
 * `untangle db-stats` prints (or runs through `psql`). The unsafe-migration rule turns it into
 * lock durations, and into "not yet deployed" for the migrations production lacks.
 */
import * as path from 'path';
import { z } from 'zod';
import type { ProjectFiles } from '../model/projectFiles';

export const DB_STATS_FILE = path.join('.untangle', 'db-stats.json');

const tableStats = z.strictObject({
  schema: z.string(),
  table: z.string(),
  /** `pg_class.reltuples`: the planner's row count (-1, never analysed, is stored as 0). */
  rows: z.number().min(0),
  /** The heap with its TOAST (`pg_table_size`). */
  tableBytes: z.number().min(0),
  /** Heap, TOAST and indexes (`pg_total_relation_size`). */
  totalBytes: z.number().min(0),
  indexes: z.array(z.strictObject({ name: z.string(), bytes: z.number().min(0) })),
});

export const dbStatsSchema = z.strictObject({
  version: z.literal(1),
  /** `server_version_num` (150004 for 15.4). */
  serverVersion: z.number().int(),
  collectedAt: z.string(),
  tables: z.array(tableStats),
  /** `app.name` of every row of `django_migrations`; absent when the database has no such table. */
  applied: z.array(z.string()).optional(),
});

export type DbStats = z.infer<typeof dbStatsSchema>;
export type TableStats = z.infer<typeof tableStats>;

/**
 * The query, as a psql script: only catalog reads and `django_migrations`, which it reads only
 * where the table exists (`\if`). It prints two JSON documents, one per line.
 */
export const DB_STATS_SQL = `-- untangle db-stats: read-only; sizes from the catalog, no table is scanned.
SELECT json_build_object(
  'version', 1,
  'serverVersion', current_setting('server_version_num')::int,
  'collectedAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
  'tables', coalesce((
    SELECT json_agg(json_build_object(
      'schema', n.nspname,
      'table', c.relname,
      'rows', greatest(c.reltuples, 0)::bigint,
      'tableBytes', pg_table_size(c.oid),
      'totalBytes', pg_total_relation_size(c.oid),
      'indexes', coalesce((
        SELECT json_agg(json_build_object('name', i.relname, 'bytes', pg_relation_size(i.oid)) ORDER BY i.relname)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = c.oid), '[]'::json)
    ) ORDER BY n.nspname, c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
  ), '[]'::json)
);
SELECT to_regclass('django_migrations') IS NOT NULL AS has_django_migrations \\gset
\\if :has_django_migrations
SELECT coalesce(json_agg(app || '.' || name ORDER BY id), '[]'::json) FROM django_migrations;
\\endif
`;

/** The stats from the script's output (psql `-A -t`: one JSON document a line). */
export function parseDbStatsOutput(output: string): DbStats {
  const documents = output.split('\n').map((line) => line.trim()).filter((line) => line.length > 0).map((line) => JSON.parse(line) as unknown);
  const [stats, applied] = documents;
  return dbStatsSchema.parse(applied === undefined ? stats : { ...(stats as object), applied });
}

/** The project's stats, or why there are none usable (missing file: `undefined` reason). */
export function readDbStats(root: string, files: ProjectFiles): { stats?: DbStats; problem?: string } {
  const text = files.read(path.join(root, DB_STATS_FILE));
  if (text === undefined) return {};
  try {
    const parsed = dbStatsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { stats: parsed.data };
    const issue = parsed.error.issues[0];
    return { problem: `${DB_STATS_FILE} is not what untangle db-stats writes (${issue.path.join('.')}: ${issue.message}); run it again` };
  } catch (error) {
    return { problem: `${DB_STATS_FILE} is no JSON (${error instanceof Error ? error.message : String(error)}); run untangle db-stats again` };
  }
}
