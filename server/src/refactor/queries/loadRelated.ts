/**
 * Code action of `n-plus-one`: load the related rows with the queryset, where it is built.
 *
 * ex) `orders = Order.objects.filter(status="paid")` with `order.customer.name` read in a loop
 *     becomes `orders = Order.objects.select_related("customer").filter(status="paid")`;
 *     an admin showing `customer_city` (reading `obj.customer.city`) gains
 *     `list_select_related = ["customer"]`.
 */
import type { Settings } from '../../core/config/settings';
import type { PythonParser } from '../../core/parse/pythonParser';
import { nPlusOnes } from '../../detectors/nPlusOne';
import { refuse, type RefactorResult, type WorkspaceSnapshot } from '../domainEdit';
import { checkedEdit } from '../editCheck';
import type { FindingPlaces } from '../findingRefactoring';
import { snapshotSources } from './projectSources';

export const LOAD_RELATED_TITLE = 'Load the related rows with the queryset';

export function loadRelated(parser: PythonParser, snapshot: WorkspaceSnapshot, finding: FindingPlaces, settings: Settings): { title: string; result: RefactorResult } {
  const sources = snapshotSources(parser, snapshot, finding.path);
  const found = nPlusOnes(sources, settings).find(
    ({ finding: candidate }) => candidate.path === finding.path && candidate.range.start.line === finding.range.start.line && candidate.range.start.character === finding.range.start.character,
  );
  if (!found) return { title: LOAD_RELATED_TITLE, result: refuse('the queryset loads its related rows already') };
  const { fix } = found;
  if (!fix) return { title: LOAD_RELATED_TITLE, result: refuse('the queryset is not built in the workspace from a model manager (it is passed in, or comes from a base class): add the lookup where it is built') };
  const edits = new Map([[fix.path, [{ range: { start: fix.at, end: fix.at }, newText: fix.text }]]]);
  return { title: fix.title, result: checkedEdit(parser, snapshot, { safe: true, edit: { createFiles: [], edits }, summary: fix.title }) };
}
