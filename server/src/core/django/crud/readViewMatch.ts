/**
 * A plain Django function view listing a queryset or showing one object (readViews.ts), the
 * project's view it is, the generic view it matches (`ListView`, `DetailView`) and, when
 * converting it would change an answer, why (pageViewChecks.ts: methods, decorators, the
 * names the generic view adds to the template's context, the 404 page); besides:
 * - the list's model, or the looked-up one, must be a model of the project;
 * - a detail's URL must pass the lookup's argument by name.
 */
import type { TemplateFinder } from '../../queries/templateFiles';
import { lastPart } from '../../python/workspaceNames';
import type { DjangoProjectModel } from '../project';
import { lookupRouteRefusal } from './genericRefusals';
import { modelName, notFoundRefusal, pageViewMethodRefusal, pageViewWrapping, templateRefusal, type PageMethods, type PageViewMatch } from './pageViewChecks';
import type { ReadViewCandidate } from './readViews';

export type ReadViewMatch = PageViewMatch<ReadViewCandidate, 'ListView' | 'DetailView'>;

/** A read view answers GET, and may answer HEAD (`@require_safe`). */
const READ_METHODS: PageMethods = {
  required: ['GET'],
  optional: ['HEAD'],
  otherwise: 'every method gets the page',
  limit: '@require_GET',
  does: 'shows its page to GET (and HEAD)',
};

/** The match of the candidate in module `path`, when it is a plain Django view; `templates` finds what it renders. */
export function readViewMatch(project: DjangoProjectModel, path: string, candidate: ReadViewCandidate, templates: TemplateFinder): ReadViewMatch | undefined {
  const view = project.views.find((known) => known.path === path && known.name === candidate.name && known.kind === 'function');
  if (view?.framework !== 'django') return undefined;
  const generic = candidate.kind === 'list' ? 'ListView' : 'DetailView';
  const className = candidate.lookup?.model ?? candidate.model!;
  const models = project.models.filter((known) => known.name === lastPart(className));
  const model = models.length === 1 ? models[0].label : undefined;
  const { httpMethodNames, wrappers, access, otherMethods } = pageViewWrapping(view, READ_METHODS);
  const contextObjectName = candidate.pagination || candidate.objectKey === defaultKey(candidate, model) ? undefined : candidate.objectKey;
  const found = { view, candidate, generic, model, httpMethodNames, wrappers, access, otherMethods, contextObjectName } as const;
  const refusal =
    candidate.refusal ??
    pageViewMethodRefusal(view, generic, READ_METHODS) ??
    (model === undefined ? `\`${className}\` is not ${models.length > 1 ? 'one' : 'a'} model of the project` : undefined) ??
    (candidate.lookup && lookupRouteRefusal(candidate.lookup, view, project, false)) ??
    templateRefusal(templates, path, candidate.template, addedNames(found)) ??
    (candidate.lookup && notFoundRefusal(templates, path, generic));
  return { ...found, refusal };
}

/** The key the generic view passes the list or object by without `context_object_name`. */
function defaultKey(candidate: ReadViewCandidate, model: string | undefined): string | undefined {
  const name = modelName(model);
  return name && (candidate.kind === 'list' ? `${name}_list` : name);
}

/** What the generic view puts in the context that the function did not pass. */
function addedNames({ candidate, model, contextObjectName }: Pick<ReadViewMatch, 'candidate' | 'model' | 'contextObjectName'>): string[] {
  const named = contextObjectName ?? defaultKey(candidate, model);
  const added = candidate.kind === 'list' ? ['view', 'object_list', 'paginator', 'page_obj', 'is_paginated', named] : ['view', 'object', named];
  return added.filter((name): name is string => name !== undefined && !candidate.keys.includes(name));
}
