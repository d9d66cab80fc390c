// @ts-check
/**
 * Whole-workspace analysis: each tool started afresh on the whole corpus, `runs` times. Runs are
 * interleaved (Untangle cold, Untangle warm, jscpd 5, jscpd 4, then again) so that a slow phase
 * of the machine hits every tool alike, and each ratio to jscpd 5 is taken per round of adjacent
 * runs, then its median. Every tool has read the corpus before (the file listings), so the
 * page cache is warm for all; "cold" means no process or cache of the tool survives a run
 * (Untangle's cold runs start without its analysis cache), "warm" that Untangle's cache of an
 * earlier run is there and the corpus unchanged.
 */
import { measure } from './measure.mjs';
import { median } from './stats.mjs';

/** @typedef {import('./tools.mjs').ToolRun} ToolRun */
/** @typedef {import('./measure.mjs').Measurement} Measurement */

/**
 * @typedef {object} ToolTimings
 * @property {ToolRun['name']} name
 * @property {Measurement[]} runs
 * @property {number} medianWallMs
 * @property {number} medianPeakRssKb
 * @property {number} medianRatioToJscpd5 median over runs of wall(tool) / wall(jscpd 5)
 */

/**
 * @param {string} label corpus name, for progress lines
 * @param {readonly ToolRun[]} tools jscpd5 among them
 * @param {number} runs
 * @param {string} cwd
 * @returns {Promise<ToolTimings[]>}
 */
export async function runColdAnalysis(label, tools, runs, cwd) {
  /** @type {Map<string, Measurement[]>} */
  const measured = new Map(tools.map((tool) => [tool.name, []]));
  for (let i = 0; i < runs; i++) {
    const line = [];
    for (const tool of tools) {
      tool.prepare?.();
      const result = await measure(tool.command, tool.args, { cwd, stdoutFile: tool.stdoutFile, okCodes: tool.okCodes });
      measured.get(tool.name)?.push(result);
      line.push(`${tool.name} ${(result.wallMs / 1000).toFixed(2)} s ${Math.round(result.peakRssKb / 1024)} MB`);
    }
    process.stderr.write(`bench: ${label} run ${i + 1}/${runs}: ${line.join(', ')}\n`);
  }
  const reference = measured.get('jscpd5');
  if (!reference) throw new Error('runColdAnalysis needs jscpd5 among the tools');
  return tools.map((tool) => {
    const list = measured.get(tool.name) ?? [];
    return {
      name: tool.name,
      runs: list,
      medianWallMs: median(list.map((run) => run.wallMs)),
      medianPeakRssKb: median(list.map((run) => run.peakRssKb)),
      medianRatioToJscpd5: median(list.map((run, i) => run.wallMs / reference[i].wallMs)),
    };
  });
}
