/**
 * The small syntax questions the CRUD recognisers ask of tree-sitter's Python nodes: a
 * statement's expression, a block's statements, a call's arguments, a `return Response(…)` or
 * `return render(…)`.
 */
import type { SyntaxNode } from '../../parse/syntaxNode';

export interface ResponseFacts {
  readonly data?: string;
  readonly dataNode?: SyntaxNode;
  readonly status: number;
}

/** `return Response(data, status=…)` with a literal or `status.HTTP_…` code (200 without one). */
export function responseOf(statement: SyntaxNode | undefined): ResponseFacts | undefined {
  if (statement?.type !== 'return_statement') return undefined;
  const call = statement.namedChildren[0];
  if (call?.type !== 'call' || call.childForFieldName('function')?.text !== 'Response') return undefined;
  const args = argumentsOf(call);
  const [data, ...more] = positional(call);
  if (more.length > 0 || args.some((arg) => arg.type === 'keyword_argument' && !['status', 'data'].includes(arg.childForFieldName('name')?.text ?? ''))) return undefined;
  const given = keyword(call, 'data') ?? data;
  const code = keyword(call, 'status');
  const status = code === undefined ? 200 : statusCode(code);
  return status === undefined ? undefined : { data: given?.text, dataNode: given, status };
}

function statusCode(node: SyntaxNode): number | undefined {
  if (node.type === 'integer') return Number(node.text);
  const match = /^(?:status\.)?HTTP_(\d{3})_\w+$/.exec(node.text);
  return match ? Number(match[1]) : undefined;
}

/** The expression of an expression statement (an assignment is one in tree-sitter's grammar). */
export function expressionOf(statement: SyntaxNode): SyntaxNode | undefined {
  return statement.type === 'expression_statement' ? (statement.namedChildren[0] ?? undefined) : undefined;
}

/** A block's statements, comments and a leading docstring left out. */
export function statementsOf(block: SyntaxNode | null | undefined): SyntaxNode[] {
  const statements = (block?.namedChildren ?? []).filter((child) => child.type !== 'comment' && child.type !== 'pass_statement');
  return statements[0] && expressionOf(statements[0])?.type === 'string' ? statements.slice(1) : statements;
}

export function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg) => arg.type !== 'comment');
}

export function positional(call: SyntaxNode): SyntaxNode[] {
  return argumentsOf(call).filter((arg) => arg.type !== 'keyword_argument');
}

export function keyword(call: SyntaxNode, name: string): SyntaxNode | undefined {
  const arg = argumentsOf(call).find((candidate) => candidate.type === 'keyword_argument' && candidate.childForFieldName('name')?.text === name);
  return arg?.childForFieldName('value') ?? undefined;
}

export function calleeText(call: SyntaxNode): string {
  return call.childForFieldName('function')!.text;
}

/** A `return render(request, "template", {"key": name, …})` of a plain Django view. */
export interface RenderFacts {
  /** The template name, as written (a string literal). */
  readonly template: string;
  /** The context's keys with the names they pass. */
  readonly keys: readonly (readonly [string, string])[];
  /** What a generic view's `render_to_response` could not say the same way. */
  readonly refusals: readonly string[];
}

/** `return render(request, "template", {"key": name, …})`: the template and the context's keys with the names they pass. */
export function renderOf(statement: SyntaxNode | undefined, request: string): RenderFacts | undefined {
  const call = statement?.type === 'return_statement' ? statement.namedChildren[0] : undefined;
  if (call?.type !== 'call' || call.childForFieldName('function')?.text !== 'render') return undefined;
  const args = argumentsOf(call);
  const [given, template, context] = args;
  if (given?.text !== request || template?.type !== 'string' || context?.type !== 'dictionary') return undefined;
  const keys: [string, string][] = [];
  for (const pair of context.namedChildren) {
    const key = pair.childForFieldName('key');
    const value = pair.childForFieldName('value');
    const name = key && /^(['"])(\w+)\1$/.exec(key.text)?.[2];
    if (pair.type !== 'pair' || !name || value?.type !== 'identifier') return undefined;
    keys.push([name, value.text]);
  }
  const refusals = args.length > 3 ? [`it renders with \`${args.slice(3).map((arg) => arg.text).join(', ')}\``] : [];
  if (/^[a-zA-Z]*f/.test(template.text)) refusals.push('its template name is computed');
  return { template: template.text, keys, refusals };
}

/** What `candidate` makes of each top-level function of the module parsed as `root` (decorators included in `statement`). */
export function topLevelFunctions<T>(root: SyntaxNode, candidate: (statement: SyntaxNode, definition: SyntaxNode) => T | undefined): T[] {
  const found: T[] = [];
  for (const statement of root.namedChildren) {
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    const made = definition?.type === 'function_definition' ? candidate(statement, definition) : undefined;
    if (made !== undefined) found.push(made);
  }
  return found;
}
