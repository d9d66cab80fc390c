/**
 * The refactoring that fixes a finding, one per rule: `untangle fix` plans each finding with it,
 * the editor lists (`offerForFinding`) and resolves (`refactoringForFinding`) its code actions
 * with it, and the tests and the fuzz bench apply it to every finding of a project to prove it safe.
 */
import type { PythonParser } from '../core/parse/pythonParser';
import type { Finding, RelatedLocation } from '../core/model/finding';
import type { Settings } from '../core/config/settings';
import { assertNever } from '../core/model/assertNever';
import { refuse, type RefactorResult, type WorkspaceSnapshot } from './domainEdit';
import { moveViewLogic, viewLogicTitle, type ViewLogicRequest } from './controllers/moveViewLogic';
import { duplicateOffer, extractDuplicate, type ClonePlaceLines } from './duplicates/extractDuplicate';
import { splitModule, splitTitle, type SplitRequest } from './split/splitModule';
import { withPartsStillLong } from './split/partsStillLong';
import { WEB_LANGUAGES, webLanguageOf } from '../core/webClones/webLanguages';
import { pullUpMembers, pullUpOffer } from './hard/pullUpMembers';
import { isRepeatedMembers } from '../detectors/duplicateBlock';
import type { GroupPlace } from './hard/groupClasses';
import { retryToTenacity } from './handRolled/retryToTenacity';
import { observabilityOffer, observabilityRefactoring } from './observability/observabilityAction';
import { ADD_INDEX_TITLE, addIndex } from './queries/addIndex';
import { LOAD_RELATED_TITLE, loadRelated, uncheckedInclude } from './queries/loadRelated';
import { convertToGenericView, GENERIC_VIEW_TITLE } from './genericViews/convertToGenericView';
import { JOIN_VIEWSET_TITLE, type JoinViewSetRequest } from './genericViews/joinIntoViewSet';
import { joinPair } from './genericViews/joinHandWrittenPair';
import { SAFE_SEQUENCE_TITLE, safeMigrationSequence, safeSequenceOffer } from './database/sequences/safeMigrationFix';

/** What a refactoring needs of a finding: its rule and places. */
export type FindingPlaces = Pick<Finding, 'rule' | 'path' | 'range' | 'stage' | 'page'> & { readonly related: readonly Pick<RelatedLocation, 'path' | 'range'>[] };

export interface FindingRefactoring {
  readonly title: string;
  readonly result: RefactorResult;
  readonly notOffered?: string;
}

/**
 * The finding's refactoring (split, move to a controller, extract the duplicate, generalise the
 * near-copies into one function or pull the repeated members up into a mixin or base class), planned on
 * `snapshot`. With `notOffered`, why no action is offered at all (a duplicate not worth
 * extracting; a view whose logic cannot be separated from the request): unlike a refused
 * action, there is no edit that only failed a safety check.
 */
export function refactoringForFinding(parser: PythonParser, snapshot: WorkspaceSnapshot, finding: FindingPlaces, settings: Settings): FindingRefactoring {
  switch (finding.rule) {
    case 'logic-heavy-view':
      return moveViewLogic(parser, snapshot, viewRequest(finding, settings));
    case 'long-file':
      return withPartsStillLong(splitModule(parser, snapshot, splitRequest(finding, settings)), settings.longFile.maxCodeLines);
    case 'duplicate-block': {
      const reportedOnly = notPython(finding);
      if (reportedOnly) return { title: REPORTED_ONLY_TITLE, result: refuse(reportedOnly), notOffered: reportedOnly };
      if (isRepeatedMembers(finding)) return pullUpMembers(parser, snapshot, classPlaces(finding));
      const { title, result, noise } = extractDuplicate(parser, snapshot, clonePlaces(finding), settings.duplicateBlock.maxParameters);
      return { title, result, notOffered: noise };
    }
    case 'hand-rolled':
      return retryToTenacity(parser, snapshot, { file: finding.path, line: finding.range.start.line });
    case 'mixed-responsibilities':
      return { title: SPLIT_BY_HAND_TITLE, result: refuse(SPLIT_BY_HAND), notOffered: SPLIT_BY_HAND };
    case 'observability':
      return observabilityRefactoring(parser, snapshot, finding);
    case 'missing-index':
      return { title: ADD_INDEX_TITLE, result: addIndex(parser, snapshot, finding, settings) };
    case 'n-plus-one': {
      const note = uncheckedInclude(finding);
      if (note) return { title: LOAD_RELATED_TITLE, result: refuse(note), notOffered: note };
      return loadRelated(parser, snapshot, finding, settings);
    }
    case 'unsafe-migration':
      return { title: SAFE_SEQUENCE_TITLE, result: safeMigrationSequence(parser, snapshot, finding, settings) };
    case 'hand-written-crud-view':
      // A finding with a related place is a pair of views: join them (converting those written by hand first).
      if (finding.related.length > 0) return joinPair(parser, snapshot, joinRequest(finding));
      return convertToGenericView(parser, snapshot, { file: finding.path, line: finding.range.start.line });
    default:
      return assertNever(finding.rule);
  }
}

