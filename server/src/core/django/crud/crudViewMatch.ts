/**
 * A hand-written CRUD view of the project: its CRUD facts (crudHandlers.ts), the project's view
 * they belong to, the generic view it matches and, when converting it would change an answer,
 * why. What the rule reports and what the conversion plans from.
 */
import type { DjangoProjectModel } from '../project';
import type { DjangoView } from '../views';
import type { CrudCandidate } from './crudHandlers';
import { genericMatchOf, type GenericMatch } from './genericMatch';
import { genericRefusal } from './genericRefusals';

/** A hand-written CRUD view of the project and what it matches. */
export interface CrudViewMatch {
  readonly view: DjangoView;
  readonly candidate: CrudCandidate;
  readonly match: GenericMatch;
  /** Why the conversion would change an answer. */
  readonly refusal?: string;
}

/** The match of the candidate in module `path`, when it is a DRF view doing CRUD only. */
export function crudViewMatch(project: DjangoProjectModel, path: string, candidate: CrudCandidate): CrudViewMatch | undefined {
  const view = project.views.find((known) => known.path === path && known.name === candidate.name && known.kind === candidate.kind);
  if (view?.framework !== 'drf' || view.viewset) return undefined;
  const match = genericMatchOf(candidate, view, project);
  if (typeof match === 'string') return undefined;
  return { view, candidate, match, refusal: genericRefusal(match, candidate, view, project) };
}

