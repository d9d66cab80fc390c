/**
 * The check stored query facts (core/queries/queryFacts.ts) pass before use, with the rest of a
 * module's facts (storedFacts.ts). Typed against QueryFacts: a field added there and missed here
 * fails to compile.
 */
import type { AttributeRead, FunctionScope, ManySerializerCall, QueryChain, QueryFacts, QueryLoop, QueryStep } from '../../core/queries/queryFacts';
import type { ContextEntry, TemplateRender } from '../../core/queries/templateRenders';
import { position, range } from './storedOutline';
import { arrayOf, isBoolean, isCount, isString, object, oneOf, optional, type Check } from './valueChecks';

const isStep: Check<QueryStep> = object({ name: isString, keywords: arrayOf(isString), qLookups: arrayOf(isString), strings: arrayOf(isString), ownQuerysets: arrayOf(isString), range });

const isChain: Check<QueryChain> = object({
  receiver: isString,
  receiverEnd: position,
  receiverChain: optional(isCount),
  steps: arrayOf(isStep),
  range,
  scope: isString,
  assignedTo: optional(isString),
  returned: isBoolean,
});

const isLoop: Check<QueryLoop> = object({
  kind: oneOf('for', 'comprehension'),
  variable: optional(isString),
  iterable: isString,
  iterableChain: optional(isCount),
  range,
  scope: isString,
});

const isRead: Check<AttributeRead> = object({ root: isString, path: arrayOf(isString), range, scope: isString, loop: optional(isCount) });

const isSerializerCall: Check<ManySerializerCall> = object({ serializer: isString, argument: isString, argumentChain: optional(isCount), range, scope: isString });

const isFunctionScope: Check<FunctionScope> = object({ scope: isString, cls: optional(isString), name: isString, parameters: arrayOf(isString), range });

const isContextEntry: Check<ContextEntry> = object({ name: isString, value: isString, chain: optional(isCount) });

const isRender: Check<TemplateRender> = object({
  kind: oneOf('call', 'contextMethod', 'templateNames', 'inclusionTag'),
  scope: isString,
  templates: arrayOf(isString),
  context: arrayOf(isContextEntry),
  range,
  selfAttribute: optional(isString),
  contextParameter: optional(isString),
  returnsContext: optional(isBoolean),
});

export const isQueryFacts: Check<QueryFacts> = object({
  chains: arrayOf(isChain),
  loops: arrayOf(isLoop),
  reads: arrayOf(isRead),
  serializerCalls: arrayOf(isSerializerCall),
  functions: arrayOf(isFunctionScope),
  renders: arrayOf(isRender),
});
