/**
 * Code actions: a registry of providers, each declaring its kinds. Listing is cheap-ish and
 * carries `data` to find the action again; `codeAction/resolve` recomputes the edit from the
 * current files and rejects a stale document version. An action that cannot apply is still
 * listed, with `disabled.reason`, so the user learns why.
 */
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import {
  CodeActionKind,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
} from 'vscode-languageserver';
import { z } from 'zod';
import type { PythonParser } from '../core/parse/pythonParser';
import type { DomainEdit, RefactorResult, WorkspaceSnapshot } from '../refactor/domainEdit';
import { splitModule } from '../refactor/split/splitModule';
import { silenceFinding } from '../refactor/silenceFinding';
import type { RuleId } from '../core/model/finding';
import { isModuleAttribute, moveSymbol } from '../refactor/move/moveSymbol';
import { moduleNameOf } from '../core/python/moduleNames';
import { fileForModule } from '../refactor/pythonModules';
import { outlineModule } from '../core/python/moduleOutline';
import { DIAGNOSTIC_SOURCE, type FeatureGroupsRequest, type MoveSymbolRequest, type SplitModuleRequest } from '../protocol';
import { groupFeatures, type ProposedFeatureGroup } from '../core/features/featureGrouping';
import { routedViews } from '../core/features/urlEvidence';
import type { Settings } from '../core/config/settings';
import { moveViewLogic } from '../refactor/controllers/moveViewLogic';
import { extractDuplicate } from '../refactor/duplicates/extractDuplicate';
import { toWorkspaceEdit } from './workspaceEdits';
import { editorOrDiskText } from './documentText';

/** What a listed action carries to its resolution. */
const lineSpanSchema = z.object({ uri: z.string(), startLine: z.number().int().min(0), endLine: z.number().int().min(0) });
const actionDataSchema = z.object({
  provider: z.string(),
  uri: z.string(),
  version: z.number().int().nullable(),
  line: z.number().int().min(0),
  /** Every place of a duplicated block (the diagnostic's own and its related locations). */
  places: z.array(lineSpanSchema).optional(),
});
type LineSpan = z.infer<typeof lineSpanSchema>;
type ActionData = z.infer<typeof actionDataSchema>;

export interface OpenDocument {
  readonly version: number;
  getText(): string;
}

export interface CodeActionHost {
  readonly parser: PythonParser;
  document(uri: string): OpenDocument | undefined;
  /** Every Python file of the workspace's folders. */
  pythonFiles(): readonly string[];
  /** The settings in force for a file. */
  settingsFor(file: string): Settings;
  /** The file operations (`create`, `delete`…) the client can apply through a WorkspaceEdit. */
  readonly resourceOperations: readonly string[];
}

interface Provider {
  readonly id: string;
  readonly kind: string;
  /** The rule whose diagnostics the provider acts on. */
  readonly rule: string;
  /** The action for a finding of the rule, its edit computed (or refused); with `noise`, none is listed. */
  offer(host: CodeActionHost, finding: ActionData): { title: string; result: RefactorResult; noise?: string };
}

const moveViewLogicProvider: Provider = {
  id: 'moveViewLogic',
  kind: CodeActionKind.RefactorMove,
  rule: 'logic-heavy-view',
  offer: (host, finding) => {
    const file = URI.parse(finding.uri).fsPath;
    return moveViewLogic(host.parser, snapshotFor(host), { file, line: finding.line, controllerModule: host.settingsFor(file).refactor.controllerModule, limits: host.settingsFor(file).logicHeavyView });
  },
};

const extractDuplicateProvider: Provider = {
  id: 'extractDuplicate',
  kind: CodeActionKind.RefactorExtract,
  rule: 'duplicate-block',
  offer: (host, finding) =>
    extractDuplicate(
      host.parser,
      snapshotFor(host),
      (finding.places ?? []).map((place) => ({ file: URI.parse(place.uri).fsPath, startLine: place.startLine, endLine: place.endLine })),
    ),
};

const splitModuleProvider: Provider = {
  id: 'splitModule',
  kind: CodeActionKind.RefactorMove,
  rule: 'long-file',
  offer: (host, finding) => {
    const file = URI.parse(finding.uri).fsPath;
    const { featureModule, keepReexports } = host.settingsFor(file).refactor;
    return splitModule(host.parser, snapshotFor(host), { file, groups: proposedGroups(host, file), featureModule, keepReexports });
  },
};

/** The quick fix writing `# untangle: ignore <rule>` (or `ignore-file` for a file's rule). */
function silenceProvider(rule: RuleId, wholeFile: boolean): Provider {
  return {
    id: `silence:${rule}`,
    kind: CodeActionKind.QuickFix,
    rule,
    offer: (host, finding) => silenceFinding(snapshotFor(host), { file: URI.parse(finding.uri).fsPath, rule, line: finding.line, wholeFile }),
  };
}

