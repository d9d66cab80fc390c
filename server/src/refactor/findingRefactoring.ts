/**
 * The refactoring that fixes a finding, one per rule: `untangle fix` plans each finding with it,
 * and the tests and the fuzz bench apply it to every finding of a project to prove it safe.
 */
import type { PythonParser } from '../core/parse/pythonParser';
import type { Finding } from '../core/model/finding';
import type { Settings } from '../core/config/settings';
import { assertNever } from '../core/model/assertNever';
import type { RefactorResult, WorkspaceSnapshot } from './domainEdit';
import { moveViewLogic } from './controllers/moveViewLogic';
import { extractDuplicate } from './duplicates/extractDuplicate';
import { splitModule } from './split/splitModule';

export interface FindingRefactoring {
  readonly title: string;
  readonly result: RefactorResult;
  readonly notOffered?: string;
}

/**
 * The finding's refactoring (split, move to a controller, extract the duplicate), planned on
 * `snapshot`. With `notOffered`, why no action is offered at all (a duplicate not worth
 * extracting; a view whose logic cannot be separated from the request): unlike a refused
 * action, there is no edit that only failed a safety check.
 */
export function refactoringForFinding(parser: PythonParser, snapshot: WorkspaceSnapshot, finding: Finding, settings: Settings): FindingRefactoring {
  switch (finding.rule) {
    case 'logic-heavy-view':
      return moveViewLogic(parser, snapshot, { file: finding.path, line: finding.range.start.line, controllerModule: settings.refactor.controllerModule, limits: settings.logicHeavyView });
    case 'long-file':
      return splitModule(parser, snapshot, { file: finding.path, featureModule: settings.refactor.featureModule, keepReexports: settings.refactor.keepReexports });
    case 'duplicate-block': {
      const { title, result, noise } = extractDuplicate(parser, snapshot, [
        { file: finding.path, startLine: finding.range.start.line, endLine: finding.range.end.line },
        ...finding.related.map((r) => ({ file: r.path, startLine: r.range.start.line, endLine: r.range.end.line })),
      ]);
      return { title, result, notOffered: noise };
    }
    default:
      return assertNever(finding.rule);
  }
}
