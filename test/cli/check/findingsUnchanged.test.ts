import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { untangle } from '../../helpers/processes/cli';

/**
 * Guards performance work: the findings of `untangle check` on Debian's Django (with the bench's
 * settings, bench/tools.mjs) and on examples/shop, cold and from the cache, must stay exactly
 * those recorded. A change meant to alter findings re-records them with
 * `UNTANGLE_UPDATE_FINDINGS=1` and says so in its commit.
 */

const FIXTURES = path.join(__dirname, '../../../../test/fixtures/findings');
const UPDATE = process.env.UNTANGLE_UPDATE_FINDINGS === '1';
const DJANGO = '/usr/lib/python3/dist-packages/django';

/** bench/tools.mjs writeUntangleConfig, with nothing excluded (Debian's Django has no `.py` links). */
const BENCH_CONFIG = `[tool.untangle]
exclude = []
use-gitignore = false
max-file-size-kb = 1024

[tool.untangle.duplicate-block]
exclude = []
languages = ["python"]
min-tokens = 50
min-lines = 5
`;

interface FindingsDigest {
  readonly count: number;
  readonly byRule: Record<string, number>;
  readonly sha256: string;
}

/** Count, count per rule and the sha256 of the findings, each as JSON, sorted. */
function digest(stdout: string): FindingsDigest {
  const findings: { rule: string }[] = JSON.parse(stdout).findings;
  const byRule: Record<string, number> = {};
  for (const finding of findings) byRule[finding.rule] = (byRule[finding.rule] ?? 0) + 1;
  const lines = findings.map((finding) => JSON.stringify(finding)).sort();
  const sha256 = createHash('sha256').update(lines.join('\n')).digest('hex');
  return { count: findings.length, byRule: Object.fromEntries(Object.entries(byRule).sort()), sha256 };
}

/** Runs check in `root` (paths in the report relative to it) with the cache in `cacheDir`. */
function check(root: string, cacheDir: string, extra: readonly string[]): FindingsDigest {
  const run = untangle(['check', '.', '--format', 'json', '--fail-on', 'never', '--cache-dir', cacheDir, ...extra], root, 300_000);
  assert.equal(run.code, 0, run.stderr);
  return digest(run.stdout);
}

function expectRecorded(name: string, root: string, extra: readonly string[]): void {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), `untangle-findings-${name}-`));
  try {
    const cold = check(root, cacheDir, extra);
    const warm = check(root, cacheDir, extra);
    assert.deepEqual(warm, cold, 'a run from the cache finds what a cold run finds');
    const file = path.join(FIXTURES, `${name}.json`);
    if (UPDATE) fs.writeFileSync(file, `${JSON.stringify(cold, null, 2)}\n`);
    assert.deepEqual(cold, JSON.parse(fs.readFileSync(file, 'utf8')), `findings of ${name} changed (UNTANGLE_UPDATE_FINDINGS=1 re-records)`);
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

describe('findings stay exactly those recorded (CLI)', function () {
  this.timeout(600_000);

  it('on examples/shop, cold and warm', () => {
    expectRecorded('shop', path.join(__dirname, '../../../../examples/shop'), []);
  });

  it("on Debian's Django with the bench's settings, cold and warm", function () {
    if (!fs.existsSync(DJANGO)) this.skip();
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-findings-config-'));
    try {
      const config = path.join(configDir, 'pyproject.toml');
      fs.writeFileSync(config, BENCH_CONFIG);
      expectRecorded('django', DJANGO, ['--config', config]);
    } finally {
      fs.rmSync(configDir, { recursive: true, force: true });
    }
  });
});
