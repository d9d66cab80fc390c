/**
 * The outline from tokens against the tree's, over real code: every module of Debian's Django
 * that the token path takes must come out exactly as the parser's path makes it. More libraries:
 * UNTANGLE_ORACLE_ROOTS=/usr/lib/python3.11:/usr/lib/python3/dist-packages npx mocha --no-config
 * --timeout 0 out/test/unit/python/tokenOutlineOracle.test.js (a few minutes).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import { compareOutlines } from '../../helpers/python/tokenOracle';

const DEBIAN_DJANGO = '/usr/lib/python3/dist-packages/django';
const roots = process.env.UNTANGLE_ORACLE_ROOTS?.split(':').filter(Boolean) ?? [DEBIAN_DJANGO];

describe('the outline from tokens, against the tree', function () {
  this.timeout(300_000);

  for (const root of roots) {
    it(`equals the tree's outline for every module of ${root} it takes`, async () => {
      assert.ok(fs.existsSync(root), `${root} is missing (Django: apt-get install -y python3-django)`);
      const report = await compareOutlines(root);
      console.log(`      ${root}: ${report.fromTokens} from tokens, ${report.parsed} parsed, ${report.unreadable} not UTF-8`);
      assert.deepEqual(report.divergences, []);
      assert.ok(report.fromTokens > 10 * report.parsed, 'most modules need no tree');
    });
  }
});
