// @ts-check
/**
 * Freezes what the bench measures. `npm run bench` bundles first, then this copies bin/untangle.js
 * and the bundles it loads (dist/cli.js, dist/replay.js, dist/server.js, dist/analysisWorker.js,
 * dist/jscpdTokenizer.js and the two .wasm grammars) to test-output/bench/build/ with the same
 * layout, and every run starts from that copy. Other engineers rebuild dist/ in this repo while a bench runs (a production build
 * replaced it mid-run once); the copy keeps all runs on one build.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const BUNDLES = ['cli.js', 'replay.js', 'server.js', 'analysisWorker.js', 'jscpdTokenizer.js', 'tree-sitter-python.wasm', 'web-tree-sitter.wasm'];

/**
 * @typedef {object} FrozenBuild
 * @property {string} cli the copy of bin/untangle.js
 * @property {string} server the copy of dist/server.js
 * @property {string} builtAt when dist/server.js was written
 */

/**
 * @param {string} repoRoot
 * @param {string} dir emptied first
 * @returns {FrozenBuild}
 */
export function freezeBuild(repoRoot, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  for (const bundle of BUNDLES) {
    const source = path.join(repoRoot, 'dist', bundle);
    if (!fs.existsSync(source)) throw new Error(`dist/${bundle} is missing: run npm run bundle`);
    fs.copyFileSync(source, path.join(dir, 'dist', bundle));
  }
  fs.copyFileSync(path.join(repoRoot, 'bin', 'untangle.js'), path.join(dir, 'bin', 'untangle.js'));
  return {
    cli: path.join(dir, 'bin', 'untangle.js'),
    server: path.join(dir, 'dist', 'server.js'),
    builtAt: fs.statSync(path.join(repoRoot, 'dist', 'server.js')).mtime.toISOString(),
  };
}
