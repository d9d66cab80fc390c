/**
 * Copies of a block that differ in an expression (`total + 1` / `total`, `len(items)` / `count`)
 * can share one function when the difference is passed in without changing when it is
 * evaluated:
 *
 * - as a **value** when it is evaluated exactly once (not in a loop, a branch, a
 *   comprehension…) and before anything in the block that may change what it reads or see what
 *   it changes (a call but of a pure builtin, an assignment to an attribute or an item, a
 *   rebinding of a name it reads), and, when it may have effects itself (a call), before
 *   anything that may fail (an attribute read, an item, arithmetic): computing it at the call
 *   then keeps the order, and it never runs where the copy would have stopped first;
 * - else as a **callable** (`lambda: total + 1`, called where the expression stood) when it reads
 *   nothing the block binds: it then runs at the same moment, as often, on the same names;
 * - else not at all, and the reason says which.
 */
import type { Node } from 'web-tree-sitter';
import { PYTHON_BUILTINS } from '../analysis/pythonBuiltins';
import { nameFlow } from '../analysis/dataFlow';

/** Builtins whose call computes a value and changes nothing (unless the module rebinds the name). */
const PURE_BUILTINS = new Set(['abs', 'all', 'any', 'bool', 'dict', 'divmod', 'float', 'frozenset', 'int', 'isinstance', 'issubclass', 'len', 'list', 'max', 'min', 'repr', 'round', 'set', 'sorted', 'str', 'sum', 'tuple', 'bytes', 'hash', 'ord', 'chr']);

/** What could move a value's evaluation: a call, or a store into an object. */
const EFFECTS = new Set(['call', 'await', 'yield', 'augmented_assignment', 'delete_statement', 'raise_statement', 'assert_statement', 'print_statement', 'exec_statement']);

/** What may raise before an expression is reached (beside effects): reading an attribute or an item, operators, imports. */
const MAY_FAIL = new Set([...EFFECTS, 'attribute', 'subscript', 'binary_operator', 'unary_operator', 'comparison_operator', 'import_statement', 'import_from_statement']);

export type Passing = { readonly kind: 'value' } | { readonly kind: 'callable' } | { readonly kind: 'refused'; readonly reason: string };

/**
 * How the expression `node` of a copy may be passed; `statements` are the copy's statements,
 * `boundByModule(name)` whether the module or the enclosing function binds the name (a builtin
 * it rebinds is not pure).
 */
export function passingOf(node: Node, statements: readonly Node[], boundByModule: (name: string) => boolean): Passing {
  const reads = readsOf(node);
  // A constant (`"a " "b"`, `-1`, `(1, 2)`) has the same value wherever and however often it is evaluated.
  if (reads.length === 0 && node.descendantsOfType(['call', 'await', 'yield']).length === 0) return { kind: 'value' };
  const repeated = repetitionOf(node, statements);
  const effect = repeated ? undefined : firstBefore(node, statements, (n) => (n.type === 'call' ? !isPureCall(n, boundByModule) : EFFECTS.has(n.type) || isStore(n)));
  // Computed at the call, an expression that may have effects would run even where the copy fails before reaching it.
  const failure = repeated || effect || !mayHaveEffects(node, boundByModule) ? undefined : firstBefore(node, statements, (n) => MAY_FAIL.has(n.type) && !(n.type === 'call' && isPureCall(n, boundByModule)));
  const rebound = reads.find((name) => writtenBefore(name, node, statements));
  // Evaluated once, before anything of the block that could change what it reads or see what it changes: at the call, it
  // runs in the same order (the call's other arguments are names and constants).
  if (!repeated && !effect && !failure && !rebound) return { kind: 'value' };
  const why =
    repeated ??
    (effect ? `comes after ${effect}, which may change what it reads` : failure ? `may have effects and comes after ${failure}, which may fail first` : `reads \`${rebound}\` after the block assigns it`);
  // A callable runs where the expression stood; it must see the caller's names, which the block's own bindings would hide.
  const bound = new Set([...nameFlow(statements).writes, ...boundAround(node, statements)]);
  const own = reads.find((name) => bound.has(name));
  if (own) return { kind: 'refused', reason: `${why}, and it reads \`${own}\`, which the block binds, so no callable can stand in for it` };
  const unfit = node.descendantsOfType(['yield', 'await', 'named_expression']).length > 0 || reads.includes('super');
  if (unfit) return { kind: 'refused', reason: `${why}, and a lambda cannot hold it` };
  return { kind: 'callable' };
}

/** Why the expression is not evaluated exactly once when the block runs, if it is not. */
function repetitionOf(node: Node, statements: readonly Node[]): string | undefined {
  const top = new Set(statements.map((statement) => statement.id));
  for (let child = node, parent = node.parent; parent && !top.has(child.id); child = parent, parent = parent.parent) {
    const line = parent.startPosition.row + 1;
    const field = (name: string) => parent!.childForFieldName(name)?.id === child.id;
    if (parent.type === 'for_statement' && !field('right')) return `is evaluated once per pass of the loop at line ${line}, not once`;
    if (parent.type === 'while_statement') return `is evaluated once per pass of the loop at line ${line}, not once`;
    if (/comprehension|generator_expression/.test(parent.type)) return `is evaluated once per item of the comprehension at line ${line}, not once`;
    if (parent.type === 'lambda' || parent.type === 'function_definition') return `is evaluated when the function at line ${line} is called, not once`;
    if (['if_statement', 'elif_clause', 'else_clause', 'except_clause', 'finally_clause', 'case_clause'].includes(parent.type) && !field('condition')) {
      return `is evaluated only on some paths (line ${line}), not once`;
    }
    if (parent.type === 'conditional_expression' && parent.namedChildren[1]?.id !== child.id) return `is evaluated only on some paths (line ${line}), not once`;
    if (parent.type === 'boolean_operator' && field('right')) return `is evaluated only on some paths (line ${line}), not once`;
  }
  return undefined;
}

