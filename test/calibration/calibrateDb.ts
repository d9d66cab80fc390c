/**
 * `npm run calibrate-db [rows]`: the unsafe-migration rule's estimates against a real PostgreSQL
 * on a bigger table than the unit test's (a million rows by default), printed as a table.
 */
import { calibrate, calibrationTable } from '../helpers/processes/lockCalibration';
import { startPostgres } from '../helpers/processes/postgresCluster';

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const cluster = await startPostgres();
  try {
    process.stdout.write(`${calibrationTable(await calibrate(cluster, rows))}\n`);
  } finally {
    await cluster.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
