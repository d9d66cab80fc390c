/**
 * Re-lexing only the changed region of an edited module (relexPython) gives the tokens a whole
 * lex gives, edit after edit, on a real 2,500-line module edited at random as the editor drives
 * it: each edit re-lexed from the previous edit's tokens. Then the index, which re-lexes and
 * re-parses an edited module that way, must leave the findings a from-scratch analysis gives.
 * The seed and count can be raised: UNTANGLE_MUTATIONS=5000 UNTANGLE_SEED=7.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import { lexPython, relexPython } from '../../../server/src/core/python/pythonLexer';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { normalizeLineEnds } from '../../../server/src/core/parse/lineEnds';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { WorkspaceIndex } from '../../../server/src/analysis/workspaceIndex';
import { mutate, randomGenerator } from '../../helpers/python/pythonMutations';

const QUERY_MODULE = '/usr/lib/python3/dist-packages/django/db/models/sql/query.py';
const MUTATIONS = Number(process.env.UNTANGLE_MUTATIONS ?? 150);
const SEED = Number(process.env.UNTANGLE_SEED ?? 1);

describe('re-lexing an edited module', function () {
  this.timeout(300_000);
  let source: string;
  before(() => {
    assert.ok(fs.existsSync(QUERY_MODULE), `${QUERY_MODULE} is missing: apt-get install -y python3-django`);
    source = fs.readFileSync(QUERY_MODULE, 'utf8');
  });

  it('gives the tokens a whole lex gives around the edit: a token the edit extends, strings and comments it opens or closes, the end of the text', () => {
    for (const [before, text] of [
      ['x = a\n', 'x = ab\n'],
      ['x = a.b\n', 'x = a...b\n'],
      ['x = 1\ny = 2\n', 'x = 1e+\ny = 2\n'],
      ['x = "a"\ny = 2\n', 'x = """a"\ny = 2\n'],
      ['x = 1  # note\ny = 2\n', 'x = 1  \ny = 2\n'],
      ['x = 1\ny = 2\n', 'x = 1 \\\ny = 2\n'],
      ['x = 1\r\ny = 2', 'x = 1\r\ny = 2 + 3'],
      ['', 'def f():\n    pass\n'],
      ['def f():\n    pass\n', ''],
    ]) {
      assert.deepEqual(relexPython(before, lexPython(before), text), lexPython(text), JSON.stringify([before, text]));
    }
  });

  it(`gives the tokens a whole lex gives after each of ${MUTATIONS} random edits of Django's query.py, each re-lexed from the last`, () => {
    const random = randomGenerator(SEED);
    let text = source;
    let tokens = lexPython(text);
    for (let i = 0; i < MUTATIONS; i++) {
      // Now and then start again from the real module, so edits do not pile up into noise.
      const before = i % 50 === 0 ? source : text;
      const earlier = i % 50 === 0 ? lexPython(source) : tokens;
      text = mutate(before, random);
      tokens = relexPython(before, earlier, text);
      const whole = lexPython(text);
      if (tokens.length !== whole.length || tokens.some((t, j) => t.kind !== whole[j].kind || t.start !== whole[j].start || t.end !== whole[j].end)) {
        assert.deepEqual(tokens, whole, `edit ${i} (seed ${SEED})`);
      }
    }
  });

  it('leaves the index with the findings of a from-scratch analysis, after random edits typed into a module with copies elsewhere', async () => {
    const parser = await loadPythonParser();
    const [file, copy] = ['/ws/db/query.py', '/ws/db/copy.py'];
    const edited = new WorkspaceIndex('/ws', parser, DEFAULT_SETTINGS);
    // A module holding a third of query.py: the copies give duplicate findings that edits move, break and make.
    const third = source.slice(0, source.indexOf('\n', Math.floor(source.length / 3)) + 1);
    edited.update(copy, third);
    let text = normalizeLineEnds(source);
    edited.update(file, text, true);
    const random = randomGenerator(SEED + 1);
    for (let i = 0; i < 12; i++) {
      text = normalizeLineEnds(mutate(text, random));
      edited.update(file, text, true);
      const fresh = new WorkspaceIndex('/ws', parser, DEFAULT_SETTINGS);
      fresh.update(copy, third);
      fresh.update(file, text);
      assert.deepEqual(edited.get(file)?.outline, fresh.get(file)?.outline, `edit ${i} (seed ${SEED + 1})`);
      assert.deepEqual(edited.findings(), fresh.findings(), `edit ${i} (seed ${SEED + 1})`);
      fresh.dispose();
    }
    edited.dispose();
  });
});
