/**
 * A worker thread that reads and analyses files for the first scan of a workspace, so both cores
 * work at once (and tokenizes templates and static files with jscpd). It loads the parser only
 * for the first module whose tokens do not suffice. Jobs come in batches and results go back
 * together, the token arrays transferred, not copied.
 */
import { parentPort } from 'worker_threads';
import { loadPythonParser } from '../core/parse/pythonParser';
import { blockingReader, readEditorText, readPythonSource } from '../fs/sourceReader';
import { contentHash } from './cache/cacheKeys';
import { tokenBuffers } from '../core/python/tokenStream';
import { webSourceBuffers } from '../core/webClones/webTokens';
import { analyzeLazily } from './analyzeModule';
import { readWebFile } from './readWebFile';
import { assertNever } from '../core/model/assertNever';
import { posted, type AnalysisJob, type AnalysisOutcome, type AnalysisResult } from './analysisPool';

const port = parentPort;
if (!port) throw new Error('analysisWorker.js must run as a worker thread');

port.on('message', async (jobs: AnalysisJob[]) => {
  const results: AnalysisResult[] = [];
  for (const job of jobs) results.push(await analyze(job));
  port.postMessage(results.map(posted), results.flatMap(transferred));
});

async function analyze(job: AnalysisJob): Promise<AnalysisResult> {
  try {
    const done = job.language ? await readWebFile(job.file, job.language, job.settings, job.text, blockingReader) : await analyzePython(job);
    return { id: job.id, ...done };
  } catch (error) {
    return { id: job.id, kind: 'skipped', reason: `analysis failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function analyzePython(job: AnalysisJob): Promise<AnalysisOutcome> {
  const read = job.text !== undefined ? readEditorText(job.text, job.maxBytes) : await readPythonSource(job.file, job.maxBytes, blockingReader);
  if (read.kind === 'skipped') return read;
  return { kind: 'analyzed', analyzed: await analyzeLazily(loadPythonParser, job.file, read.text, job.settings), hash: contentHash(read.text) };
}

/** The token arrays go back moved, not copied. */
function transferred(result: AnalysisResult): ArrayBuffer[] {
  switch (result.kind) {
    case 'analyzed':
      return tokenBuffers(result.analyzed.tokens);
    case 'web':
      return webSourceBuffers(result.source);
    case 'skipped':
      return [];
    default:
      return assertNever(result);
  }
}
