/**
 * Extracting out of a package whose `__init__.py` imports the source module, into a module that
 * would import that package back at its top: refused, since importing the package would then
 * fail at start-up (found on Django: `db/models/constraints.py` into `contrib/postgres/utils.py`).
 * The same extraction is made when the package does not import the source, or when the function
 * stays inside the package.
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { extractToModule } from '../../../server/src/refactor/extract/extractToModule';
import { applyEdit, memoryWorkspace, ROOT, runPythonOn, snapshotOf } from '../../helpers/refactor/refactorFixture';

const PROJECT = (init: string) => `
#- pkg/__init__.py
#- pkg/models/__init__.py
${init}
#- pkg/models/base.py
def q(value):
    return ("Q", value)
#- pkg/models/constraints.py
from pkg.models.base import q


def check(value):
    condition = q(value)
    label = "check %s" % (condition,)
    return label
#- other/__init__.py
`;

const CONSTRAINTS = `${ROOT}/pkg/models/constraints.py`;

async function extractTo(init: string, targetFile: string) {
  const files = memoryWorkspace(PROJECT(init));
  const lines = files.get(CONSTRAINTS)!.split('\n');
  const start = lines.findIndex((line) => line.includes('condition = q(value)'));
  const result = extractToModule(await loadPythonParser(), snapshotOf(files), { file: CONSTRAINTS, startLine: start, endLine: start + 1, targetFile, functionName: 'describe' });
  return { files, result };
}

describe('extract to a module that would import the source’s package back', () => {
  it('refuses when the package imports the source at its top: the package would meet itself half-imported', async () => {
    const { result } = await extractTo('from .constraints import *', `${ROOT}/other/utils.py`);
    assert.equal(result.safe, false);
    assert.match(result.safe ? '' : result.reason, /^pkg\.models's __init__\.py imports constraints\.py, so the function's import of `q` would load pkg\.models while it is still being imported: an import cycle at start-up/);
  });

  it('extracts when the package does not import the source, or when the function stays in the package', async () => {
    for (const [init, target] of [['', `${ROOT}/other/utils.py`], ['from .constraints import *', `${ROOT}/pkg/models/utils.py`]]) {
      const { files, result } = await extractTo(init, target);
      assert.ok(result.safe, result.safe ? '' : result.reason);
      const after = applyEdit(files, result.edit);
      const check = 'import pkg.models\nfrom pkg.models.constraints import check\nprint(check(3))';
      assert.equal(runPythonOn(after, check), runPythonOn(files, check));
    }
  });
});