/**
 * The refactoring as a code action list shows it, without planning it (planning takes up to a
 * second; the editor lists actions at every cursor move): its title, why no action is
 * offered (not listed), or a refusal known without planning (no view on the line, one feature
 * group). The plan, made when the action is picked, has the same title but for a duplicate, whose function it names.
 */
export function offerForFinding(parser: PythonParser, snapshot: WorkspaceSnapshot, finding: FindingPlaces, settings: Settings): { title: string; notOffered?: string; refused?: string } {
  switch (finding.rule) {
    case 'logic-heavy-view':
      return viewLogicTitle(parser, snapshot, viewRequest(finding, settings));
    case 'long-file':
      return splitTitle(parser, snapshot, splitRequest(finding, settings));
    case 'duplicate-block': {
      const reportedOnly = notPython(finding);
      if (reportedOnly) return { title: REPORTED_ONLY_TITLE, notOffered: reportedOnly };
      if (isRepeatedMembers(finding)) return pullUpOffer(parser, snapshot, classPlaces(finding));
      const { title, noise } = duplicateOffer(parser, snapshot, clonePlaces(finding));
      return { title, notOffered: noise };
    }
    case 'hand-rolled': {
      // Planning is one parse of one module: cheap enough to list with its real verdict.
      const { title, result, notOffered } = retryToTenacity(parser, snapshot, { file: finding.path, line: finding.range.start.line });
      return { title, notOffered, refused: result.safe ? undefined : result.reason };
    }
    case 'mixed-responsibilities':
      return { title: SPLIT_BY_HAND_TITLE, notOffered: SPLIT_BY_HAND };
    case 'observability':
      return observabilityOffer(snapshot, finding);
    case 'missing-index':
      return { title: ADD_INDEX_TITLE };
    case 'n-plus-one':
      return { title: LOAD_RELATED_TITLE, notOffered: uncheckedInclude(finding) };
    case 'unsafe-migration':
      // Planning assembles the project model and replays every migration: done when the action is picked.
      return safeSequenceOffer(snapshot, finding);
    case 'hand-written-crud-view':
      // Planning assembles the whole project model: too slow for a list; the finding's message says whether it would be refused.
      return { title: finding.related.length > 0 ? JOIN_VIEWSET_TITLE : GENERIC_VIEW_TITLE };
    default:
      return assertNever(finding.rule);
  }
}

const REPORTED_ONLY_TITLE = 'Extract duplicated block';

const SPLIT_BY_HAND_TITLE = 'Split the class';
/** Which method goes where, and how the parts find each other, is a design the hint leaves to the user. */
const SPLIT_BY_HAND = 'the split of a class into one class per responsibility is left to you: the hint names the groups';

/**
 * Why a duplicate in a template or static file gets no extraction: Untangle refactors Python
 * only; the copies are reported so the team can make an `{% include %}`, a shared module or a
 * CSS class of them by hand.
 */
function notPython(finding: FindingPlaces): string | undefined {
  const language = [finding, ...finding.related].map((place) => webLanguageOf(place.path)).find((found) => found !== undefined);
  return language && `${WEB_LANGUAGES[language].label} duplicates are reported only: Untangle extracts Python code, not templates, JavaScript or CSS`;
}

function viewRequest(finding: FindingPlaces, settings: Settings): ViewLogicRequest {
  return { file: finding.path, line: finding.range.start.line, controllerModule: settings.refactor.controllerModule, limits: settings.logicHeavyView };
}

function joinRequest(finding: FindingPlaces): JoinViewSetRequest {
  return { file: finding.path, listLine: finding.range.start.line, detailLine: finding.related[0].range.start.line };
}

function splitRequest(finding: FindingPlaces, settings: Settings): SplitRequest {
  return { file: finding.path, featureModule: settings.refactor.featureModule, keepReexports: settings.refactor.keepReexports };
}

/** Every class repeating the members: a line in each (the finding's own place, then its related ones). */
function classPlaces(finding: FindingPlaces): GroupPlace[] {
  return [finding, ...finding.related].map((place) => ({ file: place.path, line: place.range.start.line }));
}

/** Every copy of a duplicated block: the finding's own and its related places. */
function clonePlaces(finding: FindingPlaces): ClonePlaceLines[] {
  return [finding, ...finding.related].map((place) => ({ file: place.path, startLine: place.range.start.line, endLine: place.range.end.line }));
}
