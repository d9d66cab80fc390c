/**
 * The model-field refactorings the editor offers on a field's declaration, each a command the
 * client runs (asking what it needs), then a request answered with the edit for the refactor
 * preview: "Rename field `x`…" (the new name asked) and "Move field `x` to the model of `order`…"
 * (one per one-to-one the class declares), both keeping `x` reachable through safe migrations.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import type { MoveFieldRequest, RenameFieldRequest } from '../protocol';
import { fieldDeclaredAt } from '../refactor/database/fieldOffer';
import { renameFieldKeepingOldName } from '../refactor/database/renameField';
import { moveFieldKeepingOldName } from '../refactor/database/moveField';
import { normalizeLineEnds } from '../core/parse/lineEnds';
import type { CodeActionHost } from './codeActions';
import { snapshotFor } from './documentText';
import { asAnswer, isRequested, workspaceFile } from './refactoringAnswers';

/** The command the client runs to ask for the field's new name before requesting the rename. */
export const RENAME_FIELD_COMMAND = 'untangle.renameField';
/** The command the client runs to request the move of a field along a one-to-one. */
export const MOVE_FIELD_COMMAND = 'untangle.moveField';

/** On the line of a model field: the rename, and a move along each one-to-one of its class. */
export function fieldActions(host: CodeActionHost, params: CodeActionParams): CodeAction[] {
  const kinds = [CodeActionKind.RefactorRewrite, CodeActionKind.RefactorMove].filter((kind) => isRequested(params, kind));
  const document = host.document(params.textDocument.uri);
  if (kinds.length === 0 || !document || !params.textDocument.uri.endsWith('.py')) return [];
  const declared = fieldDeclaredAt(host.parser, normalizeLineEnds(document.getText()), params.range.start.line);
  if (!declared) return [];
  const { className, field } = declared;
  const actions: CodeAction[] = [];
  if (kinds.includes(CodeActionKind.RefactorRewrite)) {
    const title = `Rename field \`${field}\`, keeping \`${field}\` reachable (safe migrations)…`;
    actions.push({ title, kind: CodeActionKind.RefactorRewrite, command: { title, command: RENAME_FIELD_COMMAND, arguments: [params.textDocument.uri, className, field] } });
  }
  if (kinds.includes(CodeActionKind.RefactorMove)) {
    for (const through of declared.oneToOnes) {
      const title = `Move field \`${field}\` to the model of \`${through}\`, keeping \`${field}\` reachable (safe migrations)`;
      actions.push({ title, kind: CodeActionKind.RefactorMove, command: { title, command: MOVE_FIELD_COMMAND, arguments: [params.textDocument.uri, className, field, through] } });
    }
  }
  return actions;
}

/** Answers `untangle/renameField`: the edit (model, serializers, lookups, migrations), or why it is refused. */
export function renameFieldEdit(host: CodeActionHost, params: RenameFieldRequest.Params): RenameFieldRequest.Result {
  const path = workspaceFile(host, params.uri);
  return asAnswer(host, renameFieldKeepingOldName(host.parser, snapshotFor(host), { model: { path, className: params.className }, field: params.field, newName: params.newName, lockRetry: host.settingsFor(path).unsafeMigration }));
}

/** Answers `untangle/moveField`: the edit (both models, serializers, lookups, migrations), or why it is refused. */
export function moveFieldEdit(host: CodeActionHost, params: MoveFieldRequest.Params): MoveFieldRequest.Result {
  const path = workspaceFile(host, params.uri);
  return asAnswer(host, moveFieldKeepingOldName(host.parser, snapshotFor(host), { model: { path, className: params.className }, field: params.field, to: { through: params.through }, lockRetry: host.settingsFor(path).unsafeMigration }));
}
