/** The extension's "Make the project observable…" quick pick, built from the server's parts. */
import { strict as assert } from 'node:assert';
import { observabilityPick, PICK_TITLE } from '../../../extension/src/observabilityPick';
import type { ObservabilityPartsRequest } from '../../../server/src/protocol';

type Part = ObservabilityPartsRequest.Result['parts'][number];

const part = (name: Part['part'], pending: boolean, detail = pending ? `writes ${name}` : 'nothing to do'): Part => ({ part: name, pending, detail });

describe('observability quick pick', () => {
  it('offers the parts still missing, all picked, and names the ones done in the title', () => {
    const pick = observabilityPick({ parts: [part('logging', false), part('metrics', true), part('profiling', false), part('dashboards', true)] });
    assert.ok('items' in pick);
    assert.deepEqual(pick.items.map((item) => [item.part, item.label, item.picked, item.detail]), [
      ['metrics', 'Metrics', true, 'writes metrics'],
      ['dashboards', 'deploy/observability/', true, 'writes dashboards'],
    ]);
    assert.equal(pick.title, `${PICK_TITLE} (already done: logging, profiling)`);
  });

  it('has a plain title when nothing is done yet', () => {
    const pick = observabilityPick({ parts: [part('logging', true), part('metrics', true), part('profiling', true), part('dashboards', true)] });
    assert.ok('items' in pick);
    assert.equal(pick.items.length, 4);
    assert.equal(pick.title, PICK_TITLE);
  });

  it('shows a message instead when nothing is left, with what remains to do by hand', () => {
    const pick = observabilityPick({ parts: [part('logging', false), part('metrics', false, 'nothing to do; move the Prometheus middlewares yourself'), part('profiling', false), part('dashboards', false)] });
    assert.deepEqual(pick, { message: 'the project is observable already: nothing left to write; move the Prometheus middlewares yourself' });
  });

  it('shows the refusal of a module that is not the settings', () => {
    assert.deepEqual(observabilityPick({ parts: [], refused: 'urls.py is not the project’s settings module' }), { message: 'urls.py is not the project’s settings module' });
  });
});
