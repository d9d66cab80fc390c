/**
 * The unsafe-migration rule on the example shop: every risk of `inventory/migrations/0002`
 * reported on its operation, with the code that still reads the renamed field; nothing on the
 * shop's own migrations, which `makemigrations` wrote for tables created in the same migration.
 */
import { strict as assert } from 'node:assert';
import * as path from 'path';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { detectUnsafeMigrations } from '../../../server/src/detectors/unsafeMigration';
import { pythonFiles } from '../../helpers/django/djangoModel';
import { EXAMPLES } from '../../helpers/django/djangoProject';
import { sourcesOfFiles } from '../../helpers/workspace/projectSources';

const SHOP = path.join(EXAMPLES, 'shop');

describe('unsafe-migration on the example shop', () => {
  it('reports each risk of the inventory migration, and nothing else', async () => {
    const sources = await sourcesOfFiles(SHOP, pythonFiles(SHOP));
    const findings = detectUnsafeMigrations(sources, DEFAULT_SETTINGS);
    const migration = path.join(SHOP, 'inventory', 'migrations', '0002_stock_changes.py');
    assert.deepEqual(new Set(findings.map((finding) => finding.path)), new Set([migration]));
    const lines = (text: string) => text.split('\n');
    const source = lines(require('fs').readFileSync(migration, 'utf8'));
    const at = (finding: (typeof findings)[number]) => `${source[finding.range.start.line].trim()} ${finding.message.slice(0, finding.message.indexOf(':'))}`;
    assert.deepEqual(findings.map(at), [
      'migrations.AddField( not-null-without-default',
      'migrations.AlterField( type-change',
      'migrations.AlterField( set-not-null',
      'migrations.AddIndex( index-not-concurrent',
      'migrations.AddField( foreign-key-validated',
      'migrations.AddField( index-not-concurrent',
      'migrations.AddConstraint( constraint-validated',
      'migrations.RenameField( breaks-running-code',
      'migrations.RemoveField( breaks-running-code',
      'migrations.RemoveField( replaced-without-copy',
      'migrations.RunPython(clamp_quantities), irreversible-run-python',
      'migrations.RunPython(clamp_quantities), run-python-imports-models',
    ]);
    const rename = findings[7];
    assert.match(rename.message, /2 places in the code still read `location`/);
    assert.deepEqual(
      rename.related.map((place) => path.relative(SHOP, place.path)).sort(),
      ['inventory/admin.py', 'inventory/serializers.py'],
      'the option lists; not the property the model keeps under the old name',
    );
  });
});
