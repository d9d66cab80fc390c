/**
 * The language client: how the server is started (Node IPC, with an inspector port when
 * debugging), which documents it sees, the settings middleware, and restarts after a crash that
 * the user is told about instead of a silent loop.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CodeActionRequest, CodeActionResolveRequest, LSPErrorCodes, ResponseError, type CodeAction } from 'vscode-languageclient';
import {
  BaselineRequest,
  FeatureGroupsRequest,
  InitializationOptions,
  MakeObservableRequest,
  MoveSymbolRequest,
  ObservabilityPartsRequest,
  MoveFieldRequest,
  RenameFieldRequest,
  PlanRequest,
  ReanalyzeRequest,
  SarifReportRequest,
  SplitModuleRequest,
  StatusNotification,
} from '../../server/src/protocol';
import { WEB_FILE_GLOB } from '../../server/src/core/webClones/webLanguages';
import { explicitSettings } from './explicitSettings';
import type { StatusBar } from './statusBar';

/** What a refactoring request answers: the edit to apply, or why there is none. */
export interface RefactoringAnswer {
  readonly title: string;
  readonly edit?: vscode.WorkspaceEdit;
  readonly refused?: string;
}

/** The settings prefix doubles as the client id, so `untangle.trace.server` works. */
const CLIENT_ID = 'untangle';
/** Crashes tolerated within RESTART_WINDOW_MS before the user has to restart by hand. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

export class UntangleClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly crashes: number[] = [];
  private readonly analysisFinished = new vscode.EventEmitter<void>();
  /** Fires each time the server has finished analysing (the findings may have changed). */
  readonly onDidFinishAnalysis = this.analysisFinished.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly statusBar: StatusBar,
  ) {}

  async start(): Promise<void> {
    const client = this.createClient();
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      this.output.error(`Untangle server failed to start: ${String(error)}`);
      void vscode.window.showErrorMessage('Untangle: the language server failed to start. See the Untangle output for details.');
      return;
    }
    this.context.subscriptions.push(
      client.onNotification(StatusNotification.method, (params: unknown) => {
        const status = StatusNotification.schema.safeParse(params);
        if (status.success) {
          this.statusBar.show(status.data);
          if (status.data.state === 'idle') this.analysisFinished.fire();
        }
        else this.output.warn(`Ignored a malformed ${StatusNotification.method}: ${status.error.message}`);
      }),
    );
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.isRunning()) await client.stop();
  }

  async restart(): Promise<void> {
    this.crashes.length = 0;
    await this.stop();
    await this.start();
  }

  /** Re-reads settings and re-analyses the workspace; resolves with the new totals. */
  async reanalyze(): Promise<ReanalyzeRequest.Result | undefined> {
    if (!this.client?.isRunning()) return undefined;
    const params: ReanalyzeRequest.Params = {};
    return ReanalyzeRequest.resultSchema.parse(await this.client.sendRequest(ReanalyzeRequest.method, params));
  }

  /** Asks the server for the edit moving a symbol; undefined when the server is not running. */
  moveSymbol(params: MoveSymbolRequest.Params): Promise<RefactoringAnswer | undefined> {
    return this.refactoring(MoveSymbolRequest.method, MoveSymbolRequest.schema.parse(params));
  }

  /** Asks the server for the edit renaming a model field; undefined when the server is not running. */
  renameField(params: RenameFieldRequest.Params): Promise<RefactoringAnswer | undefined> {
    return this.refactoring(RenameFieldRequest.method, RenameFieldRequest.schema.parse(params));
  }

  /** Asks the server for the edit moving a model field along a one-to-one; undefined when the server is not running. */
  moveField(params: MoveFieldRequest.Params): Promise<RefactoringAnswer | undefined> {
    return this.refactoring(MoveFieldRequest.method, MoveFieldRequest.schema.parse(params));
  }

  /** The feature groups the server proposes for a module. */
  async featureGroups(params: FeatureGroupsRequest.Params): Promise<FeatureGroupsRequest.Result | undefined> {
    if (!this.client?.isRunning()) return undefined;
    return FeatureGroupsRequest.resultSchema.parse(await this.client.sendRequest(FeatureGroupsRequest.method, FeatureGroupsRequest.schema.parse(params)));
  }

  /** Asks the server for the split of a module into the given groups. */
  splitModule(params: SplitModuleRequest.Params): Promise<RefactoringAnswer | undefined> {
    return this.refactoring(SplitModuleRequest.method, SplitModuleRequest.schema.parse(params));
  }

  /** What each part of "Make the project observable" still has to write on a settings module. */
  async observabilityParts(params: ObservabilityPartsRequest.Params): Promise<ObservabilityPartsRequest.Result | undefined> {
    if (!this.client?.isRunning()) return undefined;
    return ObservabilityPartsRequest.resultSchema.parse(await this.client.sendRequest(ObservabilityPartsRequest.method, ObservabilityPartsRequest.schema.parse(params)));
  }

  /** Asks the server for the edit making the project observable for the parts picked. */
  makeObservable(params: MakeObservableRequest.Params): Promise<RefactoringAnswer | undefined> {
    return this.refactoring(MakeObservableRequest.method, MakeObservableRequest.schema.parse(params));
  }

  /** Every workspace folder's findings and figures, for the panel. */
  async plan(): Promise<PlanRequest.Result | undefined> {
    if (!this.client?.isRunning()) return undefined;
    const params: PlanRequest.Params = {};
    return PlanRequest.resultSchema.parse(await this.client.sendRequest(PlanRequest.method, params));
  }

  /** The baseline of a folder's current findings, to save. */
  async baseline(params: BaselineRequest.Params): Promise<BaselineRequest.Result | undefined> {
    if (!this.client?.isRunning()) return undefined;
    return BaselineRequest.resultSchema.parse(await this.client.sendRequest(BaselineRequest.method, BaselineRequest.schema.parse(params)));
  }

  /** A folder's findings as SARIF 2.1.0. */
  async sarifReport(params: SarifReportRequest.Params): Promise<SarifReportRequest.Result | undefined> {
    if (!this.client?.isRunning()) return undefined;
    return SarifReportRequest.resultSchema.parse(await this.client.sendRequest(SarifReportRequest.method, SarifReportRequest.schema.parse(params)));
  }

  /**
   * The refactoring the server offers on one diagnostic, resolved: the light bulb's action for
   * that finding alone (VS Code's executeCodeActionProvider cannot say which diagnostic, and
   * drops the diagnostics and disabled reasons of what it returns).
   */
  async refactoringFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<RefactoringAnswer | undefined> {
    if (!this.client?.isRunning()) return undefined;
    const client = this.client;
    // Only actions on the diagnostic itself: not the "Move `X` to another module…" of its line.
    const actions = (await this.actionsOn(uri, diagnostic, vscode.CodeActionKind.Refactor)).filter((a) => !a.command);
    const action = actions.find((a) => !a.disabled) ?? actions[0];
    if (!action) return undefined;
    if (action.disabled) return { title: action.title, refused: action.disabled.reason };
    let resolved: CodeAction;
    try {
      resolved = action.edit ? action : await client.sendRequest(CodeActionResolveRequest.type, action);
    } catch (error) {
      // The list is made without planning; a refusal found when planning fails the resolve with its reason.
      if (error instanceof ResponseError && error.code === LSPErrorCodes.RequestFailed) return { title: action.title, refused: error.message };
      throw error;
    }
    const edit = resolved.edit ? await client.protocol2CodeConverter.asWorkspaceEdit(resolved.edit) : undefined;
    return { title: resolved.title, edit, refused: edit ? undefined : 'the server computed no edit' };
  }

  /**
   * The command a quick fix on the diagnostic runs instead of carrying an edit (the quick pick
   * of "Make the project observable…"), for the plan's button to run as the light bulb would.
   */
  async quickFixCommandFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<{ command: string; arguments: unknown[] } | undefined> {
    const action = (await this.actionsOn(uri, diagnostic, vscode.CodeActionKind.QuickFix)).find((a) => a.command);
    return action?.command ? { command: action.command.command, arguments: action.command.arguments ?? [] } : undefined;
  }

  /** The code actions of a kind the server lists on one diagnostic, linked to it. */
  private async actionsOn(uri: vscode.Uri, diagnostic: vscode.Diagnostic, kind: vscode.CodeActionKind): Promise<CodeAction[]> {
    if (!this.client?.isRunning()) return [];
    const client = this.client;
    const listed = await client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: client.code2ProtocolConverter.asUri(uri) },
      range: client.code2ProtocolConverter.asRange(diagnostic.range),
      context: { diagnostics: [client.code2ProtocolConverter.asDiagnostic(diagnostic)], only: [kind.value] },
    });
    return (listed ?? []).filter((a): a is CodeAction => 'kind' in a && (a.diagnostics ?? []).length > 0);
  }

  /** A refactoring request's answer, its edit converted for VS Code. */
  private async refactoring(method: string, params: object): Promise<RefactoringAnswer | undefined> {
    if (!this.client?.isRunning()) return undefined;
    const answer = MoveSymbolRequest.resultSchema.parse(await this.client.sendRequest(method, params));
    const edit = answer.edit ? await this.client.protocol2CodeConverter.asWorkspaceEdit(answer.edit) : undefined;
    return { title: answer.title, edit, refused: answer.refused };
  }

  dispose(): void {
    this.analysisFinished.dispose();
    void this.stop();
  }

  private createClient(): LanguageClient {
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const initializationOptions: InitializationOptions.Options = { storagePath: this.context.storageUri?.fsPath };
    const clientOptions: LanguageClientOptions = {
      // Templates and static files too: the duplicate rule follows their unsaved edits.
      documentSelector: [{ scheme: 'file', language: 'python' }, { scheme: 'file', pattern: WEB_FILE_GLOB }],
      // The workspace's storage holds the server's analysis cache (none when no folder is open).
      initializationOptions,
      outputChannel: this.output,
      errorHandler: this.errorHandler(),
      middleware: {
        workspace: {
          configuration: (params, token, next) =>
            params.items.every((item) => item.section === CLIENT_ID)
              ? params.items.map((item) => explicitSettings(this.context, item.scopeUri))
              : next(params, token),
        },
      },
    };
    return new LanguageClient(CLIENT_ID, 'Untangle', serverOptions, clientOptions);
  }

  private errorHandler(): ErrorHandler {
    return {
      error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue, handled: false }),
      closed: (): CloseHandlerResult => {
        const now = Date.now();
        this.crashes.push(now);
        while (this.crashes.length > 0 && now - this.crashes[0] > RESTART_WINDOW_MS) this.crashes.shift();
        if (this.crashes.length <= MAX_RESTARTS) {
          const message = `Untangle: the language server stopped unexpectedly and is restarting (${this.crashes.length} of ${MAX_RESTARTS}).`;
          this.output.warn(message);
          void vscode.window.showWarningMessage(message);
          return { action: CloseAction.Restart, handled: true };
        }
        this.output.error('Untangle: the language server keeps stopping; not restarting it again.');
        void vscode.window
          .showErrorMessage('Untangle: the language server stopped 5 times in 3 minutes and was not restarted.', 'Restart', 'Show Output')
          .then((choice) => {
            if (choice === 'Restart') void this.restart();
            if (choice === 'Show Output') this.output.show();
          });
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    };
  }
}
