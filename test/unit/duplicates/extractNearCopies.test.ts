/**
 * Near-copies that differ in names they take from their module (a model, a form class, a
 * function, a constant) become one function taking that name as a parameter, named for what the
 * names have in common; names that could change meaning between the call and the block are
 * refused, and so are more parameters than `duplicateBlock.maxParameters`.
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { extractDuplicate, type ClonePlaceLines } from '../../../server/src/refactor/duplicates/extractDuplicate';
import { applyEdit, memoryWorkspace, newPyflakesMessages, ROOT, runPythonOn, snapshotOf } from '../../helpers/refactor/refactorFixture';

const MODELS = `
#- shop/__init__.py
#- shop/models.py
class Store:
    def __init__(self):
        self.rows = {}


class Customer:
    objects = Store()


class Address:
    objects = Store()


class Supplier:
    objects = Store()
`;

/** A block that looks a record up in one model's store and formats it. */
const LOOKUP = (model: string, key: string) =>
  [`    row = ${model}.objects.rows.get(${key})`, `    if row is None:`, `        row = {"missing": ${key}}`, `    label = str(sorted(row.items()))`].join('\n');

const SERVICES = `${MODELS}#- shop/services.py
from .models import Address, Customer


def describe_customer(pk):
${LOOKUP('Customer', 'pk')}
    return label


def describe_address(pk):
${LOOKUP('Address', 'pk')}
    return label
#- shop/reports.py
from .models import Supplier


def supplier_line(ref):
${LOOKUP('Supplier', 'ref')}
    return "supplier " + label
`;

const CHECK = [
  'from shop.models import Customer, Address, Supplier',
  'Customer.objects.rows[1] = {"name": "Ada"}',
  'Supplier.objects.rows[2] = {"name": "Acme"}',
  'from shop.services import describe_customer, describe_address',
  'from shop.reports import supplier_line',
  'print(describe_customer(1), describe_address(1), supplier_line(2), supplier_line(3))',
].join('\n');

function placesOf(files: Map<string, string>): ClonePlaceLines[] {
  const places: ClonePlaceLines[] = [];
  for (const [file, text] of files) {
    text.split('\n').forEach((line, i) => {
      if (/^ {4}row = \w+\.objects/.test(line)) places.push({ file, startLine: i, endLine: i + 3 });
    });
  }
  return places;
}

describe('extract near-copies that differ in names from their module', () => {
  it('takes the model each copy uses as a `model` parameter, each copy passing its own', async () => {
    const files = memoryWorkspace(SERVICES);
    const { result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), placesOf(files));
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    const util = [...after].find(([file]) => file.startsWith(`${ROOT}/shop/utils/`) && !file.endsWith('__init__.py'))!;
    assert.match(util[1], /^def \w+\(ref, model\):\n {4}row = model\.objects\.rows\.get\(ref\)\n/m, 'the model is a parameter');
    assert.doesNotMatch(util[1], /import (Customer|Address|Supplier)/, 'the util imports no model: each copy passes its own');
    assert.match(after.get(`${ROOT}/shop/services.py`)!, /label = \w+\(pk, Customer\)/);
    assert.match(after.get(`${ROOT}/shop/services.py`)!, /label = \w+\(pk, Address\)/);
    assert.match(after.get(`${ROOT}/shop/reports.py`)!, /label = \w+\(ref, Supplier\)/);
    assert.equal(runPythonOn(after, CHECK), runPythonOn(files, CHECK));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('names a parameter for the role the class names share (`form_class`)', async () => {
    const files = memoryWorkspace(
      SERVICES.replaceAll('class Customer:', 'class CustomerForm:').replaceAll('class Address:', 'class AddressForm:').replaceAll('class Supplier:', 'class SupplierForm:')
        .replaceAll('import Address, Customer', 'import AddressForm, CustomerForm').replaceAll('import Supplier\n', 'import SupplierForm\n')
        .replaceAll("LOOKUP('Customer'", '').replace(/(\s)(Customer|Address|Supplier)\.objects/g, '$1$2Form.objects'),
    );
    const { result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), placesOf(files));
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    const util = [...after].find(([file]) => file.startsWith(`${ROOT}/shop/utils/`) && !file.endsWith('__init__.py'))!;
    assert.match(util[1], /^def \w+\(ref, form_class\):/m);
  });

  it('refuses a name that is a local of one copy’s function: it could change before the block reads it', async () => {
    const files = memoryWorkspace(SERVICES.replace('def describe_address(pk):\n', 'def describe_address(pk):\n    Address = Customer\n'));
    const { result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), placesOf(files));
    assert.equal(result.safe, false);
    assert.match(result.safe ? '' : result.reason, /the copies differ in `\w+` \/ `Address`, which is not a local name of the block, a plain value or a name the module binds once/);
  });

  it('refuses more differences, or more parameters in all, than `maxParameters`, saying how many it would take', async () => {
    const files = memoryWorkspace(SERVICES.replace('"missing": pk}\n    label = str(sorted(row.items()))\n    return label\n#', '"lost": pk}\n    label = str(sorted(row.items()))\n    return label\n#'));
    const parser = await loadPythonParser();
    const places = placesOf(files);
    const capped = extractDuplicate(parser, snapshotOf(files), places, 1);
    assert.equal(capped.result.safe, false);
    assert.match(capped.result.safe ? '' : capped.result.reason, /the copies differ in 2 values and names; one function would take 2 more parameters \(the limit is 1, `duplicateBlock\.maxParameters`\)/);
    // Its input `ref` counts too: two differences, three parameters in all.
    const inAll = extractDuplicate(parser, snapshotOf(files), places, 2);
    assert.match(inAll.result.safe ? '' : inAll.result.reason, /one function serving the copies would need 3 parameters \(`ref`, `key`, `model`\); the limit is 2 \(`duplicateBlock\.maxParameters`\)/);
    const { result } = extractDuplicate(parser, snapshotOf(files), places, 3);
    assert.ok(result.safe, result.safe ? '' : result.reason);
  });

  it('names the function after the block the copies share, not the first copy’s model (healthchecks’ Check/Channel filter was get_check_queryset)', async () => {
    const visible = (model: string) => `def visible_${model.toLowerCase()}s(user):\n    qs = ${model}.objects\n    if user is not None:\n        qs = qs.filter(owner=user)\n    return qs\n`;
    const models = MODELS.replace('self.rows = {}\n', 'self.rows = {}\n\n    def filter(self, **lookups):\n        return sorted(lookups.items())\n');
    const files = memoryWorkspace(`${models}#- shop/services.py\nfrom .models import Address, Customer\n\n\n${visible('Customer')}\n\n${visible('Address')}`);
    const text = files.get(`${ROOT}/shop/services.py`)!.split('\n');
    const places = text.flatMap((line, i) => (/^ {4}qs = \w+\.objects$/.test(line) ? [{ file: `${ROOT}/shop/services.py`, startLine: i, endLine: i + 2 }] : []));
    const { result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), places);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(`${ROOT}/shop/services.py`)!, /qs = get_queryset\(user, Customer\)\n[^]*qs = get_queryset\(user, Address\)\n/);
    const check = 'from shop.services import visible_customers, visible_addresss\nprint(visible_customers(1), visible_addresss(1), visible_customers(None).rows)';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });
});
