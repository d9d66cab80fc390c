/**
 * A worker thread that reads and analyses files for the first scan of a workspace, so both cores
 * work at once. It loads the parser only for the first module whose tokens do not suffice.
 * Jobs come in batches and results go back together, the token arrays transferred, not copied.
 */
import { parentPort } from 'worker_threads';
import { loadPythonParser } from '../core/parse/pythonParser';
import { blockingReader, readEditorText, readPythonSource } from '../fs/sourceReader';
import { tokenBuffers } from '../core/python/tokenStream';
import { analyzeLazily } from './analyzeModule';
import type { AnalysisJob, AnalysisResult } from './analysisPool';

const port = parentPort;
if (!port) throw new Error('analysisWorker.js must run as a worker thread');


port.on('message', async (jobs: AnalysisJob[]) => {
  const results: AnalysisResult[] = [];
  for (const job of jobs) results.push(await analyze(job));
  port.postMessage(
    results,
    results.flatMap((result) => (result.kind === 'analyzed' ? tokenBuffers(result.analyzed.tokens) : [])),
  );
});

async function analyze(job: AnalysisJob): Promise<AnalysisResult> {
  try {
    const read = job.text !== undefined ? readEditorText(job.text, job.maxBytes) : await readPythonSource(job.file, job.maxBytes, blockingReader);
    if (read.kind === 'skipped') return { id: job.id, kind: 'skipped', reason: read.reason };
    return { id: job.id, kind: 'analyzed', analyzed: await analyzeLazily(loadPythonParser, job.file, read.text, job.settings) };
  } catch (error) {
    return { id: job.id, kind: 'skipped', reason: `analysis failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
