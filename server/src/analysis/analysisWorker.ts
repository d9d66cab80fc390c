/**
 * A worker thread that reads, parses and analyses files for the first scan of a workspace, so
 * both cores parse at once (and tokenizes templates and static files with jscpd). Results go back with the token arrays transferred, not copied.
 */
import { parentPort } from 'worker_threads';
import { loadPythonParser } from '../core/parse/pythonParser';
import { blockingReader, readEditorText, readPythonSource } from '../fs/sourceReader';
import { contentHash } from './cache/cacheKeys';
import { tokenBuffers } from '../core/python/tokenStream';
import { webSourceBuffers } from '../core/webClones/webTokens';
import { analyzeModule } from './analyzeModule';
import { readWebFile } from './readWebFile';
import { assertNever } from '../core/model/assertNever';
import type { AnalysisJob, AnalysisOutcome, AnalysisResult } from './analysisPool';

const port = parentPort;
if (!port) throw new Error('analysisWorker.js must run as a worker thread');

const parser = loadPythonParser();

port.on('message', async (job: AnalysisJob) => {
  let result: AnalysisResult;
  try {
    const done = job.language ? await readWebFile(job.file, job.language, job.settings, job.text, blockingReader) : await analyzePython(job);
    result = { id: job.id, ...done };
  } catch (error) {
    result = { id: job.id, kind: 'skipped', reason: `analysis failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  port.postMessage(result, transferred(result));
});

async function analyzePython(job: AnalysisJob): Promise<AnalysisOutcome> {
  const read = job.text !== undefined ? readEditorText(job.text, job.maxBytes) : await readPythonSource(job.file, job.maxBytes, blockingReader);
  if (read.kind === 'skipped') return read;
  return { kind: 'analyzed', analyzed: analyzeModule(await parser, job.file, read.text, job.settings), hash: contentHash(read.text) };
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
