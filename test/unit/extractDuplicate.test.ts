import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../server/src/core/parse/pythonParser';
import { extractDuplicate, type ClonePlaceLines } from '../../server/src/refactor/extractDuplicate';
import { applyEdit, memoryWorkspace, ROOT, runPythonOn, snapshotOf } from '../helpers/refactorFixture';

const BLOCK = (order: string, subtotal: string) =>
  [
    `    ${subtotal} = 0`,
    `    for line in ${order}["lines"]:`,
    `        ${subtotal} += line["price"] * line["qty"]`,
    `    if ${order}.get("coupon"):`,
    `        ${subtotal} -= ${order}["coupon"]`,
  ].join('\n');

const SHOP = `
#- shop/__init__.py
#- shop/views.py
def checkout(request):
    order = request["order"]
${BLOCK('order', 'subtotal')}
    return subtotal


def refund(request):
    order = request["order"]
${BLOCK('order', 'subtotal')}
    return -subtotal
#- shop/api.py
def quote(payload):
    basket = payload
${BLOCK('basket', 'amount')}
    return {"amount": amount}
`;

function placesOf(files: Map<string, string>, marker: RegExp): ClonePlaceLines[] {
  const places: ClonePlaceLines[] = [];
  for (const [file, text] of files) {
    text.split('\n').forEach((line, i) => {
      if (marker.test(line)) places.push({ file, startLine: i, endLine: i + 4 });
    });
  }
  return places;
}


const CHECK = [
  'from shop.views import checkout, refund',
  'from shop.api import quote',
  'o = {"lines": [{"price": 3, "qty": 2}, {"price": 1, "qty": 5}], "coupon": 2}',
  'print(checkout({"order": o}), refund({"order": o}), quote(o))',
].join('\n');

describe('extract a duplicated block into utils/', () => {
  it('makes one function and calls it from every copy, renamed copies passing their own names', async () => {
    const files = memoryWorkspace(SHOP);
    const places = placesOf(files, /^\s+(subtotal|amount) = 0$/);
    assert.equal(places.length, 3);
    const { title, result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), places);
    assert.equal(title, 'Extract duplicated block into `utils/compute_amount.py`', 'named from the first copy (api.py)');
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.deepEqual(result.edit.createFiles, [`${ROOT}/shop/utils/__init__.py`, `${ROOT}/shop/utils/compute_amount.py`]);
    const after = applyEdit(files, result.edit);
    assert.equal(after.get(`${ROOT}/shop/utils/compute_amount.py`), `def compute_amount(basket):\n${BLOCK('basket', 'amount')}\n    return amount\n`);
    assert.equal(after.get(`${ROOT}/shop/views.py`)!.match(/    subtotal = compute_amount\(order\)\n/g)?.length, 2, 'a renamed copy passes its own names');
    assert.match(after.get(`${ROOT}/shop/views.py`)!, /^from shop\.utils\.compute_amount import compute_amount\n\n\ndef checkout/, 'imported once, absolutely, as the module has no relative imports');
    assert.match(after.get(`${ROOT}/shop/api.py`)!, /^from shop\.utils\.compute_amount import compute_amount\n\n\ndef quote\(payload\):\n    basket = payload\n    amount = compute_amount\(basket\)\n/);
    assert.equal(runPythonOn(after, CHECK), runPythonOn(files, CHECK));
  });

  it('turns values that differ between the copies into parameters, each copy passing its own', async () => {
    const files = memoryWorkspace(SHOP.replace('amount += line["price"] * line["qty"]', 'amount += line["price"] * line["cnt"]'));
    const places = placesOf(files, /^\s+(subtotal|amount) = 0$/);
    const { result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), places);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(`${ROOT}/shop/utils/compute_amount.py`)!, /^def compute_amount\(basket, value\):\n {4}amount = 0\n {4}for line in basket\["lines"\]:\n {8}amount \+= line\["price"\] \* line\[value\]$/m);
    assert.match(after.get(`${ROOT}/shop/api.py`)!, /amount = compute_amount\(basket, "cnt"\)/);
    assert.match(after.get(`${ROOT}/shop/views.py`)!, /subtotal = compute_amount\(order, "qty"\)/);
    const check = CHECK.replace('{"price": 3, "qty": 2}, {"price": 1, "qty": 5}', '{"price": 3, "qty": 2, "cnt": 4}, {"price": 1, "qty": 5, "cnt": 1}');
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  it('refuses copies that use other names from elsewhere, naming the difference', async () => {
    const files = memoryWorkspace(SHOP.replace('amount += line["price"] * line["qty"]', 'amount += line["price"] * abs(line["qty"])').replaceAll('subtotal += line["price"] * line["qty"]', 'subtotal += line["price"] * round(line["qty"])'));
    const places = placesOf(files, /^\s+(subtotal|amount) = 0$/);
    const { result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), places);
    assert.equal(result.safe, false);
    assert.match(result.safe ? '' : result.reason, /^views\.py:\d+: the copies differ in `abs` \/ `round`, which is not a local name of the block or a plain value/);
  });
});
