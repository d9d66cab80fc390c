/**
 * Near-copy whole functions become one general function plus thin wrappers keeping each public
 * name, signature, decorators and docstring (callers untouched); shapes a wrapper cannot keep are
 * not offered, with the reason. Fixtures cut down from Debian's Django (clickjacking.py, sql.py).
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { duplicateOffer, extractDuplicate, type ClonePlaceLines } from '../../../server/src/refactor/duplicates/extractDuplicate';
import { wrapperFunctions } from '../../../server/src/refactor/hard/wrapperFunctions';
import { applyEdit, memoryWorkspace, newPyflakesMessages, ROOT, runPythonOn, snapshotOf } from '../../helpers/refactor/refactorFixture';

const MODULE = `${ROOT}/app/decorators.py`;

/** Django's clickjacking decorators: the same closure, each setting its own header value. */
const xframe = (name: string, value: string, decorator = '') => `${decorator}def ${name}(view_func):
    """
    Set the X-Frame-Options header to '${value}'.
    """
    def wrapped_view(*args, **kwargs):
        resp = view_func(*args, **kwargs)
        if resp.get('X-Frame-Options') is None:
            resp['X-Frame-Options'] = '${value}'
        return resp
    return wraps(view_func)(wrapped_view)
`;

/** Django's emit_pre/post_migrate_signal, cut down: the same loop on another signal. */
const emit = (when: string) => `def emit_${when}_migrate_signal(verbosity, quiet, db, **kwargs):
    # Emit the ${when}_migrate signal for every application.
    for app_config in apps.get_app_configs():
        if app_config.models_module is None:
            continue
        if verbosity >= 2:
            print("Running migrate handlers for application %s" % app_config.label)
        signals.${when}_migrate.send(
            sender=app_config,
            app_config=app_config,
            verbosity=verbosity,
            quiet=quiet,
            using=db,
            **kwargs
        )
`;

const SIGNALS = `class Signal:
    def __init__(self, name):
        self.name = name

    def send(self, **kwargs):
        print(self.name, sorted(kwargs))


pre_migrate = Signal("pre")
post_migrate = Signal("post")
`;

const APPS = `class AppConfig:
    def __init__(self, label, models_module):
        self.label, self.models_module = label, models_module


def get_app_configs():
    return [AppConfig("shop", object()), AppConfig("empty", None)]
`;

function fixture(module: string): Map<string, string> {
  return memoryWorkspace(`#- app/__init__.py\n#- app/signals.py\n${SIGNALS}#- app/apps.py\n${APPS}#- app/decorators.py\n${module}`);
}

/** Every function of the module whose name matches `names`, as a clone from its first line (decorator or def) to its end. */
function placesOf(files: Map<string, string>, names: RegExp): ClonePlaceLines[] {
  const lines = files.get(MODULE)!.split('\n');
  return lines.flatMap((line, i) => {
    const def = /^def (\w+)/.exec(line);
    if (!def || !names.test(def[1])) return [];
    let start = i;
    while (start > 0 && lines[start - 1].startsWith('@')) start--;
    let end = i + 1;
    while (end < lines.length && (lines[end].startsWith(' ') || lines[end] === '') && !/^\S/.test(lines[end + 1] ?? 'x')) end++;
    return [{ file: MODULE, startLine: start, endLine: Math.min(end, lines.length - 1) }];
  });
}

async function planned(module: string, names: RegExp) {
  const files = fixture(module);
  const extraction = extractDuplicate(await loadPythonParser(), snapshotOf(files), placesOf(files, names));
  return { files, ...extraction };
}

const XFRAME = `from functools import wraps\n\n\n${xframe('xframe_options_deny', 'DENY')}\n\n${xframe('xframe_options_sameorigin', 'SAMEORIGIN')}`;

