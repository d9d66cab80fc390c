/**
 * Code actions: a registry of providers, each declaring its kinds. Listing is cheap (titles, no
 * planning) and carries `data` to find the action again; `codeAction/resolve` plans the
 * refactoring (the one `untangle fix` applies, refactor/findingRefactoring.ts) on the current
 * files and rejects a stale document version. An action known not to apply when listed is
 * still listed, with `disabled.reason`, so the user learns why.
 */
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
import type { RefactorResult } from '../refactor/domainEdit';
import { splitModule } from '../refactor/split/splitModule';
import { offerForFinding, refactoringForFinding, type FindingPlaces } from '../refactor/findingRefactoring';
import { silenceFinding } from '../refactor/silenceFinding';
import { isRepeatedMembers } from '../detectors/duplicateBlock';
import { makeObservableAction } from './observabilityActions';
import { asAnswer, cannotApply, isInWorkspace, isRequested, workspaceFile } from './refactoringAnswers';
import { fieldActions } from './fieldActions';
import { FIX_STAGES, type FixStage, type RuleId } from '../core/model/finding';
import { isModuleAttribute, moveSymbol } from '../refactor/move/moveSymbol';
import { moduleNameOf } from '../core/python/moduleNames';
import { fileForModule } from '../refactor/pythonModules';
import { outlineModule } from '../core/python/moduleOutline';
import { DIAGNOSTIC_SOURCE, type FeatureGroupsRequest, type MoveSymbolRequest, type SplitModuleRequest } from '../protocol';
import { groupFeatures, type ProposedFeatureGroup } from '../core/features/featureGrouping';
import { routedViews } from '../core/features/urlEvidence';
import type { Settings } from '../core/config/settings';
import type { SourceRange } from '../core/model/sourceRange';
import { toWorkspaceEdit } from './workspaceEdits';
import { snapshotFor } from './documentText';
import { normalizeLineEnds } from '../core/parse/lineEnds';

/** What a listed action carries to its resolution. */
const fileUri = z.string().regex(/^file:/, 'expected a file: URI');
const lineSpanSchema = z.object({ uri: fileUri, startLine: z.number().int().min(0), endLine: z.number().int().min(0) });
const actionDataSchema = z.object({
  provider: z.string(),
  uri: fileUri,
  version: z.number().int().nullable(),
  /** Every place of the finding: the diagnostic's own lines first, then its related locations'. */
  places: z.array(lineSpanSchema).min(1),
  /** The plan stage of the finding: a hard-stage duplicate is a group of classes, not of blocks, unless its page says near-copies. */
  stage: z.enum(FIX_STAGES).optional(),
  /** The finding's own rule page, when it has one. */
  page: z.string().optional(),
});
type LineSpan = z.infer<typeof lineSpanSchema>;
type ActionData = z.infer<typeof actionDataSchema>;

/** The parts of `textDocument/codeAction` params read here; other fields pass through untouched. */
const rangeSchema = z.object({
  start: z.object({ line: z.number().int().min(0), character: z.number().int().min(0) }),
  end: z.object({ line: z.number().int().min(0), character: z.number().int().min(0) }),
});
const codeActionParamsSchema = z.looseObject({
  textDocument: z.looseObject({ uri: z.string() }),
  range: rangeSchema,
  context: z.looseObject({
    diagnostics: z.array(
      z.looseObject({
        range: rangeSchema,
        source: z.string().optional(),
        code: z.union([z.string(), z.number()]).optional(),
        relatedInformation: z.array(z.looseObject({ location: z.looseObject({ uri: z.string(), range: rangeSchema }) })).optional(),
        data: z.unknown().optional(),
      }),
    ),
    only: z.array(z.string()).optional(),
  }),
});

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
  /** The workspace folders' paths: no edit is computed for a file outside them, nor writes outside them. */
  readonly workspaceFolders: readonly string[];
  /**
   * Every place of the finding of `rule` on `range` in `file` the analysis holds now, its own first;
   * undefined when it holds none. A duplicate's diagnostic lists its first copies only (listedRelated.ts).
   */
  findingPlaces(file: string, rule: RuleId, range: SourceRange): readonly { readonly path: string; readonly range: SourceRange }[] | undefined;
}

interface Provider {
  readonly id: string;
  readonly kind: string;
  /** The rule whose diagnostics the provider acts on. */
  readonly rule: RuleId;
  /** The stage of those diagnostics it acts on; undefined: any. */
  readonly stage?: FixStage;
  /** The listed action, without its edit: the title, why none is offered (not listed) or a refusal known already. */
  offer(host: CodeActionHost, finding: FindingPlaces): { title: string; notOffered?: string; refused?: string };
  /** The action's edit (or why not), computed when the user picks it. */
  plan(host: CodeActionHost, finding: FindingPlaces): { title: string; result: RefactorResult };
}

/** The refactoring that fixes the rule's findings of a stage, the same `untangle fix` applies. */
function refactoringProvider(id: string, kind: string, rule: RuleId, stage: FixStage = 'soft'): Provider {
  return {
    id,
    kind,
    rule,
    stage,
    offer: (host, finding) => offerForFinding(host.parser, snapshotFor(host), finding, host.settingsFor(finding.path)),
    plan: (host, finding) => refactoringForFinding(host.parser, snapshotFor(host), finding, host.settingsFor(finding.path)),
  };
}

