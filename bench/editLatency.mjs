// @ts-check
/**
 * Time to re-diagnose after an edit, through the real server as an editor drives it: start
 * dist/server.js over stdio, initialize with the corpus as the workspace folder, wait for the
 * first scan (the `untangle/status` notification going back to idle), open the corpus's largest
 * file the server analyses with every rule (editedFile), then alternately paste and remove a copy of one of its functions (pasteEdit.mjs) with
 * incremental didChange notifications. Each latency runs from writing the didChange to receiving
 * the next publishDiagnostics for that URI; it includes the server's per-document debounce,
 * which is read from server/src/lsp/workspaceSession.ts and also reported subtracted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { fromOut, startLspClient } from './outBuild.mjs';
import { designPasteEdit } from './pasteEdit.mjs';
import { percentile, median } from './stats.mjs';

/** @typedef {import('../test/helpers/processes/lspClient.js').Received} Received */
/** @typedef {{ code?: unknown, range: { start: { line: number } } }} Diagnostic */

/** Measured edits (half pastes, half removals), after WARMUP_EDITS unmeasured ones. */
export const MEASURED_EDITS = 40;
export const WARMUP_EDITS = 2;
const FIRST_SCAN_TIMEOUT_MS = 10 * 60_000;
const PUBLISH_TIMEOUT_MS = 60_000;

/**
 * @typedef {object} EditSample
 * @property {'paste' | 'remove'} kind
 * @property {number} latencyMs didChange written → publishDiagnostics received
 * @property {number} busyMs didChange written → the server answers a request sent after the publish
 * @property {boolean} showsEdit the published diagnostics differ from the previous ones and match the text
 */

/**
 * @typedef {object} EditLatencyResult
 * @property {string} file
 * @property {PassedOver[]} passedOver larger files the edits would not time the analysis of, and why
 * @property {number} fileBytes
 * @property {number} fileLines
 * @property {string} edit
 * @property {number} debounceMs
 * @property {number} firstScanMs `initialized` → status idle
 * @property {number} serverFiles files the server analysed (default settings: it excludes migrations…)
 * @property {number} serverFindings
 * @property {number} warmupEdits unmeasured edits before the samples
 * @property {EditSample[]} samples
 * @property {{ p50: number, p95: number, max: number }} latencyMs including the debounce
 * @property {{ p50: number, p95: number, max: number }} latencyMinusDebounceMs
 * @property {{ p50: number, p95: number }} busyMs
 * @property {number | undefined} serverPeakRssKb the server's VmHWM at the end
 */

/**
 * The server's per-document debounce, read from its source so the bench follows it.
 * @param {string} repoRoot
 * @returns {number}
 */
export function readDebounceMs(repoRoot) {
  const source = fs.readFileSync(path.join(repoRoot, 'server', 'src', 'lsp', 'workspaceSession.ts'), 'utf8');
  const match = /DOCUMENT_DEBOUNCE_MS\s*=\s*(\d+)/.exec(source);
  if (!match) throw new Error('DOCUMENT_DEBOUNCE_MS not found in server/src/lsp/workspaceSession.ts');
  return Number(match[1]);
}

/** @typedef {{ file: string, bytes: number, reason: string }} PassedOver */

/**
 * The file the edits go to: the corpus's largest one the server analyses with every rule under its
 * default settings (the corpora have no pyproject.toml), with the larger ones passed over. A file
 * over the size limit or excluded is skipped, and one the duplicate rule leaves out (tests:
 * csscompressor's 577 KB test_yui.py) is never probed for clones, so timing an edit there would
 * time less than an edit costs; the paste would show no finding either.
 * @param {string} root
 * @param {import('./corpora.mjs').PythonFiles} python
 * @returns {Promise<{ file: string, passedOver: PassedOver[] }>}
 */
export async function editedFile(root, python) {
  /** @type {typeof import('../server/src/core/config/settings.js')} */
  const { DEFAULT_SETTINGS } = fromOut('server/src/core/config/settings.js');
  /** @type {typeof import('../server/src/fs/fileDiscovery.js')} */
  const { isDiscoverable } = fromOut('server/src/fs/fileDiscovery.js');
  /** @type {typeof import('../server/src/analysis/workspaceIndex.js')} */
  const { WorkspaceIndex } = fromOut('server/src/analysis/workspaceIndex.js');
  const index = new WorkspaceIndex(root, undefined, DEFAULT_SETTINGS);
  const maxBytes = DEFAULT_SETTINGS.maxFileSizeKb * 1024;
  /** @type {PassedOver[]} */
  const passedOver = [];
  const bySize = [...python.files].sort((a, b) => (python.sizes.get(b) ?? 0) - (python.sizes.get(a) ?? 0));
  for (const file of bySize) {
    const bytes = python.sizes.get(file) ?? 0;
    const reason =
      bytes > maxBytes
        ? `over the ${DEFAULT_SETTINGS.maxFileSizeKb} KB size limit`
        : !(await isDiscoverable(root, file, DEFAULT_SETTINGS))
          ? 'excluded from analysis'
          : !index.detectsClonesIn(file, 'python')
            ? 'left out of the duplicate rule'
            : undefined;
    if (!reason) return { file, passedOver };
    passedOver.push({ file, bytes, reason });
  }
  throw new Error(`${root}: no file the server analyses with every rule`);
}

