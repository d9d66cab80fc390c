/**
 * A minimal LSP client for protocol tests: starts the built server (dist/server.js) over stdio,
 * answers the requests a real editor answers (configuration, registrations, progress), records
 * diagnostics, messages and notifications, and lets tests wait for them with a deadline. The bench
 * (bench/editLatency.mjs, reopenLatency.mjs) drives it too, through out/: it stamps every notification
 * with the moment it arrived, so the bench can time the server from its own `initialized`.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { WorkDoneProgress, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';

const SERVER = path.join(__dirname, '../../../../dist/server.js');

export interface ClientOptions {
  /** What `workspace/configuration` answers for the `untangle` section. */
  settings?: unknown;
  /** Press "Cancel" on every progress notification as soon as it begins. */
  cancelProgress?: boolean;
  /** What `initialize` sends as `initializationOptions` (the extension sends its storage folder). */
  initializationOptions?: unknown;
  /** The server bundle to start; dist/server.js by default (the bench starts a copy of it). */
  serverScript?: string;
  /** Send `initialized` once `initialize` is answered (default); false leaves it to the caller, to time the first scan. */
  sendInitialized?: boolean;
}

/** A notification as it arrived, `at` in performance.now() milliseconds. */
export interface Received {
  readonly method: string;
  readonly params: unknown;
  readonly at: number;
}

export class TestLspClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly messages: { type: number; message: string }[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  /** Kinds of work-done progress reports received (`begin`, `report`, `end`). */
  readonly progress: string[] = [];
  /** What the server registered dynamically (`client/registerCapability` registrations). */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  /** Every notification, in order of arrival. */
  readonly received: Received[] = [];
  private readonly versions = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  settings: unknown;
  private readonly cancelProgress: boolean;

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: MessageConnection,
    options: ClientOptions,
  ) {
    this.settings = options.settings ?? {};
    this.cancelProgress = options.cancelProgress ?? false;
  }

  /** Starts the server with `root` as the only workspace folder and completes the handshake. */
  static async start(root: string, options: ClientOptions = {}): Promise<TestLspClient> {
    const server = options.serverScript ?? SERVER;
    if (!fs.existsSync(server)) throw new Error(`${server} is missing: run npm run build first`);
    const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      if (code) process.stderr.write(`server exited with ${code}: ${stderr}\n`);
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestLspClient(child, connection, options);
    client.listen();
    connection.listen();
    const rootUri = URI.file(root).toString();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceFolders: true,
          workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], changeAnnotationSupport: {} },
        },
        window: { workDoneProgress: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
          codeAction: { resolveSupport: { properties: ['edit'] }, disabledSupport: true, dataSupport: true },
        },
      },
    });
    if (options.sendInitialized ?? true) await connection.sendNotification('initialized', {});
    return client;
  }

  private listen(): void {
    const changed = () => this.waiters.forEach((wake) => wake());
    const arrived = (method: string, params: unknown) => this.received.push({ method, params, at: performance.now() });
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      arrived('textDocument/publishDiagnostics', params);
      this.diagnostics.set(params.uri, params.diagnostics);
      changed();
    });
    this.connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      arrived('window/showMessage', params);
      this.messages.push(params);
      changed();
    });
    this.connection.onNotification((method: string, params: unknown) => {
      arrived(method, params);
      this.notifications.push({ method, params });
      changed();
    });
    this.connection.onRequest('window/showMessageRequest', (params: { type: number; message: string }) => {
      this.messages.push(params);
      changed();
      return null;
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    this.connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
      this.connection.onProgress(WorkDoneProgress.type, params.token, (value) => {
        this.progress.push(value.kind);
        if (value.kind === 'begin' && this.cancelProgress) void this.connection.sendNotification('window/workDoneProgress/cancel', { token: params.token });
        changed();
      });
      return null;
    });
  }

  /** Resolves with `check()`'s value once it is defined; rejects after `timeoutMs`. */
  waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        const value = check();
        if (value === undefined) return;
        cleanup();
        resolve(value);
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

  /** The first notification `match` accepts among those received from index `from` on. */
  nextReceived(what: string, from: number, match: (received: Received) => boolean, timeoutMs?: number): Promise<Received> {
    return this.waitFor(what, () => this.received.slice(from).find(match), timeoutMs);
  }

  /** Sends a notification; returns the moment just before it was written. */
  notify(method: string, params: unknown): number {
    const at = performance.now();
    void this.connection.sendNotification(method, params);
    return at;
  }

  /**
   * Resolves once the server has handled every message sent before: it answers requests in
   * order, and answers a method it does not know with an error.
   */
  async settle(): Promise<void> {
    await this.connection.sendRequest('untangleTest/ping').catch(() => undefined);
  }

  /** The server process's peak resident memory so far (VmHWM), in KiB; undefined off Linux. */
  peakRssKb(): number | undefined {
    try {
      const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      return match ? Number(match[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Waits until the diagnostics of `file` satisfy `predicate`. */
  waitForDiagnostics(file: string, predicate: (diagnostics: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]> {
    const uri = URI.file(file).toString();
    return this.waitFor(`diagnostics of ${path.basename(file)}`, () => {
      const diagnostics = this.diagnostics.get(uri);
      return diagnostics && predicate(diagnostics) ? diagnostics : undefined;
    }, timeoutMs);
  }

  open(file: string, text: string, languageId = 'python'): void {
    this.versions.set(file, 1);
    void this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: URI.file(file).toString(), languageId, version: 1, text },
    });
  }

  /** Replaces the whole text of an open document. */
  change(file: string, text: string): void {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI.file(file).toString(), version },
      contentChanges: [{ text }],
    });
  }

  close(file: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: URI.file(file).toString() } });
  }

  /** Tells the server files changed on disk (1 created, 2 changed, 3 deleted). */
  filesChanged(changes: { file: string; type: 1 | 2 | 3 }[]): void {
    void this.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: changes.map((change) => ({ uri: URI.file(change.file).toString(), type: change.type })),
    });
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
      this.child.kill();
    }
  }
}
