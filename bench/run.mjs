// @ts-check
/**
 * `npm run bench`: Untangle against jscpd 5 (and 4) on two real corpora, on this machine, in one
 * run. Per corpus: align the files the tools read (scanSet.mjs), time cold and warm (analysis
 * cache) whole-workspace runs (coldAnalysis.mjs), compare clones with jscpd 5's (recall.mjs), time
 * re-diagnosis after edits through the language server (editLatency.mjs) and its first
 * diagnostics when the workspace is reopened (reopenLatency.mjs). Prints markdown to stdout, progress to
 * stderr, and writes everything to test-output/bench/results.json. Not a test: nothing fails
 * when a target is missed; the report says so. Plain ES modules with JSDoc types, checked by
 * `npx tsc -p bench`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kindBreakdown } from './cloneKinds.mjs';
import { freezeBuild } from './build.mjs';
import { runColdAnalysis } from './coldAnalysis.mjs';
import { listPythonFiles, selectCorpora } from './corpora.mjs';
import { editedFile, measureEditLatency, readDebounceMs } from './editLatency.mjs';
import { installJscpd } from './jscpdInstall.mjs';
import { machineInfo, untangleVersion } from './machine.mjs';
import { countReasons, isDeliberate, missReasons } from './missReasons.mjs';
import { checkGnuTime } from './measure.mjs';
import { BenchUsageError, parseBenchOptions, USAGE } from './options.mjs';
import { compareClones } from './recall.mjs';
import { formatReport } from './report.mjs';
import { readJscpdReport, readUntangleReport } from './reports.mjs';
import { alignFileSets } from './scanSet.mjs';
import { evaluateTargets } from './targets.mjs';
import { displayCommand, jscpdRun, MIN_LINES, MIN_TOKENS, primeCache, untangleRun, writeUntangleConfig } from './tools.mjs';
import { measureReopen } from './reopenLatency.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(REPO_ROOT, 'test-output', 'bench');
const CACHE_DIR = path.join(REPO_ROOT, '.bench-cache');
const BUILD_DIR = path.join(OUT_DIR, 'build');

/** @typedef {import('./jscpdInstall.mjs').InstalledJscpd} InstalledJscpd */

/**
 * @typedef {object} CorpusResult
 * @property {string} name
 * @property {string} root
 * @property {string} description
 * @property {number} lines of its regular Python files (the scale target's time per line)
 * @property {import('./scanSet.mjs').FileSets} files
 * @property {Record<string, string>} commands the timed command line of each tool
 * @property {(import('./coldAnalysis.mjs').ToolTimings & { files: number })[]} tools
 * @property {Record<string, number>} untangleFindings findings per rule of the last run
 * @property {number} memberFindings of its duplicate-block findings, those of classes repeating members (not compared with jscpd)
 * @property {{ path: string, reason: string }[]} untangleSkipped
 * @property {import('./recall.mjs').RecallResult & { missed: (import('./cloneKinds.mjs').KindBreakdown['missed'][number] & { reason: import('./missReasons.mjs').MissReason })[], reasons: Record<string, number>, deliberate: number, meantRecallPercent: number }} recall
 *   `missed` misses to fix first, then the deliberate ones; `reasons` missed clones per reason;
 *   `meantRecallPercent` found over the reference clones less the deliberately unreported ones
 * @property {import('./cloneKinds.mjs').KindBreakdown['byKind']} recallByKind jscpd 5 clones and misses by what their lines hold
 * @property {import('./editLatency.mjs').EditLatencyResult} editLatency
 * @property {import('./reopenLatency.mjs').ReopenResult} reopen
 */

/**
 * @typedef {object} BenchResults
 * @property {string} date
 * @property {import('./machine.mjs').MachineInfo & { loadAverageAtEnd: number[] }} machine
 * @property {{ untangle: { version: string, commit: string, builtAt: string, copy: string }, jscpd: import('./jscpdInstall.mjs').InstalledJscpd[], gnuTime: string }} versions
 * @property {import('./options.mjs').BenchOptions} options
 * @property {CorpusResult[]} corpora
 * @property {import('./targets.mjs').TargetResult[]} targets
 * @property {string} resultsFile
 */

/**
 * @param {readonly string[]} argv
 * @returns {Promise<number>} the exit code
 */
async function main(argv) {
  const options = parseBenchOptions(argv);
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const gnuTime = checkGnuTime();
  const build = freezeBuild(REPO_ROOT, BUILD_DIR);
  const corpora = selectCorpora(options.corpus);
  const jscpd5 = installJscpd(CACHE_DIR, 'jscpd5');
  const jscpd4 = options.skipJscpd4 ? undefined : installJscpd(CACHE_DIR, 'jscpd4');
  const debounceMs = readDebounceMs(REPO_ROOT);
  const machineAtStart = machineInfo();

  /** @type {CorpusResult[]} */
  const results = [];
  for (const corpus of corpora) results.push(await benchCorpus(corpus, { runs: options.runs, build, jscpd5, jscpd4, debounceMs }));

  const resultsFile = path.join(OUT_DIR, 'results.json');
  /** @type {BenchResults} */
  const bench = {
    date: new Date().toISOString(),
    machine: { ...machineAtStart, loadAverageAtEnd: machineInfo().loadAverage },
    versions: { untangle: { ...untangleVersion(REPO_ROOT, build.cli), builtAt: build.builtAt, copy: path.relative(REPO_ROOT, BUILD_DIR) }, jscpd: [jscpd5, ...(jscpd4 ? [jscpd4] : [])], gnuTime },
    options,
    corpora: results,
    targets: evaluateTargets(results),
    resultsFile: path.relative(REPO_ROOT, resultsFile),
  };
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(resultsFile, `${JSON.stringify(bench, null, 2)}\n`);
  process.stdout.write(formatReport(bench));
  return 0;
}