/**
 * @param {{ serverScript: string, root: string, file: string, passedOver: PassedOver[], debounceMs: number }} options
 * @returns {Promise<EditLatencyResult>}
 */
export async function measureEditLatency({ serverScript, root, file, passedOver, debounceMs }) {
  const client = await startLspClient(serverScript, root);
  try {
    const scan = await firstScan(client);
    const text = fs.readFileSync(file, 'utf8');
    const uri = URI.file(file).toString();
    const isPublish = (/** @type {Received} */ r) => r.method === 'textDocument/publishDiagnostics' && publishParams(r).uri === uri;

    let mark = client.received.length;
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    // A file without findings is not published on open; the edits below publish it anyway.
    let previous = await client.nextReceived('diagnostics after didOpen', mark, isPublish, 5_000).then(
      (r) => JSON.stringify(publishParams(r).diagnostics),
      () => '[]',
    );
    await client.settle();

    const edit = designPasteEdit(text);
    /** @type {EditSample[]} */
    const samples = [];
    for (let i = 0; i < WARMUP_EDITS + MEASURED_EDITS; i++) {
      const kind = i % 2 === 0 ? 'paste' : 'remove';
      mark = client.received.length;
      const sentAt = client.notify('textDocument/didChange', {
        textDocument: { uri, version: i + 2 },
        contentChanges: [kind === 'paste' ? edit.insert : edit.remove],
      });
      const published = await client.nextReceived(`diagnostics after edit ${i + 1}`, mark, isPublish, PUBLISH_TIMEOUT_MS);
      await client.settle();
      const busyMs = performance.now() - sentAt;
      const diagnostics = JSON.stringify(publishParams(published).diagnostics);
      const showsEdit = diagnostics !== previous && matchesText(publishParams(published).diagnostics, kind, edit.firstPastedLine);
      previous = diagnostics;
      if (i >= WARMUP_EDITS) samples.push({ kind, latencyMs: published.at - sentAt, busyMs, showsEdit });
    }
    const latencies = samples.map((sample) => sample.latencyMs);
    const minus = latencies.map((latency) => latency - debounceMs);
    return {
      file,
      passedOver,
      fileBytes: Buffer.byteLength(text),
      fileLines: text.split('\n').length,
      edit: edit.description,
      debounceMs,
      ...scan,
      warmupEdits: WARMUP_EDITS,
      samples,
      latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) },
      latencyMinusDebounceMs: { p50: percentile(minus, 50), p95: percentile(minus, 95), max: Math.max(...minus) },
      busyMs: { p50: median(samples.map((s) => s.busyMs)), p95: percentile(samples.map((s) => s.busyMs), 95) },
      serverPeakRssKb: client.peakRssKb(),
    };
  } finally {
    await client.stop();
  }
}

/**
 * Sends `initialized` and waits for the first scan: a status `analyzing`, then `idle`.
 * @param {import('../test/helpers/processes/lspClient.js').TestLspClient} client
 */
async function firstScan(client) {
  const mark = client.received.length;
  const sentAt = client.notify('initialized', {});
  const isStatus = (/** @type {string} */ state) => (/** @type {Received} */ r) => r.method === 'untangle/status' && statusParams(r).state === state;
  const analyzing = await client.nextReceived('the first scan to start', mark, isStatus('analyzing'), FIRST_SCAN_TIMEOUT_MS);
  const idle = await client.nextReceived('the first scan to finish', client.received.indexOf(analyzing), isStatus('idle'), FIRST_SCAN_TIMEOUT_MS);
  await client.settle();
  return { firstScanMs: idle.at - sentAt, serverFiles: statusParams(idle).files, serverFindings: statusParams(idle).findings };
}

/**
 * The params of a publishDiagnostics notification, as far as the bench reads them.
 * @param {Received} received
 * @returns {{ uri: string, diagnostics: Diagnostic[] }}
 */
function publishParams(received) {
  return /** @type {{ uri: string, diagnostics: Diagnostic[] }} */ (received.params);
}

/**
 * The params of an untangle/status notification (StatusNotification in server/src/protocol.ts).
 * @param {Received} received
 * @returns {{ state: string, files: number, findings: number }}
 */
function statusParams(received) {
  return /** @type {{ state: string, files: number, findings: number }} */ (received.params);
}

/**
 * Whether published diagnostics match the text: a duplicate-block diagnostic on the pasted copy
 * after a paste, nothing past the original end after a removal.
 * @param {Diagnostic[]} diagnostics
 * @param {'paste' | 'remove'} kind
 * @param {number} firstPastedLine
 */
function matchesText(diagnostics, kind, firstPastedLine) {
  const onPaste = diagnostics.filter((d) => d.range.start.line >= firstPastedLine);
  return kind === 'paste' ? onPaste.some((d) => d.code === 'duplicate-block') : onPaste.length === 0;
}
