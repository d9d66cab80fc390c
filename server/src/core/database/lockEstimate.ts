/**
 * What a schema change does to a PostgreSQL table, and for how long: the lock it takes and an
 * estimated duration from the table's size (`.untangle/db-stats.json`). The per-row and per-byte
 * costs were measured on PostgreSQL 15 (test/unit/database/lockCalibration.test.ts, and
 * `npm run calibrate-db` on a million rows); a production server with slower disks or busier
 * tables takes longer, hence a range skewed upwards.
 */
import type { TableStats } from './dbStats';

/** The database work behind a risky operation. */
export type Work = 'rewrite' | 'scan' | 'index' | 'dropIndex' | 'foreignKey' | 'concurrentIndex' | 'validate' | 'batchedCopy';

/** The lock each work takes, and what it stops while it runs. */
export const LOCKS: Readonly<Record<Work, string>> = {
  rewrite: 'ACCESS EXCLUSIVE lock while the table and its indexes are rewritten (reads and writes wait)',
  scan: 'ACCESS EXCLUSIVE lock while every row is checked (reads and writes wait)',
  index: 'SHARE lock while the index is built (writes wait)',
  dropIndex: 'ACCESS EXCLUSIVE lock, brief once granted, but queued behind every query running on the table while all later reads and writes queue behind it',
  foreignKey: 'SHARE ROW EXCLUSIVE lock on both tables while every row is checked (writes wait)',
  concurrentIndex: 'SHARE UPDATE EXCLUSIVE lock (reads and writes go on)',
  validate: 'SHARE UPDATE EXCLUSIVE lock (reads and writes go on)',
  batchedCopy: 'row locks on one batch at a time, each batch its own transaction (reads and writes go on)',
};

/**
 * Seconds per heap byte, per row, and per row and index, of each work. Measured on PostgreSQL 15
 * on a 2-core machine, idle and under a load of 6 per core: idle it runs about twice as fast as
 * loaded, and the costs sit between the two, so an estimate is within a factor of two of either
 * (idle, the estimates are 1.2–1.5 times the measured times; the calibration table is in the rule page).
 */
const COSTS: Readonly<Record<Work, { readonly perByte: number; readonly perRow: number; readonly perRowAndIndex: number }>> = {
  rewrite: { perByte: 9.8e-9, perRow: 0, perRowAndIndex: 0.33e-6 },
  scan: { perByte: 1.05e-9, perRow: 0, perRowAndIndex: 0 },
  index: { perByte: 0, perRow: 0.55e-6, perRowAndIndex: 0 },
  // The drop itself only unlinks files (the overhead); the wait is for the queries already
  // reading the table, taken as the longest plausible one: a full scan (the scan's cost).
  dropIndex: { perByte: 1.05e-9, perRow: 0, perRowAndIndex: 0 },
  foreignKey: { perByte: 0, perRow: 0.17e-6, perRowAndIndex: 0 },
  concurrentIndex: { perByte: 0, perRow: 0.65e-6, perRowAndIndex: 0 },
  validate: { perByte: 0, perRow: 0.17e-6, perRowAndIndex: 0 },
  // The safe sequences' UPDATE of every row a batch at a time: a new version of each row and its
  // index entries, plus each batch's key query and commit (the client's round trips left out).
  // Measured on 300,000 rows with 1, 3 and 5 indexes under a load of 3 per core: 5, 10 and 16 µs a row.
  batchedCopy: { perByte: 0, perRow: 3e-6, perRowAndIndex: 2.5e-6 },
};
/** What any statement costs (catalog updates, a round trip). */
const OVERHEAD_SECONDS = 0.02;

export interface DurationEstimate {
  readonly seconds: number;
  /** The range shown: a third less to twice as long. */
  readonly low: number;
  readonly high: number;
}

/** The estimated duration of `work` on a table of this size. */
export function estimateDuration(work: Work, table: Pick<TableStats, 'rows' | 'tableBytes' | 'indexes'>): DurationEstimate {
  const cost = COSTS[work];
  const seconds = OVERHEAD_SECONDS + cost.perByte * table.tableBytes + cost.perRow * table.rows + cost.perRowAndIndex * table.rows * table.indexes.length;
  return { seconds, low: seconds / 1.5, high: seconds * 2 };
}

/** "2.1 M rows, 1.3 GB", "5,000 rows, 400 kB". */
export function describeSize(table: Pick<TableStats, 'rows' | 'tableBytes'>): string {
  const rows = table.rows >= 1e6 ? `${(table.rows / 1e6).toFixed(1)} M` : Math.round(table.rows).toLocaleString('en-US');
  return `${rows} rows, ${describeBytes(table.tableBytes)}`;
}

function describeBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

/** "<1 s", "40–90 s", "2–5 min". */
export function describeDuration(estimate: DurationEstimate): string {
  if (estimate.high < 1) return '<1 s';
  if (estimate.high < 120) return `${Math.max(1, Math.round(estimate.low))}–${Math.round(estimate.high)} s`;
  return `${Math.max(1, Math.round(estimate.low / 60))}–${Math.round(estimate.high / 60)} min`;
}
