/**
 * Copies reading the call stack (Django's `warnings.warn(…, RemovedInDjango40Warning,
 * stacklevel=2)`) are not put into a new function: called from there, the warning would blame
 * the line calling the function instead of the caller of the copy. Each kind of extraction of a
 * duplicated block is refused with that reason.
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { extractDuplicate, type ClonePlaceLines } from '../../../server/src/refactor/duplicates/extractDuplicate';
import { stackReadIn } from '../../../server/src/refactor/analysis/stackReads';
import { memoryWorkspace, snapshotOf } from '../../helpers/refactor/refactorFixture';

const DEPRECATION = `
#- compat/__init__.py
#- compat/deprecation.py
class RemovedInDjango40Warning(DeprecationWarning):
    pass
`;

/** The frame's refusal, as the block extraction words it. */
const SHIFTED = /the statements read the call stack \(`stacklevel`\), which the new function's frame would shift \(a warning with `stacklevel=2` would blame the line calling the new function instead of the caller's\)/;

/** The places whose first line matches `first`, each `length` lines long. */
function placesOf(files: Map<string, string>, first: RegExp, length: number): ClonePlaceLines[] {
  return [...files].flatMap(([file, text]) => text.split('\n').flatMap((line, i) => (first.test(line) ? [{ file, startLine: i, endLine: i + length - 1 }] : [])));
}

async function extraction(fixture: string, first: RegExp, length: number) {
  const files = memoryWorkspace(fixture);
  const places = placesOf(files, first, length);
  assert.equal(places.length, 2);
  return extractDuplicate(await loadPythonParser(), snapshotOf(files), places).result;
}

/** utils/http.py's urlquote, its deprecation and clean-up copied into a second module. */
const urlquote = (name: string) => `import warnings
from urllib.parse import quote

from compat.deprecation import RemovedInDjango40Warning


def ${name}(url, safe="/"):
    warnings.warn("${name}() is deprecated in favor of urllib.parse.quote().", RemovedInDjango40Warning, stacklevel=2)
    cleaned = url.strip()
    return quote(cleaned, safe)
`;

/** The pickled-version check of QuerySet.__setstate__ (db/models/query.py) and Model.__setstate__ (db/models/base.py). */
const pickledCheck = (what: string) => `import warnings

VERSION = "3.2"
PICKLE_KEY = "_django_version"


def check_pickled_${what.split(' ')[0]}(state):
    pickled_version = state.get(PICKLE_KEY)
    if pickled_version:
        if pickled_version != VERSION:
            warnings.warn("Pickled ${what}'s Django version %s does not match %s." % (pickled_version, VERSION), RuntimeWarning, stacklevel=2)
    else:
        warnings.warn("Pickled ${what}'s Django version is not specified.", RuntimeWarning, stacklevel=2)
    return state
`;

describe('copies reading the call stack stay where they are', () => {
  it('finds reads of the frames above in code, not in its strings or comments', () => {
    const reads: [string, string | undefined][] = [
      ['warnings.warn(msg, RemovedInDjango40Warning, stacklevel=2)', 'stacklevel'],
      ['caller = sys._getframe(1).f_code.co_name', '_getframe'],
      ['frame = inspect .stack()[1]', 'inspect.stack'],
      ['print(f"{traceback.format_stack()}")', 'format_stack'],
      ['logger.warning("late", stack_info=True)', 'stack_info'],
      ['warnings.warn("stacklevel is 1 here")  # no stacklevel=2', undefined],
      ['stack = []\nstack.append(frame)', undefined],
    ];
    for (const [code, read] of reads) assert.equal(stackReadIn(code), read, code);
  });

  it('does not extract exact copies of a deprecation into utils (the soft stage): the warning would blame the util\'s caller', async () => {
    const result = await extraction(`${DEPRECATION}#- shop/__init__.py\n#- shop/http.py\n${urlquote('urlquote')}#- shop/compat.py\n${urlquote('legacy_quote')}`, /^ {4}warnings\.warn/, 2);
    assert.equal(result.safe, false);
    assert.match(result.safe ? '' : result.reason, SHIFTED);
  });

  it('does not generalize near-copies reading the stack into one function (the hard stage): Django\'s two __setstate__ checks', async () => {
    const result = await extraction(`#- shop/__init__.py\n#- shop/query.py\n${pickledCheck('queryset instance')}#- shop/base.py\n${pickledCheck('model instance')}`, /^ {4}pickled_version = /, 6);
    assert.equal(result.safe, false);
    assert.match(result.safe ? '' : result.reason, SHIFTED);
  });

  it('does not make near-copies working on self one method of their class: the method adds a frame too', async () => {
    // EmailValidator's domain_whitelist getter and setter (core/validators.py), each noting the access first.
    const accessor = (name: string, attribute: string, tail: string) => `
    def ${name}(self${tail ? ', allowlist' : ''}):
        label = self.note("${attribute}")
        warnings.warn("The %s attribute is deprecated in favor of domain_allowlist." % label, RemovedInDjango40Warning, stacklevel=2)
        ${tail || 'return self.domain_allowlist'}
`;
    const validators = `import warnings

from compat.deprecation import RemovedInDjango40Warning


class EmailValidator:
    domain_allowlist = ["localhost"]

    def __init__(self):
        self.noted = []

    def note(self, attribute):
        self.noted.append(attribute)
        return attribute
${accessor('get_domain_whitelist', 'domain_whitelist', '')}${accessor('set_domain_whitelist', 'whitelist', 'self.domain_allowlist = allowlist')}`;
    const result = await extraction(`${DEPRECATION}#- shop/__init__.py\n#- shop/validators.py\n${validators}`, /^ {8}label = self\.note/, 2);
    assert.equal(result.safe, false);
    assert.match(result.safe ? '' : result.reason, SHIFTED);
  });
});
