/**
 * What each rule is, in one sentence, for SARIF rule metadata, the CLI's help and the docs index.
 * The long explanation lives in docs/rules/<id>.md.
 */
import type { RuleId } from './finding';

export interface RuleDescription {
  readonly id: RuleId;
  /** PascalCase name, as SARIF's `reportingDescriptor.name` wants. */
  readonly name: string;
  readonly summary: string;
}

export const RULES: Readonly<Record<RuleId, RuleDescription>> = {
  'long-file': {
    id: 'long-file',
    name: 'LongFile',
    summary: 'A module with more code lines than the limit, usually several features in one file.',
  },
  'duplicate-block': {
    id: 'duplicate-block',
    name: 'DuplicateBlock',
    summary: 'The same block of code, or the same shape with other names and values, in several places.',
  },
  'logic-heavy-view': {
    id: 'logic-heavy-view',
    name: 'LogicHeavyView',
    summary: 'A Django view that holds business logic (queries, loops, branches, mail) instead of calling a controller.',
  },
  'hand-rolled': {
    id: 'hand-rolled',
    name: 'HandRolled',
    summary: 'Code that re-implements a well-known library (tenacity, django-filter, pagination, serializers, django-environ, django-cors-headers); each entry has its own page.',
  },
  'mixed-responsibilities': {
    id: 'mixed-responsibilities',
    name: 'MixedResponsibilities',
    summary: 'A class whose methods fall into unrelated feature groups (payment, shipping, coupons): several classes in one.',
  },
  observability: {
    id: 'observability',
    name: 'Observability',
    summary: 'A Django project without logging, Prometheus metrics or a development profiler, or code that swallows errors or prints instead of logging.',
  },
  'missing-index': {
    id: 'missing-index',
    name: 'MissingIndex',
    summary: 'A model field the code filters or orders on in several places without a database index, or an index another one makes redundant.',
  },
  'n-plus-one': {
    id: 'n-plus-one',
    name: 'NPlusOne',
    summary: 'A loop, serializer or admin list reads a related object of each row of a queryset that does not select_related/prefetch_related it: one query per row.',
  },
  'unsafe-migration': {
    id: 'unsafe-migration',
    name: 'UnsafeMigration',
    summary: 'A migration operation that locks or rewrites a table in production, breaks the release still running, or cannot be reversed.',
  },
  'hand-written-crud-view': {
    id: 'hand-written-crud-view',
    name: 'HandWrittenCrudView',
    summary: 'A DRF view that lists, creates, retrieves, updates or deletes one model by hand, which a generic view does in a few attributes.',
  },
};
