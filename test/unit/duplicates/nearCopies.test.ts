/**
 * Near-copies that differ in an attribute read, in an expression, or by a statement: one
 * function when passing the difference keeps what the copies compute and when, else a refusal
 * that says why. Each applied case runs Python on the copies before and after.
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { duplicateOffer, extractDuplicate, type ClonePlaceLines } from '../../../server/src/refactor/duplicates/extractDuplicate';
import { applyEdit, memoryWorkspace, newPyflakesMessages, ROOT, runPythonOn, snapshotOf } from '../../helpers/refactor/refactorFixture';

const ORDERS = `${ROOT}/shop/orders.py`;

/** Two functions `first` and `second` of shop/orders.py, their bodies from `body(copy)`. */
function orders(body: (copy: 0 | 1) => string[], prelude = ''): Map<string, string> {
  const fn = (name: string, copy: 0 | 1) => [`def ${name}(order, lines):`, ...body(copy).map((line) => `    ${line}`), ''].join('\n');
  return memoryWorkspace(`#- shop/__init__.py\n#- shop/orders.py\n${prelude}\n\n${fn('first', 0)}\n\n${fn('second', 1)}`);
}

/** The body of each function, all but its last line (the `return`). */
function bodies(files: ReadonlyMap<string, string>): ClonePlaceLines[] {
  const lines = files.get(ORDERS)!.split('\n');
  const starts = lines.flatMap((line, i) => (/^def /.test(line) ? [i + 1] : []));
  return starts.map((start) => {
    let end = start;
    while (/^ {4}/.test(lines[end + 1] ?? '')) end++;
    return { file: ORDERS, startLine: start, endLine: end - 1 };
  });
}

async function extract(files: Map<string, string>, maxParameters?: number) {
  const { result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), bodies(files), maxParameters);
  return result;
}

function utilOf(after: ReadonlyMap<string, string>): string {
  return [...after].find(([file]) => file.startsWith(`${ROOT}/shop/utils`) && !file.endsWith('__init__.py'))![1];
}

const ORDER_CLASS = ['class Order:', '    def __init__(self):', '        self.status = "paid"', '        self.state = "open"', '        self.items = [1, 2]', '', '    def refresh(self):', '        self.items.append(len(self.items))'].join('\n');

const RUN = (calls: string) => `from shop.orders import Order, first, second\n${calls}`;

