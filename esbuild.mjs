// One bundler for everything: the extension, server and CLI bundles in dist/ (what ships), and a
// file-per-file CommonJS build of sources and tests in out/ (what mocha runs). Type checking is
// `tsc --noEmit` (npm run compile). Flags: --production (minified, no source maps), --watch.
import * as esbuild from 'esbuild';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const { version } = require('./package.json');

// web-tree-sitter's ESM build calls createRequire(import.meta.url), which a CommonJS bundle lacks.
const importMetaUrlShim = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";

// zod's `z` re-exports every locale (about 280 KB of the 910 KB extension bundle, minified) for
// error messages we only ever show in English; loading the bundle is most of the extension's
// activation time. A missing locale would fail the build, not the run.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}zod${path.sep}`) ? { path: 'zod-locales', namespace: 'zod-english-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: path.dirname(require.resolve('zod/package.json')),
    }));
  },
};

const shared = {
  plugins: [zodEnglishOnly],
  define: { 'process.env.UNTANGLE_VERSION': JSON.stringify(version), 'import.meta.url': '__importMetaUrl' },
  banner: { js: importMetaUrlShim },
  // Fallbacks for running from out/; the bundles find the .wasm files and jscpd's tokenizer beside themselves.
  external: ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm', '@jscpd/tokenizer'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

/** The two WASM files web-tree-sitter loads, copied next to the server and CLI bundles. */
const wasmFiles = [
  require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
  require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
];

async function copyWasm() {
  await mkdir('dist', { recursive: true });
  await Promise.all(wasmFiles.map((file) => copyFile(file, path.join('dist', path.basename(file)))));
}

async function sourceFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !file.split(path.sep).includes('fixtures'));
}

const builds = [
  { ...shared, entryPoints: ['extension/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', ...shared.external] },
  { ...shared, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  { ...shared, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  // Asked by bin/untangle.js before dist/cli.js: a warm check's replay, without zod or the analyser.
  { ...shared, entryPoints: ['server/src/cli/replay.ts'], outfile: 'dist/replay.js' },
  // Started by the server and the CLI from beside themselves (analysisPool.ts).
  { ...shared, entryPoints: ['server/src/analysis/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' },
  // jscpd's tokenizer (its 224 grammars, 0.4 MB minified) once, loaded by the server, the CLI
  // and a worker only when a template or static file is read (core/webClones/webTokens.ts).
  { ...shared, entryPoints: [require.resolve('@jscpd/tokenizer')], outfile: 'dist/jscpdTokenizer.js' },
];
if (!production) {
  const entryPoints = (await Promise.all(['server/src', 'extension/src', 'test'].map(sourceFiles))).flat();
  builds.push({
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    sourcemap: true,
    define: { 'process.env.UNTANGLE_VERSION': JSON.stringify(version) },
    entryPoints,
    outdir: 'out',
    outbase: '.',
  });
}

await copyWasm();
if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
