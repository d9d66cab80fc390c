// @ts-check
/**
 * `npm run fuzz`: every refactoring Untangle offers on a real corpus (a finding's split, move to a
 * controller or extraction, and Move Symbol of sampled top-level names to a new module), each
 * planned alone on the untouched corpus and held to the oracle of the tests
 * (test/helpers/python/actionOracle.ts): the touched files compile, pyflakes reports nothing new, the
 * imports added resolve and no new package hides a module. Nothing is written to the corpus; only
 * touched files go to temporary folders. Not a test: it prints the figures and writes each
 * failure's files to test-output/fuzz/<corpus>/ to reproduce.
 *
 * It drives the core through out/ (the file-per-file build `node esbuild.mjs` makes for mocha),
 * the only build holding the tests' oracle, which the fuzz must share rather than copy.
 *
 * Bounds (environment): FUZZ_CORPUS django|stdlib|all|<folder> (default all), FUZZ_MAX_ACTIONS
 * per corpus (default 200; 0 = all), FUZZ_MAX_SECONDS per corpus (default 150; 0 = none),
 * FUZZ_MOVES sampled Move Symbol actions per corpus (default 60), FUZZ_SEED (default 1). The
 * default run takes at most about 5 minutes; everything (FUZZ_MAX_ACTIONS=0 FUZZ_MAX_SECONDS=0
 * FUZZ_MOVES=100: 1,923 actions) took 468 s on the project's 2 shared cores.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { selectCorpora } from './corpora.mjs';
import { REPO_ROOT, count, fromOut, kindOf, loadCorpus } from './outBuild.mjs';

const OUT_DIR = path.join(REPO_ROOT, 'test-output', 'fuzz');
/** @type {typeof import('../server/src/core/parse/pythonParser.js')} */
const { loadPythonParser } = fromOut('server/src/core/parse/pythonParser.js');
/** @type {typeof import('../server/src/refactor/findingRefactoring.js')} */
const { refactoringForFinding } = fromOut('server/src/refactor/findingRefactoring.js');
/** @type {typeof import('../server/src/refactor/move/moveSymbol.js')} */
const { moveSymbol } = fromOut('server/src/refactor/move/moveSymbol.js');
/** @type {typeof import('../server/src/core/python/moduleOutline.js')} */
const { outlineModule } = fromOut('server/src/core/python/moduleOutline.js');
/** @type {typeof import('../test/helpers/python/actionOracle.js')} */
const { changesOf, oracleProblems } = fromOut('test/helpers/python/actionOracle.js');

/** @typedef {import('../server/src/refactor/domainEdit.js').RefactorResult} RefactorResult */
/** @typedef {import('../server/src/refactor/domainEdit.js').WorkspaceSnapshot} WorkspaceSnapshot */
/** @typedef {{ title: string, result: RefactorResult, notOffered?: string }} Planned */
/** @typedef {{ key: string, kind: string, plan: () => Planned }} Action */
/**
 * @typedef {object} Failure
 * @property {string} key the action: `rule file:line` or `move file:name`
 * @property {string} title
 * @property {string[]} problems the oracle's messages, or the exception
 * @property {string} saved folder holding the touched files before and after
 */

/** The new module Move Symbol actions move names to, beside their module. */
const MOVE_TARGET = 'untangle_fuzz_target.py';

/** @param {string} name @param {number} fallback */
function envNumber(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new Error(`${name}: a whole number ≥ 0, not ${value}`);
  return number;
}

/** A small seeded generator (mulberry32), so a run can be repeated. @param {number} seed */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @template T @param {T[]} items @param {() => number} next @returns {T[]} */
function shuffle(items, next) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Takes from each kind in turn, so a bounded run still covers every kind. @param {Action[]} actions */
function interleaveKinds(actions) {
  /** @type {Map<string, Action[]>} */
  const byKind = new Map();
  for (const action of actions) byKind.set(action.kind, [...(byKind.get(action.kind) ?? []), action]);
  const queues = [...byKind.values()];
  /** @type {Action[]} */
  const order = [];
  while (queues.some((queue) => queue.length > 0)) for (const queue of queues) if (queue.length > 0) order.push(/** @type {Action} */ (queue.shift()));
  return order;
}

/**
 * Writes the touched files before and after a failing action below `dir` (relative to the corpus).
 * @param {string} dir @param {string} root @param {WorkspaceSnapshot} snapshot @param {Map<string, string | undefined>} changes
 */
