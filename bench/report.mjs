// @ts-check
/**
 * Prints the benchmark's results as markdown: machine and versions, the table of cold runs,
 * what each tool read, recall with examples to check by eye, edit latency, the targets and the
 * exact commands. results.json holds the same and every single run.
 */
/** @typedef {import('./run.mjs').BenchResults} BenchResults */
/** @typedef {import('./run.mjs').CorpusResult} CorpusResult */
/** @typedef {import('./reports.mjs').ClonePair} ClonePair */
/** @typedef {import('./missReasons.mjs').MissReason} MissReason */
import { DELIBERATE, isDeliberate } from './missReasons.mjs';

const EXAMPLES = 3;
const TOOL_LABELS = { untangle: 'Untangle', untangleWarm: 'Untangle, warm cache', jscpd5: 'jscpd 5', jscpd4: 'jscpd 4' };

/**
 * @param {BenchResults} results
 * @returns {string}
 */
export function formatReport(results) {
  const { machine, versions } = results;
  const out = [
    `## Untangle benchmark (${results.date})`,
    '',
    `- Machine: ${machine.cpus} × ${machine.cpuModel} (availableParallelism ${machine.availableParallelism}), ${machine.memoryGb} GB RAM, ${machine.os}; node ${machine.node}`,
    `- Load average (1/5/15 min) at start ${machine.loadAverage.join(' / ')}, at end ${machine.loadAverageAtEnd.join(' / ')}: other work on the machine slows every tool`,
    `- Untangle ${versions.untangle.version} (commit ${versions.untangle.commit}), bundles of ${versions.untangle.builtAt} (\`npm run bundle\`), run from a copy in ${versions.untangle.copy}/ so that a rebuild of dist/ mid-run changes nothing`,
    ...versions.jscpd.map((tool) => `- jscpd ${tool.version}: ${tool.note}`),
    `- ${versions.gnuTime} for peak RSS (max resident set, 1 MB = 1024 KiB); wall time from spawn to exit`,
    `- ${results.options.runs} cold runs per tool and corpus, interleaved; medians${results.options.runs < 5 ? ' (fewer than the 5 the targets call for: a quick look, not a result)' : ''}`,
    '',
    '| corpus | tool | median wall s | median peak RSS MB | ratio vs jscpd5 | files |',
    '|---|---|--:|--:|--:|--:|',
    ...results.corpora.flatMap((corpus) =>
      corpus.tools.map(
        (tool) =>
          `| ${corpus.name} | ${TOOL_LABELS[tool.name]} | ${(tool.medianWallMs / 1000).toFixed(2)} | ${Math.round(tool.medianPeakRssKb / 1024)} | ${tool.medianRatioToJscpd5.toFixed(2)}× | ${tool.files} |`,
      ),
    ),
    '',
    'files: Untangle counts the files it analysed, jscpd its "sources" (files with at least 50 tokens and 5 lines). ' +
      'Untangle cold: no analysis cache (each run writes one); warm: the cache of an earlier run, corpus unchanged.',
    '',
    '### Files read',
    ...results.corpora.map(filesLine),
    '',
    '### Clone recall against jscpd 5 (same files, 50 tokens, 5 lines)',
    ...results.corpora.flatMap(recallLines),
    '',
    '### Edit re-diagnosis through the server',
    ...results.corpora.flatMap(editLines),
    '',
    '### Reopening the workspace in the server (analysis cache in its storage folder)',
    ...results.corpora.map(reopenLine),
    '',
    '### Targets',
    ...results.targets.map((t) => `- **${t.verdict.toUpperCase()}** ${t.target}: ${t.measured}`),
    '',
    '### Commands',
    ...results.corpora.flatMap((corpus) => [
      `- ${corpus.name}:`,
      ...Object.entries(corpus.commands).map(([name, command]) => `  - ${TOOL_LABELS[/** @type {keyof typeof TOOL_LABELS} */ (name)]}: \`${command}\``),
    ]),
    '',
    `Results with every run: ${results.resultsFile}`,
  ];
  return `${out.join('\n')}\n`;
}

/** @param {CorpusResult} corpus */
function filesLine(corpus) {
  const f = corpus.files;
  const jscpd4 = f.jscpd4Files === undefined ? '' : `, jscpd 4 read ${f.jscpd4Files}`;
  const aligned = [
    f.untangleExclude.length > 0 ? `excluded from Untangle: ${f.untangleExclude.join(', ')}` : '',
    f.jscpdIgnore.length > 0 ? `ignored in jscpd: ${f.jscpdIgnore.join(', ')}` : '',
  ].filter(Boolean);
  const same = f.differences.length === 0 ? 'the same files' : `STILL DIFFERENT: ${f.differences.slice(0, 5).join('; ')}`;
  return (
    `- ${corpus.name} (${corpus.root}): ${f.pythonFiles} .py files (${f.emptyFiles} empty) and ${f.links} .py symbolic links. ` +
    `Untangle read ${f.untangleFiles}, jscpd 5 read ${f.jscpd5Files} (it lists no empty file)${jscpd4}: ${same}.` +
    (aligned.length > 0 ? ` To get there: ${aligned.join('; ')}.` : '')
  );
}

