/**
 * Near-copies spread over several apps (or packages) that cannot share one function, say
 * because one app's copy differs by a statement or would push the parameters over the limit,
 * may still share one within each app: the copies are split by app, each app holding two or
 * more of them gets its own function in its utils, all in one action, and the summary says
 * which copies stay and why.
 *
 *     # shop/views.py, shop/api.py: the same block     # shop/utils/order.py: def compute_total(…)
 *     # billing/views.py: the block and one more line   # shop's copies call it; billing's stays
 */
import * as path from 'path';
import { EditChain, type RefactorResult, type WorkspaceSnapshot } from '../domainEdit';
import { where, type ClonePlaceLines } from './cloneDifferences';
import { appFolderOf } from './utilsTarget';
import { partsByFolder } from '../partsByFolder';

interface Extraction {
  readonly title: string;
  readonly result: RefactorResult;
  readonly noise?: string;
}

/** The extraction of all the copies; when it cannot be made and they are in several apps, the extraction of each app's copies, joined. */
export function extractByApp<T extends Extraction>(snapshot: WorkspaceSnapshot, clones: readonly ClonePlaceLines[], extract: (snapshot: WorkspaceSnapshot, clones: readonly ClonePlaceLines[]) => T): T | Extraction {
  const whole = extract(snapshot, clones);
  if (whole.result.safe) return whole;
  const split = appParts(snapshot, clones);
  if (split.parts.length === 0) return whole;
  const chain = new EditChain(snapshot);
  const titles: string[] = [];
  const summaries: string[] = [];
  const stays = split.alone.map((copy) => `the copy at ${where(copy)} stays: no other copy is in its app`);
  for (const part of split.parts) {
    // Apps hold their own files, so the lines of one app's copies do not move with another's extraction.
    const planned = extract(chain.snapshot, part.clones);
    if (!planned.result.safe) {
      stays.push(`the copies in ${part.label} stay: ${planned.result.reason}`);
      continue;
    }
    chain.add(planned.result.edit);
    titles.push(`${planned.title} (${part.label})`);
    summaries.push(`${part.label}: ${planned.result.summary}`);
  }
  if (titles.length === 0) return whole;
  const why = `the copies of all the apps cannot share one function (${whole.result.reason})`;
  return { title: titles.join('; '), result: { safe: true, edit: chain.edit(), summary: [...summaries, ...stays, why].join('; ') } };
}

/** Whether the copies of some app could be offered their own function, when all of them cannot. */
export function offeredByApp(snapshot: WorkspaceSnapshot, clones: readonly ClonePlaceLines[], offered: (clones: readonly ClonePlaceLines[]) => boolean): boolean {
  return offered(clones) || appParts(snapshot, clones).parts.some((part) => offered(part.clones));
}

/** The copies by app: the apps holding two or more, and the copies alone in theirs (nothing when all are in one app). */
function appParts(snapshot: WorkspaceSnapshot, clones: readonly ClonePlaceLines[]): { parts: { label: string; clones: ClonePlaceLines[] }[]; alone: ClonePlaceLines[] } {
  const split = partsByFolder(clones, (clone) => appFolderOf(snapshot, clone.file));
  return { parts: split.parts.map(({ folder, members }) => ({ label: `${path.basename(folder)}/`, clones: members })), alone: split.alone };
}