/** The quick fix writing `# untangle: ignore <rule>` (or `ignore-file` for a file's rule); cheap enough to plan when listed. */
function silenceProvider(rule: RuleId, wholeFile: boolean): Provider {
  const plan = (host: CodeActionHost, finding: FindingPlaces) =>
    silenceFinding(snapshotFor(host), { file: finding.path, rule, line: finding.range.start.line, endLine: finding.range.end.line, wholeFile, wholeClass: isRepeatedMembers(finding) });
  return {
    id: `silence:${rule}`,
    kind: CodeActionKind.QuickFix,
    rule,
    offer: (host, finding) => {
      const { title, result } = plan(host, finding);
      return { title, refused: result.safe ? undefined : result.reason };
    },
    plan,
  };
}

/** Every provider; the server advertises the union of their kinds. */
const PROVIDERS: readonly Provider[] = [
  refactoringProvider('splitModule', CodeActionKind.RefactorMove, 'long-file'),
  refactoringProvider('moveViewLogic', CodeActionKind.RefactorMove, 'logic-heavy-view'),
  refactoringProvider('extractDuplicate', CodeActionKind.RefactorExtract, 'duplicate-block'),
  // Near-copies into one function, repeated members into a mixin or base class.
  refactoringProvider('hardDuplicate', CodeActionKind.RefactorRewrite, 'duplicate-block', 'hard'),
  refactoringProvider('retryToTenacity', CodeActionKind.RefactorRewrite, 'hand-rolled', 'hard'),
  refactoringProvider('addIndex', CodeActionKind.QuickFix, 'missing-index', 'database'),
  refactoringProvider('safeMigrationSequence', CodeActionKind.QuickFix, 'unsafe-migration', 'database'),
  refactoringProvider('loadRelated', CodeActionKind.QuickFix, 'n-plus-one', 'monitoring'),
  refactoringProvider('convertToGenericView', CodeActionKind.RefactorRewrite, 'hand-written-crud-view', 'hard'),
  silenceProvider('long-file', true),
  silenceProvider('logic-heavy-view', false),
  silenceProvider('duplicate-block', false),
  silenceProvider('observability', false),
  silenceProvider('hand-written-crud-view', false),
];

/**
 * The diagnostic's own lines and those of its related locations; for a duplicate listing only its
 * first copies (`moreRelated`), every copy the analysis holds, if it still holds the finding.
 */
function placesOf(host: CodeActionHost, uri: string, diagnostic: Diagnostic, rule: RuleId, moreRelated: boolean): LineSpan[] {
  const all = moreRelated ? host.findingPlaces(URI.parse(uri).fsPath, rule, diagnostic.range) : undefined;
  if (all) return all.map((place) => ({ uri: URI.file(place.path).toString(), startLine: place.range.start.line, endLine: place.range.end.line }));
  return [
    { uri, startLine: diagnostic.range.start.line, endLine: diagnostic.range.end.line },
    ...(diagnostic.relatedInformation ?? []).map((related) => ({
      uri: related.location.uri,
      startLine: related.location.range.start.line,
      endLine: related.location.range.end.line,
    })),
  ];
}

/** The finding a listed action acts on, from its places. */
function findingOf(rule: RuleId, places: readonly LineSpan[], stage: FixStage | undefined, page: string | undefined): FindingPlaces {
  const [own, ...related] = places.map((place) => ({
    path: URI.parse(place.uri).fsPath,
    range: { start: { line: place.startLine, character: 0 }, end: { line: place.endLine, character: 0 } },
  }));
  return { rule, ...own, related, ...(stage !== undefined && stage !== 'soft' ? { stage } : {}), ...(page !== undefined ? { page } : {}) };
}

/** What a diagnostic of ours says of its finding in `data` (diagnostics.ts): its stage and page, and whether it lists only its first copies. */
function dataOf(diagnostic: { data?: unknown }): { stage: FixStage; page?: string; moreRelated: boolean } {
  const parsed = z.object({ stage: z.enum(FIX_STAGES).optional(), page: z.string().optional(), moreRelated: z.number().int().positive().optional() }).safeParse(diagnostic.data);
  if (!parsed.success) return { stage: 'soft', moreRelated: false };
  const { stage, page, moreRelated } = parsed.data;
  return { stage: stage ?? 'soft', ...(page !== undefined ? { page } : {}), moreRelated: moreRelated !== undefined };
}

export const CODE_ACTION_KINDS = [...new Set(PROVIDERS.map((provider) => provider.kind))];

/**
 * Lists the actions for our diagnostics in the request's context. Listing plans nothing (the
 * editor lists at every cursor move): each action says which refactoring applies, and its edit
 * is computed on `codeAction/resolve`.
 */