/** An assignment into an object (`order.total = …`, `rows[0] = …`), not to names. */
function isStore(node: Node): boolean {
  const left = node.type === 'assignment' ? node.childForFieldName('left') : null;
  return left !== null && left.type !== 'identifier' && left.type !== 'pattern_list';
}

/** Whether evaluating the expression may change something: a call but of a pure builtin, an await, a yield. */
function mayHaveEffects(node: Node, boundByModule: (name: string) => boolean): boolean {
  return [node, ...node.descendantsOfType(['call', 'await', 'yield'])].some((n) => (n.type === 'call' ? !isPureCall(n, boundByModule) : n.type === 'await' || n.type === 'yield'));
}

/** The first node of the block that `matches`, evaluated before the expression, as `` `save()` at line 12 ``. */
function firstBefore(node: Node, statements: readonly Node[], matches: (candidate: Node) => boolean): string | undefined {
  for (const statement of statements) {
    if (statement.startIndex >= node.startIndex) break;
    const pending: Node[] = [statement];
    for (let next = pending.pop(); next; next = pending.pop()) {
      if (next.startIndex >= node.startIndex) continue;
      if (matches(next) && next.endIndex <= node.startIndex) {
        const shown = next.text.split('\n')[0];
        return `\`${shown.length > 40 ? `${shown.slice(0, 37)}…` : shown}\` at line ${next.startPosition.row + 1}`;
      }
      // Reversed, so the first node in the source is the one named.
      pending.push(...next.namedChildren.reverse());
    }
  }
  return undefined;
}

/** Names the expression reads (not attributes, keywords, nor names its own comprehensions bind). */
function readsOf(node: Node): string[] {
  const reads = new Set<string>();
  const pending: Node[] = [node];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.type === 'identifier') {
      const parent = next.parent;
      const attribute = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === next.id;
      const keyword = parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === next.id;
      if (!attribute && !keyword) reads.add(next.text);
    }
    pending.push(...next.namedChildren);
  }
  return [...reads];
}

/** Whether a statement of the block before the expression (or its own statement, before it) binds `name`. */
function writtenBefore(name: string, node: Node, statements: readonly Node[]): boolean {
  const before = statements.filter((statement) => statement.endIndex <= node.startIndex);
  if (nameFlow(before).writes.includes(name)) return true;
  const own = statements.find((statement) => statement.startIndex <= node.startIndex && node.endIndex <= statement.endIndex);
  return (own?.descendantsOfType('named_expression') ?? []).some((walrus) => walrus.endIndex <= node.startIndex && walrus.childForFieldName('name')?.text === name);
}

/** Names bound by what encloses the expression inside the block: loop targets, comprehension and lambda variables. */
function boundAround(node: Node, statements: readonly Node[]): string[] {
  const top = new Set(statements.map((statement) => statement.id));
  const names: string[] = [];
  for (let parent = node.parent; parent && !top.has(parent.id); parent = parent.parent) {
    const binders = parent.type === 'for_statement' ? [parent.childForFieldName('left')] : parent.type === 'lambda' ? [parent.childForFieldName('parameters')] : [];
    if (/comprehension|generator_expression/.test(parent.type)) binders.push(...parent.namedChildren.filter((child) => child.type === 'for_in_clause').map((clause) => clause.childForFieldName('left')));
    for (const binder of binders) {
      for (const identifier of binder?.type === 'identifier' ? [binder] : (binder?.descendantsOfType('identifier') ?? [])) names.push(identifier.text);
    }
  }
  return names;
}

/** A call of a builtin that computes a value and changes nothing (`len(lines)`), the module not rebinding its name. */
function isPureCall(call: Node, boundByModule: (name: string) => boolean): boolean {
  const callee = call.childForFieldName('function');
  return callee?.type === 'identifier' && PURE_BUILTINS.has(callee.text) && PYTHON_BUILTINS.has(callee.text) && !boundByModule(callee.text);
}

/** Functions marking a string for translation: `makemessages` finds a string only as their literal argument, so it stays one. */
const TRANSLATING = /^(_|u?gettext(_lazy|_noop)?|u?ngettext(_lazy)?|n?pgettext(_lazy)?)$/;

/** The translation call (`_("Saved")`) a string is a literal argument of, if any. */
export function translationCallOf(node: Node): Node | undefined {
  const call = node.type === 'string' && node.parent?.type === 'argument_list' ? node.parent.parent : null;
  return call && isTranslationCall(call) ? call : undefined;
}

/** Whether `node` calls a function marking a string for translation (`_(…)`, `gettext_lazy(…)`). */
export function isTranslationCall(node: Node): boolean {
  const callee = node.type === 'call' ? node.childForFieldName('function') : null;
  const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
  return name !== undefined && TRANSLATING.test(name);
}

/** Whether an expression of a copy is only read (not assigned, augmented, deleted). */
export function isRead(node: Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause'].includes(parent.type) && parent.childForFieldName('left')?.id === child.id) return false;
    if (parent.type === 'delete_statement' || parent.type === 'as_pattern_target' || parent.type === 'global_statement') return false;
    if (!['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'list_splat_pattern', 'expression_list'].includes(parent.type)) break;
  }
  return true;
}
