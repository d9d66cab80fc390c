/**
 * The check stored `crudHandlers` facts (core/django/crud/crudHandlers.ts) pass before use, as
 * storedFacts.ts checks the Django facts: typed against the facts, so a field added there and
 * missed here fails to compile.
 */
import type { CrudCandidate, CrudHandler, CrudModuleFacts } from '../../core/django/crud/crudHandlers';
import type { CrudShape, Lookup } from '../../core/django/crud/crudOperations';
import type { FormViewCandidate } from '../../core/django/crud/formViews';
import type { MovedCode } from '../../core/django/crud/movedCode';
import type { ReadViewCandidate } from '../../core/django/crud/readViews';
import { range } from './storedOutline';
import { arrayOf, isBoolean, isInteger, isString, object, oneOf, optional, type Check } from './valueChecks';

const isMovedCode: Check<MovedCode> = object({ text: isString, strandedLocals: arrayOf(isString), perRequest: isBoolean });
const isLookup: Check<Lookup> = object({ source: isMovedCode, modelName: optional(isString), field: isString, urlKwarg: isString, missing: oneOf('http404', 'bare404') });

const isShape: Check<CrudShape> = (value): value is CrudShape => {
  if (!object({ kind: oneOf('list', 'create', 'retrieve', 'update', 'destroy', 'other') })(value)) return false;
  const shape = value as Record<string, unknown>;
  const performs = optional(isMovedCode)(shape.perform);
  switch (shape.kind) {
    case 'other':
      return isString(shape.reason);
    case 'list':
      return isString(shape.serializer) && isMovedCode(shape.queryset) && isInteger(shape.status);
    case 'create':
      return isString(shape.serializer) && performs && isInteger(shape.status);
    case 'retrieve':
      return isString(shape.serializer) && isLookup(shape.lookup) && isInteger(shape.status);
    case 'update':
      return isString(shape.serializer) && isLookup(shape.lookup) && isBoolean(shape.partial) && performs && isInteger(shape.status);
    default:
      return isLookup(shape.lookup) && performs && isInteger(shape.status) && isBoolean(shape.body);
  }
};

const isHandler: Check<CrudHandler> = object({ method: isString, range, shape: isShape });
const isCandidate: Check<CrudCandidate> = object({
  kind: oneOf('class', 'function'),
  name: isString,
  range,
  handlers: arrayOf(isHandler),
  otherMethods: arrayOf(isString),
  lookupHelper: optional(range),
  docstring: optional(isString),
});

/** A plain Django view's lookup, `get_object_or_404(Model, field=kwarg)`. */
const isPageLookup = object({ model: isString, field: isString, urlKwarg: isString });

export const isFormViewCandidate: Check<FormViewCandidate> = object({
  name: isString,
  range,
  docstring: optional(isString),
  operation: oneOf('create', 'update'),
  form: isString,
  files: isBoolean,
  lookup: optional(isPageLookup),
  success: (value: unknown): value is FormViewCandidate['success'] => value === 'object' || object({ url: isString })(value) || object({ reverse: isString })(value),
  template: isString,
  objectKey: optional(isString),
  successMessage: optional(isString),
  validMessage: optional(isString),
  invalidMessage: optional(isString),
  orNone: optional(isBoolean),
  classBased: optional(isBoolean),
  refusal: optional(isString),
});

export const isReadViewCandidate: Check<ReadViewCandidate> = object({
  name: isString,
  range,
  docstring: optional(isString),
  kind: oneOf('list', 'detail'),
  template: isString,
  keys: arrayOf(isString),
  queryset: optional(isMovedCode),
  model: optional(isString),
  lookup: optional(isPageLookup),
  objectKey: isString,
  pagination: optional(object({ perPage: isString, pageParameter: isString })),
  refusal: optional(isString),
});

export const isCrudModuleFacts: Check<CrudModuleFacts> = object({ candidates: arrayOf(isCandidate) });
