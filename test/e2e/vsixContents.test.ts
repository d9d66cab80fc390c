/**
 * What the .vsix ships: the bundles, the grammars, media, the rule docs and the manifest, and
 * nothing else (.vscodeignore is an allowlist; a mistake there ships sources or node_modules).
 * Reads the archive's listing with `unzip` (Debian package `unzip`).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { packageExtension } from './vsix';

const MAX_BYTES = 5 * 1024 * 1024;

/** vsce puts the extension under extension/, beside its own two manifest files. */
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/(package\.json|readme\.md|LICENSE\.txt)$/,
  /^extension\/dist\/(extension|server|analysisWorker|jscpdTokenizer)\.js$/,
  /^extension\/dist\/[\w-]+\.wasm$/,
  /^extension\/media\/[\w/.-]+$/,
  /^extension\/docs\/rules\/[\w-]+\.md$/,
];
const REQUIRED = [
  'extension/package.json',
  'extension/readme.md',
  'extension/LICENSE.txt',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/analysisWorker.js',
  'extension/dist/jscpdTokenizer.js',
  'extension/dist/web-tree-sitter.wasm',
  'extension/dist/tree-sitter-python.wasm',
  'extension/docs/rules/long-file.md',
];
const FORBIDDEN: readonly [string, RegExp][] = [
  ['TypeScript sources', /\.ts$/],
  ['source maps', /\.map$/],
  ['tests', /(^|\/)(test|out)\//],
  ['examples', /(^|\/)examples\//],
  ['node_modules', /(^|\/)node_modules\//],
  ['server or client sources', /^extension\/(server|extension)\//],
];

describe('the packaged .vsix', function () {
  this.timeout(300_000);
  let vsix: string;
  let entries: string[];

  before(() => {
    vsix = packageExtension();
    const listing = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' });
    if (listing.error) throw new Error(`cannot run unzip (${listing.error.message}). On Debian: apt-get install -y unzip`);
    assert.equal(listing.status, 0, `unzip -Z1 ${vsix} failed:\n${listing.stderr}`);
    entries = listing.stdout.split('\n').filter((line) => line && !line.endsWith('/'));
  });

  it('holds the bundles, the grammars, media, the rule docs and the manifest, and nothing else', () => {
    assert.deepEqual(REQUIRED.filter((file) => !entries.includes(file)), [], `missing from ${vsix}; it holds:\n${entries.join('\n')}`);
    assert.deepEqual(entries.filter((entry) => !ALLOWED.some((pattern) => pattern.test(entry))), [], 'files .vscodeignore should leave out');
  });

  it('holds no sources, source maps, tests, examples or node_modules', () => {
    for (const [what, pattern] of FORBIDDEN) {
      assert.deepEqual(entries.filter((entry) => pattern.test(entry)), [], `${what} in ${vsix}`);
    }
  });

  it('is under 5 MB', () => {
    const bytes = fs.statSync(vsix).size;
    assert.ok(bytes < MAX_BYTES, `${vsix} is ${(bytes / 1024 / 1024).toFixed(1)} MB`);
  });
});
