/**
 * Re-lexing only the changed region of an edited module (relexPython) gives the tokens a whole
 * lex gives, edit after edit, on a real 2,500-line module edited at random as the editor drives
 * it: each edit re-lexed from the previous edit's tokens. Then the index, which re-lexes and
 * re-parses an edited module that way, must leave the findings a from-scratch analysis gives.
 * The seed and count can be raised: UNTANGLE_MUTATIONS=5000 UNTANGLE_SEED=7.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import { lexPython, relexPython, type LexToken } from '../../../server/src/core/python/pythonLexer';
import { commonEnds } from '../../../server/src/core/parse/textEdit';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { normalizeLineEnds } from '../../../server/src/core/parse/lineEnds';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { WorkspaceIndex } from '../../../server/src/analysis/workspaceIndex';
import { outlineWithScan } from '../../../server/src/core/python/moduleOutline';
import { resumePlan } from '../../../server/src/core/python/scanResume';
import { mutate, randomGenerator } from '../../helpers/python/pythonMutations';
import { assertSameCloneIndex } from '../../helpers/workspace/workspaceIndexFixture';

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
      assert.deepEqual(relexPython(before, lexPython(before), text).tokens, lexPython(text), JSON.stringify([before, text]));
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
      const relexed = relexPython(before, earlier, text);
      tokens = relexed.tokens;
      const whole = lexPython(text);
      if (tokens.length !== whole.length || tokens.some((t, j) => t.kind !== whole[j].kind || t.start !== whole[j].start || t.end !== whole[j].end)) {
        assert.deepEqual(tokens, whole, `edit ${i} (seed ${SEED})`);
      }
      // What it says it kept is the earlier tokens, those of the tail moved: the scan resumes from it unchecked.
      const { keptHead, keptTail, head, tail } = relexed.edit;
      const shift = text.length - before.length;
      assert.deepEqual({ head, tail }, commonEnds(before, text), `edit ${i} (seed ${SEED})`);
      assert.ok(keptHead + keptTail <= Math.min(earlier.length, tokens.length), `edit ${i} (seed ${SEED})`);
      assert.ok(tokens.slice(0, keptHead).every((t, j) => t === earlier[j] && t.end <= head), `edit ${i} (seed ${SEED})`);
      const movedTail = (t: LexToken, j: number) => {
        const e = earlier[earlier.length - keptTail + j];
        return t.kind === e.kind && t.start === e.start + shift && t.end === e.end + shift && t.start >= text.length - tail;
      };
      assert.ok(tokens.slice(tokens.length - keptTail).every(movedTail), `edit ${i} (seed ${SEED})`);
    }
  });

  it('scans each edit from the last scan to the outline, tokens and checkpoints a whole scan gives: random edits, a function pasted at the end and removed', async () => {
    const parser = await loadPythonParser();
    const random = randomGenerator(SEED + 3);
    const original = normalizeLineEnds(source);
    const pasted = `\n\ndef pasted(self, limit):\n    total = [item for item in self.items if item.ok]\n    return total[:limit]\n`;
    let text = original;
    let lexed = lexPython(text);
    let scan = outlineWithScan(parser.parse(text), text, false, lexed).scan;
    for (let i = 0; i < MUTATIONS / 3; i++) {
      const [before, earlier] = [text, lexed];
      const draw = random();
      text = draw < 0.2 ? (text.endsWith(pasted) ? text.slice(0, -pasted.length) : text + pasted) : draw < 0.25 ? original : normalizeLineEnds(mutate(text, random));
      const relexed = relexPython(before, earlier, text);
      lexed = relexed.tokens;
      const tree = parser.parse(text);
      const resumed = outlineWithScan(tree, text, false, lexed, { text: before, outline: undefined, scan: { text: before, lexed: earlier, scan, edit: relexed.edit } });
      const whole = outlineWithScan(tree, text, false, lexPython(text));
      tree.delete();
      assert.deepEqual(resumed.tokens, whole.tokens, `edit ${i} (seed ${SEED + 3})`);
      assert.deepEqual(resumed.outline, whole.outline, `edit ${i} (seed ${SEED + 3})`);
      assert.deepEqual([resumed.scan.checkpoints, resumed.scan.names], [whole.scan.checkpoints, whole.scan.names], `edit ${i} (seed ${SEED + 3})`);
      scan = resumed.scan;
    }
  });

  it('scans a paste after a module that is one statement (a data module\'s dict) from the end, not from that statement', async () => {
    const parser = await loadPythonParser();
    const before = `TOPICS = {${Array.from({ length: 200 }, (_, k) => `'t${k}': 'text ${k}'\n 'more ${k}'`).join(',\n')}}\n`;
    const text = `${before}\n\ndef pasted(self, limit):\n    return self.items[:limit]\n`;
    const earlier = lexPython(before);
    const tree = parser.parse(before);
    const { scan } = outlineWithScan(tree, before, false, earlier);
    tree.delete();
    const relexed = relexPython(before, earlier, text);
    const plan = resumePlan(before, earlier, scan.checkpoints, text, relexed.tokens, relexed.edit);
    assert.equal(scan.checkpoints.lexed[plan.restart], earlier.length, 'restarts at the end of the earlier text');
  });

  it('leaves the index with the findings of a from-scratch analysis, after random edits typed into a module with copies elsewhere', async () => {
    const parser = await loadPythonParser();
    const file = '/ws/db/query.py';
    // Modules holding overlapping parts of query.py: copies of each other too, whose classes the edits join, split and leave.
    const lines = source.split('\n');
    const part = (from: number, to: number) => lines.slice(Math.floor(lines.length * from), Math.floor(lines.length * to)).join('\n') + '\n';
    const copies: [string, string][] = [
      ['/ws/db/a.py', part(0, 0.4)],
      ['/ws/db/b.py', part(0.3, 0.7)],
      ['/ws/db/c.py', part(0.6, 1)],
    ];
    const indexed = (text: string, editing: boolean) => {
      const index = new WorkspaceIndex('/ws', parser, DEFAULT_SETTINGS);
      for (const [copy, copyText] of copies) index.update(copy, copyText);
      index.update(file, text, editing);
      return index;
    };
    let text = normalizeLineEnds(source);
    const edited = indexed(text, true);
    const random = randomGenerator(SEED + 1);
    for (let i = 0; i < 16; i++) {
      // Often a tenth of the module cut, now and then the module restored: whole classes go and come back.
      const draw = random();
      const cut = Math.floor(random() * text.length * 0.9);
      // First, a.py and b.py's common part cut in two: the classes of its first half join query.py's, those of the second half stay.
      if (i === 0) text = part(0, 0.35) + part(0.4, 1);
      else text = normalizeLineEnds(draw < 0.3 ? text.slice(0, cut) + text.slice(cut + Math.floor(text.length / 10)) : draw < 0.4 ? source : mutate(text, random));
      edited.update(file, text, true);
      const fresh = indexed(text, false);
      assert.deepEqual(edited.get(file)?.outline, fresh.get(file)?.outline, `edit ${i} (seed ${SEED + 1})`);
      assert.deepEqual(edited.findings(), fresh.findings(), `edit ${i} (seed ${SEED + 1})`);
      assertSameCloneIndex(edited, fresh, `edit ${i} (seed ${SEED + 1})`);
      fresh.dispose();
    }
    edited.dispose();
  });

  it('leaves the index with the findings of a from-scratch analysis, after edits of models repeating members: random ones, a class pasted and removed, a method renamed, a function added above them', async () => {
    const parser = await loadPythonParser();
    const model = (name: string) =>
      `class ${name}(models.Model):\n    title = models.CharField(max_length=80)\n    created = models.DateTimeField(auto_now_add=True)\n\n` +
      `    def label(self):\n        first = self.title.strip()\n        return f"{first} ({self.pk})"\n\n    class Meta:\n        ordering = ["-created"]\n\n\n`;
    const [file, other] = ['/ws/shop/models.py', '/ws/blog/models.py'];
    const head = 'from django.db import models\n\n\n';
    const original = head + ['Order', 'Invoice', 'Refund'].map(model).join('');
    const pasted = model('Receipt');
    const edits: ((text: string, random: () => number) => string)[] = [
      (text, random) => mutate(text, random),
      (text) => text + pasted,
      (text) => text.replace(pasted, ''),
      (text) => text.replace('def label(self)', 'def caption(self)'),
      (text) => text.replace('def caption(self)', 'def label(self)'),
      // Moves every class down, its members unchanged.
      (text) => text.replace(head, `${head}def helper():\n    return 1\n\n\n`),
      () => original,
    ];
    const edited = new WorkspaceIndex('/ws', parser, DEFAULT_SETTINGS);
    edited.update(other, head + model('Post') + model('Comment'));
    let text = original;
    edited.update(file, text, true);
    const random = randomGenerator(SEED + 2);
    for (let i = 0; i < 30; i++) {
      text = normalizeLineEnds(edits[Math.floor(random() * edits.length)](text, random));
      edited.update(file, text, true);
      const fresh = new WorkspaceIndex('/ws', parser, DEFAULT_SETTINGS);
      fresh.update(other, head + model('Post') + model('Comment'));
      fresh.update(file, text);
      assert.deepEqual(edited.findings(), fresh.findings(), `edit ${i} (seed ${SEED + 2})`);
      fresh.dispose();
    }
    edited.dispose();
  });
});
