/**
 * The observability finding's action: on the settings module's finding, "Make the project
 * observable" (every part for `untangle fix`; the editor picks the parts, lsp/observabilityActions.ts);
 * on a swallowing handler or a `print()`, none
 * (what to log, and at which level, is the author's call), only the silencing quick fix.
 *
 * Listing is cheap: the finding's line tells the two apart (the settings finding sits on
 * `INSTALLED_APPS`, the others on their `except` or `print(`) without assembling the project.
 */
import type { PythonParser } from '../../core/parse/pythonParser';
import { refuse, type RefactorResult, type WorkspaceSnapshot } from '../domainEdit';
import { MAKE_OBSERVABLE_TITLE, makeObservable, OBSERVABILITY_CHOICES, observableTitle, type ObservabilityChoice } from './makeObservable';

/** The part of a finding the action reads. */
interface FindingPlace {
  readonly path: string;
  readonly range: { readonly start: { readonly line: number } };
}

const HAND_FIX = 'log the error or the output by hand: what to log, and at which level, is the author’s call';

/** The listed action: its title, or why none is offered. */
export function observabilityOffer(snapshot: WorkspaceSnapshot, finding: FindingPlace): { title: string; notOffered?: string } {
  const title = MAKE_OBSERVABLE_TITLE;
  return isCodeFinding(snapshot, finding) ? { title, notOffered: HAND_FIX } : { title };
}

/** The planned action. */
export function observabilityRefactoring(
  parser: PythonParser,
  snapshot: WorkspaceSnapshot,
  finding: FindingPlace,
  choices: readonly ObservabilityChoice[] = OBSERVABILITY_CHOICES,
): { title: string; result: RefactorResult; notOffered?: string } {
  if (isCodeFinding(snapshot, finding)) return { title: observableTitle(choices), result: refuse(HAND_FIX), notOffered: HAND_FIX };
  return makeObservable(parser, snapshot, { settingsFile: finding.path, choices });
}

function isCodeFinding(snapshot: WorkspaceSnapshot, finding: FindingPlace): boolean {
  const line = (snapshot.read(finding.path) ?? '').split('\n')[finding.range.start.line] ?? '';
  return /^\s*except\b/.test(line) || /\bprint\s*\(/.test(line);
}
