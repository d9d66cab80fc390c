/**
 * The related places a report lists for a finding. A duplicate's related places are the other
 * copies of its block, and each copy's finding lists all the others: a class of N copies would
 * list N × (N − 1) places, 11,556 for one class of 108 in dist-packages (over half of a 14.5 MB
 * JSON report, issue 13). Reports list the first MAX_LISTED_COPIES of them and count the rest; the
 * message counts every copy, and `untangle fix` and the editor act on all of them. Other rules'
 * related places (each line still reading a renamed field) are listed whole: each is work to do.
 */
import type { Finding, RelatedLocation } from '../core/model/finding';

export const MAX_LISTED_COPIES = 10;

export function listedRelated(finding: Finding): { readonly listed: readonly RelatedLocation[]; readonly more: number } {
  if (finding.rule !== 'duplicate-block' || finding.related.length <= MAX_LISTED_COPIES) return { listed: finding.related, more: 0 };
  return { listed: finding.related.slice(0, MAX_LISTED_COPIES), more: finding.related.length - MAX_LISTED_COPIES };
}