/** Every provider; the server advertises the union of their kinds. */
const PROVIDERS: readonly Provider[] = [
  splitModuleProvider,
  moveViewLogicProvider,
  extractDuplicateProvider,
  silenceProvider('long-file', true),
  silenceProvider('logic-heavy-view', false),
  silenceProvider('duplicate-block', false),
];

/** The diagnostic's own lines and those of its related locations. */
function placesOf(uri: string, diagnostic: Diagnostic): LineSpan[] {
  return [
    { uri, startLine: diagnostic.range.start.line, endLine: diagnostic.range.end.line },
    ...(diagnostic.relatedInformation ?? []).map((related) => ({
      uri: related.location.uri,
      startLine: related.location.range.start.line,
      endLine: related.location.range.end.line,
    })),
  ];
}

export const CODE_ACTION_KINDS = [...new Set(PROVIDERS.map((provider) => provider.kind))];

/** Lists the actions for our diagnostics in the request's context. */
export function listCodeActions(host: CodeActionHost, params: CodeActionParams): CodeAction[] {
  const uri = params.textDocument.uri;
  const version = host.document(uri)?.version ?? null;
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    for (const provider of PROVIDERS) {
      if (!isRequested(params, provider.kind)) continue;
      if (diagnostic.code !== provider.rule) continue;
      const data: ActionData = { provider: provider.id, uri, version, line: diagnostic.range.start.line, places: placesOf(uri, diagnostic) };
      const { title, result, noise } = provider.offer(host, data);
      if (noise) continue;
      const disabled = !result.safe ? result.reason : missingFileOperation(host, result.edit);
      actions.push({ title, kind: provider.kind, diagnostics: [diagnostic], data, ...(disabled ? { disabled: { reason: disabled } } : {}) });
    }
  }
  // When some names are guesses from words, choosing the names comes first.
  const choosing = chooseGroupsActions(host, params);
  actions.unshift(...choosing.filter((c) => c.weak).map((c) => c.action));
  actions.push(...choosing.filter((c) => !c.weak).map((c) => c.action), ...moveSymbolActions(host, params));
  return actions;
}

/** Whether the request's `only` (when given) covers the kind: `refactor` covers `refactor.move`. */
function isRequested(params: CodeActionParams, kind: string): boolean {
  return !params.context.only || params.context.only.some((only) => kind === only || kind.startsWith(`${only}.`));
}

/** The command the client runs to let the user adjust the groups before splitting. */
export const SPLIT_FILE_COMMAND = 'untangle.splitFile';

/**
 * Beside the split into the proposed groups: the same split, the user choosing the groups. It
 * names the groups whose names are only guesses from words (`weak`), to be renamed.
 */
function chooseGroupsActions(host: CodeActionHost, params: CodeActionParams): { action: CodeAction; weak: boolean }[] {
  const kind = CodeActionKind.RefactorMove;
  if (!isRequested(params, kind)) return [];
  const diagnostics = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code === 'long-file');
  if (diagnostics.length === 0) return [];
  const file = URI.parse(params.textDocument.uri).fsPath;
  const guessed = (proposedGroups(host, file) ?? []).filter((g) => g.evidence === 'words').map((g) => g.name);
  const note = guessed.length === 0 ? '' : ` (${guessed.join(', ')}: named from words only, rename ${guessed.length > 1 ? 'them' : 'it'})`;
  const title = `Split \`${path.basename(file)}\` into feature modules, choosing the groups${note}…`;
  return diagnostics.map((diagnostic) => ({
    action: { title, kind, diagnostics: [diagnostic], command: { title, command: SPLIT_FILE_COMMAND, arguments: [params.textDocument.uri] } },
    weak: guessed.length > 0,
  }));
}

/**
 * The groups proposed for a module, named from its outline and from the URLs the workspace
 * routes to its views; undefined when the file cannot be read.
 */
function proposedGroups(host: CodeActionHost, file: string): ProposedFeatureGroup[] | undefined {
  const snapshot = snapshotFor(host);
  const text = snapshot.read(file);
  if (text === undefined) return undefined;
  const tree = host.parser.parse(text);
  try {
    return groupFeatures(outlineModule(tree, text).outline, { routes: routedViews(host.parser, snapshot, file) });
  } finally {
    tree.delete();
  }
}

/** The command the client runs to ask for the target module before requesting the move. */
export const MOVE_SYMBOL_COMMAND = 'untangle.moveSymbol';

/**
 * On the line of a top-level definition: "Move `X` to another module…", which asks the user
 * for the module (client side) and then sends `untangle/moveSymbol`.
 */