export function listCodeActions(host: CodeActionHost, given: unknown): CodeAction[] {
  const parsed = codeActionParamsSchema.safeParse(given);
  if (!parsed.success) throw new ResponseError(ErrorCodes.InvalidParams, `invalid params: ${z.prettifyError(parsed.error)}`);
  // The client's own objects go back in `diagnostics`, whatever fields they carry.
  const params = given as CodeActionParams;
  const uri = params.textDocument.uri;
  // A document opened from outside the workspace (/etc/passwd) is analysed, never refactored.
  if (!isInWorkspace(host, uri)) return [];
  const version = host.document(uri)?.version ?? null;
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || !uri.startsWith('file:')) continue;
    if (diagnostic.code === 'observability' && isRequested(params, CodeActionKind.QuickFix)) actions.push(...makeObservableAction(host, uri, diagnostic));
    for (const provider of PROVIDERS) {
      if (!isRequested(params, provider.kind)) continue;
      if (diagnostic.code !== provider.rule) continue;
      const { stage, page, moreRelated } = dataOf(diagnostic);
      if (provider.stage !== undefined && provider.stage !== stage) continue;
      const places = placesOf(host, uri, diagnostic, provider.rule, moreRelated);
      const data: ActionData = { provider: provider.id, uri, version, places, ...(stage !== 'soft' ? { stage } : {}), ...(page !== undefined ? { page } : {}) };
      const { title, notOffered, refused } = provider.offer(host, findingOf(provider.rule, data.places, data.stage, data.page));
      if (notOffered) continue;
      actions.push({ title, kind: provider.kind, diagnostics: [diagnostic], data, ...(refused ? { disabled: { reason: refused } } : {}) });
    }
  }
  // When some names are guesses from words, choosing the names comes first.
  const choosing = chooseGroupsActions(host, params);
  actions.unshift(...choosing.filter((c) => c.weak).map((c) => c.action));
  actions.push(...choosing.filter((c) => !c.weak).map((c) => c.action), ...moveSymbolActions(host, params), ...fieldActions(host, params));
  return actions;
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
  const text = normalizeLineEnds(document.getText());
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
  const file = workspaceFile(host, params.uri);
  const targetFile = fileForModule(snapshot, params.targetModule, { file, module: moduleNameOf(file, snapshot) });
  const keepReexport = host.settingsFor(file).refactor.keepReexports;
  return asAnswer(host, moveSymbol(host.parser, snapshot, { file, name: params.name, targetFile, keepReexport }));
}

/** Answers `untangle/featureGroups`: the module's groups as the long-file rule sees them. */
export function featureGroupsOf(host: CodeActionHost, params: FeatureGroupsRequest.Params): FeatureGroupsRequest.Result {
  const groups = proposedGroups(host, workspaceFile(host, params.uri));
  if (!groups) throw new ResponseError(ErrorCodes.InvalidParams, `cannot read ${params.uri}`);
  return { groups: groups.map((g) => ({ name: g.name, symbols: [...g.symbols], evidence: g.evidence })) };
}

/** Answers `untangle/splitModule`: the split into the user's groups, or why it is refused. */
export function splitModuleEdit(host: CodeActionHost, params: SplitModuleRequest.Params): SplitModuleRequest.Result {
  const file = workspaceFile(host, params.uri);
  const groups = params.groups.map((g) => ({ ...g, codeLines: 0 }));
  const { featureModule, keepReexports } = host.settingsFor(file).refactor;
  return asAnswer(host, splitModule(host.parser, snapshotFor(host), { file, groups, featureModule, keepReexports }));
}

/**
 * Computes the edit of a listed action against the current files. A refactoring refused now
 * fails the request with the reason as its message (RequestFailed), which the editor shows: the
 * list, made without planning, could not know it.
 */
export function resolveCodeAction(host: CodeActionHost, action: CodeAction): CodeAction {
  // A command-only action (the observability quick pick) is complete as listed: VS Code still asks to resolve it.
  if (action?.data === undefined && action?.command !== undefined) return action;
  const parsed = actionDataSchema.safeParse(action?.data);
  if (!parsed.success) throw new ResponseError(ErrorCodes.InvalidParams, `not an Untangle code action: ${z.prettifyError(parsed.error)}`);
  const data = parsed.data;
  for (const uri of [data.uri, ...data.places.map((place) => place.uri)]) workspaceFile(host, uri);
  const provider = PROVIDERS.find((p) => p.id === data.provider);
  if (!provider) throw new ResponseError(ErrorCodes.InvalidParams, `unknown action provider ${data.provider}`);
  const current = host.document(data.uri)?.version ?? null;
  if (current !== data.version) throw new ResponseError(LSPErrorCodes.ContentModified, 'the document changed since the action was listed');
  const { title, result } = provider.plan(host, findingOf(provider.rule, data.places, data.stage, data.page));
  if (!result.safe) throw new ResponseError(LSPErrorCodes.RequestFailed, result.reason);
  const cannot = cannotApply(host, result.edit);
  if (cannot) throw new ResponseError(LSPErrorCodes.RequestFailed, cannot);
  // The planned title names what the list could not (a duplicate's function); VS Code keeps the listed one.
  return { ...action, title, edit: toWorkspaceEdit(result.edit, result.summary, (uri) => host.document(uri)?.version ?? null) };
}

