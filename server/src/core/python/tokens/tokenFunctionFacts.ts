/**
 * The view candidates of a module and their metrics from its tokens, as collectFunctionFacts
 * (functionFacts.ts) reads them from the tree: the same candidates, and the counts tree-sitter's
 * nodes would give (calls and conditional expressions as the syntax check recorded them;
 * statements, loops, branches and nesting from the block structure). Undefined when unsure: a
 * comment among a candidate's parameters, or a call or conditional inside an f-string field.
 */
import { CallCounts, HANDLER_METHODS, isActionDecorator, VIEW_DECORATOR, type Callee, type FunctionFacts, type LogicMetrics } from '../functionFacts';
import { fStringFields } from './literalSyntax';
import type { TokenStatement } from './tokenBlocks';
import { UNSURE, type TokenSource } from './tokenSource';
import { CALLEE_ATTRIBUTE, CALLEE_NAME, NAME, STRING } from './tokenCursor';

/** The view candidates of the module read by `source`; throws UNSURE when the tree must measure them. */
export function functionFactsFromTokens(source: TokenSource, usesFramework: boolean): FunctionFacts[] {
  return source.layout.statements.flatMap((statement) => candidatesIn(source, statement, usesFramework));
}

function candidatesIn(source: TokenSource, statement: TokenStatement, usesFramework: boolean): FunctionFacts[] {
  const keyword = source.definitionKeyword(statement);
  if (keyword === 'def') {
    const parameters = parametersOf(source, statement);
    const first = parameters[0];
    const candidate = (first !== undefined && (usesFramework || first === 'request')) || source.decorators(statement).some((d) => VIEW_DECORATOR.test(d));
    return candidate ? [factsOf(source, statement, parameters, undefined)] : [];
  }
  if (keyword !== 'class') return [];
  const className = source.tokenText(source.nameIndex(statement));
  return statement.clauses[0].body.flatMap((member) => {
    if (source.definitionKeyword(member) !== 'def') return [];
    const name = source.tokenText(source.nameIndex(member));
    const handler = HANDLER_METHODS.has(name) || name.startsWith('perform_') || source.decorators(member).some(isActionDecorator);
    return handler ? [factsOf(source, member, parametersOf(source, member), className)] : [];
  });
}

function factsOf(source: TokenSource, definition: TokenStatement, parameters: string[], className: string | undefined): FunctionFacts {
  const name = source.nameIndex(definition);
  return {
    name: source.tokenText(name),
    className,
    range: source.rangeOf(definition),
    nameRange: source.tokenRange(name),
    parameters,
    decorators: source.decorators(definition),
    metrics: measure(source, definition),
  };
}

/** Each parameter's name as parameterName reads it: `*args: int` (a typed splat) whole, `*` and `/` as written. */
function parametersOf(source: TokenSource, definition: TokenStatement): string[] {
  const open = source.nameIndex(definition) + 1;
  const close = source.closing(open);
  if (source.hasComment(open, close)) throw UNSURE;
  return source.split(open + 1, close - 1).map(([first, last]) => {
    const symbol = source.sym(first);
    if (symbol === NAME) return source.tokenText(first);
    const splat = (symbol === '*' || symbol === '**') && source.sym(first + 1) === NAME;
    return splat && last === first + 1 ? source.tokenText(first + 1) : source.slice(first, last);
  });
}

function measure(source: TokenSource, definition: TokenStatement): LogicMetrics {
  const from = definition.clauses[0].colon + 1;
  const to = definition.last;
  for (let i = from; i <= to; i++) {
    if (source.sym(i) === STRING && hasFieldWithCalls(source.tokenText(i))) throw UNSURE;
  }
  const counts = new CallCounts();
  for (const call of callsIn(source, from, to)) counts.add(call);
  const conditionals = source.layout.conditionals.filter((i) => i >= from && i <= to).length;
  const blocks = { statements: 0, loops: 0, branches: 0, nesting: 0 };
  countStatements(source, definition.clauses[0].body, 0, blocks);
  return {
    ormCalls: counts.ormCalls,
    loops: blocks.loops,
    branches: blocks.branches + conditionals,
    statements: blocks.statements,
    nesting: blocks.nesting,
    sideEffects: counts.sideEffects,
  };
}

/** Whether an f-string has a field that may hold a call or a conditional expression. */
function hasFieldWithCalls(literal: string): boolean {
  const quote = /['"]/.exec(literal);
  if (!quote || !/[fF]/.test(literal.slice(0, quote.index))) return false;
  const delimiter = literal.startsWith(quote[0].repeat(3), quote.index) ? 3 : 1;
  const fields = fStringFields(literal.slice(quote.index + delimiter, literal.length - delimiter)) ?? [];
  return fields.some((field) => /\(|\bif\b/.test(field));
}

/** The callees of the calls whose `(` lies in `[from, to]`, outer chain links only, in document order. */
function callsIn(source: TokenSource, from: number, to: number): (Callee | undefined)[] {
  const recorded = source.layout.calls;
  const inRange: number[] = [];
  for (let c = 0; c < recorded.length; c += 5) if (recorded[c + 1] >= from && recorded[c + 1] <= to) inRange.push(c);
  // Document order is the tree's pre-order: by first token, an enclosing call before the calls it holds.
  inRange.sort((a, b) => recorded[a] - recorded[b] || recorded[b + 2] - recorded[a + 2]);
  return inRange
    .filter((c) => {
      const close = recorded[c + 2];
      return !(source.sym(close + 1) === '.' && source.sym(close + 2) === NAME && source.sym(close + 3) === '(');
    })
    .map((c): Callee | undefined => {
      const [first, open, , kind, dot] = recorded.slice(c, c + 5);
      if (kind === CALLEE_NAME) return { kind: 'name', name: source.tokenText(first) };
      if (kind !== CALLEE_ATTRIBUTE) return undefined;
      return { kind: 'attribute', method: source.tokenText(open - 1), receiver: source.slice(first, dot - 1) };
    });
}

/** Counts as the tree's node types would: statements, loops, `if`/`elif`/`except` branches, nesting of blocks. */
function countStatements(
  source: TokenSource,
  body: readonly TokenStatement[],
  depth: number,
  into: { statements: number; loops: number; branches: number; nesting: number },
): void {
  for (const statement of body) {
    const keyword = source.definitionKeyword(statement);
    if (keyword === undefined) {
      const first = source.sym(statement.first);
      if (first !== 'import' && first !== 'from') into.statements++;
      continue;
    }
    into.statements++;
    if (keyword === 'for' || keyword === 'while') into.loops++;
    for (const clause of statement.clauses) {
      const clauseKeyword = source.sym(clause.first);
      if (clauseKeyword === 'if' || clauseKeyword === 'elif' || clauseKeyword === 'except') into.branches++;
      into.nesting = Math.max(into.nesting, depth + 1);
      countStatements(source, clause.body, depth + 1, into);
    }
  }
}
