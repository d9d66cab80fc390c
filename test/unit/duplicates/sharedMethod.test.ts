import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { extractDuplicate, type ClonePlaceLines } from '../../../server/src/refactor/duplicates/extractDuplicate';
import { applyEdit, memoryWorkspace, newPyflakesMessages, ROOT, runPythonOn, snapshotOf } from '../../helpers/refactor/refactorFixture';

/** A block working on `self`: it calls its methods and reads it after a call, so no function in utils can take it. */
const BLOCK = (action: string) =>
  [
    `        label = self.describe(obj, "${action}")`,
    '        self.history.append(label)',
    '        count = len(self.history)',
  ].join('\n');

const method = (name: string, action: string, rest = '        return label, count') => [`    def ${name}(self, obj):`, BLOCK(action), rest, ''].join('\n');

const HELPERS = ['    def __init__(self):', '        self.history = []', '', '    def describe(self, obj, action):', '        return f"{obj} {action}"', ''].join('\n');

/** A class method holding the block, its class named `receiver`. */
const classMethod = (name: string, action: string, receiver: string) => ['    @classmethod', method(name, action).replace('(self, obj)', `(${receiver}, obj)`).replace(/self\./g, `${receiver}.`)].join('\n');

const CLASS_HELPERS = ['    history = []', '', '    @classmethod', '    def describe(cls, obj, action):', '        return f"{cls.__name__} {obj} {action}"', ''].join('\n');

async function extracted(fixture: string) {
  const files = memoryWorkspace(fixture);
  const places: ClonePlaceLines[] = [];
  for (const [file, text] of files) {
    text.split('\n').forEach((line, i) => {
      if (/^\s+label = \w+\.describe/.test(line)) places.push({ file, startLine: i, endLine: i + 2 });
    });
  }
  const extraction = extractDuplicate(await loadPythonParser(), snapshotOf(files), places);
  return { files, after: extraction.result.safe ? applyEdit(files, extraction.result.edit) : files, ...extraction };
}

const CHECK = (cls: string, other = cls) => [`from app.admin import ${[...new Set([cls, other])].join(', ')}`, `a, b = ${cls}(), ${other}()`, 'print(a.added("x"), a.changed("y"), b.changed("z"), a.history, b.history)'].join('\n');

