/**
 * What the panel shows, fetched from the server after each analysis and from each folder's
 * `.untangle/baseline.json`; the views listen for changes. Nothing here analyses code.
 */
import * as vscode from 'vscode';
import type { UntangleClient } from '../client';
import type { PlanRequest } from '../../../server/src/protocol';
import { BASELINE_FILE, baselineSchema, type Baseline } from '../../../server/src/core/baseline/baseline';

export class PanelState implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** False until the first plan arrives: the tree then shows its welcome text, not empty stages. */
  loaded = false;
  folders: readonly PlanRequest.Folder[] = [];
  baselines: ReadonlyMap<string, Baseline> = new Map();
  private readonly subscriptions: vscode.Disposable[];
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly client: UntangleClient,
    private readonly output: vscode.LogOutputChannel,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${BASELINE_FILE}`);
    this.subscriptions = [
      client.onDidFinishAnalysis(() => void this.refresh()),
      watcher,
      watcher.onDidChange(() => void this.refresh()),
      watcher.onDidCreate(() => void this.refresh()),
      watcher.onDidDelete(() => void this.refresh()),
    ];
  }

  /**
   * Fetches the plan again. Analyses can finish while a fetch is under way: one more fetch then
   * follows it, so the newest plan wins and fetches never overlap.
   */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.fetch();
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async fetch(): Promise<void> {
    const plan = await this.client.plan().catch((error: unknown) => {
      this.output.warn(`Untangle: the plan could not be fetched: ${String(error)}`);
      return undefined;
    });
    if (!plan) return;
    const baselines = new Map<string, Baseline>();
    for (const folder of plan.folders) {
      const baseline = await this.readBaseline(vscode.Uri.parse(folder.uri));
      if (baseline) baselines.set(folder.uri, baseline);
    }
    this.folders = plan.folders;
    this.baselines = baselines;
    this.loaded = true;
    this.changed.fire();
  }

  /** The folder's committed baseline; a broken one is reported and ignored. */
  private async readBaseline(folder: vscode.Uri): Promise<Baseline | undefined> {
    const file = vscode.Uri.joinPath(folder, BASELINE_FILE);
    let raw: Uint8Array;
    try {
      raw = await vscode.workspace.fs.readFile(file);
    } catch {
      return undefined;
    }
    try {
      const parsed = baselineSchema.safeParse(JSON.parse(new TextDecoder().decode(raw)));
      if (parsed.success) return parsed.data;
      this.output.warn(`${file.fsPath} is not an Untangle baseline (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}); ignored`);
    } catch (error) {
      this.output.warn(`${file.fsPath} is not valid JSON (${String(error)}); ignored`);
    }
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
