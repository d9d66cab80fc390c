/**
 * Module-level values, evaluated statically: what a settings module (through its `from .base
 * import *` chain) or a models module's `STATUS_CHOICES` holds, as plain data. Literals, lists,
 * dicts, `+` and the list methods Django settings use (`append`, `extend`, `insert`, `remove`)
 * are followed; anything computed (environment lookups, function calls, paths, assignments in
 * an `if`/`try`, mutations through a subscript) is `Unknown`, with its source. Never a guess.
 */
import { assertNever } from '../model/assertNever';
import { sourceOf, stringOf, type Expr, type Literal } from './expr';
import type { DjangoModuleFacts, ModuleStatement } from './moduleFacts';
import type { ProjectNames } from './names';

/** A value that cannot be known without running the code; `source` says what it was written as. */
export interface Unknown {
  readonly unknown: true;
  readonly source: string;
}

/** A value as data: literals, lists (lists, tuples, sets), dicts with string keys; `Unknown` where computed. */
export type StaticValue = Literal | readonly StaticValue[] | { readonly [key: string]: StaticValue } | Unknown;

/** A `T` read from the code, or why it could not be. */
export type Known<T> = T | Unknown;

export function unknown(source: string): Unknown {
  return { unknown: true, source };
}

export function isUnknown(value: unknown): value is Unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && (value as Unknown).unknown === true && typeof (value as Unknown).source === 'string';
}

/** A list of strings, or unknown (with the first item that is no string). */
export function knownStrings(value: StaticValue | undefined, source = 'missing'): Known<string[]> {
  if (value === undefined) return unknown(source);
  if (!Array.isArray(value)) return isUnknown(value) ? value : unknown(JSON.stringify(value));
  const items = value as readonly StaticValue[];
  const odd = items.find((item) => typeof item !== 'string');
  if (odd !== undefined) return isUnknown(odd) ? odd : unknown(JSON.stringify(odd));
  return items as string[];
}

/** A string, or unknown. */
export function knownString(value: StaticValue | undefined, source = 'missing'): Known<string> {
  if (typeof value === 'string') return value;
  return isUnknown(value) ? value : unknown(value === undefined ? source : JSON.stringify(value));
}

/** The string literal `expr` is, or unknown (`missing` when there is no expression). */
export function stringLiteral(expr: Expr | undefined): Known<string> {
  if (expr === undefined) return unknown('missing');
  return stringOf(expr) ?? unknown(sourceOf(expr));
}

/** A dict value's entries, when it is a known dict. */
export function dictOf(value: StaticValue | undefined): { readonly [key: string]: StaticValue } | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value)
    ? (value as { readonly [key: string]: StaticValue })
    : undefined;
}

const LIST_METHODS = new Set(['append', 'extend', 'insert', 'remove']);
/** Names starting with an underscore are not star-imported. */
const PRIVATE = /^_/;

type Environment = Map<string, StaticValue>;

/** Evaluates the modules of a project lazily, each once. */
export class ModuleValues {
  private readonly environments = new Map<string, Environment>();
  private readonly evaluating = new Set<string>();

  constructor(private readonly names: ProjectNames) {}

  /** Every module-level name of the module at `path` with its value after the module ran. */
  environment(path: string): ReadonlyMap<string, StaticValue> {
    const done = this.environments.get(path);
    if (done) return done;
    const facts = this.names.modules.get(path);
    if (!facts || this.evaluating.has(path)) return new Map();
    this.evaluating.add(path);
    const environment: Environment = new Map();
    for (const statement of facts.statements) this.run(facts, statement, environment);
    this.evaluating.delete(path);
    this.environments.set(path, environment);
    return environment;
  }

  /** The value of `expr` written at module level of `path` (names read from that module's final values). */
  evaluate(path: string, expr: Expr): StaticValue {
    return this.value(path, expr, this.environment(path));
  }

  private run(facts: DjangoModuleFacts, statement: ModuleStatement, environment: Environment): void {
    const conditionally = (value: StaticValue, source: string): StaticValue =>
      statement.conditional ? unknown(`${source} (conditional)`) : value;
    switch (statement.kind) {
      case 'assign': {
        const value = conditionally(this.value(facts.path, statement.value, environment), sourceOf(statement.value));
        for (const target of statement.targets) environment.set(target, value);
        return;
      }
      case 'augment': {
        const current = this.name(facts.path, statement.target, environment);
        const value = combine(statement.operator, current, this.value(facts.path, statement.value, environment), statement.target);
        environment.set(statement.target, conditionally(value, `${statement.target} ${statement.operator}= ${sourceOf(statement.value)}`));
        return;
      }
      case 'call':
        this.mutateByCall(facts.path, statement.call, environment, statement.conditional);
        return;
      case 'mutate':
        environment.set(statement.target, unknown(`${statement.target} changed in place`));
        return;
      case 'starImport': {
        const module = this.names.importedModule(facts.path, statement.module);
        if (!module) return;
        for (const [name, value] of this.environment(module)) {
          if (!PRIVATE.test(name)) environment.set(name, conditionally(value, `from ${statement.module} import *`));
        }
        return;
      }
      default:
        assertNever(statement);
    }
  }

