/** Which names a run of statements binds on every path, so extraction passes only what is bound. */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { nameFlow, type NameFlow } from '../../../server/src/refactor/analysis/dataFlow';
import { dedent } from '../../helpers/workspace/workspaceFixture';

async function flowOf(source: string): Promise<NameFlow> {
  const tree = (await loadPythonParser()).parse(dedent(source));
  try {
    return nameFlow(tree.rootNode.namedChildren);
  } finally {
    tree.delete();
  }
}

describe('name flow', () => {
  it('binds a name assigned on both arms of if/else, so a later read needs nothing from before', async () => {
    const flow = await flowOf(`
      if user:
          per_page = 10
      elif staff:
          per_page = 50
      else:
          per_page = 25
      rows = list(range(per_page))
    `);
    assert.deepEqual(flow.readsBeforeWrite, ['user', 'staff', 'list', 'range']);
    assert.deepEqual([...flow.definiteWrites].sort(), ['per_page', 'rows']);
  });

  it('does not bind what only some arms assign, or an if without else', async () => {
    const flow = await flowOf(`
      if user:
          per_page = 10
      if staff:
          limit = 5
      else:
          pass
      print(per_page, limit)
    `);
    assert.deepEqual(flow.readsBeforeWrite, ['user', 'staff', 'print', 'per_page', 'limit']);
    assert.deepEqual([...flow.definiteWrites], []);
  });

  it('binds what a try binds when every handler leaves (continue, raise, return) or binds it too', async () => {
    const flow = await flowOf(`
      for t in tickets:
          try:
              value = int(t)
          except ValueError:
              continue
          except TypeError:
              value = 0
          out.append(value)
      try:
          rate = load()
      except KeyError:
          raise
      finally:
          closed = True
      print(rate, closed)
    `);
    assert.deepEqual(flow.readsBeforeWrite, ['tickets', 'int', 'ValueError', 'TypeError', 'out', 'load', 'KeyError', 'print']);
    assert.deepEqual([...flow.definiteWrites].sort(), ['closed', 'rate']);
  });

  it('does not bind what a handler that goes on leaves unbound, nor what a loop body binds', async () => {
    const flow = await flowOf(`
      try:
          value = int(t)
      except ValueError:
          log()
      for item in items:
          last = item
      print(value, last)
    `);
    assert.ok(flow.readsBeforeWrite.includes('value') && flow.readsBeforeWrite.includes('last'));
    assert.deepEqual([...flow.definiteWrites], []);
  });

  it('reads the defaults and annotations of a nested def where it is defined', async () => {
    const flow = await flowOf(`
      def inner(x=limit, *, y: Kind = other) -> Result:
          return x
    `);
    assert.deepEqual(flow.readsBeforeWrite, ['limit', 'other', 'Kind', 'Result']);
  });
});
