/**
 * A worker thread that reads, parses and analyses files for the first scan of a workspace, so
 * both cores parse at once. Results go back with the token arrays transferred, not copied.
 */
import { parentPort } from 'worker_threads';
import { loadPythonParser } from '../core/parse/pythonParser';
import { blockingReader, readEditorText, readPythonSource } from '../fs/sourceReader';
import { contentHash } from './cache/cacheKeys';
import { tokenBuffers } from '../core/python/tokenStream';
import { analyzeModule } from './analyzeModule';
import type { AnalysisJob, AnalysisResult } from './analysisPool';

const port = parentPort;
if (!port) throw new Error('analysisWorker.js must run as a worker thread');

const parser = loadPythonParser();

port.on('message', async (job: AnalysisJob) => {
  let result: AnalysisResult;
  try {
    const read = job.text !== undefined ? readEditorText(job.text, job.maxBytes) : await readPythonSource(job.file, job.maxBytes, blockingReader);
    if (read.kind === 'skipped') {
      result = { id: job.id, kind: 'skipped', reason: read.reason };
    } else {
      const analyzed = analyzeModule(await parser, job.file, read.text, job.settings);
      result = { id: job.id, kind: 'analyzed', analyzed, hash: contentHash(read.text) };
    }
  } catch (error) {
    result = { id: job.id, kind: 'skipped', reason: `analysis failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  port.postMessage(result, result.kind === 'analyzed' ? tokenBuffers(result.analyzed.tokens) : []);
});
