/**
 * Python expressions as plain data: what the Django project model keeps of a module instead of
 * its syntax tree. Literals stay literals; names, calls and `+` keep their shape so the project
 * can resolve them across modules; anything else is kept as its source text only ("other"), so
 * nothing computed is ever mistaken for a known value. Plain data (no classes, no tree nodes):
 * the per-module facts can be cached and cross worker threads.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import { assertNever } from '../model/assertNever';

export type Literal = string | number | boolean | null;

/** A keyword argument of a call; `name` is undefined for `**spread`. */
export interface KeywordArg {
  readonly name: string | undefined;
  readonly value: Expr;
}

export type Expr =
  | { readonly kind: 'literal'; readonly value: Literal }
  /** A list, tuple or set display. */
  | { readonly kind: 'list'; readonly items: readonly Expr[] }
  /** `*value` in a list or call, `**value` in a dict (an entry without key). */
  | { readonly kind: 'spread'; readonly value: Expr }
  /** A dict display; `**spread` entries have no key. */
  | { readonly kind: 'dict'; readonly entries: readonly { readonly key: Expr | undefined; readonly value: Expr }[] }
  /** A name or a dotted chain of names: `models`, `models.CASCADE`, `settings.AUTH_USER_MODEL`. */
  | { readonly kind: 'name'; readonly name: string }
  /** An attribute of something that is no plain name: `Order.objects.filter(…).distinct`. */
  | { readonly kind: 'attribute'; readonly object: Expr; readonly name: string }
  /** A call, with the (zero-based) line it starts on: a URL pattern or a migration operation is one. */
  | { readonly kind: 'call'; readonly callee: Expr; readonly args: readonly Expr[]; readonly keywords: readonly KeywordArg[]; readonly line: number }
  | { readonly kind: 'binary'; readonly operator: string; readonly left: Expr; readonly right: Expr }
  /** Anything else (f-strings, comprehensions, subscripts, lambdas…), as written (cut at 200 characters). */
  | { readonly kind: 'other'; readonly source: string };

/** Nodes converted per expression before the rest is kept as `other`: a data table is no setting. */
const NODE_BUDGET = 50_000;
const SOURCE_CUT = 200;

/** The expression `node` as plain data. */
export function exprOf(node: SyntaxNode): Expr {
  const budget = { left: NODE_BUDGET };
  return convert(node, budget);
}

function convert(node: SyntaxNode, budget: { left: number }): Expr {
  if (--budget.left < 0) return other(node);
  switch (node.type) {
    case 'parenthesized_expression':
      return node.namedChildren.length === 1 ? convert(node.namedChildren[0], budget) : other(node);
    case 'string':
    case 'concatenated_string': {
      const value = stringValue(node);
      return value === undefined ? other(node) : { kind: 'literal', value };
    }
    case 'integer':
    case 'float': {
      const value = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(value) && !/[jJ]$/.test(node.text) ? { kind: 'literal', value } : other(node);
    }
    case 'true':
    case 'false':
      return { kind: 'literal', value: node.type === 'true' };
    case 'none':
      return { kind: 'literal', value: null };
    case 'unary_operator': {
      const argument = node.childForFieldName('argument');
      const operand = argument ? convert(argument, budget) : undefined;
      const sign = node.childForFieldName('operator')?.text;
      if (operand?.kind === 'literal' && typeof operand.value === 'number' && (sign === '-' || sign === '+')) {
        return { kind: 'literal', value: sign === '-' ? -operand.value : operand.value };
      }
      return other(node);
    }
    case 'list_splat':
    case 'dictionary_splat': {
      const value = node.namedChildren.find(isExpression);
      return value ? { kind: 'spread', value: convert(value, budget) } : other(node);
    }
    case 'list':
    case 'tuple':
    case 'set':
      return { kind: 'list', items: node.namedChildren.filter(isExpression).map((item) => convert(item, budget)) };
    case 'dictionary':
      return { kind: 'dict', entries: node.namedChildren.filter(isExpression).map((entry) => dictEntry(entry, budget)) };
    case 'identifier':
      return { kind: 'name', name: node.text };
    case 'attribute': {
      const object = node.childForFieldName('object');
      const name = node.childForFieldName('attribute')?.text;
      if (!object || !name) return other(node);
      const converted = convert(object, budget);
      return converted.kind === 'name' ? { kind: 'name', name: `${converted.name}.${name}` } : { kind: 'attribute', object: converted, name };
    }
    case 'call':
      return callOf(node, budget);
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const operator = node.childForFieldName('operator')?.text;
      if (!left || !right || !operator) return other(node);
      return { kind: 'binary', operator, left: convert(left, budget), right: convert(right, budget) };
    }
    default:
      return other(node);
  }
}

function callOf(node: SyntaxNode, budget: { left: number }): Expr {
  const callee = node.childForFieldName('function');
  const argumentList = node.childForFieldName('arguments');
  if (!callee || argumentList?.type !== 'argument_list') return other(node);
  const args: Expr[] = [];
  const keywords: KeywordArg[] = [];
  for (const argument of argumentList.namedChildren) {
    if (argument.type === 'keyword_argument') {
      const value = argument.childForFieldName('value');
      keywords.push({ name: argument.childForFieldName('name')?.text, value: value ? convert(value, budget) : other(argument) });
    } else if (argument.type === 'dictionary_splat') {
      keywords.push({ name: undefined, value: convert(argument, budget) });
    } else if (isExpression(argument)) {
      args.push(convert(argument, budget));
    }
  }
  return { kind: 'call', callee: convert(callee, budget), args, keywords, line: node.startPosition.row };
}

