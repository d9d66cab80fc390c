/**
 * Near-copies in several apps that cannot share one function (one app's copy differs by a
 * statement) still share one within the app holding two of them; the copy alone in its app
 * stays, and the summary says why.
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { duplicateOffer, extractDuplicate, type ClonePlaceLines } from '../../../server/src/refactor/duplicates/extractDuplicate';
import { applyEdit, memoryWorkspace, newPyflakesMessages, ROOT, runPythonOn, snapshotOf } from '../../helpers/refactor/refactorFixture';

/** A function describing an order, its body a block the apps repeat; `extra` goes between its statements. */
const orderFunction = (name: string, extra = '') => `def ${name}(order, lines):
    count = len(lines)
    label = order["status"]
${extra}    text = label + " " + str(count)
    text = text.upper()
    return text
`;

const APPS = `#- shop/__init__.py
#- shop/orders.py
${orderFunction('order_text')}
#- shop/reports.py
${orderFunction('report_line')}
#- billing/__init__.py
#- billing/invoices.py
${orderFunction('invoice_line', '    print("invoice", label)\n')}`;

const CHECK = [
  'from shop.orders import order_text',
  'from shop.reports import report_line',
  'from billing.invoices import invoice_line',
  'print(order_text({"status": "new"}, [1, 2]), report_line({"status": "paid"}, []), invoice_line({"status": "due"}, [3]))',
].join('\n');

/** Each copy: from `count = …` to `return text`. */
function copiesOf(files: ReadonlyMap<string, string>): ClonePlaceLines[] {
  return [...files].flatMap(([file, text]) => {
    const lines = text.split('\n');
    const start = lines.indexOf('    count = len(lines)');
    return start < 0 ? [] : [{ file, startLine: start, endLine: lines.indexOf('    return text') }];
  });
}

describe('extract near-copies across apps: the copies of each app share their function', () => {
  it('extracts the copies of the app holding two, leaves the copy alone in its app, and says why', async () => {
    const parser = await loadPythonParser();
    const files = memoryWorkspace(APPS);
    const copies = copiesOf(files);
    assert.equal(copies.length, 3);
    const { title, result, noise } = extractDuplicate(parser, snapshotOf(files), copies);
    assert.equal(noise, undefined);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.match(title, /^Extract duplicated block into `\w+\(\)` in `utils\/\w+\.py` \(shop\/\)$/);
    const after = applyEdit(files, result.edit);
    assert.equal(after.get(`${ROOT}/billing/invoices.py`), files.get(`${ROOT}/billing/invoices.py`), 'the copy alone in billing/ stays');
    assert.match(after.get(`${ROOT}/shop/orders.py`)!, /^ {4}text = \w+\(lines, order\)$/m);
    assert.match(after.get(`${ROOT}/shop/reports.py`)!, /^ {4}text = \w+\(lines, order\)$/m);
    assert.match(result.summary, /^shop\/: replaces 2 copies with calls to `\w+\(lines, order\)` in utils\/\w+\.py; the copy at invoices\.py:2 stays: no other copy is in its app; the copies of all the apps cannot share one function \(invoices\.py:2: the copies differ by a statement at line 4; make them alike first/);
    assert.equal(runPythonOn(after, CHECK), runPythonOn(files, CHECK));
    assert.deepEqual(newPyflakesMessages(files, after), []);
    assert.equal(duplicateOffer(parser, snapshotOf(files), copies).noise, undefined, 'the list offers it too');
  });

  it('offers nothing when no app holds two copies that could share a function', async () => {
    const parser = await loadPythonParser();
    const files = memoryWorkspace(APPS.replace(orderFunction('report_line'), orderFunction('report_line', '    print("report")\n')));
    const copies = copiesOf(files);
    const { result, noise } = extractDuplicate(parser, snapshotOf(files), copies);
    assert.equal(result.safe, false);
    assert.match(noise ?? '', /the copies differ by a statement at line \d+; make them alike first/);
    assert.match(duplicateOffer(parser, snapshotOf(files), copies).noise ?? '', /the copies (differ by a statement|share no run)/);
  });
});