describe('extract near-copies that differ in attributes, expressions and statements', () => {
  it('reads an attribute that differs with getattr, its name a parameter named from the attributes', async () => {
    const files = orders((copy) => [`label = order.${['status', 'state'][copy]}.upper()`, 'text = label + ":" + str(len(lines))', 'return text'], ORDER_CLASS);
    const result = await extract(files);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(utilOf(after), /getattr\(order, field_name\)\.upper\(\)/);
    assert.match(after.get(ORDERS)!, /text = \w+\(order, lines, "status"\)/);
    assert.match(after.get(ORDERS)!, /text = \w+\(order, lines, "state"\)/);
    const run = RUN('print(first(Order(), [1]), second(Order(), []))');
    assert.equal(runPythonOn(after, run), runPythonOn(files, run));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('refuses an attribute that differs where the block assigns it', async () => {
    const files = orders((copy) => [`order.${['status', 'state'][copy]} = "done"`, 'text = str(len(lines))', 'return text'], ORDER_CLASS);
    const result = await extract(files);
    assert.equal(result.safe, false);
    assert.match(result.safe ? '' : result.reason, /the copies differ in `order\.status` \/ `order\.state`, which the block assigns to; only what it reads can be passed in/);
  });

  it('passes an expression evaluated once before any side effect as a value', async () => {
    const files = orders((copy) => ['label = order.status', `count = ${['(len(lines) + 1)', 'len(lines)'][copy]} * 2`, 'order.refresh()', 'text = str(count) + str(order.items) + label', 'return text'], ORDER_CLASS);
    const result = await extract(files);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(ORDERS)!, /text = \w+\(.*\(len\(lines\) \+ 1\)\)/);
    assert.match(after.get(ORDERS)!, /text = \w+\(.*, len\(lines\)\)/);
    assert.match(utilOf(after), /^ {4}count = initial_count \* 2$/m);
    const run = RUN('print(first(Order(), [1, 2]), second(Order(), [3]))');
    assert.equal(runPythonOn(after, run), runPythonOn(files, run));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('leaves a first statement that differs at each call site, the function taking its result', async () => {
    const files = orders((copy) => [`count = ${['len(lines) + 1', 'len(order.items)'][copy]}`, 'order.refresh()', 'text = str(count) + str(order.items)', 'return text'], ORDER_CLASS);
    const result = await extract(files);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(ORDERS)!, /^ {4}count = len\(lines\) \+ 1\n {4}text = \w+\(order, count\)$/m);
    assert.match(after.get(ORDERS)!, /^ {4}count = len\(order\.items\)\n {4}text = \w+\(order, count\)$/m);
    const run = RUN('print(first(Order(), [1, 2]), second(Order(), [3]))');
    assert.equal(runPythonOn(after, run), runPythonOn(files, run));
  });

  it('leaves a differing first statement at each call site when what follows is one compound statement worth a function (an if/else)', async () => {
    const first = ['name = str(order.status)', 'label = order.state.upper()'];
    const files = orders((copy) => [first[copy], 'if lines:', `    title = "Cannot ship %s" % ${['name', 'label'][copy]}`, 'else:', '    title = "Ship?"', 'return title'], ORDER_CLASS);
    const result = await extract(files);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(ORDERS)!, /^ {4}name = str\(order\.status\)\n {4}title = \w+\(lines, name\)$/m);
    assert.match(after.get(ORDERS)!, /^ {4}label = order\.state\.upper\(\)\n {4}title = \w+\(lines, label\)$/m);
    const run = RUN('print(first(Order(), [1]), second(Order(), []), second(Order(), [2]))');
    assert.equal(runPythonOn(after, run), runPythonOn(files, run));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('passes an expression evaluated after a call that may change it as a callable, so it runs when it did', async () => {
    const files = orders((copy) => ['order.refresh()', `count = ${['len(order.items) + 1', 'len(order.items)'][copy]}`, 'text = str(count) + str(len(lines))', 'return text'], ORDER_CLASS);
    assert.equal(duplicateOffer(await loadPythonParser(), snapshotOf(files), bodies(files)).noise, undefined, 'listed in the editor too');
    const result = await extract(files);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(utilOf(after), /^ {4}count = get_count\(\)$/m);
    assert.match(after.get(ORDERS)!, /\w+\(order, lines, lambda: len\(order\.items\) \+ 1\)/);
    const run = RUN('print(first(Order(), [1]), second(Order(), []))');
    assert.equal(runPythonOn(after, run), runPythonOn(files, run), 'the count sees the refreshed items, as before');
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('passes a call coming after something that may fail as a callable: computed at the call, it would run where the copy stopped first', async () => {
    const files = orders((copy) => ['label = order.status', `done = ${['order.refresh()', 'len(order.items)'][copy]}`, 'text = label + str(done)', 'return text'], ORDER_CLASS);
    const result = await extract(files);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(ORDERS)!, /\w+\(order, lambda: order\.refresh\(\)\)/);
    const run = RUN('o = Order()\ndel o.status\ntry:\n    first(o, [1])\nexcept AttributeError:\n    pass\nprint(o.items, first(Order(), [1]), second(Order(), []))');
    assert.equal(runPythonOn(after, run), runPythonOn(files, run), 'a copy failing on `order.status` never refreshes the order');
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('refuses an expression evaluated on every pass of a loop that reads the loop’s variable', async () => {
    const files = orders((copy) => ['total = 0', 'for line in lines:', `    total += ${['line * 2', 'line'][copy]}`, 'text = str(total)', 'return text']);
    const result = await extract(files);
    assert.equal(result.safe, false);
    assert.match(result.safe ? '' : result.reason, /the copies differ in `line \* 2` \/ `line`, which is evaluated once per pass of the loop at line \d+, not once, and it reads `line`, which the block binds, so no callable can stand in for it/);
  });

  it('refuses an expression read after the block assigns what it reads', async () => {
    const files = orders((copy) => ['count = len(lines)', `count = ${['count + 1', 'count'][copy]}`, 'text = str(count)', 'return text'], ORDER_CLASS);
    const result = await extract(files);
    assert.equal(result.safe, false);
    assert.match(result.safe ? '' : result.reason, /the copies differ in `count \+ 1` \/ `count`, which reads `count` after the block assigns it, and it reads `count`, which the block binds, so no callable can stand in for it/);
  });

  it('leaves an extra trailing statement of one copy at its call site', async () => {
    const files = orders((copy) => ['count = len(lines)', 'text = str(count) + order.status', ...(copy === 1 ? ['print("second", text)'] : []), 'return text'], ORDER_CLASS);
    const result = await extract(files);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(ORDERS)!, /text = \w+\(\w+, \w+\)\n {4}print\("second", text\)/);
    const run = RUN('print(first(Order(), [1]), second(Order(), []))');
    assert.equal(runPythonOn(after, run), runPythonOn(files, run));
  });

  it('refuses copies that differ by a statement between shared ones, naming its line', async () => {
    const files = orders((copy) => ['count = len(lines)', 'label = order.status', ...(copy === 1 ? ['print("second")'] : []), 'text = label + str(count)', 'text = text.upper()', 'return text'], ORDER_CLASS);
    const result = await extract(files);
    assert.equal(result.safe, false);
    const line = files.get(ORDERS)!.split('\n').indexOf('    print("second")') + 1;
    assert.match(result.safe ? '' : result.reason, new RegExp(`orders\\.py:\\d+: the copies differ by a statement at line ${line}; make them alike first`));
  });

  it('offers nothing for calls of one function differing in their arguments (a list of declarations), but extracts them when exact', async () => {
    const calls = (copy: 0 | 1) => [`lines.append(${['"--empty"', '"--merge"'][copy]})`, `lines.append(${['"create"', '"merge"'][copy]})`, 'return lines'];
    const parser = await loadPythonParser();
    const differing = orders(calls, ORDER_CLASS);
    const { noise } = extractDuplicate(parser, snapshotOf(differing), bodies(differing));
    assert.match(noise ?? '', /^orders\.py:\d+: the copies are calls of `lines\.append` with their own arguments, which a function passing the arguments on would not make clearer$/);
    const exact = orders(() => calls(0), ORDER_CLASS);
    const { result } = extractDuplicate(parser, snapshotOf(exact), bodies(exact));
    assert.ok(result.safe, result.safe ? '' : result.reason);
  });

  it('counts attributes and expressions against maxParameters', async () => {
    const files = orders((copy) => [`label = order.${['status', 'state'][copy]}`, `count = ${['(len(lines) + 1)', 'len(lines)'][copy]} * 2`, `text = label * ${[2, 3][copy]} + str(count)`, 'return text'], ORDER_CLASS);
    const capped = await extract(files, 1);
    assert.equal(capped.safe, false);
    assert.match(capped.safe ? '' : capped.reason, /the copies differ in 3 values and names; one function would take 3 more parameters \(the limit is 1/);
    // Three differences fit a limit of 3, but with `order` the function would take 4 parameters.
    const inAll = await extract(files, 3);
    assert.match(inAll.safe ? '' : inAll.reason, /one function serving the copies would need 4 parameters \(`order`, `factor`, `field_name`, `initial_count`\); the limit is 3/);
    const result = await extract(files, 4);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    const run = RUN('print(first(Order(), [1]), second(Order(), []))');
    assert.equal(runPythonOn(after, run), runPythonOn(files, run));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });
});

describe('what a function inside a function may share', () => {
  it('never moves the methods of a class defined inside a function: its body is no function body', async () => {
    const manager = (name: string) => [`def make_${name}(base):`, `    class ${name.toUpperCase()}(base):`, '        def count(self):', '            rows = self.rows()', '            return len(rows)', '', '        def first(self):', '            rows = self.rows()', '            return rows[0]', `    return ${name.toUpperCase()}`, ''].join('\n');
    const files = memoryWorkspace(`#- shop/__init__.py\n#- shop/managers.py\n${manager('a')}\n\n${manager('b')}`);
    const lines = files.get(`${ROOT}/shop/managers.py`)!.split('\n');
    const places = lines.flatMap((line, i) => (/^ {8}def count/.test(line) ? [{ file: `${ROOT}/shop/managers.py`, startLine: i, endLine: i + 6 }] : []));
    const { result, noise } = extractDuplicate(await loadPythonParser(), snapshotOf(files), places);
    assert.equal(result.safe, false);
    // Only the methods' own statements may be shared (one each here), never the `def`s of the class body.
    assert.match(noise ?? '', /the copies share no run of 2 or more whole statements/);
  });
});
