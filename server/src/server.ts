/**
 * Wires the LSP connection to the workspace session: capabilities, document sync, watched files,
 * configuration and the custom messages of protocol.ts. No analysis happens here.
 */
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { loadPythonParser } from './core/parse/pythonParser';
import { CODE_ACTION_KINDS, featureGroupsOf, listCodeActions, moveSymbolEdit, resolveCodeAction, splitModuleEdit, type CodeActionHost } from './lsp/codeActions';
import { moveFieldEdit, renameFieldEdit } from './lsp/fieldActions';
import { z } from 'zod';
import { BaselineRequest, DuplicationSummaryRequest, FeatureGroupsRequest, InitializationOptions, MakeObservableRequest, ObservabilityPartsRequest, PlanRequest, SarifReportRequest, MoveFieldRequest, MoveSymbolRequest, ReanalyzeRequest, RenameFieldRequest, SplitModuleRequest, StatusNotification } from './protocol';
import { makeObservableEdit, observabilityPartsOf } from './lsp/observabilityActions';
import { DEFAULT_SETTINGS } from './core/config/settings';
import { WEB_FILE_GLOB } from './core/webClones/webLanguages';
import { DEPLOYMENT_FILE_GLOB } from './core/observability/deployment';
import type { Baseline } from './core/baseline/baseline';
import { WorkspaceSession } from './lsp/workspaceSession';
import type { FileChangeKind, ProgressReporter, SessionHost } from './lsp/sessionHost';

const SETTINGS_SECTION = 'untangle';

