/**
 * Classes repeating members in several packages (or models of several apps) share no one class:
 * where they live is the team's design. The classes within one package still can, so the
 * group is split by package and each part of two or more classes gets its own shared class,
 * all in one action; a class alone in its package keeps its members, and the summary says so.
 *
 *     # shop/views.py, shop/api.py: get_queryset    # shop/mixins.py: class QuerysetMixin
 *     # billing/views.py: get_queryset               # shop/views.py, shop/api.py inherit it
 *                                                   # billing/views.py: unchanged, alone in billing/
 */
import * as path from 'path';
import type { PythonParser } from '../../core/parse/pythonParser';
import { EditChain, refuse, type WorkspaceSnapshot } from '../domainEdit';
import { partsByFolder } from '../partsByFolder';
import { readGroup, type ClassGroup, type GroupClass, type GroupPlace } from './groupClasses';
import type { PullUp } from './pullUpMembers';

/** A group's pull-up, saying whether it has no action only because its classes are in several packages (or apps). */
export type GroupPullUp = PullUp & { readonly apart?: boolean };
export type GroupPullUpOffer = { readonly title: string; readonly notOffered?: string; readonly apart?: boolean };

type Planner<T> = (parser: PythonParser, snapshot: WorkspaceSnapshot, group: ClassGroup) => T;

/** The group's offer; for classes of several packages, the offers of the parts within one package, joined. */
export function offerByPackage(parser: PythonParser, snapshot: WorkspaceSnapshot, group: ClassGroup, offer: Planner<GroupPullUpOffer>): { title: string; notOffered?: string } {
  const whole = offer(parser, snapshot, group);
  const split = whole.apart ? packageParts(group) : undefined;
  if (!split || split.parts.length === 0) return whole;
  const offered = split.parts.flatMap((part) => {
    const partGroup = readGroup(parser, snapshot, part.places);
    const found = typeof partGroup === 'string' ? undefined : offer(parser, snapshot, partGroup);
    return found && !found.notOffered ? [`${found.title} in ${part.label}`] : [];
  });
  return offered.length === 0 ? whole : { title: offered.join('; ') };
}

/**
 * The group's pull-up; for classes of several packages, the pull-up of each part within one
 * package, one after the other in one edit. Parts refused keep their classes, with the reason.
 */
export function pullUpByPackage(parser: PythonParser, snapshot: WorkspaceSnapshot, group: ClassGroup, plan: Planner<GroupPullUp>): PullUp {
  const whole = plan(parser, snapshot, group);
  const split = whole.apart ? packageParts(group) : undefined;
  if (!split || split.parts.length === 0) return whole;
  const chain = new EditChain(snapshot);
  const titles: string[] = [];
  const summaries: string[] = [];
  const stays = split.alone.map((cls) => `${classLabel(cls)} stays as it is: no other class of its package repeats the members, and sharing a class across packages is the team's design`);
  let refusedPart = false;
  for (const part of split.parts) {
    const partGroup = readGroup(parser, chain.snapshot, part.places);
    const planned: GroupPullUp = typeof partGroup === 'string' ? { title: '', result: refuse(partGroup), notOffered: partGroup } : plan(parser, chain.snapshot, partGroup);
    if (planned.result.safe) {
      chain.add(planned.result.edit);
      titles.push(`${planned.title} in ${part.label}`);
      summaries.push(planned.result.summary);
      continue;
    }
    refusedPart ||= planned.notOffered === undefined;
    stays.push(`the classes in ${part.label} stay as they are: ${planned.result.reason}`);
  }
  if (titles.length === 0) {
    // No part could take a class: a refused part is an action that failed a check, else none is offered.
    const reason = `${whole.result.safe ? '' : whole.result.reason}; within each package: ${stays.join('; ')}`;
    return refusedPart ? { title: whole.title, result: refuse(reason) } : { title: whole.title, result: refuse(reason), notOffered: reason };
  }
  return { title: titles.join('; '), result: { safe: true, edit: chain.edit(), summary: [...summaries, ...stays].join('; ') } };
}

interface PackagePart {
  /** The package's folder as titles show it: `shop/`. */
  readonly label: string;
  readonly places: readonly GroupPlace[];
}

/** The group's classes by package folder: the parts of two or more classes, and the classes alone in theirs. */
function packageParts(group: ClassGroup): { parts: PackagePart[]; alone: GroupClass[] } {
  const split = partsByFolder(group.classes, (cls) => path.dirname(cls.file));
  const parts = split.parts.map(({ folder, members }) => ({ label: `${path.basename(folder)}/`, places: members.map((cls) => ({ file: cls.file, line: cls.nameEnd.line })) }));
  return { parts, alone: split.alone };
}

function classLabel(cls: GroupClass): string {
  return `\`${cls.name}\` (${path.basename(path.dirname(cls.file))}/${path.basename(cls.file)})`;
}
