/**
 * The example shop on a PostgreSQL cluster of its own (database `shop`, settings
 * `shop_project.settings_postgres`), for the tests of the safe migration sequences: `manage.py`
 * and scripts run in a copy of the shop against it, SQL checks the catalog.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { copyExample, pythonWithDjango, runPython } from '../django/djangoProject';
import { startPostgres, type PostgresCluster } from './postgresCluster';

export interface ShopOnPostgres {
  readonly cluster: PostgresCluster;
  /** A fresh copy of the shop (its folder removed by `stop`). */
  copy(): string;
  /** `manage.py args` in `project`, asserted to succeed; its output. */
  manage(project: string, ...args: string[]): string;
  /** Runs Python `source` (after `django.setup()`) in `project`; its output. */
  script(project: string, source: string): string;
  /** A query on the shop's database, its output trimmed. */
  sql(query: string): Promise<string>;
  stop(): Promise<void>;
}

export async function shopOnPostgres(): Promise<ShopOnPostgres> {
  const python = pythonWithDjango();
  const cluster = await startPostgres();
  await cluster.psql('CREATE DATABASE shop');
  const env = { ...process.env, DJANGO_SETTINGS_MODULE: 'shop_project.settings_postgres', UNTANGLE_DATABASE_URL: cluster.url.replace(/\/postgres$/, '/shop') };
  const copies: string[] = [];
  return {
    cluster,
    copy() {
      copies.push(copyExample('shop'));
      return copies[copies.length - 1];
    },
    manage(project, ...args) {
      const run = runPython(python, ['manage.py', ...args], project, 300_000, env);
      assert.equal(run.status, 0, `manage.py ${args.join(' ')} in ${project}:\n${run.output}`);
      return run.output;
    },
    script(project, source) {
      const file = path.join(project, 'step_script.py');
      fs.writeFileSync(file, `import django\ndjango.setup()\n${source}`);
      const run = runPython(python, [file], project, 120_000, env);
      assert.equal(run.status, 0, run.output);
      return run.output;
    },
    sql: async (query) => (await cluster.psql(query, 'shop')).trim(),
    async stop() {
      await cluster.stop();
      for (const project of copies) fs.rmSync(path.dirname(project), { recursive: true, force: true });
    },
  };
}