/**
 * Everything the bench measures on one corpus.
 * @param {import('./corpora.mjs').Corpus} corpus
 * @param {{ runs: number, build: import('./build.mjs').FrozenBuild, jscpd5: InstalledJscpd, jscpd4: InstalledJscpd | undefined, debounceMs: number }} context
 * @returns {Promise<CorpusResult>}
 */
async function benchCorpus(corpus, { runs, build, jscpd5, jscpd4, debounceMs }) {
  const outDir = path.join(OUT_DIR, corpus.name);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const python = listPythonFiles(corpus.root);
  process.stderr.write(`bench: ${corpus.name}: listing the files each tool reads\n`);
  const files = alignFileSets(corpus.root, python, jscpd5, jscpd4, outDir);
  const configFile = path.join(outDir, 'pyproject.toml');
  writeUntangleConfig(configFile, files.untangleExclude);
  const untangle = untangleRun(build.cli, corpus.root, configFile, outDir, 'cold');
  const warm = untangleRun(build.cli, corpus.root, configFile, outDir, 'warm');
  const reference = jscpdRun(jscpd5, corpus.root, files.jscpdIgnore, outDir);
  const older = jscpd4 ? jscpdRun(jscpd4, corpus.root, files.jscpdIgnore, outDir) : undefined;
  const tools = [untangle, warm, reference, ...(older ? [older] : [])];
  primeCache(warm, REPO_ROOT);
  const timings = await runColdAnalysis(corpus.name, tools, runs, REPO_ROOT);

  // The reports of the last run, the same for every run of a deterministic tool.
  const ours = readUntangleReport(untangle.reportFile, REPO_ROOT);
  const jscpd5Report = readJscpdReport(reference.reportFile);
  const jscpd4Report = older ? readJscpdReport(older.reportFile) : undefined;
  if (fs.readFileSync(warm.reportFile, 'utf8') !== fs.readFileSync(untangle.reportFile, 'utf8')) {
    files.differences.push('Untangle reported otherwise with its cache warm than cold');
  }
  if (ours.analyzedFiles + ours.skipped.length !== files.untangleFiles) {
    files.differences.push(`Untangle analysed ${ours.analyzedFiles} and skipped ${ours.skipped.length} files, ${files.untangleFiles} expected`);
  }
  const sources = { untangle: ours.analyzedFiles, untangleWarm: ours.analyzedFiles, jscpd5: jscpd5Report.sources, jscpd4: jscpd4Report?.sources ?? 0 };
  const compared = compareClones(jscpd5Report.clones, ours.pairs);
  const breakdown = kindBreakdown(jscpd5Report.clones, compared.missed);
  process.stderr.write(`bench: ${corpus.name}: why ${compared.missed.length} jscpd 5 clones are missed\n`);
  const explained = await missReasons(REPO_ROOT, breakdown.missed, { minTokens: MIN_TOKENS, minLines: MIN_LINES }, ours.pairs.map((pair) => pair.a));
  const deliberate = explained.filter((clone) => isDeliberate(clone.reason)).length;
  const meant = compared.referenceClones - deliberate;

  process.stderr.write(`bench: ${corpus.name}: edit latency through the server\n`);
  const editLatency = await measureEditLatency({ serverScript: build.server, root: corpus.root, ...(await editedFile(corpus.root, python)), debounceMs });
  process.stderr.write(`bench: ${corpus.name}: reopening the workspace in the server, with its cache\n`);
  const reopen = await measureReopen({ serverScript: build.server, root: corpus.root, storage: path.join(outDir, 'server-storage') });
  return {
    name: corpus.name,
    root: corpus.root,
    description: corpus.description,
    lines: python.lines,
    files,
    commands: Object.fromEntries(tools.map((tool) => [tool.name, displayCommand(tool, REPO_ROOT)])),
    tools: timings.map((timing) => ({ ...timing, files: sources[timing.name] })),
    untangleFindings: ours.findingsByRule,
    memberFindings: ours.memberFindings,
    untangleSkipped: ours.skipped,
    recall: {
      ...compared,
      missed: [...explained].sort((x, y) => Number(isDeliberate(x.reason)) - Number(isDeliberate(y.reason))),
      reasons: countReasons(explained),
      deliberate,
      meantRecallPercent: meant === 0 ? 100 : (compared.found / meant) * 100,
    },
    recallByKind: breakdown.byKind,
    editLatency,
    reopen,
  };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (error instanceof BenchUsageError) {
      process.stderr.write(`bench: ${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`bench: error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