  /** `INSTALLED_APPS.append("x")` and the like; any other method call on a module value may change it. */
  private mutateByCall(path: string, call: Extract<Expr, { kind: 'call' }>, environment: Environment, conditional: boolean): void {
    const callee = sourceOf(call.callee);
    const match = /^(\w+)\.(\w+)$/.exec(callee);
    const target = match?.[1] ?? /^\w+/.exec(callee)?.[0];
    if (!target || !environment.has(target)) return;
    const current = environment.get(target)!;
    if (!match || conditional || !LIST_METHODS.has(match[2]) || !Array.isArray(current)) {
      environment.set(target, unknown(`${sourceOf(call)}${conditional ? ' (conditional)' : ''}`));
      return;
    }
    const list = [...(current as readonly StaticValue[])];
    const args = call.args.map((arg) => this.value(path, arg, environment));
    const method = match[2];
    if (method === 'append' && args.length === 1) list.push(args[0]);
    else if (method === 'extend' && args.length === 1 && Array.isArray(args[0])) list.push(...(args[0] as readonly StaticValue[]));
    else if (method === 'insert' && args.length === 2 && typeof args[0] === 'number') list.splice(args[0], 0, args[1]);
    else if (method === 'remove' && args.length === 1 && list.includes(args[0])) list.splice(list.indexOf(args[0]), 1);
    else {
      environment.set(target, unknown(sourceOf(call)));
      return;
    }
    environment.set(target, list);
  }

  private value(path: string, expr: Expr, environment: ReadonlyMap<string, StaticValue>): StaticValue {
    switch (expr.kind) {
      case 'literal':
        return expr.value;
      case 'list':
        return this.items(path, expr.items, environment, sourceOf(expr));
      case 'dict': {
        const entries: [string, StaticValue][] = [];
        for (const entry of expr.entries) {
          const key = entry.key ? this.value(path, entry.key, environment) : undefined;
          if (typeof key !== 'string' && typeof key !== 'number') return unknown(sourceOf(expr));
          entries.push([String(key), this.value(path, entry.value, environment)]);
        }
        return Object.fromEntries(entries);
      }
      case 'name':
        return expr.name.includes('.') ? unknown(expr.name) : this.name(path, expr.name, environment);
      case 'binary':
        return combine(expr.operator, this.value(path, expr.left, environment), this.value(path, expr.right, environment), sourceOf(expr));
      default:
        return unknown(sourceOf(expr));
    }
  }

  /** List items, `*spread` ones flattened when known. */
  private items(path: string, items: readonly Expr[], environment: ReadonlyMap<string, StaticValue>, source: string): StaticValue {
    const values: StaticValue[] = [];
    for (const item of items) {
      if (item.kind !== 'spread') {
        values.push(this.value(path, item, environment));
        continue;
      }
      const spread = this.value(path, item.value, environment);
      if (!Array.isArray(spread)) return unknown(source);
      values.push(...(spread as readonly StaticValue[]));
    }
    return values;
  }

  /** A plain name: bound earlier in the module, or imported from a workspace module. */
  private name(path: string, name: string, environment: ReadonlyMap<string, StaticValue>): StaticValue {
    const local = environment.get(name);
    if (local !== undefined) return local;
    const binding = this.names.modules.get(path)?.imports.filter((candidate) => candidate.localName === name).pop();
    const module = binding?.importedName ? this.names.importedModule(path, binding.module) : undefined;
    const imported = module ? this.environment(module).get(binding!.importedName!) : undefined;
    return imported ?? unknown(name);
  }
}

/** `a + b` and the arithmetic settings use (`60 * 60 * 24`); anything else is unknown. */
function combine(operator: string, left: StaticValue, right: StaticValue, source: string): StaticValue {
  if (operator === '+' && Array.isArray(left) && Array.isArray(right)) return [...(left as StaticValue[]), ...(right as StaticValue[])];
  if (operator === '+' && typeof left === 'string' && typeof right === 'string') return left + right;
  if (typeof left === 'number' && typeof right === 'number') {
    if (operator === '+') return left + right;
    if (operator === '-') return left - right;
    if (operator === '*') return left * right;
  }
  return unknown(source);
}
