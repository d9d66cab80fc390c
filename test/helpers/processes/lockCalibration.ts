/**
 * Measures each kind of schema change on a real PostgreSQL table and sets it beside the
 * unsafe-migration rule's estimate for a table of that size: the proof that the estimate holds
 * (test/unit/database/lockCalibration.test.ts) and the table the calibration script prints.
 */
import type { PostgresCluster } from './postgresCluster';
import { estimateDuration, type Work } from '../../../server/src/core/database/lockEstimate';

export interface CalibrationRow {
  readonly operation: string;
  readonly work: Work;
  readonly rows: number;
  readonly tableBytes: number;
  readonly estimate: number;
  readonly measured: number;
}

/**
 * Each operation as Django's schema editor (or the safe recipe) writes it, with the work it stands
 * for; `undo` puts the table back so it can run twice, `prepare` is what must come first, untimed,
 * and `session` what must come first in the timed statement's own session, untimed too.
 */
const OPERATIONS: readonly {
  readonly operation: string;
  readonly work: Work;
  readonly sql: string;
  readonly undo: string;
  readonly prepare?: string;
  readonly session?: readonly string[];
}[] = [
  {
    operation: 'add column with a volatile default (rewrite)',
    work: 'rewrite',
    sql: 'ALTER TABLE calibration ADD COLUMN noise double precision NOT NULL DEFAULT random()',
    undo: 'ALTER TABLE calibration DROP COLUMN noise',
  },
  { operation: 'alter type integer → bigint (rewrite)', work: 'rewrite', sql: 'ALTER TABLE calibration ALTER COLUMN quantity TYPE bigint', undo: 'ALTER TABLE calibration ALTER COLUMN quantity TYPE integer' },
  { operation: 'set NOT NULL (scan)', work: 'scan', sql: 'ALTER TABLE calibration ALTER COLUMN quantity SET NOT NULL', undo: 'ALTER TABLE calibration ALTER COLUMN quantity DROP NOT NULL' },
  {
    operation: 'add check constraint (scan)',
    work: 'scan',
    sql: 'ALTER TABLE calibration ADD CONSTRAINT calibration_positive CHECK (quantity >= 0)',
    undo: 'ALTER TABLE calibration DROP CONSTRAINT calibration_positive',
  },
  { operation: 'create index', work: 'index', sql: 'CREATE INDEX calibration_name ON calibration (name)', undo: 'DROP INDEX calibration_name' },
  { operation: 'create index concurrently', work: 'concurrentIndex', sql: 'CREATE INDEX CONCURRENTLY calibration_name_2 ON calibration (name)', undo: 'DROP INDEX calibration_name_2' },
  {
    operation: 'add foreign key',
    work: 'foreignKey',
    sql: 'ALTER TABLE calibration ADD CONSTRAINT calibration_customer FOREIGN KEY (customer_id) REFERENCES calibration_customer (id)',
    undo: 'ALTER TABLE calibration DROP CONSTRAINT calibration_customer',
  },
  {
    // The safe recipe's second step is what runs on the rows: VALIDATE is timed, not the NOT VALID add.
    operation: 'add foreign key NOT VALID, then validate',
    work: 'validate',
    prepare: 'ALTER TABLE calibration ADD CONSTRAINT calibration_customer_2 FOREIGN KEY (customer_id) REFERENCES calibration_customer (id) NOT VALID',
    sql: 'ALTER TABLE calibration VALIDATE CONSTRAINT calibration_customer_2',
    undo: 'ALTER TABLE calibration DROP CONSTRAINT calibration_customer_2',
  },
  {
    // What the drop-wait estimate models: a DROP INDEX queued behind a query scanning the whole
    // table (one backend, as the calibrated scans), issued once the scan holds its lock, timed
    // from the scan's start to the drop's end. The scan runs in a second session (dblink), whose
    // connection is opened before the clock starts: the wait, not a backend's start, is measured.
    operation: 'drop index behind a running full scan (the wait)',
    work: 'dropIndex',
    prepare: 'CREATE EXTENSION IF NOT EXISTS dblink; CREATE INDEX calibration_dropped ON calibration (price)',
    session: [
      "SELECT dblink_connect('scan', 'host=127.0.0.1 port=' || current_setting('port') || ' user=postgres dbname=' || current_database())",
      "SELECT dblink_exec('scan', 'SET max_parallel_workers_per_gather = 0')",
    ],
    sql: `DO $$ BEGIN
      PERFORM dblink_send_query('scan', 'SELECT count(*) FROM calibration WHERE quantity IS NULL');
      WHILE NOT EXISTS (SELECT 1 FROM pg_locks WHERE relation = 'calibration'::regclass AND granted AND pid <> pg_backend_pid()) LOOP PERFORM pg_sleep(0.001); END LOOP;
      DROP INDEX calibration_dropped;
      PERFORM * FROM dblink_get_result('scan') AS result(count bigint);
    END $$`,
    undo: 'SELECT 1',
  },
  {
    // The type-change sequence's copy as its RunPython runs it: keys in primary key order, an UPDATE
    // of 1,000 rows, a commit, again. Last: it leaves a dead version of every row behind.
    operation: 'batched copy into a new column (1,000 rows per transaction)',
    work: 'batchedCopy',
    prepare: 'ALTER TABLE calibration ADD COLUMN quantity_new numeric(12, 2)',
    sql: `DO $$ DECLARE last bigint := 0; keys bigint[]; BEGIN LOOP
      SELECT array_agg(id) INTO keys FROM (SELECT id FROM calibration WHERE id > last ORDER BY id LIMIT 1000) batch;
      EXIT WHEN keys IS NULL;
      UPDATE calibration SET quantity_new = CAST(quantity AS numeric(12, 2)) WHERE id = ANY(keys);
      last := keys[array_length(keys, 1)];
      COMMIT;
    END LOOP; END $$`,
    undo: 'ALTER TABLE calibration DROP COLUMN quantity_new',
  },
];