function saveReproduction(dir, root, snapshot, changes) {
  for (const [file, after] of changes) {
    const relative = path.relative(root, file);
    for (const [version, text] of /** @type {const} */ ([['before', snapshot.read(file)], ['after', after]])) {
      if (text === undefined) continue;
      fs.mkdirSync(path.join(dir, version, path.dirname(relative)), { recursive: true });
      fs.writeFileSync(path.join(dir, version, relative), text);
    }
  }
}

/**
 * @param {{ name: string, root: string }} corpus
 * @param {import('../server/src/core/parse/pythonParser.js').PythonParser} parser
 * @param {{ maxActions: number, maxSeconds: number, moves: number, seed: number }} bounds
 */
async function fuzzCorpus(corpus, parser, bounds) {
  const started = Date.now();
  fs.rmSync(path.join(OUT_DIR, corpus.name), { recursive: true, force: true });
  const { index, snapshot } = await loadCorpus(corpus, parser, 'fuzz');
  const next = random(bounds.seed);
  /** @type {Action[]} */
  const findingActions = index.findings().map((finding) => ({
    key: `${finding.rule} ${path.relative(corpus.root, finding.path)}:${finding.range.start.line + 1}`,
    kind: finding.rule,
    plan: () => refactoringForFinding(parser, snapshot, finding, index.settings),
  }));
  /** @type {Action[]} */
  const moves = [];
  // One name of each file in a random order, so the sample spreads over the corpus.
  for (const file of shuffle(index.paths(), next)) {
    if (moves.length >= bounds.moves) break;
    const names = topLevelNames(parser, snapshot, file);
    if (names.length === 0) continue;
    const name = names[Math.floor(next() * names.length)];
    moves.push({
      key: `move ${path.relative(corpus.root, file)}:${name}`,
      kind: 'move-symbol',
      plan: () => moveSymbol(parser, snapshot, { file, name, targetFile: path.join(path.dirname(file), MOVE_TARGET), keepReexport: index.settings.refactor.keepReexports }),
    });
  }
  const offered = findingActions.length + moves.length;
  const queue = interleaveKinds([...shuffle(findingActions, next), ...moves]).slice(0, bounds.maxActions || undefined);
  const loadSeconds = (Date.now() - started) / 1000;
  /** @type {Map<string, { tried: number, notOffered: number, safe: number, refused: number, failed: number }>} */
  const byKind = new Map();
  /** @type {Map<string, number>} */
  const refusals = new Map();
  /** @type {Failure[]} */
  const failures = [];
  let tried = 0;
  let stoppedByTime = false;
  for (const action of queue) {
    if (bounds.maxSeconds && (Date.now() - started) / 1000 > bounds.maxSeconds) {
      stoppedByTime = true;
      break;
    }
    tried++;
    const figures = byKind.get(action.kind) ?? { tried: 0, notOffered: 0, safe: 0, refused: 0, failed: 0 };
    byKind.set(action.kind, figures);
    figures.tried++;
    /** @type {Planned} */
    let planned;
    try {
      planned = action.plan();
    } catch (error) {
      figures.failed++;
      failures.push({ key: action.key, title: '(exception while planning)', problems: [error instanceof Error ? (error.stack ?? error.message) : String(error)], saved: '' });
      continue;
    }
    const { title, result, notOffered } = planned;
    // What is not offered (a duplicate judged noise, a view with nothing to move, one feature group) has no action, in the editor as in `untangle fix`.
    if (notOffered) {
      figures.notOffered++;
      continue;
    }
    if (!result.safe) {
      figures.refused++;
      count(refusals, `${action.kind}: ${kindOf(result.reason)}`);
      continue;
    }
    const changes = changesOf(result.edit, snapshot);
    const problems = oracleProblems(corpus.root, snapshot, changes);
    if (problems.length === 0) {
      figures.safe++;
      continue;
    }
    figures.failed++;
    const saved = path.join(OUT_DIR, corpus.name, `failure-${failures.length + 1}`);
    saveReproduction(saved, corpus.root, snapshot, changes);
    fs.writeFileSync(path.join(saved, 'failure.txt'), `${action.key}\n${title}\n\n${problems.join('\n')}\n`);
    failures.push({ key: action.key, title, problems, saved });
  }
  return { corpus: corpus.name, root: corpus.root, offered, queued: queue.length, tried, stoppedByTime, loadSeconds, seconds: (Date.now() - started) / 1000, byKind, refusals, failures };
}