/** Registers every handler on `connection` and starts listening. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let session: WorkspaceSession | undefined;
  let folderUris: string[] = [];
  let canPullConfiguration = false;
  let canWatchFiles = false;
  let canShowProgress = false;
  let resourceOperations: readonly string[] = [];
  let cacheFolder: string | undefined;

  const host: SessionHost = {
    publishDiagnostics: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
    log: (message) => connection.console.log(message),
    showWarning: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
    sendStatus: (status) => void connection.sendNotification(StatusNotification.method, status),
    beginProgress: async (title) => {
      if (!canShowProgress) return noProgress;
      const progress = await connection.window.createWorkDoneProgress();
      let cancelled = false;
      progress.token.onCancellationRequested(() => (cancelled = true));
      progress.begin(title, 0, undefined, true);
      return { report: (percentage, message) => progress.report(percentage, message), done: () => progress.done(), isCancelled: () => cancelled };
    },
    fetchEditorSettings: async (scopeUri) => {
      if (!canPullConfiguration) return {};
      return connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION });
    },
  };

  connection.onInitialize((params): InitializeResult => {
    const capabilities = params.capabilities;
    canPullConfiguration = capabilities.workspace?.configuration === true;
    canWatchFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canShowProgress = capabilities.window?.workDoneProgress === true;
    resourceOperations = capabilities.workspace?.workspaceEdit?.documentChanges === true ? (capabilities.workspace.workspaceEdit.resourceOperations ?? []) : [];
    folderUris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const options = InitializationOptions.schema.safeParse(params.initializationOptions ?? {});
    if (options.success) cacheFolder = options.data.storagePath;
    else connection.console.log(`Ignored invalid initializationOptions (running without an analysis cache): ${z.prettifyError(options.error)}`);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'untangle', version: process.env.UNTANGLE_VERSION },
    };
  });

  connection.onInitialized(async () => {
    // The session and its folders exist before the first await: a request that follows `initialized` must find them.
    session = new WorkspaceSession(host, documents, cacheFolder);
    for (const document of documents.all()) session.documentChanged(document.uri);
    const firstScan = session.setFolders(folderUris);
    if (canWatchFiles) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.py' }, { globPattern: WEB_FILE_GLOB }, { globPattern: '**/pyproject.toml' }, { globPattern: '**/.gitignore' }, { globPattern: '**/pyvenv.cfg' }, { globPattern: DEPLOYMENT_FILE_GLOB }],
      });
    }
    if (canPullConfiguration) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      connection.workspace.onDidChangeWorkspaceFolders(async (event) => {
        const removed = new Set(event.removed.map((folder) => folder.uri));
        folderUris = [...folderUris.filter((uri) => !removed.has(uri)), ...event.added.map((folder) => folder.uri)];
        await session?.setFolders(folderUris);
      });
    }
    await firstScan;
  });

  documents.onDidChangeContent((event) => session?.documentChanged(event.document.uri));
  documents.onDidClose((event) => void session?.documentClosed(event.document.uri));
  connection.onDidChangeWatchedFiles((params) => {
    session?.filesChanged(params.changes.map((change) => ({ uri: change.uri, kind: changeKind(change.type) })));
  });
  connection.onDidChangeConfiguration(() => void session?.reloadAll());
  connection.onRequest(ReanalyzeRequest.method, async (params: unknown): Promise<ReanalyzeRequest.Result> => {
    validated(ReanalyzeRequest.schema, params);
    await session?.reloadAll();
    return session?.totals() ?? { files: 0, findings: 0 };
  });
  connection.onRequest(DuplicationSummaryRequest.method, (params: unknown): DuplicationSummaryRequest.Result => {
    validated(DuplicationSummaryRequest.schema, params);
    return session?.duplication() ?? { codeLines: 0, duplicatedLines: 0, nearDuplicateLines: 0, percentage: 0, cloneClasses: 0 };
  });
  const actionHost = async (): Promise<CodeActionHost> => {
    if (!session) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'Untangle is still starting');
    // An importer a scan under way has not indexed yet would not follow a move: refactorings wait for it.
    await session.whenAnalysed();
    return {
      // Loaded when first needed (the same parser the indexes load): a warm cache shows diagnostics without it.
      parser: await loadPythonParser(),
      resourceOperations,
      document: (uri) => documents.get(uri),
      pythonFiles: () => session?.pythonFiles() ?? [],
      workspaceFolders: folderUris.map((uri) => URI.parse(uri)).filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath),
      settingsFor: (file) => session?.settingsFor(file) ?? DEFAULT_SETTINGS,
      findingPlaces: (file, rule, range) => session?.findingPlaces(file, rule, range),
    };
  };
  connection.onRequest(MoveSymbolRequest.method, async (params: unknown): Promise<MoveSymbolRequest.Result> =>
    moveSymbolEdit(await actionHost(), validated(MoveSymbolRequest.schema, params)),
  );
  connection.onRequest(RenameFieldRequest.method, async (params: unknown): Promise<RenameFieldRequest.Result> =>
    renameFieldEdit(await actionHost(), validated(RenameFieldRequest.schema, params)),
  );
  connection.onRequest(MoveFieldRequest.method, async (params: unknown): Promise<MoveFieldRequest.Result> =>
    moveFieldEdit(await actionHost(), validated(MoveFieldRequest.schema, params)),
  );
  connection.onRequest(FeatureGroupsRequest.method, async (params: unknown): Promise<FeatureGroupsRequest.Result> =>
    featureGroupsOf(await actionHost(), validated(FeatureGroupsRequest.schema, params)),
  );
  connection.onRequest(SplitModuleRequest.method, async (params: unknown): Promise<SplitModuleRequest.Result> =>
    splitModuleEdit(await actionHost(), validated(SplitModuleRequest.schema, params)),
  );
  connection.onRequest(ObservabilityPartsRequest.method, async (params: unknown): Promise<ObservabilityPartsRequest.Result> =>
    observabilityPartsOf(await actionHost(), validated(ObservabilityPartsRequest.schema, params)),
  );
  connection.onRequest(MakeObservableRequest.method, async (params: unknown): Promise<MakeObservableRequest.Result> =>
    makeObservableEdit(await actionHost(), validated(MakeObservableRequest.schema, params)),
  );
  connection.onRequest(PlanRequest.method, (params: unknown): PlanRequest.Result => {
    validated(PlanRequest.schema, params);
    return session?.plan() ?? { folders: [] };
  });
  connection.onRequest(BaselineRequest.method, (params: unknown): Baseline => {
    const { folderUri } = validated(BaselineRequest.schema, params);
    return forFolder(() => session!.baseline(folderUri));
  });
  connection.onRequest(SarifReportRequest.method, (params: unknown): SarifReportRequest.Result => {
    const { folderUri } = validated(SarifReportRequest.schema, params);
    return { sarif: forFolder(() => session!.sarifReport(folderUri)) };
  });
  /** Runs a folder request; an unknown folder is the client's mistake (InvalidParams). */
  const forFolder = <T>(run: () => T): T => {
    if (!session) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'Untangle is still starting');
    try {
      return run();
    } catch (error) {
      throw new ResponseError(ErrorCodes.InvalidParams, error instanceof Error ? error.message : String(error));
    }
  };
  connection.onCodeAction(async (params) => (session ? listCodeActions(await actionHost(), params) : []));
  connection.onCodeActionResolve(async (action) => resolveCodeAction(await actionHost(), action));
  connection.onShutdown(() => session?.dispose());

  documents.listen(connection);
  connection.listen();
}

/** Parses a custom request's params, answering InvalidParams (not a crash) when they are wrong. */
function validated<T>(schema: z.ZodType<T>, params: unknown): T {
  const result = schema.safeParse(params ?? {});
  if (!result.success) throw new ResponseError(ErrorCodes.InvalidParams, `invalid params: ${z.prettifyError(result.error)}`);
  return result.data;
}

const noProgress: ProgressReporter = { report: () => undefined, done: () => undefined, isCancelled: () => false };

function changeKind(type: FileChangeType): FileChangeKind {
  switch (type) {
    case FileChangeType.Created:
      return 'created';
    case FileChangeType.Deleted:
      return 'deleted';
    default:
      return 'changed';
  }
}
