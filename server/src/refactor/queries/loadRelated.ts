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
import { nPlusOnes, UNCHECKED_INCLUDE, type QuerysetFix } from '../../detectors/nPlusOne';
import { refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { checkedEdit } from '../editCheck';
import type { FindingPlaces } from '../findingRefactoring';
import { snapshotSources } from './projectSources';

export const LOAD_RELATED_TITLE = 'Load the related rows with the queryset';

/**
 * Why no action is offered: the rule's findings stand where the queryset is built (Python), but
 * for its notes on includes it does not follow, which stand in the template and have nothing to load.
 */
export function uncheckedInclude(finding: Pick<FindingPlaces, 'path'>): string | undefined {
  return finding.path.endsWith('.py') ? undefined : UNCHECKED_INCLUDE;
}

export function loadRelated(parser: PythonParser, snapshot: WorkspaceSnapshot, finding: FindingPlaces, settings: Settings): { title: string; result: RefactorResult } {
  const sources = snapshotSources(parser, snapshot, finding.path);
  // Code actions know a finding's lines only: every finding on the line is fixed together.
  const found = nPlusOnes(sources, settings).filter(({ finding: candidate }) => candidate.path === finding.path && candidate.range.start.line === finding.range.start.line);
  if (found.length === 0) return { title: LOAD_RELATED_TITLE, result: refuse('the queryset loads its related rows already') };
  const fixes = found.map((one) => one.fix);
  const noFix = found.find((one) => !one.fix)?.noFix;
  if (noFix !== undefined) return { title: LOAD_RELATED_TITLE, result: refuse(noFix) };
  const edits = new Map<string, TextEdit[]>();
  for (const fix of (fixes as QuerysetFix[]).flatMap((one) => [one, ...(one.also ?? [])])) {
    const list = edits.get(fix.path) ?? [];
    const same = list.find((edit) => edit.range.start.line === fix.at.line && edit.range.start.character === fix.at.character);
    if (same?.newText.includes(fix.text)) continue;
    list.push({ range: { start: fix.at, end: fix.at }, newText: fix.text });
    edits.set(fix.path, list);
  }
  const summary = unique((fixes as QuerysetFix[]).map((fix) => fix.title)).join('; ');
  return { title: LOAD_RELATED_TITLE, result: checkedEdit(parser, snapshot, { safe: true, edit: { createFiles: [], edits }, summary }) };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
