/**
 * The outline from tokens on broken code: real modules of Debian's Django, each edited at random
 * (a token removed or doubled, a fragment inserted, a line re-indented, joined or swapped).
 * Whenever the token path answers for an edited module, tree-sitter must have parsed it without
 * error and outlined it the same way, so a syntax error is never missed. The seed and count can
 * be raised: UNTANGLE_MUTATIONS=20000 UNTANGLE_SEED=7.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeLineEnds } from '../../../server/src/core/parse/lineEnds';
import { bothOutlines } from '../../helpers/python/tokenOracle';
import { mutate, randomGenerator } from '../../helpers/python/pythonMutations';

const DEBIAN_DJANGO = '/usr/lib/python3/dist-packages/django';
const MUTATIONS = Number(process.env.UNTANGLE_MUTATIONS ?? 1000);
const SEED = Number(process.env.UNTANGLE_SEED ?? 1);

describe('the outline from tokens, on randomly broken modules', function () {
  this.timeout(300_000);

  it('answers only where the tree has no error, and then equals it', async () => {
    assert.ok(fs.existsSync(DEBIAN_DJANGO), `${DEBIAN_DJANGO} is missing: apt-get install -y python3-django`);
    const sources = ['utils', 'db/models', 'contrib/admin', 'forms', 'views/generic']
      .flatMap((folder) => fs.readdirSync(path.join(DEBIAN_DJANGO, folder)).filter((f) => f.endsWith('.py')).map((f) => path.join(DEBIAN_DJANGO, folder, f)))
      .map((file) => fs.readFileSync(file, 'utf8'))
      .filter((text) => text.length < 40_000);
    const random = randomGenerator(SEED);
    let answered = 0;
    let broken = 0;
    for (let i = 0; i < MUTATIONS; i++) {
      // Lone `\r`s (lines joined in a Windows file) never reach the analysis: readers normalise them.
      const text = normalizeLineEnds(mutate(sources[Math.floor(random() * sources.length)], random));
      const { fromTokens, fromTree } = await bothOutlines(text);
      if (fromTree.outline.firstSyntaxError) broken++;
      if (!fromTokens) continue;
      answered++;
      assert.deepStrictEqual(fromTokens, fromTree, `mutation ${i} (seed ${SEED}):\n${text}`);
    }
    console.log(`      ${MUTATIONS} edits: ${broken} broke the syntax, the tokens answered ${answered}`);
    assert.ok(broken > MUTATIONS / 4 && answered > MUTATIONS / 10, 'the edits both break code and keep some of it valid');
  });
});
