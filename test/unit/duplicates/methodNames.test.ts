import { strict as assert } from 'node:assert';
import { extractedBetween as extracted } from '../../helpers/refactor/duplicateFindings';
import { newPyflakesMessages, ROOT, runPythonOn } from '../../helpers/refactor/refactorFixture';

/** Django's ModelAdmin success messages, cut down: each branch formats a message and sends it as a success; `translated`, as Django writes them, in `_()`. */
const admin = (translated: boolean) => {
  const say = (text: string) => (translated ? `_(${text})` : text);
  return `
#- app/__init__.py
#- app/messages.py
SUCCESS = 25
#- app/translation.py
def gettext(message):
    return "~" + message
#- app/admin.py
from app import messages
${translated ? 'from app.translation import gettext as _\n' : ''}

def format_html(text, **kwargs):
    return text.format(**kwargs)


class ModelAdmin:
    def __init__(self):
        self.sent = []

    def message_user(self, request, message, level):
        self.sent.append((request, message, level))

    def response_add(self, request, obj):
        msg_dict = {"name": "book", "obj": obj}
        if "_continue" in request:
            msg = format_html(
                ${say('"The {name} {obj} was added successfully. You may edit it again below."')},
                **msg_dict
            )
            self.message_user(request, msg, messages.SUCCESS)
            return "change"
        msg = format_html(${say('"The {name} {obj} was added successfully."')}, **msg_dict)
        self.message_user(request, msg, messages.SUCCESS)
        return "list"
`;
};
const ADMIN = admin(false);

/** Django's QuerySet.defer/only, cut down: each checks it may run, then chains under its own name. */
const QUERYSET = `
#- app/__init__.py
#- app/query.py
class QuerySet:
    def __init__(self, fields=None):
        self._fields = fields
        self.deferred = ()

    def _not_support_combined_queries(self, operation_name):
        if getattr(self, "combinator", None):
            raise TypeError(operation_name)

    def _chain(self):
        clone = QuerySet(self._fields)
        clone.deferred = self.deferred
        return clone

    def defer(self, *fields):
        self._not_support_combined_queries('defer')
        if self._fields is not None:
            raise TypeError("Cannot call defer() after .values() or .values_list()")
        clone = self._chain()
        clone.deferred = clone.deferred + fields
        return clone

    def only(self, *fields):
        self._not_support_combined_queries('only')
        if self._fields is not None:
            raise TypeError("Cannot call only() after .values() or .values_list()")
        obj = self._chain()
        obj.deferred = fields
        return obj
`;

describe('names of a method made from near-copies, as a reviewer would keep them', () => {
  it('names ModelAdmin\'s success messages after the call they end with and the level they pass (was `_compute_msg`, which returned nothing)', async () => {
    const { files, after, title } = await extracted(ADMIN, /^\s+msg = format_html/, /self\.message_user\(/);
    assert.equal(title, 'Extract duplicated block into method `_message_user_success()` of `ModelAdmin`');
    const admin = after.get(`${ROOT}/app/admin.py`)!;
    assert.equal(admin.match(/^ {12}self\._message_user_success\(/gm)?.length, 1);
    assert.equal(admin.match(/^ {8}self\._message_user_success\(/gm)?.length, 1);
    assert.doesNotMatch(admin, /= self\._message_user_success/, 'nothing comes back');
    const script = 'from app.admin import ModelAdmin\na = ModelAdmin()\nprint(a.response_add(["_continue"], 1), a.response_add([], 2), a.sent)';
    assert.equal(runPythonOn(after, script), runPythonOn(files, script));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('names a translated string the copies pass `message`, what each copy\'s is (ModelAdmin\'s was `value`)', async () => {
    const { files, after } = await extracted(admin(true), /^\s+msg = format_html/, /self\.message_user\(/);
    const text = after.get(`${ROOT}/app/admin.py`)!;
    assert.match(text, /^ {4}def _message_user_success\(self, msg_dict, request, message\):$/m);
    assert.match(text, /^ {8}msg = format_html\(\s*message,/m);
    const script = 'from app.admin import ModelAdmin\na = ModelAdmin()\nprint(a.response_add(["_continue"], 1), a.response_add([], 2), a.sent)';
    assert.equal(runPythonOn(after, script), runPythonOn(files, script));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('names QuerySet\'s defer/only check after the chained copy it returns, checked (was `_compute_obj`: the copies call it `clone` and `obj`)', async () => {
    const { files, after, title } = await extracted(QUERYSET, /^\s+self\._not_support_combined_queries\('/, /= self\._chain\(\)/);
    assert.equal(title, 'Extract duplicated block into method `_checked_chain()` of `QuerySet`');
    const query = after.get(`${ROOT}/app/query.py`)!;
    assert.match(query, /^ {8}clone = self\._checked_chain\(\n? *'defer',/m);
    assert.match(query, /^ {8}obj = self\._checked_chain\(\n? *'only',/m);
    assert.match(query, /^ {4}def _checked_chain\(self, operation_name, message\):$/m, 'the value passed to `_not_support_combined_queries` takes its parameter\'s name (was `queries`)');
    const script = [
      'from app.query import QuerySet',
      'print(QuerySet().defer("a").only("b").deferred, QuerySet().only("c").defer("d").deferred)',
      'for method in ("defer", "only"):',
      '    try:',
      '        getattr(QuerySet(fields=["x"]), method)("a")',
      '    except TypeError as error:',
      '        print(error)',
    ].join('\n');
    assert.equal(runPythonOn(after, script), runPythonOn(files, script));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });
});
