/** The check every refactoring's edit passes before it is offered. */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { checkedEdit, unboundNames } from '../../../server/src/refactor/editCheck';
import type { RefactorResult } from '../../../server/src/refactor/domainEdit';
import { memoryWorkspace, ROOT, snapshotOf } from '../../helpers/refactor/refactorFixture';
import { dedent } from '../../helpers/workspace/workspaceFixture';

const FILES = memoryWorkspace(`
  #- shop/__init__.py
  #- shop/utils.py
  import os


  def rate(order):
      return missing_before + os.sep
`);
const UTILS = `${ROOT}/shop/utils.py`;

/** A safe result whose edit replaces utils.py's text. */
function replacing(text: string): RefactorResult {
  const lines = FILES.get(UTILS)!.split('\n');
  const range = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } };
  return { safe: true, summary: 'test', edit: { createFiles: [], edits: new Map([[UTILS, [{ range, newText: dedent(text) }]]]) } };
}

describe('edit check', () => {
  it('knows what a module reads but binds nowhere, scope by scope', async () => {
    const parser = await loadPythonParser();
    const unbound = unboundNames(parser, dedent(`
      import json
      from x import *
    `));
    assert.deepEqual(unbound && [...unbound], [], 'a star import may bind anything');
    const names = unboundNames(parser, dedent(`
      import json as j
      LIMIT = 3


      def f(a, b=LIMIT, *rest, **kw):
          global counter
          counter = 1
          total = sum(x for x in rest if x > a)
          g = lambda y: y + total + j.dumps(kw) + undefined_in_lambda
          return [b for b in rest] + g(1) + __name__ + later


      class C(Base):
          attr = LIMIT

          def m(self):
              return self.attr + counter
    `));
    assert.deepEqual(names && [...names].sort(), ['Base', 'later', 'undefined_in_lambda']);
    assert.equal(unboundNames(parser, 'def f(:\n'), undefined);
  });

  it('refuses an edit that reads a name bound nowhere, or does not parse; names unbound before are not its fault', async () => {
    const parser = await loadPythonParser();
    const snapshot = snapshotOf(FILES);
    const ok = replacing(`
      import os


      def rate(order):
          return missing_before + os.sep + order.rate
    `);
    assert.equal(checkedEdit(parser, snapshot, ok), ok);
    const lost = checkedEdit(parser, snapshot, replacing(`
      def rate(order):
          return missing_before + os.sep + per_page
    `));
    assert.deepEqual(lost, { safe: false, reason: 'after the change utils.py would read `os`, `per_page`, bound nowhere it can see' });
    const broken = checkedEdit(parser, snapshot, replacing('def rate(order:\n'));
    assert.deepEqual(broken, { safe: false, reason: 'the change would leave utils.py with a syntax error' });
  });
});