describe('near-copies working on self → one method', () => {
  it('makes one private method of the class when every copy is in it, each copy calling it through self', async () => {
    const { files, after, title, result } = await extracted(`\n#- app/__init__.py\n#- app/admin.py\nclass Admin:\n${HELPERS}\n${method('added', 'added')}\n${method('changed', 'changed')}`);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.equal(title, 'Extract duplicated block into method `_compute_label_and_count()` of `Admin`');
    const admin = after.get(`${ROOT}/app/admin.py`)!;
    assert.equal(admin.match(/^ {8}label, count = self\._compute_label_and_count\(obj, "(added|changed)"\)$/gm)?.length, 2, 'each copy passes its own value');
    assert.match(admin, /\n {4}def _compute_label_and_count\(self, obj, action\):\n {8}label = self\.describe\(obj, action\)\n {8}self\.history\.append\(label\)\n {8}count = len\(self\.history\)\n {8}return label, count\n$/, 'after the last copy\'s method; the value takes the name `describe` gives its parameter');
    assert.equal(runPythonOn(after, CHECK('Admin')), runPythonOn(files, CHECK('Admin')));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('puts the method on the base class of the module that the copies\' classes share', async () => {
    const base = `class Base:\n${HELPERS}\n\nclass Other:\n    pass\n\n`;
    const { files, after, result } = await extracted(`\n#- app/__init__.py\n#- app/admin.py\n${base}\nclass Added(Base):\n${method('added', 'added')}\n    def changed(self, obj):\n        return None\n\n\nclass Changed(Other, Base):\n    def added(self, obj):\n        return None\n\n${method('changed', 'changed')}`);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.match(result.summary, /a method of `Base` in admin\.py/);
    const admin = after.get(`${ROOT}/app/admin.py`)!;
    assert.match(admin, /^class Base:\n(.*\n)+? {4}def _compute_label_and_count\(self, obj, action\):\n(.*\n)+?\n\nclass Other:/m);
    assert.equal(runPythonOn(after, CHECK('Added', 'Changed')), runPythonOn(files, CHECK('Added', 'Changed')));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('names the method with a word no file of the workspace uses, so no subclass or instance attribute there can hide it', async () => {
    const fixture = `\n#- app/__init__.py\n#- app/admin.py\nclass Admin:\n${HELPERS}\n${method('added', 'added')}\n${method('changed', 'changed')}#- app/custom.py\nfrom app.admin import Admin\n\n\nclass Custom(Admin):\n    def _compute_label_and_count(self, obj, action):\n        return None\n`;
    const { result, after } = await extracted(fixture);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const admin = after.get(`${ROOT}/app/admin.py`)!;
    assert.doesNotMatch(admin, /_compute_label_and_count/, 'custom.py defines the first name on a subclass, which would hide the new method');
    assert.match(admin, /label, count = self\._compute_count\(obj, "added"\)/, 'the next name the code gives');
  });

  it('reads the module\'s own names where they are, and keeps a string marked for translation inside its `_()`', async () => {
    const own = (name: string, action: string) => [`    def ${name}(self, obj):`, `        label = self.describe(obj, _("${action}"))`, '        self.history.append(shout(label))', '        count = len(self.history)', '        return label, count', ''].join('\n');
    const fixture = `\n#- app/__init__.py\n#- app/admin.py\ndef _(text):\n    return text.title()\n\n\ndef shout(text):\n    return text.upper()\n\n\nclass Admin:\n${HELPERS}\n${own('added', 'added')}\n${own('changed', 'changed')}`;
    const { files, after, result } = await extracted(fixture);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const admin = after.get(`${ROOT}/app/admin.py`)!;
    assert.match(admin, /label, count = self\._\w+\(obj, lambda: _\("added"\)\)/, 'makemessages finds the string only as the literal argument of `_()`');
    assert.match(admin, /\n {8}label = self\.describe\(obj, \w+\(\)\)\n {8}self\.history\.append\(shout\(label\)\)\n/, 'no import of the module\'s own `shout` into its own class');
    assert.equal(runPythonOn(after, CHECK('Admin')), runPythonOn(files, CHECK('Admin')));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('refuses when a class before the base in a copy\'s MRO comes from another module, which might define the name', async () => {
    const { result } = await extracted(`\n#- app/__init__.py\n#- app/mixins.py\nclass Tracking:\n    pass\n#- app/admin.py\nfrom app.mixins import Tracking\n\n\nclass Base:\n${HELPERS}\n\nclass Added(Tracking, Base):\n${method('added', 'added')}\n\nclass Changed(Base):\n${method('changed', 'changed')}`);
    assert.equal(result.safe, false);
    assert.match(result.safe ? '' : result.reason, /`Added` derives from `Tracking`, which is not defined in the module: whether it comes before `Base` and defines the new method's name cannot be checked/);
  });

  it('says why when the classes share no base class of the module, keeping the finding', async () => {
    const { result, noise } = await extracted(`\n#- app/__init__.py\n#- app/admin.py\nclass Added:\n${HELPERS}\n${method('added', 'added')}\n\nclass Changed:\n${HELPERS}\n${method('changed', 'changed')}`);
    assert.equal(result.safe, false);
    assert.match(noise ?? '', /a function in utils taking `self` would be a method in disguise, and one method cannot serve the copies: admin\.py:\d+: `Added`, `Changed` share no base class defined in the module$/);
  });

  it('makes one class method of copies in class methods, each calling it through its own cls', async () => {
    const fixture = `\n#- app/__init__.py\n#- app/admin.py\nclass Admin:\n${CLASS_HELPERS}\n${classMethod('added', 'added', 'cls')}\n${classMethod('changed', 'changed', 'klass')}\n\nclass Custom(Admin):\n    history = []\n`;
    const { files, after, result } = await extracted(fixture);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const admin = after.get(`${ROOT}/app/admin.py`)!;
    assert.match(admin, /\n {4}@classmethod\n {4}def _compute_label_and_count\(cls, obj, action\):\n {8}label = cls\.describe\(obj, action\)\n/);
    assert.match(admin, /label, count = cls\._compute_label_and_count\(obj, "added"\)/);
    assert.match(admin, /label, count = klass\._compute_label_and_count\(obj, "changed"\)/, 'the copy\'s own name for the class');
    const check = 'from app.admin import Admin, Custom\nprint(Admin.added("x"), Custom.changed("y"), Custom().added("z"), Admin.history, Custom.history)';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('does not offer one method for copies in a class method and an instance method, nor in static methods', async () => {
    const mixed = await extracted(`\n#- app/__init__.py\n#- app/admin.py\nclass Admin:\n${CLASS_HELPERS}\n${classMethod('added', 'added', 'cls')}\n${method('changed', 'changed')}`);
    assert.match(mixed.noise ?? '', /`added` is a class method and `changed` an instance method; one method cannot take the class in one and the instance in the other/);
    const { noise } = await extracted(`\n#- app/__init__.py\n#- app/admin.py\nclass Admin:\n${HELPERS}\n    @staticmethod\n${method('added', 'added')}\n${method('changed', 'changed')}`);
    assert.match(noise ?? '', /the copy is in a method decorated with `@staticmethod`, which has no `self` to call a method through/);
  });
  it('makes copies in static methods, which work on no receiver, one function in utils', async () => {
    const staticMethod = (name: string, action: string) => ['    @staticmethod', `    def ${name}(obj, history):`, `        label = Admin.describe(obj, "${action}")`, '        history.append(label)', '        count = len(history)', '        return label, count', ''].join('\n');
    const { files, after, result, title } = await extracted(`\n#- app/__init__.py\n#- app/admin.py\nclass Admin:\n${CLASS_HELPERS}\n${staticMethod('added', 'added')}\n${staticMethod('changed', 'changed')}`);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.match(title, /^Extract duplicated block into `\w+\(\)` in `utils\/common\.py`$/);
    const check = 'from app.admin import Admin\nh = []\nprint(Admin.added("x", h), Admin.changed("y", h), h)';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });
  it('says so when the block reads self only inside what the copies differ in (GEOS’s io.py setters before their functions could be passed)', async () => {
    const setter = (name: string, call: string) => [`    def ${name}(self, obj):`, '        if obj not in (2, 3):', `            raise ValueError("${name}")`, `        label = ${call}(self.describe(obj, "x"))`, '        return label', ''].join('\n');
    const files = memoryWorkspace(`\n#- app/__init__.py\n#- app/admin.py\nclass Admin:\n${HELPERS}\n${setter('added', 'repr')}\n${setter('changed', 'ascii')}`);
    const places = [...files.get(`${ROOT}/app/admin.py`)!.split('\n').entries()].filter(([, line]) => /if obj not in/.test(line)).map(([i]) => ({ file: `${ROOT}/app/admin.py`, startLine: i, endLine: i + 2 }));
    const { result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), places);
    assert.match(result.safe ? '' : result.reason, /the block reads `self` only inside what the copies differ in \(`lambda: repr\(self\.describe\(obj, "x"\)\)`\), which each copy passes as a callable/);
  });
});
