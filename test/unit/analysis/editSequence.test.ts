/**
 * An editor's session on Django's 2,500-line query.py, edit after edit as the server drives the
 * index (each edit re-lexed, re-parsed, re-scanned and re-probed from the last one): lines typed
 * into a method and deleted, a function added at the end, a method pasted into the middle of its
 * class (a duplicated block) and removed, a class added above everything. After each edit the
 * index must hold what a from-scratch analysis of the same text gives: outline, findings, clone
 * index.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import { loadPythonParser, type PythonParser } from '../../../server/src/core/parse/pythonParser';
import { normalizeLineEnds } from '../../../server/src/core/parse/lineEnds';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { WorkspaceIndex } from '../../../server/src/analysis/workspaceIndex';
import { assertSameCloneIndex } from '../../helpers/workspace/workspaceIndexFixture';

const QUERY_MODULE = '/usr/lib/python3/dist-packages/django/db/models/sql/query.py';
const [file, other] = ['/ws/db/query.py', '/ws/db/grouping.py'];

/** The method `name` of query.py's class, from its `def` line to the next member. */
function methodText(source: string, name: string): string {
  const start = source.indexOf(`    def ${name}(`);
  assert.ok(start >= 0, `query.py has ${name}()`);
  return source.slice(start, source.indexOf('\n    def ', start + 1) + 1);
}

describe('an edited module, edit after edit, against a from-scratch analysis', function () {
  this.timeout(300_000);
  let parser: PythonParser;
  let source: string;
  before(async () => {
    assert.ok(fs.existsSync(QUERY_MODULE), `${QUERY_MODULE} is missing: apt-get install -y python3-django`);
    parser = await loadPythonParser();
    source = normalizeLineEnds(fs.readFileSync(QUERY_MODULE, 'utf8'));
  });

  it('inserts and deletes lines, adds a function, pastes a duplicated block and removes it, adds a class above', () => {
    const grouping = methodText(source, 'set_group_by');
    const otherText = `class Grouping:\n${grouping}`;
    const dedented = grouping.replace(/^ {4}/gm, '');
    const typed = '        extra = [name for name in self.annotation_select if name]\n        extra.sort()\n';
    const edits: [string, (text: string) => string][] = [
      ['lines typed into a method', (text) => text.replace(grouping, grouping.replace('\n', `\n${typed}`))],
      ['the lines deleted', (text) => text.replace(typed, '')],
      ['a function added at the end', (text) => `${text}\n\n${dedented}`],
      ['a method pasted into the middle of its class', (text) => text.replace(methodText(source, 'clear_ordering'), `${grouping}\n${methodText(source, 'clear_ordering')}`)],
      ['the pasted method removed', (text) => text.replace(`${grouping}\n${methodText(source, 'clear_ordering')}`, methodText(source, 'clear_ordering'))],
      ['a class added above everything', (text) => `class Marker:\n    pass\n\n\n${text}`],
      ['the function at the end removed', (text) => text.replace(`\n\n${dedented}`, '')],
      ['back to the module as it was', () => source],
    ];
    const edited = new WorkspaceIndex('/ws', parser, DEFAULT_SETTINGS);
    edited.update(other, otherText);
    let text = source;
    edited.update(file, text, true);
    for (const [step, edit] of edits) {
      const next = edit(text);
      assert.notEqual(next, text, `${step}: the edit applies`);
      text = next;
      edited.update(file, text, true);
      assert.ok(edited.takeChangedPaths().includes(file), step);
      const fresh = new WorkspaceIndex('/ws', parser, DEFAULT_SETTINGS);
      fresh.update(other, otherText);
      fresh.update(file, text);
      assert.deepEqual(edited.get(file)?.outline, fresh.get(file)?.outline, step);
      assert.deepEqual(edited.findings(), fresh.findings(), step);
      assertSameCloneIndex(edited, fresh, step);
      fresh.dispose();
    }
    edited.dispose();
  });
});