function dictEntry(entry: SyntaxNode, budget: { left: number }): { key: Expr | undefined; value: Expr } {
  if (entry.type !== 'pair') return { key: undefined, value: convert(entry, budget) };
  const key = entry.childForFieldName('key');
  const value = entry.childForFieldName('value');
  return { key: key ? convert(key, budget) : undefined, value: value ? convert(value, budget) : other(entry) };
}

function isExpression(node: SyntaxNode): boolean {
  return node.type !== 'comment' && node.type !== ',';
}

function other(node: SyntaxNode): Expr {
  const text = node.text;
  return { kind: 'other', source: text.length > SOURCE_CUT ? `${text.slice(0, SOURCE_CUT)}…` : text };
}

/** The value of a string literal (implicitly concatenated parts too); undefined for f-strings and bytes. */
function stringValue(node: SyntaxNode): string | undefined {
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.map(stringValue);
    return parts.every((part) => part !== undefined) ? parts.join('') : undefined;
  }
  const match = /^([a-zA-Z]*)('''|"""|'|")([\s\S]*)\2$/.exec(node.text);
  if (!match) return undefined;
  const prefix = match[1].toLowerCase();
  if (prefix.includes('f') || prefix.includes('b')) return undefined;
  return prefix.includes('r') ? match[3] : unescape(match[3]);
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', '\n': '' };

function unescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[\s\S])/g, (whole, code: string) => {
    if (code.length > 1) return String.fromCharCode(parseInt(code.slice(1), 16));
    return ESCAPES[code] ?? whole;
  });
}

// Readers of expressions, shared by the concepts.

/** The string a literal holds. */
export function stringOf(expr: Expr | undefined): string | undefined {
  return expr?.kind === 'literal' && typeof expr.value === 'string' ? expr.value : undefined;
}

/** The boolean a literal holds. */
export function booleanOf(expr: Expr | undefined): boolean | undefined {
  return expr?.kind === 'literal' && typeof expr.value === 'boolean' ? expr.value : undefined;
}

/** The number a literal holds. */
export function numberOf(expr: Expr | undefined): number | undefined {
  return expr?.kind === 'literal' && typeof expr.value === 'number' ? expr.value : undefined;
}

/** The strings of a list of string literals (`["a", "b"]`, `("a",)`); undefined when any item is not one. */
export function stringsOf(expr: Expr | undefined): string[] | undefined {
  if (expr?.kind !== 'list') return undefined;
  const strings = expr.items.map(stringOf);
  return strings.every((s): s is string => s !== undefined) ? strings : undefined;
}

/** The dotted name an expression is (`models.CASCADE`). */
export function nameOf(expr: Expr | undefined): string | undefined {
  return expr?.kind === 'name' ? expr.name : undefined;
}

/** A keyword argument's value. */
export function keywordOf(call: Extract<Expr, { kind: 'call' }>, name: string): Expr | undefined {
  return call.keywords.find((keyword) => keyword.name === name)?.value;
}

/** An argument given by position or by keyword (`ForeignKey(Model, models.CASCADE)` / `on_delete=`). */
export function argumentOf(call: Extract<Expr, { kind: 'call' }>, position: number, name: string): Expr | undefined {
  return keywordOf(call, name) ?? call.args[position];
}

/** The last part of what a call calls: `models.ForeignKey(…)` → `ForeignKey`. */
export function calleeName(call: Extract<Expr, { kind: 'call' }>): string | undefined {
  const callee = call.callee;
  if (callee.kind === 'name') return callee.name.slice(callee.name.lastIndexOf('.') + 1);
  return callee.kind === 'attribute' ? callee.name : undefined;
}

/** The expression as source-like text, for messages and for values that are not literal. */
export function sourceOf(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      if (typeof expr.value === 'boolean') return expr.value ? 'True' : 'False';
      return typeof expr.value === 'string' ? JSON.stringify(expr.value) : expr.value === null ? 'None' : String(expr.value);
    case 'list':
      return `[${expr.items.map(sourceOf).join(', ')}]`;
    case 'dict':
      return `{${expr.entries.map((e) => (e.key ? `${sourceOf(e.key)}: ${sourceOf(e.value)}` : `**${sourceOf(e.value)}`)).join(', ')}}`;
    case 'spread':
      return `*${sourceOf(expr.value)}`;
    case 'name':
      return expr.name;
    case 'attribute':
      return `${sourceOf(expr.object)}.${expr.name}`;
    case 'call': {
      const args = [...expr.args.map(sourceOf), ...expr.keywords.map((k) => (k.name ? `${k.name}=${sourceOf(k.value)}` : `**${sourceOf(k.value)}`))];
      return `${sourceOf(expr.callee)}(${args.join(', ')})`;
    }
    case 'binary':
      return `${sourceOf(expr.left)} ${expr.operator} ${sourceOf(expr.right)}`;
    case 'other':
      return expr.source;
    default:
      return assertNever(expr);
  }
}
