/**
 * How the custom refactoring requests answer and guard: a refactoring's result as
 * `{ title, edit?, refused? }`, refused when the client cannot apply it (a file operation it
 * lacks, a file outside the workspace folders), and the request's URI checked to be inside them.
 */
import { URI } from 'vscode-uri';
import { ErrorCodes, ResponseError, type CodeActionParams } from 'vscode-languageserver';
import type { DomainEdit, RefactorResult } from '../refactor/domainEdit';
import type { MoveSymbolRequest } from '../protocol';
import { isInsideFolders } from '../fs/pathScope';
import type { CodeActionHost } from './codeActions';
import { toWorkspaceEdit } from './workspaceEdits';

/** A refactoring's result as a request's answer: the WorkspaceEdit, or the refusal. */
export function asAnswer(host: CodeActionHost, { title, result }: { title: string; result: RefactorResult }): MoveSymbolRequest.Result {
  if (!result.safe) return { title, refused: result.reason };
  const missing = cannotApply(host, result.edit);
  if (missing) return { title, refused: missing };
  return { title, edit: toWorkspaceEdit(result.edit, result.summary, (uri) => host.document(uri)?.version ?? null) };
}

/** Why the client cannot apply an edit: a file operation it lacks, or a file outside the workspace. */
export function cannotApply(host: CodeActionHost, edit: DomainEdit): string | undefined {
  if (edit.createFiles.length > 0 && !host.resourceOperations.includes('create')) return 'the editor cannot create files';
  if ((edit.deleteFiles ?? []).length > 0 && !host.resourceOperations.includes('delete')) return 'the editor cannot delete files';
  const outside = [...edit.createFiles, ...edit.edits.keys(), ...(edit.deleteFiles ?? [])].find((file) => !isInsideFolders(host.workspaceFolders, file));
  return outside ? `the change would write ${outside}, outside the workspace folders` : undefined;
}

/** Whether the URI is a file inside the workspace folders. */
export function isInWorkspace(host: CodeActionHost, uri: string): boolean {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' && isInsideFolders(host.workspaceFolders, parsed.fsPath);
}

/** The file of a request's URI; one outside the workspace folders is the client's mistake (InvalidParams). */
export function workspaceFile(host: CodeActionHost, uri: string): string {
  if (!isInWorkspace(host, uri)) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is outside the workspace folders: Untangle only changes files inside them`);
  return URI.parse(uri).fsPath;
}

/** Whether the request's `only` (when given) covers the kind: `refactor` covers `refactor.move`. */
export function isRequested(params: CodeActionParams, kind: string): boolean {
  return !params.context.only || params.context.only.some((only) => kind === only || kind.startsWith(`${only}.`));
}
