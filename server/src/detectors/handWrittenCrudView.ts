/**
 * Rule `hand-written-crud-view`: a DRF `APIView` or `@api_view` function whose handlers list,
 * create, retrieve, update or delete one model through one serializer by hand, which a generic
 * view (`ListCreateAPIView`, `RetrieveUpdateDestroyAPIView`…) does in a few class attributes.
 * A plain Django function view creating or editing through a model form, listing a queryset or
 * showing one object into a template is reported with Django's generic view it is
 * (`CreateView`, `UpdateView`, `ListView`, `DetailView`).
 * The message names the generic class and what the conversion would set to keep every answer
 * the same; when it cannot, it says why (the code action is then refused with that reason).
 * A list view and a detail view of one model that are generic views already and read the same
 * queryset, serializer and policies are reported once, on the list view with the detail view as
 * its related place: together they are one viewset (the code action joins them).
 */
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import { crudViewMatch, type CrudViewMatch } from '../core/django/crud/crudViewMatch';
import { operationVerbs, verbsOf, type GenericMatch, type OperationKind } from '../core/django/crud/genericMatch';
import type { ProjectSources } from './projectDetector';
import { formViewMatch, type FormViewMatch } from '../core/django/crud/formViewMatch';
import { article } from '../core/django/crud/pageViewChecks';
import { readViewMatch, type ReadViewMatch } from '../core/django/crud/readViewMatch';
import { projectTemplateFinder } from '../core/queries/templateFiles';
import type { SourceRange } from '../core/model/sourceRange';
import { GENERIC_ACTIONS, genericBaseOf, handWrittenPairs, operationOfAction, viewSetBases, viewSetPairs } from '../core/django/crud/viewSetPairs';
import type { DjangoView } from '../core/django/views';

/** The rule's findings: every DRF view of the project doing CRUD by hand. */
export function handWrittenCrudViews(sources: ProjectSources, settings: Settings): Finding[] {
  if (!settings.handWrittenCrudView.enabled) return [];
  const matches = [...sources.modules].flatMap(([path, facts]) => facts.crudHandlers.candidates.flatMap((candidate) => crudViewMatch(sources.project, path, candidate) ?? []));
  // A hand-written pair first: `untangle fix` then joins it in one step rather than converting each view alone.
  const findings = handWrittenPairs(matches, sources.project).map(({ list, detail }) => pairFinding({ list: list.view, detail: detail.view, serializer: list.match.serializer!, model: list.match.model, places: [list.candidate.range, detail.candidate.range] }, operationKinds(list.match, detail.match), settings, true));
  for (const found of matches) findings.push(finding(found.view.path, found.candidate.range, messageOf(found), settings));
  const templates = projectTemplateFinder(sources.files, sources.project, sources.modules.keys());
  for (const [path, facts] of sources.modules) {
    for (const candidate of facts.formViews) {
      const found = formViewMatch(sources.project, path, candidate, templates);
      if (found) findings.push(finding(path, candidate.range, formViewMessage(found), settings));
    }
    for (const candidate of facts.readViews) {
      const found = readViewMatch(sources.project, path, candidate, templates);
      if (found) findings.push(finding(path, candidate.range, readViewMessage(found), settings));
    }
  }
  for (const { list, detail } of viewSetPairs(sources.project)) {
    const operations = [list, detail].flatMap((view) => Object.values(GENERIC_ACTIONS.get(genericBaseOf(view)!)!).map(operationOfAction));
    findings.push(pairFinding({ list, detail, serializer: list.serializer!, model: list.model, places: [list.range, detail.range] }, operations, settings, false));
  }
  return findings;
}

/** A finding on the view's first line (its decorators included). */
function finding(path: string, range: SourceRange, message: string, settings: Settings): Finding {
  return { rule: 'hand-written-crud-view', severity: settings.handWrittenCrudView.severity, path, range: { start: range.start, end: range.start }, message, related: [], stage: 'hard' };
}

function formViewMessage(found: FormViewMatch): string {
  const { view, candidate, generic, model, refusal } = found;
  const head = `\`${view.name}\` ${candidate.operation}s ${model ? `\`${model}\`` : 'an object'} by hand through \`${candidate.form}\`: it is ${article(generic)} \`${generic}\``;
  if (refusal) return `${head}, but converting it would change an answer: ${refusal}`;
  const success = candidate.success === 'object' ? 'the saved object\'s `get_absolute_url()`' : 'reverse' in candidate.success ? '`get_success_url`' : '`success_url`';
  const kept = [
    ...(candidate.successMessage ? ['`SuccessMessageMixin` for its `messages.success`'] : []),
    ...(candidate.validMessage ? ['`form_valid` for its message after the save'] : []),
    ...(candidate.invalidMessage ? ['`form_invalid` for its message on invalid data'] : []),
    ...(candidate.orNone ? ['`get_form_kwargs` binding the form to `request.POST or None` as the function did'] : found.otherMethods ? ['`get_form_kwargs` binding the form on POST only'] : []),
    ...checksKept(found),
  ];
  return `${head} with \`http_method_names\`, \`template_name\` and ${success}${keptText(kept)}`;
}