describe('near-copy whole functions → one general function plus thin wrappers', () => {
  it('makes clickjacking\'s decorators wrappers of one function taking the header value; names, signatures and docstrings stay', async () => {
    const { files, title, result } = await planned(XFRAME, /^xframe/);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.equal(title, 'Make `xframe_options_deny`, `xframe_options_sameorigin` thin wrappers of one function `_xframe_options()`');
    const after = applyEdit(files, result.edit).get(MODULE)!;
    assert.match(after, /^def _xframe_options\(view_func, x_frame_options\):$/m, 'the value is named after the key it is stored under');
    assert.match(after, /^ {12}resp\['X-Frame-Options'\] = x_frame_options$/m);
    assert.match(after, /^def xframe_options_deny\(view_func\):\n {4}"""\n {4}Set the X-Frame-Options header to 'DENY'\.\n {4}"""\n {4}return _xframe_options\(view_func, 'DENY'\)$/m);
    assert.ok(after.split('\n').length < files.get(MODULE)!.split('\n').length, 'shorter');
    const script = [
      'import inspect',
      'from app.decorators import xframe_options_deny, xframe_options_sameorigin',
      'def view(request):\n    """A view."""\n    return {}',
      'for decorator in (xframe_options_deny, xframe_options_sameorigin):',
      '    wrapped = decorator(view)',
      '    print(decorator.__name__, decorator.__doc__, inspect.signature(decorator), wrapped(1), wrapped.__name__, wrapped.__doc__)',
    ].join('\n');
    assert.equal(runPythonOn(applyEdit(files, result.edit), script), runPythonOn(files, script));
    assert.deepEqual(newPyflakesMessages(files, applyEdit(files, result.edit)), []);
    assert.equal(duplicateOffer(await loadPythonParser(), snapshotOf(files), placesOf(files, /^xframe/)).noise, undefined, 'the editor lists the action');
  });

  it('passes an attribute that differs as its name, read with getattr, and keeps each wrapper\'s leading comment (sql.py\'s migrate signals)', async () => {
    const module = `from app import apps, signals\n\n\n${emit('pre')}\n\n${emit('post')}`;
    const { files, result } = await planned(module, /^emit_/);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    const text = after.get(MODULE)!;
    assert.match(text, /^def _emit_migrate_signal\(verbosity, quiet, db, kwargs, migrate_field\):$/m);
    assert.match(text, /getattr\(signals, migrate_field\)\.send\(/);
    assert.match(text, /^def emit_post_migrate_signal\(verbosity, quiet, db, \*\*kwargs\):\n {4}# Emit the post_migrate signal for every application\.\n {4}return _emit_migrate_signal\(verbosity, quiet, db, kwargs, "post_migrate"\)$/m);
    const script = 'from app.decorators import emit_pre_migrate_signal, emit_post_migrate_signal\nemit_pre_migrate_signal(2, False, "default", plan=1)\nemit_post_migrate_signal(1, True, "other")';
    assert.equal(runPythonOn(after, script), runPythonOn(files, script));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('does not offer wrappers when the decorators, the signatures or the locals differ, nor for generators or stack readers, saying why; methods are left to the block extraction', async () => {
    const cases: [string, RegExp, RegExp][] = [
      [`from functools import wraps, lru_cache\n\n\n${xframe('xframe_options_deny', 'DENY', '@lru_cache\n')}\n\n${xframe('xframe_options_sameorigin', 'SAMEORIGIN')}`, /^xframe/, /the decorators of `xframe_options_deny` and `xframe_options_sameorigin` differ/],
      [XFRAME.replace('xframe_options_sameorigin(view_func)', 'xframe_options_sameorigin(view_func, extra=None)'), /^xframe/, /have different signatures/],
      [XFRAME.replace(/return wraps\(view_func\)\(wrapped_view\)/g, 'yield wraps(view_func)(wrapped_view)'), /^xframe/, /`xframe_options_deny` is a generator/],
      [XFRAME.replace(/( +)def wrapped_view/g, '$1warnings.warn("deprecated", stacklevel=2)\n$1def wrapped_view').replace('from functools', 'import warnings\nfrom functools'), /^xframe/, /reads the call stack \(`stacklevel`\), which the wrapper's frame would shift/],
    ];
    const signals = `from app import apps, signals\n\n\n${emit('pre')}\n\n${emit('post')}`;
    // A local of one copy where the other reads a module name: the general body, written from the first, would read the local.
    cases.push([signals.replace(/(def emit_post[^]*?sender=)app_config/, '$1apps'), /^emit_/, /the bodies of `emit_pre_migrate_signal`, `emit_post_migrate_signal` differ in more than names and literals/]);
    for (const [module, names, reason] of cases) {
      const files = fixture(module);
      const planned = wrapperFunctions(await loadPythonParser(), snapshotOf(files), placesOf(files, names), 4);
      assert.equal(planned?.result.safe, false);
      assert.match(planned?.noise ?? '', reason);
    }
    // Clones found from the `def` on, below decorators that differ, are the same functions.
    const decorated = fixture(cases[0][0]);
    const fromDef = placesOf(decorated, /^xframe/).map((place) => ({ ...place, startLine: decorated.get(MODULE)!.split('\n').findIndex((line, i) => i >= place.startLine && line.startsWith('def ')) }));
    assert.match(wrapperFunctions(await loadPythonParser(), snapshotOf(decorated), fromDef, 4)?.noise ?? '', cases[0][2]);
    const methods = `from functools import wraps\n\n\nclass Options:\n${XFRAME.split('\n').slice(3).map((line) => (line ? `    ${line.replace('(view_func)', '(self, view_func)')}` : line)).join('\n')}`;
    const files = fixture(methods);
    const lines = files.get(MODULE)!.split('\n');
    const places = lines.flatMap((line, i) => (/^ {4}def xframe/.test(line) ? [{ file: MODULE, startLine: i, endLine: i + 9 }] : []));
    assert.equal(wrapperFunctions(await loadPythonParser(), snapshotOf(files), places, 4), undefined, 'methods keep the block extraction\'s reasons');
  });

  it('refuses wrappers that would not be shorter than the copies', async () => {
    const small = (name: string, value: string) => `def ${name}(response):\n    response['X-Frame-Options'] = '${value}'\n    return response\n`;
    const { result, noise } = await planned(`${small('deny', 'DENY')}\n\n${small('sameorigin', 'SAMEORIGIN')}`, /./);
    assert.equal(result.safe, false);
    assert.match(noise ?? '', /would take \d+ lines, the copies take \d+: not shorter/);
  });
});
