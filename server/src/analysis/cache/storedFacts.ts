/**
 * The check every stored module's facts (what the project rules keep of a module, see
 * detectors/projectDetector.ts) pass before use, like the outline's (storedOutline.ts). Typed
 * against ModuleFacts: a field a stage adds there and misses here fails to compile.
 */
import type { Expr, KeywordArg } from '../../core/django/expr';
import type { AttributeFacts, ClassFacts, DjangoModuleFacts, FunctionDefinition, MethodFacts, ModuleStatement } from '../../core/django/moduleFacts';
import type { DatabaseModuleFacts, FieldRead } from '../../core/database/fieldReads';
import type { ModuleFacts } from '../../detectors/projectDetector';
import type { ObservabilityFacts } from '../../core/observability/codeFacts';
import { isCrudModuleFacts, isFormViewCandidate, isReadViewCandidate } from './storedCrudFacts';
import { importBinding, range } from './storedOutline';
import { HAND_ROLLED_ENTRIES } from '../../core/handRolled/catalogue';
import type { HandRolledFacts, HandRolledOccurrence } from '../../core/handRolled/facts';
import type { MethodShape } from '../../core/handRolled/classMethods';
import { isQueryFacts } from './storedQueries';
import { arrayOf, isBoolean, isCount, isString, object, oneOf, optional, type Check } from './valueChecks';

const isLiteral = (value: unknown): value is Extract<Expr, { kind: 'literal' }>['value'] =>
  value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/** Recursive, so written out rather than composed: `object` would need the check before it exists. */
export const isExpr: Check<Expr> = (value): value is Expr => {
  if (typeof value !== 'object' || value === null) return false;
  const expr = value as Record<string, unknown>;
  switch (expr.kind) {
    case 'literal':
      return isLiteral(expr.value);
    case 'list':
      return arrayOf(isExpr)(expr.items);
    case 'spread':
      return isExpr(expr.value);
    case 'dict':
      return arrayOf(object({ key: optional(isExpr), value: isExpr }))(expr.entries);
    case 'name':
      return isString(expr.name);
    case 'attribute':
      return isExpr(expr.object) && isString(expr.name);
    case 'call':
      return isExpr(expr.callee) && arrayOf(isExpr)(expr.args) && arrayOf(isKeyword)(expr.keywords) && isCount(expr.line);
    case 'binary':
      return isString(expr.operator) && isExpr(expr.left) && isExpr(expr.right);
    case 'other':
      return isString(expr.source);
    default:
      return false;
  }
};

const isKeyword: Check<KeywordArg> = object({ name: optional(isString), value: isExpr });
const isCall = (value: unknown): value is Extract<Expr, { kind: 'call' }> => isExpr(value) && value.kind === 'call';

const isAttribute: Check<AttributeFacts> = object({ name: isString, value: isExpr, range });
const isMethod: Check<MethodFacts> = object({ name: isString, decorators: arrayOf(isExpr), range });
const isClass: Check<ClassFacts> = (value): value is ClassFacts =>
  object({
    name: isString,
    range,
    bases: arrayOf(isExpr),
    decorators: arrayOf(isExpr),
    attributes: arrayOf(isAttribute),
    methods: arrayOf(isMethod),
    classes: arrayOf(isClass),
  })(value);
const isFunction: Check<FunctionDefinition> = object({ name: isString, range, decorators: arrayOf(isExpr), parameters: arrayOf(isString) });

const isStatement: Check<ModuleStatement> = (value): value is ModuleStatement => {
  if (!object({ conditional: isBoolean, range, kind: oneOf('assign', 'augment', 'call', 'mutate', 'starImport') })(value)) return false;
  const statement = value as Record<string, unknown>;
  switch (statement.kind) {
    case 'assign':
      return arrayOf(isString)(statement.targets) && isExpr(statement.value);
    case 'augment':
      return isString(statement.target) && isString(statement.operator) && isExpr(statement.value);
    case 'call':
      return isCall(statement.call);
    case 'mutate':
      return isString(statement.target);
    default:
      return isString(statement.module);
  }
};

const isDjangoFacts: Check<DjangoModuleFacts> = object({
  path: isString,
  names: arrayOf(isString),
  imports: arrayOf(importBinding),
  classes: arrayOf(isClass),
  functions: arrayOf(isFunction),
  statements: arrayOf(isStatement),
  settingsModules: arrayOf(isString),
});

const isOccurrence: Check<HandRolledOccurrence> = object({
  entry: oneOf(...HAND_ROLLED_ENTRIES),
  range,
  detail: isString,
  conversion: optional((value: unknown): value is NonNullable<HandRolledOccurrence['conversion']> =>
    object({ convertible: isBoolean })(value) && (value.convertible === true || isString((value as { reason?: unknown }).reason))),
});

const isMethodShape: Check<MethodShape> = object({ name: isString, nameRange: range, range, references: arrayOf(isString), codeLines: isCount });

const isHandRolledFacts: Check<HandRolledFacts> = object({
  occurrences: arrayOf(isOccurrence),
  classes: arrayOf(object({ name: isString, nameRange: range, bases: arrayOf(isString), methods: arrayOf(isMethodShape) })),
});

const isObservabilityFacts: Check<ObservabilityFacts> = object({ swallowed: arrayOf(object({ clause: isString, range })), prints: arrayOf(range) });

const isFieldRead: Check<FieldRead> = object({ name: isString, kind: oneOf('lookup', 'attribute', 'option'), model: optional(isString), receiver: optional(isString), range });
const isDatabaseFacts: Check<DatabaseModuleFacts> = object({ fieldReads: arrayOf(isFieldRead), modelImports: arrayOf(object({ module: isString, range })) });

export const isModuleFacts: Check<ModuleFacts> = object({
  django: isDjangoFacts,
  handRolled: isHandRolledFacts,
  observability: isObservabilityFacts,
  queries: isQueryFacts,
  database: isDatabaseFacts,
  crudHandlers: isCrudModuleFacts,
  formViews: arrayOf(isFormViewCandidate),
  readViews: arrayOf(isReadViewCandidate),
});

/** Stored facts name their module relative to nothing: the path is the entry's, put back when read. */
export function factsAt(facts: ModuleFacts, path: string): ModuleFacts {
  return { ...facts, django: { ...facts.django, path } };
}
