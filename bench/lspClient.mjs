// @ts-check
/**
 * A small LSP client for the edit-latency scenario: starts the built server (dist/server.js
 * --stdio), answers what an editor answers (empty settings for workspace/configuration,
 * registrations, work-done progress), and stamps every notification with the moment it arrived,
 * so the bench can tell how long after a didChange the diagnostics came. The protocol tests have
 * their own client (test/helpers/processes/lspClient.ts); this one needs arrival times, not assertions.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import rpc from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';

/** @typedef {{ method: string, params: unknown, at: number }} Received */

export class BenchLspClient {
  /** @type {Received[]} */
  received = [];
  /** @type {Set<() => void>} */
  waiters = new Set();

  /**
   * @param {import('node:child_process').ChildProcessWithoutNullStreams} child
   * @param {import('vscode-jsonrpc').MessageConnection} connection
   */
  constructor(child, connection) {
    this.child = child;
    this.connection = connection;
  }

  /**
   * Starts the server and sends `initialize` with `root` as the only workspace folder; the
   * caller sends `initialized` (see `initialized()`) so it can time the first scan from there.
   * @param {string} serverScript
   * @param {string} root
   * @param {{ storagePath?: string }} [initializationOptions] what the extension sends (its storage folder holds the analysis cache)
   * @returns {Promise<BenchLspClient>}
   */
  static async start(serverScript, root, initializationOptions) {
    if (!fs.existsSync(serverScript)) throw new Error(`${serverScript} is missing: run npm run bundle`);
    const child = spawn(process.execPath, [serverScript, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr.on('data', (chunk) => process.stderr.write(`server: ${chunk}`));
    const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
    const client = new BenchLspClient(child, connection);
    client.listen();
    connection.listen();
    const rootUri = URI.file(root).toString();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
      initializationOptions,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false },
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
        },
      },
    });
    return client;
  }

  /** @private */
  listen() {
    const record = (/** @type {string} */ method, /** @type {unknown} */ params) => {
      this.received.push({ method, params, at: performance.now() });
      for (const wake of this.waiters) wake();
    };
    this.connection.onNotification(record);
    // vscode-jsonrpc routes $/progress to per-token handlers; this client registers none.
    this.connection.onUnhandledProgress((params) => record('$/progress', params));
    this.connection.onRequest('workspace/configuration', (/** @type {{ items: unknown[] }} */ params) => params.items.map(() => ({})));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
  }

  /**
   * Sends a notification; returns the moment just before it was written.
   * @param {string} method
   * @param {unknown} params
   * @returns {number}
   */
  notify(method, params) {
    const at = performance.now();
    void this.connection.sendNotification(method, params);
    return at;
  }

  /**
   * The first notification after index `from` of `received` that `match` accepts.
   * @param {string} what for the timeout message
   * @param {number} from
   * @param {(received: Received) => boolean} match
   * @param {number} timeoutMs
   * @returns {Promise<Received>}
   */
  waitFor(what, from, match, timeoutMs) {
    return new Promise((resolve, reject) => {
      const wake = () => {
        const found = this.received.slice(from).find(match);
        if (!found) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      this.waiters.add(wake);
      wake();
    });
  }

  /**
   * Resolves once the server has handled every message sent before: it answers requests in
   * order, and answers a method it does not know with an error.
   * @returns {Promise<void>}
   */
  async settle() {
    await this.connection.sendRequest('untangleBench/ping').catch(() => undefined);
  }

  /**
   * The server process's peak resident memory so far (VmHWM), in KiB; undefined off Linux.
   * @returns {number | undefined}
   */
  peakRssKb() {
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
      return match ? Number(match[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  async stop() {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
      this.child.kill();
    }
  }
}
