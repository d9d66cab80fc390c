import { strict as assert } from 'node:assert';
import { silenceFinding } from '../../../server/src/refactor/silenceFinding';
import { applyEdit, memoryWorkspace, ROOT, snapshotOf } from '../../helpers/refactor/refactorFixture';

const VIEWS = `${ROOT}/shop/views.py`;

describe('silence a finding', () => {
  const files = memoryWorkspace(`
    #- shop/views.py
    # -*- coding: utf-8 -*-
    class OrderView:
        @login_required
        @cache_page(60)
        def get(self, request):
            return None
  `);

  it('writes the directive above the statement, before its decorators, at its indentation', () => {
    const { title, result } = silenceFinding(snapshotOf(files), { file: VIEWS, rule: 'logic-heavy-view', line: 4, endLine: 5, wholeFile: false });
    assert.equal(title, 'Silence `logic-heavy-view` here');
    assert.ok(result.safe);
    assert.match(applyEdit(files, result.edit).get(VIEWS)!, /^class OrderView:\n {4}# untangle: ignore logic-heavy-view\n {4}@login_required\n/m);
  });

  it('silences the whole class for a class repeating members (a hard-stage finding on one of them)', () => {
    const { result } = silenceFinding(snapshotOf(files), { file: VIEWS, rule: 'duplicate-block', line: 4, endLine: 4, wholeFile: false, wholeClass: true });
    assert.ok(result.safe);
    assert.match(applyEdit(files, result.edit).get(VIEWS)!, /^# -\*- coding: utf-8 -\*-\n# untangle: ignore duplicate-block\nclass OrderView:\n/);
  });

  it('silences a file’s rule at the end of the file, leaving the encoding declaration first', () => {
    const { title, result } = silenceFinding(snapshotOf(files), { file: VIEWS, rule: 'long-file', line: 0, endLine: 0, wholeFile: true });
    assert.equal(title, 'Silence `long-file` for views.py');
    assert.ok(result.safe);
    const after = applyEdit(files, result.edit).get(VIEWS)!;
    assert.ok(after.startsWith('# -*- coding: utf-8 -*-\n'));
    assert.ok(after.endsWith('        return None\n# untangle: ignore-file long-file\n'), after);
  });

  it('wraps a template’s or static file’s block in jscpd’s ignore markers, in its comment syntax', () => {
    const web = memoryWorkspace(`
      #- shop/templates/list.html
      <ul>
        {% for order in orders %}
        <li>{{ order }}</li>
        {% endfor %}
      </ul>
      #- shop/static/cart.js
      function total(cart) {
        return cart.lines.length;
      }
    `);
    const template = `${ROOT}/shop/templates/list.html`;
    const script = `${ROOT}/shop/static/cart.js`;
    const inTemplate = silenceFinding(snapshotOf(web), { file: template, rule: 'duplicate-block', line: 1, endLine: 3, wholeFile: false });
    assert.ok(inTemplate.result.safe);
    assert.equal(
      applyEdit(web, inTemplate.result.edit).get(template),
      '<ul>\n  {# jscpd:ignore-start #}\n  {% for order in orders %}\n  <li>{{ order }}</li>\n  {% endfor %}\n  {# jscpd:ignore-end #}\n</ul>\n',
    );
    const inScript = silenceFinding(snapshotOf(web), { file: script, rule: 'duplicate-block', line: 0, endLine: 3, wholeFile: false });
    assert.ok(inScript.result.safe);
    assert.equal(applyEdit(web, inScript.result.edit).get(script), '/* jscpd:ignore-start */\nfunction total(cart) {\n  return cart.lines.length;\n}\n\n/* jscpd:ignore-end */');
  });
});
