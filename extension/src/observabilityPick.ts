/**
 * What the "Make the project observable…" quick pick shows, from the server's answer to
 * `untangle/observabilityParts`: one item per part still missing, all picked (the common case is
 * "all of it"), the parts already wired named in the title rather than offered. No `vscode`
 * import, so the unit tests read it directly.
 */
import { OBSERVABILITY_CHOICE_LABELS, type ObservabilityChoice } from '../../server/src/core/observability/parts';
import type { ObservabilityPartsRequest } from '../../server/src/protocol';

/** A quick-pick item carrying its part (QuickPickItem's shape). */
export interface PartItem {
  readonly label: string;
  readonly description: string;
  readonly detail: string;
  readonly picked: boolean;
  readonly part: ObservabilityChoice;
}

/** The quick pick to show, or the message to show instead when there is nothing to pick. */
export type ObservabilityPick = { readonly items: PartItem[]; readonly title: string; readonly placeHolder: string } | { readonly message: string };

export const PICK_TITLE = 'Make the project observable';

export function observabilityPick(answer: ObservabilityPartsRequest.Result): ObservabilityPick {
  if (answer.refused !== undefined) return { message: answer.refused };
  const pending = answer.parts.filter((p) => p.pending);
  const done = answer.parts.filter((p) => !p.pending);
  if (pending.length === 0) {
    // A part with nothing to write may still leave something to the user (Prometheus middlewares out of place).
    const byHand = done.map((p) => p.detail.replace(/^nothing to do;?\s*/, '')).filter((detail) => detail !== '');
    return { message: ['the project is observable already: nothing left to write', ...byHand].join('; ') };
  }
  const doneNames = done.map((p) => OBSERVABILITY_CHOICE_LABELS[p.part].label.toLowerCase());
  return {
    items: pending.map((p) => ({ ...OBSERVABILITY_CHOICE_LABELS[p.part], detail: p.detail, picked: true, part: p.part })),
    title: doneNames.length === 0 ? PICK_TITLE : `${PICK_TITLE} (already done: ${doneNames.join(', ')})`,
    placeHolder: 'Pick the parts to write; the change is previewed before it applies',
  };
}