/** @param {CorpusResult} corpus */
function recallLines(corpus) {
  const r = corpus.recall;
  const shown = (/** @type {ClonePair & { kind?: string, reason?: string }} */ pair) =>
    `\`${place(pair.a)}\` ↔ \`${place(pair.b)}\` (${pair.lines} lines${pair.exact ? '' : ', other names or values'}${pair.kind ? `, mostly ${pair.kind}` : ''}${pair.reason ? `; ${pair.reason}` : ''})`;
  const kinds = Object.entries(corpus.recallByKind)
    .filter(([, count]) => count.clones > 0)
    .map(([kind, count]) => `${kind} ${count.clones - count.missed}/${count.clones} (${percent(count.clones - count.missed, count.clones)})`);
  const reasons = Object.entries(r.reasons).map(([reason, count]) => `${reason} ${count}${isDeliberate(/** @type {MissReason} */ (reason)) ? '' : ' (to fix)'}`);
  return [
    `- ${corpus.name}: ${r.found} of ${r.referenceClones} jscpd 5 clones found, recall ${r.recallPercent.toFixed(1)} %; ` +
      `of the ${r.referenceClones - r.deliberate} Untangle is meant to find (${r.deliberate} it leaves out by design), ${r.meantRecallPercent.toFixed(1)} %. ` +
      `Untangle reports ${r.ourPairs} place pairs (every pair of places of its clone classes; its ${corpus.memberFindings} findings of classes repeating members are left out, their ranges span the members between); ${r.extra.length} overlap no jscpd 5 clone ` +
      `(${r.extraExact} in classes of exact copies, ${r.extra.length - r.extraExact} in classes with other names or values, which jscpd finds only with --ignore-identifiers).`,
    `  - found by what the clone's lines mostly hold (heuristic line scan; Untangle compares code tokens only, jscpd also the words of docstrings and import lists): ${kinds.join(', ')}`,
    `  - missed, by why (the engine's stages run on the two places, bench/missReasons.mjs): ${reasons.length === 0 ? 'none' : reasons.join(', ')}. By design: ` +
      Object.entries(DELIBERATE).map(([reason, meaning]) => `${reason}: ${meaning}`).join('; '),
    `  - missed (misses to fix first, then code clones, then largest first): ${r.missed.length === 0 ? 'none' : ''}`,
    ...r.missed.slice(0, EXAMPLES).map((pair) => `    - ${shown(pair)}`),
    `  - extra (exact copies first, then largest first): ${r.extra.length === 0 ? 'none' : ''}`,
    ...r.extra.slice(0, EXAMPLES).map((pair) => `    - ${shown(pair)}`),
  ];
}

/**
 * @param {number} part
 * @param {number} whole
 */
function percent(part, whole) {
  return whole === 0 ? 'n/a' : `${((part / whole) * 100).toFixed(1)} %`;
}

/** @param {import('./reports.mjs').Span} span */
function place(span) {
  return `${span.file}:${span.start}-${span.end}`;
}

/**
 * The larger files the edit scenario passed over, and why (editLatency.mjs editedFile).
 * @param {import('./editLatency.mjs').PassedOver[]} files
 */
function passedOver(files) {
  if (files.length === 0) return '';
  const shown = files.slice(0, 3).map((f) => `\`${f.file}\` (${Math.round(f.bytes / 1024)} KB) ${f.reason}`);
  return ` (passed over, larger: ${shown.join('; ')}${files.length > 3 ? `; ${files.length - 3} more` : ''})`;
}

/** @param {CorpusResult} corpus */
function editLines(corpus) {
  const e = corpus.editLatency;
  const shows = e.samples.filter((s) => s.showsEdit).length;
  const ms = (/** @type {number} */ v) => `${v.toFixed(1)} ms`;
  return [
    `- ${corpus.name}: largest file analysed with every rule \`${e.file}\` (${Math.round(e.fileBytes / 1024)} KB, ${e.fileLines} lines)${passedOver(e.passedOver)}; ${e.edit}; ` +
      `${e.samples.length} incremental didChange edits after ${e.warmupEdits} unmeasured ones; first scan ${(e.firstScanMs / 1000).toFixed(2)} s for ${e.serverFiles} files ` +
      `(default settings); server peak RSS ${e.serverPeakRssKb === undefined ? 'n/a' : `${Math.round(e.serverPeakRssKb / 1024)} MB`}; ` +
      `${shows}/${e.samples.length} publishes showed the edit.`,
    `  - didChange → publishDiagnostics, including the ${e.debounceMs} ms debounce: p50 ${ms(e.latencyMs.p50)}, p95 ${ms(e.latencyMs.p95)}, max ${ms(e.latencyMs.max)}`,
    `  - minus the debounce (the server's own work; the target applies to this): p50 ${ms(e.latencyMinusDebounceMs.p50)}, p95 ${ms(e.latencyMinusDebounceMs.p95)}, max ${ms(e.latencyMinusDebounceMs.max)}`,
    `  - until the server answers again (analysis, publish and status): p50 ${ms(e.busyMs.p50)}, p95 ${ms(e.busyMs.p95)}`,
  ];
}


/** @param {CorpusResult} corpus */
function reopenLine(corpus) {
  const { cold, warm } = corpus.reopen;
  const s = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(2)} s`;
  return `- ${corpus.name}: server spawned → first diagnostics ${s(warm.firstDiagnosticsMs)} reopened (${s(cold.firstDiagnosticsMs)} on the first open, without a cache); → first scan over ${s(warm.idleMs)} (${s(cold.idleMs)})`;
}
