// @ts-check
/**
 * `node bench/hardStage.mjs [folder]`: what the hard refactor of duplicate-block makes of a real
 * corpus (default: Debian's Django source). Every clone group is planned once, alone, on the
 * untouched files, as `untangle fix` would plan it: near-copies (same code with other names or
 * values) into one function taking the differences, classes repeating members into a mixin or
 * base class. A planned change counts as applied only when the tests' oracle holds
 * (test/helpers/python/actionOracle.ts: the touched files compile, pyflakes reports nothing new, the
 * imports resolve). Prints applied / refused / not offered per kind with the reasons by kind,
 * and writes each applied change as a unified diff to test-output/hard-stage/<corpus>/ to read.
 * Not a test and nothing is written to the corpus. Needs `node esbuild.mjs` (out/).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { selectCorpora } from './corpora.mjs';
import { REPO_ROOT, count, fromOut, kindOf, loadCorpus } from './outBuild.mjs';

/** @type {typeof import('../server/src/core/parse/pythonParser.js')} */
const { loadPythonParser } = fromOut('server/src/core/parse/pythonParser.js');
/** @type {typeof import('../server/src/refactor/findingRefactoring.js')} */
const { refactoringForFinding } = fromOut('server/src/refactor/findingRefactoring.js');
/** @type {typeof import('../server/src/detectors/duplicateBlock.js')} */
const { isNearCopy, isRepeatedMembers } = fromOut('server/src/detectors/duplicateBlock.js');
/** @type {typeof import('../test/helpers/python/actionOracle.js')} */
const { changesOf, oracleProblems } = fromOut('test/helpers/python/actionOracle.js');

/** @typedef {import('../server/src/core/model/finding.js').Finding} Finding */
/** @typedef {'near-copies → one function' | 'repeated members → mixin or base class'} GroupKind */
/** @typedef {{ groups: number, applied: number, refused: number, notOffered: number, failed: number }} Figures */

/** @param {Finding} finding @returns {GroupKind | undefined} the hard-stage kind of the finding's group, if it has one */
function kindOfGroup(finding) {
  if (isNearCopy(finding)) return 'near-copies → one function';
  return isRepeatedMembers(finding) ? 'repeated members → mixin or base class' : undefined;
}

/** One key per group, whichever of its places the finding is reported at. @param {Finding} finding */
function groupKey(finding) {
  return [finding, ...finding.related].map((place) => `${place.path}:${place.range.start.line}`).sort().join('|');
}

/** @param {{ name: string, root: string }} corpus */
async function planCorpus(corpus) {
  const started = Date.now();
  const parser = await loadPythonParser();
  const outDir = path.join(REPO_ROOT, 'test-output', 'hard-stage', corpus.name);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const { index, snapshot } = await loadCorpus(corpus, parser, 'hard-stage bench');
  const loadSeconds = (Date.now() - started) / 1000;
  /** @type {Map<GroupKind, Figures>} */
  const figures = new Map();
  /** @type {Map<string, number>} */
  const reasons = new Map();
  const seen = new Set();
  for (const finding of index.findings()) {
    const kind = kindOfGroup(finding);
    const key = groupKey(finding);
    if (!kind || seen.has(key)) continue;
    seen.add(key);
    const tally = figures.get(kind) ?? { groups: 0, applied: 0, refused: 0, notOffered: 0, failed: 0 };
    figures.set(kind, tally);
    tally.groups++;
    const where = `${path.relative(corpus.root, finding.path)}:${finding.range.start.line + 1}`;
    const { title, result, notOffered } = refactoringForFinding(parser, snapshot, finding, index.settings);
    if (notOffered || !result.safe) {
      const why = notOffered ?? (result.safe ? '' : result.reason);
      tally[notOffered ? 'notOffered' : 'refused']++;
      count(reasons, `${kind}: ${notOffered ? 'not offered' : 'refused'}: ${kindOf(why)}`);
      continue;
    }
    const changes = changesOf(result.edit, snapshot);
    const problems = oracleProblems(corpus.root, snapshot, changes);
    tally[problems.length === 0 ? 'applied' : 'failed']++;
    const patch = [...changes].map(([file, after]) => {
      const name = path.relative(corpus.root, file);
      return createTwoFilesPatch(`a/${name}`, `b/${name}`, snapshot.read(file) ?? '', after ?? '', undefined, undefined, { context: 2 });
    });
    const verdict = problems.length === 0 ? 'applied' : `failed the oracle:\n${problems.join('\n')}`;
    fs.writeFileSync(path.join(outDir, `${tally.applied + tally.failed}-${kind.split(' ')[0]}-${where.replace(/[/:]/g, '_')}.diff`), `# ${where}: ${title}\n# ${verdict}\n${patch.join('')}`);
  }
  return { corpus, loadSeconds, seconds: (Date.now() - started) / 1000, figures, reasons, outDir };
}

/** @param {Awaited<ReturnType<typeof planCorpus>>} run */
function report(run) {
  const lines = [`## ${run.corpus.name} (${run.corpus.root}), in ${run.seconds.toFixed(0)} s (loading ${run.loadSeconds.toFixed(1)} s)`, ''];
  lines.push('| clone groups | groups | applied | refused | not offered | failed the oracle |', '|---|---:|---:|---:|---:|---:|');
  for (const [kind, f] of run.figures) lines.push(`| ${kind} | ${f.groups} | ${f.applied} | ${f.refused} | ${f.notOffered} | ${f.failed} |`);
  lines.push('', 'Refused and not offered, by reason:', '');
  for (const [reason, n] of [...run.reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) lines.push(`- ${n} × ${reason}`);
  lines.push('', `Diffs of the planned changes: ${path.relative(REPO_ROOT, run.outDir)}/`);
  return `${lines.join('\n')}\n`;
}

const given = process.argv[2];
const corpus = given ? { name: path.basename(path.resolve(given)), root: path.resolve(given) } : selectCorpora(['django'])[0];
process.stdout.write(report(await planCorpus(corpus)));
