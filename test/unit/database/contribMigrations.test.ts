/**
 * The unsafe-migration rule on Debian's `django/contrib` migrations, checked by eye: Django's own
 * history holds two operations that lock or break production (a unique index built in a
 * transaction, a column dropped under the running release), and many it does safely (longer
 * `max_length`s, nullable columns, reversible data migrations) that must not be reported.
 */
import { strict as assert } from 'node:assert';
import * as path from 'path';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { detectUnsafeMigrations } from '../../../server/src/detectors/unsafeMigration';
import { pythonFiles } from '../../helpers/django/djangoModel';
import { sourcesOfFiles } from '../../helpers/workspace/projectSources';

const DJANGO = '/usr/lib/python3/dist-packages/django';

describe('unsafe-migration on django/contrib', () => {
  it('reports the unique index on sites.domain and the drop of contenttypes.name, nothing else', async function () {
    this.timeout(120_000);
    // django/__init__.py makes the contrib packages `django.contrib.*`, so each app has its own label.
    const sources = await sourcesOfFiles(DJANGO, [path.join(DJANGO, '__init__.py'), ...pythonFiles(path.join(DJANGO, 'contrib'))]);
    assert.ok(sources.project.migrations.length >= 20);
    const findings = detectUnsafeMigrations(sources, DEFAULT_SETTINGS);
    assert.deepEqual(
      findings.map((finding) => `${path.relative(DJANGO, finding.path)} ${finding.message.slice(0, finding.message.indexOf(':'))}`),
      ['contrib/contenttypes/migrations/0002_remove_content_type_name.py breaks-running-code', 'contrib/sites/migrations/0002_alter_domain_unique.py index-not-concurrent'],
    );
    assert.deepEqual(findings[0].related, [], "ContentType keeps a `name` property: attribute reads are served; other models' `name` lookups are not its");
  });
});
