/**
 * `untangle db-stats`: the query it prints, its flags, and the stats file it writes from a real
 * PostgreSQL (Debian's, in a cluster of its own) through Debian's psql client.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dbStatsSchema } from '../../../server/src/core/database/dbStats';
import { untangle } from '../../helpers/processes/cli';
import { canStartPostgres, startPostgres, type PostgresCluster } from '../../helpers/processes/postgresCluster';

describe('untangle db-stats', function () {
  this.timeout(120_000);
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-db-stats-'));
  });

  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('prints the read-only query without --database-url, and writes nothing', () => {
    const run = untangle(['db-stats', folder], folder);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /reltuples/);
    assert.match(run.stdout, /pg_total_relation_size/);
    assert.match(run.stdout, /FROM django_migrations/);
    assert.doesNotMatch(run.stdout, /\b(INSERT|UPDATE|DELETE|ALTER|CREATE|DROP)\b/, 'read-only');
    assert.equal(fs.existsSync(path.join(folder, '.untangle')), false);
  });

  it('refuses flags it would ignore, and a URL that is no PostgreSQL one', () => {
    const other = untangle(['db-stats', '--format', 'json'], folder);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /--format: not an option of untangle db-stats/);
    const url = untangle(['db-stats', '--database-url', 'mysql://x'], folder);
    assert.equal(url.code, 2);
    assert.match(url.stderr, /--database-url: expected postgresql:/);
    const check = untangle(['check', '--database-url', 'postgresql://x'], folder);
    assert.equal(check.code, 2);
  });

  describe('with a database', () => {
    let cluster: PostgresCluster | undefined;

    before(async function () {
      if (!canStartPostgres()) throw new Error('PostgreSQL is needed for this test: apt-get install -y postgresql');
      cluster = await startPostgres();
      await cluster.psql(
        'CREATE TABLE shop_order (id bigserial PRIMARY KEY, total numeric(8, 2), code integer);' +
          'CREATE INDEX shop_order_code ON shop_order (code);' +
          'INSERT INTO shop_order (total, code) SELECT g / 7.0, g FROM generate_series(1, 20000) g;' +
          'CREATE TABLE django_migrations (id serial PRIMARY KEY, app varchar(255), name varchar(255), applied timestamptz DEFAULT now());' +
          "INSERT INTO django_migrations (app, name) VALUES ('shop', '0001_initial'), ('shop', '0002_order_code');",
      );
      await cluster.psql('ANALYZE');
    });

    after(async () => {
      await cluster?.stop();
    });

    it('writes .untangle/db-stats.json with rows, sizes, indexes and the applied migrations', () => {
      const run = untangle(['db-stats', '.', '--database-url', cluster!.url], folder);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /wrote \.untangle\/db-stats\.json: 2 tables, 2 applied migrations/);
      const stats = dbStatsSchema.parse(JSON.parse(fs.readFileSync(path.join(folder, '.untangle', 'db-stats.json'), 'utf8')));
      const order = stats.tables.find((table) => table.table === 'shop_order')!;
      assert.equal(order.rows, 20000);
      assert.ok(order.tableBytes > 500_000 && order.totalBytes > order.tableBytes, JSON.stringify(order));
      assert.deepEqual(order.indexes.map((index) => index.name), ['shop_order_code', 'shop_order_pkey']);
      assert.deepEqual(stats.applied, ['shop.0001_initial', 'shop.0002_order_code']);
      assert.ok(stats.serverVersion >= 110000);
    });

    it('says what psql said when the database cannot be reached', () => {
      const run = untangle(['db-stats', '--database-url', cluster!.url.replace(/\/postgres$/, '/missing')], folder);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /db-stats: psql failed: .*"missing" does not exist/);
    });
  });
});