/**
 * Fills a table with `rows` rows and runs every operation on it, in order, twice (undone between):
 * the faster run is kept, as a machine shared with other work slows single runs at random.
 */
export async function calibrate(cluster: PostgresCluster, rows: number): Promise<CalibrationRow[]> {
  await cluster.psql(
    'CREATE TABLE calibration_customer (id bigserial PRIMARY KEY, name text);' +
      "INSERT INTO calibration_customer (name) SELECT 'customer ' || g FROM generate_series(1, 1000) g;" +
      'CREATE TABLE calibration (id bigserial PRIMARY KEY, customer_id bigint, name varchar(100), quantity integer, price numeric(8, 2), created timestamptz DEFAULT now());' +
      `INSERT INTO calibration (customer_id, name, quantity, price) SELECT g % 1000 + 1, 'name ' || g, g % 97, (g % 1000) / 7.0 FROM generate_series(1, ${rows}) g;`,
  );
  await cluster.psql('VACUUM ANALYZE calibration');
  const results: CalibrationRow[] = [];
  for (const { operation, work, sql, undo, prepare, session = [] } of OPERATIONS) {
    const [reltuples, tableBytes, indexes] = (
      await cluster.psql("SELECT reltuples::bigint, pg_table_size(oid), (SELECT count(*) FROM pg_index WHERE indrelid = c.oid) FROM pg_class c WHERE relname = 'calibration'")
    )
      .trim()
      .split('|')
      .map(Number);
    const table = { rows: reltuples, tableBytes, indexes: Array.from({ length: indexes }, (_, i) => ({ name: `index${i}`, bytes: 0 })) };
    const run = async (): Promise<number> => {
      if (prepare) await cluster.psql(prepare);
      return timed(cluster, session, sql);
    };
    const first = await run();
    await cluster.psql(undo);
    const measured = Math.min(first, await run());
    results.push({ operation, work, rows: reltuples, tableBytes, estimate: estimateDuration(work, table).seconds, measured });
  }
  return results;
}

/**
 * The statement's time on the server's clock, read just before and after it in the same session:
 * psql's start and the connection are left out, as they are no part of a migration's lock.
 */
async function timed(cluster: PostgresCluster, session: readonly string[], sql: string): Promise<number> {
  const clock = "SELECT 'clock ' || extract(epoch FROM clock_timestamp())";
  const output = await cluster.psql([...session, clock, sql, clock]);
  const [start, end] = output
    .split('\n')
    .filter((line) => line.startsWith('clock '))
    .map((line) => Number(line.slice('clock '.length)));
  return end - start;
}

/** The rows as a Markdown table. */
export function calibrationTable(rows: readonly CalibrationRow[]): string {
  const lines = ['| operation | rows | table | estimate | measured | ratio |', '|---|---:|---:|---:|---:|---:|'];
  for (const row of rows) {
    const ratio = row.estimate / row.measured;
    lines.push(`| ${row.operation} | ${row.rows.toLocaleString('en-US')} | ${(row.tableBytes / 1e6).toFixed(0)} MB | ${row.estimate.toFixed(3)} s | ${row.measured.toFixed(3)} s | ${ratio.toFixed(2)} |`);
  }
  return lines.join('\n');
}
