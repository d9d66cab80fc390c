/**
 * The editor's "Make the project observable…": one code action on the settings finding, which
 * runs the client's quick pick (`untangle.makeObservable`); the client then sends
 * `untangle/observabilityParts` (what each part still has to write) and `untangle/makeObservable`
 * (the edit of the parts picked), answered here from the pure planner
 * (refactor/observability/makeObservable.ts). One entry rather than one per part keeps the
 * light bulb short: the choice is made in the quick pick, which also hides the parts already done.
 *
 * ex) settings.py's finding → "Make the project observable…" → quick pick ☑ logging ☑ metrics
 * ☐ deploy/observability/ → the refactor preview of settings.py and urls.py.
 */
import { URI } from 'vscode-uri';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import { MAKE_OBSERVABLE_TITLE, makeObservable, observabilityParts, OBSERVABILITY_CHOICES } from '../refactor/observability/makeObservable';
import { observabilityOffer } from '../refactor/observability/observabilityAction';
import type { MakeObservableRequest, ObservabilityPartsRequest } from '../protocol';
import type { CodeActionHost } from './codeActions';
import { snapshotFor } from './documentText';
import { asAnswer, workspaceFile } from './refactoringAnswers';

/** The client command showing the quick pick; its one argument is the settings module's URI. */
export const MAKE_OBSERVABLE_COMMAND = 'untangle.makeObservable';

/** The action on an `observability` diagnostic of the settings module; none on a `print()` or a swallowing handler. */
export function makeObservableAction(host: CodeActionHost, uri: string, diagnostic: Diagnostic): CodeAction[] {
  const { notOffered } = observabilityOffer(snapshotFor(host), { path: URI.parse(uri).fsPath, range: diagnostic.range });
  if (notOffered) return [];
  const title = `${MAKE_OBSERVABLE_TITLE}…`;
  return [{ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: MAKE_OBSERVABLE_COMMAND, arguments: [uri] } }];
}

/** Answers `untangle/observabilityParts`: each part planned alone, or why there is no action. */
export function observabilityPartsOf(host: CodeActionHost, params: ObservabilityPartsRequest.Params): ObservabilityPartsRequest.Result {
  const parts = observabilityParts(host.parser, snapshotFor(host), workspaceFile(host, params.uri));
  return typeof parts === 'string' ? { parts: [], refused: parts } : { parts };
}

/** Answers `untangle/makeObservable`: the edit of exactly the parts picked, or why not (nothing left to do among them, say). */
export function makeObservableEdit(host: CodeActionHost, params: MakeObservableRequest.Params): MakeObservableRequest.Result {
  // In the planner's order, so the title reads the same whatever order the client sent.
  const choices = OBSERVABILITY_CHOICES.filter((part) => params.parts.includes(part));
  return asAnswer(host, makeObservable(host.parser, snapshotFor(host), { settingsFile: workspaceFile(host, params.uri), choices }));
}
