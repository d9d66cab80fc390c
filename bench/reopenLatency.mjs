// @ts-check
/**
 * How soon a reopened workspace shows its diagnostics: the server is started twice on the corpus
 * with a storage folder, as the extension starts it (initializationOptions.storagePath). The
 * first start finds no cache, analyses every file and saves the cache; the second is the reopen.
 * Each time is measured from spawning the server to its first publishDiagnostics (the index is
 * complete by then: diagnostics are published once it is) and to the end of its first scan.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLspClient } from './outBuild.mjs';

const TIMEOUT_MS = 10 * 60_000;

/**
 * @typedef {object} StartTimes
 * @property {number} firstDiagnosticsMs spawn → the first publishDiagnostics
 * @property {number} idleMs spawn → the status back to idle (analysis over, cache saved)
 */

/**
 * @typedef {object} ReopenResult
 * @property {StartTimes} cold the first start, without a cache
 * @property {StartTimes} warm the second start, with the cache the first saved
 */

/**
 * @param {{ serverScript: string, root: string, storage: string }} options `storage` is emptied first
 * @returns {Promise<ReopenResult>}
 */
export async function measureReopen({ serverScript, root, storage }) {
  fs.rmSync(storage, { recursive: true, force: true });
  fs.mkdirSync(storage, { recursive: true });
  const cold = await startOnce(serverScript, root, storage);
  if (fs.readdirSync(storage).length === 0) throw new Error(`the server saved no cache in ${storage}`);
  const warm = await startOnce(serverScript, root, storage);
  return { cold, warm };
}

/**
 * @param {string} serverScript
 * @param {string} root
 * @param {string} storage
 * @returns {Promise<StartTimes>}
 */
async function startOnce(serverScript, root, storage) {
  const spawnedAt = performance.now();
  const client = await startLspClient(serverScript, root, { storagePath: path.resolve(storage) });
  try {
    const mark = client.received.length;
    client.notify('initialized', {});
    const diagnostics = await client.nextReceived('the first diagnostics', mark, (r) => r.method === 'textDocument/publishDiagnostics', TIMEOUT_MS);
    const isIdle = (/** @type {import('../test/helpers/processes/lspClient.js').Received} */ r) => r.method === 'untangle/status' && /** @type {{ state: string }} */ (r.params).state === 'idle';
    const analyzing = await client.nextReceived('the first scan to start', mark, (r) => r.method === 'untangle/status', TIMEOUT_MS);
    const idle = await client.nextReceived('the first scan to finish', client.received.indexOf(analyzing), isIdle, TIMEOUT_MS);
    return { firstDiagnosticsMs: diagnostics.at - spawnedAt, idleMs: idle.at - spawnedAt };
  } finally {
    await client.stop();
  }
}