/** ", with `SuccessMessageMixin` for its `messages.success`, …": what the conversion keeps besides the attributes. */
function keptText(kept: readonly string[]): string {
  return kept.length > 0 ? `, with ${kept.join(', ')}` : '';
}

/** The checks a function view's decorators made, or their absence, that the class keeps otherwise than in attributes. */
function checksKept({ access, otherMethods }: FormViewMatch | ReadViewMatch): string[] {
  return [
    ...(access ? [`\`${access.mixin}\` for its \`@${access.decorator.replace(/\(.*/s, '')}\``] : []),
    ...(otherMethods ? ['`http_method_not_allowed` answering the methods no decorator limited as the function did'] : []),
  ];
}

function readViewMessage(found: ReadViewMatch): string {
  const { view, candidate, generic, model, refusal } = found;
  const what = model ? `\`${model}\`` : candidate.kind === 'list' ? 'a queryset' : 'an object';
  const head = `\`${view.name}\` ${candidate.kind === 'list' ? `lists ${what} into` : `shows ${what} in`} a template by hand: it is ${article(generic)} \`${generic}\``;
  if (refusal) return `${head}, but converting it would change an answer: ${refusal}`;
  const attributes = ['`http_method_names`', '`template_name`', ...(candidate.pagination ? ['`paginate_by`'] : [])];
  return `${head} with ${attributes.join(', ')}${keptText(checksKept(found))}`;
}

/** The views of a pair, and the serializer and model they share. */
interface PairFacts {
  readonly list: DjangoView;
  readonly detail: DjangoView;
  readonly serializer: string;
  readonly model?: string;
  /** Where the list and the detail view start (a function's decorators included). */
  readonly places: readonly [SourceRange, SourceRange];
}

/** One finding for a list view and a detail view that are (or, converted, would be) one viewset. */
function pairFinding({ list, detail, serializer, model: label, places: [listPlace, detailPlace] }: PairFacts, kinds: readonly OperationKind[], settings: Settings, handWritten: boolean): Finding {
  const operations = new Set(kinds);
  const { bases } = viewSetBases(operations);
  const model = label ? ` \`${label}\`` : '';
  const how = handWritten ? ' by hand' : '';
  const converted = handWritten ? 'converted to generic views, ' : '';
  return {
    rule: 'hand-written-crud-view',
    severity: settings.handWrittenCrudView.severity,
    path: list.path,
    range: { start: listPlace.start, end: listPlace.start },
    message: `\`${list.name}\` and \`${detail.name}\` ${verbsOf([...operations])}${model}${how} through \`${serializer}\` with the same queryset and policies: ${converted}together they are one viewset (${bases.map((base) => `\`${base}\``).join(', ')})`,
    related: [{ path: detail.path, range: { start: detailPlace.start, end: detailPlace.start }, message: `\`${detail.name}\`, the detail view of the pair` }],
    stage: 'hard',
  };
}

function operationKinds(...matches: GenericMatch[]): OperationKind[] {
  return matches.flatMap((match) => match.operations.map(([, operation]) => operation.kind));
}

function messageOf({ view, match, refusal }: CrudViewMatch): string {
  const model = match.model ? ` \`${match.model}\`` : '';
  const through = match.serializer ? ` through \`${match.serializer}\`` : '';
  const generic = match.genericClass ? `\`${match.genericClass}\`` : `\`GenericAPIView\` with ${match.mixins.map((m) => `\`${m}\``).join(', ')}`;
  const head = `\`${view.name}\` ${operationVerbs(match)}${model} by hand${through}: it is a ${generic}`;
  if (refusal) return `${head}, but converting it would change an answer: ${refusal}`;
  const differences = differencesOf(match);
  return differences.length === 0 ? head : `${head} with ${differences.join(', ')}`;
}

/** What the generic view must set to answer as the hand-written one does. */
function differencesOf(match: GenericMatch): string[] {
  const differences: string[] = [];
  if (match.httpMethodNames) differences.push(`\`http_method_names\` ${match.httpMethodNames.map((m) => m.toUpperCase()).join(', ')}`);
  if (match.queryset?.perRequest) differences.push('a per-request `get_queryset`');
  if (match.lookup && match.lookup.field !== 'pk') differences.push(`\`lookup_field = "${match.lookup.field}"\``);
  if (match.lookup && match.lookup.urlKwarg !== match.lookup.field) differences.push(`\`lookup_url_kwarg = "${match.lookup.urlKwarg}"\``);
  if (match.createStatus !== undefined) differences.push(`a create answering ${match.createStatus} instead of 201`);
  for (const [kind, code] of Object.entries(match.perform)) if (code) differences.push(`\`perform_${kind}\``);
  if (match.lookup?.missing === 'bare404') differences.push('a `handle_exception` answering a missing object with an empty 404');
  return differences;
}