/**
 * The top-level names the editor offers to move (statements binding one name).
 * @param {import('../server/src/core/parse/pythonParser.js').PythonParser} parser @param {WorkspaceSnapshot} snapshot @param {string} file
 */
function topLevelNames(parser, snapshot, file) {
  const text = snapshot.read(file);
  if (text === undefined || path.basename(file) === MOVE_TARGET) return [];
  const tree = parser.parse(text);
  try {
    return outlineModule(tree, text).outline.symbols.filter((symbol) => symbol.names.length === 1).map((symbol) => symbol.name);
  } finally {
    tree.delete();
  }
}

/** @param {Awaited<ReturnType<typeof fuzzCorpus>>} run */
function report(run) {
  const lines = [`## ${run.corpus} (${run.root})`, ''];
  const bound = run.stoppedByTime ? ' (stopped by FUZZ_MAX_SECONDS)' : run.queued < run.offered ? ' (FUZZ_MAX_ACTIONS)' : '';
  lines.push(`${run.offered} candidate actions (findings and sampled moves), ${run.tried} tried${bound}, in ${run.seconds.toFixed(0)} s (loading ${run.loadSeconds.toFixed(1)} s)`, '');
  lines.push('| action | tried | not offered | applied (safe) | refused | failed |', '|---|---:|---:|---:|---:|---:|');
  for (const [kind, f] of run.byKind) lines.push(`| ${kind} | ${f.tried} | ${f.notOffered} | ${f.safe} | ${f.refused} | ${f.failed} |`);
  lines.push('', 'Refusals by reason (top 10):', '');
  for (const [reason, n] of [...run.refusals].sort((a, b) => b[1] - a[1]).slice(0, 10)) lines.push(`- ${n} × ${reason}`);
  /** @type {Map<string, Failure[]>} */
  const failureKinds = new Map();
  // A failure counts under each kind of message it has: one new `undefined name` is not hidden by an unused import.
  for (const failure of run.failures) {
    for (const kind of new Set(failure.problems.map((problem) => `${failure.key.split(' ')[0]}: ${kindOf(problem.split('\n')[0])}`))) {
      failureKinds.set(kind, [...(failureKinds.get(kind) ?? []), failure]);
    }
  }
  lines.push('', `Failures by kind (${run.failures.length} failed actions; one may have several kinds):`, '');
  for (const [kind, failures] of [...failureKinds].sort((a, b) => b[1].length - a[1].length)) {
    const first = failures[0];
    const examples = first.problems.filter((problem) => `${first.key.split(' ')[0]}: ${kindOf(problem.split('\n')[0])}` === kind).slice(0, 2);
    lines.push(`- ${failures.length} × ${kind}`, `  e.g. ${first.key}: ${first.title}`, ...examples.map((p) => `    ${p.split('\n')[0]}`), ...(first.saved ? [`    files: ${path.relative(REPO_ROOT, first.saved)}`] : []));
  }
  return `${lines.join('\n')}\n`;
}

async function main() {
  const choice = process.env.FUZZ_CORPUS ?? 'all';
  const corpora = fs.existsSync(choice) ? [{ name: path.basename(path.resolve(choice)), root: path.resolve(choice) }] : selectCorpora([/** @type {import('./corpora.mjs').CorpusName | 'all'} */ (choice)]);
  const bounds = { maxActions: envNumber('FUZZ_MAX_ACTIONS', 200), maxSeconds: envNumber('FUZZ_MAX_SECONDS', 150), moves: envNumber('FUZZ_MOVES', 60), seed: envNumber('FUZZ_SEED', 1) };
  const parser = await loadPythonParser();
  const runs = [];
  for (const corpus of corpora) {
    process.stderr.write(`fuzz: ${corpus.name}…\n`);
    const run = await fuzzCorpus(corpus, parser, bounds);
    process.stdout.write(`${report(run)}\n`);
    runs.push({ ...run, byKind: Object.fromEntries(run.byKind), refusals: Object.fromEntries(run.refusals) });
  }
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, `results-${corpora.map((corpus) => corpus.name).join('-')}.json`), `${JSON.stringify({ date: new Date().toISOString(), bounds, runs }, null, 2)}\n`);
}

await main();
