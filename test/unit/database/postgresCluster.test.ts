/** The test cluster itself: starts on a free port, answers SQL, and leaves nothing behind. */
import * as assert from 'assert';
import * as fs from 'fs';
import { startPostgres, type PostgresCluster } from '../../helpers/processes/postgresCluster';

describe('postgresCluster (real PostgreSQL)', function () {
  this.timeout(60_000);
  let cluster: PostgresCluster;
  before(async () => {
    cluster = await startPostgres();
  });
  after(async () => cluster?.stop());

  it('answers SQL on its own port', async () => {
    await cluster.psql('CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 3)');
    assert.strictEqual((await cluster.psql('SELECT count(*) FROM t')).trim(), '3');
    assert.match(await cluster.psql('SHOW port'), new RegExp(String(cluster.port)));
  });

  it('removes its folder when stopped', async () => {
    const folder = (await cluster.psql('SHOW data_directory')).trim();
    await cluster.stop();
    assert.strictEqual(fs.existsSync(folder), false);
  });
});
