/**
 * The retry conversion on the example shop: the rule finds the carrier call's retry loop (the
 * shop declares tenacity in requirements.txt), the refactoring `untangle fix` and the editor use
 * converts it, and the shop's own tests of the retry policy pass before and after, with Debian's
 * tenacity. About 3 s.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { applyTextEdits } from '../../../server/src/refactor/domainEdit';
import { refactoringForFinding } from '../../../server/src/refactor/findingRefactoring';
import { detectHandRolled } from '../../../server/src/detectors/handRolled';
import { copyExample, pythonWithDjango, runPython } from '../../helpers/django/djangoProject';
import { sourcesOfFolder } from './projectSources';

describe('hand-rolled on the example shop: the carrier retry loop becomes @retry', function () {
  this.timeout(120_000);
  let shop: string;
  before(() => {
    shop = copyExample('shop');
  });
  after(() => fs.rmSync(path.dirname(shop), { recursive: true, force: true }));

  it('is reported as convertible, converts, and the shop’s retry tests still pass', async () => {
    const python = pythonWithDjango();
    const suite = ['manage.py', 'test', 'shop.tests.test_integrations', '--noinput'];
    assert.equal(runPython(python, suite, shop).status, 0, 'the retry tests pass before');
    const findings = detectHandRolled(await sourcesOfFolder(shop), DEFAULT_SETTINGS).filter((f) => f.page === 'hand-rolled-retry-loop');
    assert.deepEqual(findings.map((f) => [path.relative(shop, f.path), f.range.start.line + 1]), [['shop/integrations.py', 17]]);
    assert.match(findings[0].message, /tenacity is a dependency already \(requirements\.txt\); the code action converts it\.$/);

    const snapshot = { read: (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined), exists: fs.existsSync, pythonFiles: () => [] };
    const { result } = refactoringForFinding(await loadPythonParser(), snapshot, findings[0], DEFAULT_SETTINGS);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    for (const [file, edits] of result.edit.edits) fs.writeFileSync(file, applyTextEdits(fs.readFileSync(file, 'utf8'), edits));
    const converted = fs.readFileSync(path.join(shop, 'shop/integrations.py'), 'utf8');
    assert.match(converted, /@retry\(stop=stop_after_attempt\(3\), wait=wait_fixed\(2\), retry=retry_if_exception_type\(\(ConnectionError, TimeoutError\)\), reraise=True\)\ndef shipping_quote\(parcel\):\n    """[^\n]*"""\n    return post_json\(CARRIER_URL, parcel\)\n$/);
    const after = runPython(python, suite, shop);
    assert.equal(after.status, 0, after.output);
    assert.match(after.output, /Ran 4 tests/);
  });
});