function moveSymbolActions(host: CodeActionHost, params: CodeActionParams): CodeAction[] {
  const kind = CodeActionKind.RefactorMove;
  if (!isRequested(params, kind)) return [];
  const document = host.document(params.textDocument.uri);
  if (!document || !params.textDocument.uri.endsWith('.py')) return [];
  const text = document.getText();
  const tree = host.parser.parse(text);
  try {
    const symbol = outlineModule(tree, text).outline.symbols.find((s) => s.nameRange.start.line === params.range.start.line && s.names.length === 1 && !isModuleAttribute(s.name));
    if (!symbol) return [];
    const title = `Move \`${symbol.name}\` to another module…`;
    return [{ title, kind, command: { title, command: MOVE_SYMBOL_COMMAND, arguments: [params.textDocument.uri, symbol.name] } }];
  } finally {
    tree.delete();
  }
}

/** Answers `untangle/moveSymbol`: the edit, or why the move is refused. */
export function moveSymbolEdit(host: CodeActionHost, params: MoveSymbolRequest.Params): MoveSymbolRequest.Result {
  const snapshot = snapshotFor(host);
  const file = URI.parse(params.uri).fsPath;
  const targetFile = fileForModule(snapshot, params.targetModule, { file, module: moduleNameOf(file, snapshot) });
  const keepReexport = host.settingsFor(file).refactor.keepReexports;
  return asAnswer(host, moveSymbol(host.parser, snapshot, { file, name: params.name, targetFile, keepReexport }));
}

/** Answers `untangle/featureGroups`: the module's groups as the long-file rule sees them. */
export function featureGroupsOf(host: CodeActionHost, params: FeatureGroupsRequest.Params): FeatureGroupsRequest.Result {
  const groups = proposedGroups(host, URI.parse(params.uri).fsPath);
  if (!groups) throw new ResponseError(ErrorCodes.InvalidParams, `cannot read ${params.uri}`);
  return { groups: groups.map((g) => ({ name: g.name, symbols: [...g.symbols], evidence: g.evidence })) };
}

/** Answers `untangle/splitModule`: the split into the user's groups, or why it is refused. */
export function splitModuleEdit(host: CodeActionHost, params: SplitModuleRequest.Params): SplitModuleRequest.Result {
  const file = URI.parse(params.uri).fsPath;
  const groups = params.groups.map((g) => ({ ...g, codeLines: 0 }));
  const { featureModule, keepReexports } = host.settingsFor(file).refactor;
  return asAnswer(host, splitModule(host.parser, snapshotFor(host), { file, groups, featureModule, keepReexports }));
}

/** A refactoring's result as a request's answer: the WorkspaceEdit, or the refusal. */
function asAnswer(host: CodeActionHost, { title, result }: { title: string; result: RefactorResult }): MoveSymbolRequest.Result {
  if (!result.safe) return { title, refused: result.reason };
  const missing = missingFileOperation(host, result.edit);
  if (missing) return { title, refused: missing };
  return { title, edit: toWorkspaceEdit(result.edit, result.summary, (uri) => host.document(uri)?.version ?? null) };
}

function missingFileOperation(host: CodeActionHost, edit: DomainEdit): string | undefined {
  if (edit.createFiles.length > 0 && !host.resourceOperations.includes('create')) return 'the editor cannot create files';
  if ((edit.deleteFiles ?? []).length > 0 && !host.resourceOperations.includes('delete')) return 'the editor cannot delete files';
  return undefined;
}

/** Computes the edit of a listed action against the current files. */
export function resolveCodeAction(host: CodeActionHost, action: CodeAction): CodeAction {
  const parsed = actionDataSchema.safeParse(action.data);
  if (!parsed.success) throw new ResponseError(ErrorCodes.InvalidParams, `not an Untangle code action: ${parsed.error.message}`);
  const data = parsed.data;
  const current = host.document(data.uri)?.version ?? null;
  if (current !== data.version) throw new ResponseError(LSPErrorCodes.ContentModified, 'the document changed since the action was listed');
  const provider = PROVIDERS.find((p) => p.id === data.provider);
  if (!provider) throw new ResponseError(ErrorCodes.InvalidParams, `unknown action provider ${data.provider}`);
  const { result } = provider.offer(host, data);
  if (!result.safe) return { ...action, disabled: { reason: result.reason } };
  return { ...action, edit: toWorkspaceEdit(result.edit, result.summary, (uri) => host.document(uri)?.version ?? null) };
}

/** Open documents as the editor has them, everything else from disk. */
function snapshotFor(host: CodeActionHost): WorkspaceSnapshot {
  return {
    read: (file) => editorOrDiskText((uri) => host.document(uri), file),
    exists: (file) => host.document(URI.file(file).toString()) !== undefined || fs.existsSync(file),
    pythonFiles: () => host.pythonFiles(),
  };
}
