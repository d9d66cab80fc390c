/**
 * What a run of statements needs from, and gives to, the function around it: the names bound
 * before it, the names read after it, and the constructs that tie it to its function (returns,
 * yields, `super()`, private names) so it cannot move into another one.
 */
import type { Node } from 'web-tree-sitter';
import { nameFlow, parameterNames } from '../analysis/dataFlow';

const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);
const DYNAMIC_SCOPE_CALLS = new Set(['locals', 'eval', 'exec', 'globals']);
/** Calls that read the calling frame only when given no argument (`vars(order)` is `order.__dict__`). */
const FRAME_CALLS = new Set(['vars', 'dir']);
/** `__total` inside a class is compiled as `_Cart__total`; moved out of the class it would not be. */
const MANGLED_NAME = /^__\w*[^_]_?$/;

/** Statements that would behave differently inside another function (a module-level one). */
export function controlFlowProblemIn(statements: readonly Node[], inClass: boolean): string | undefined {
  for (const statement of statements) {
    for (const node of ownDescendants(statement)) {
      const line = `line ${node.startPosition.row + 1}`;
      switch (node.type) {
        case 'return_statement':
          return `the statements return from the function (${line})`;
        case 'yield':
          return `the statements yield (${line})`;
        case 'await':
          return `the statements await (${line}); the function would have to be async`;
        case 'global_statement':
        case 'nonlocal_statement':
          return `the statements declare \`${node.text}\` (${line})`;
        case 'break_statement':
        case 'continue_statement': {
          const loop = enclosingLoop(node);
          if (!loop || !statements.some((statement) => isAncestor(statement, loop))) {
            return `\`${node.text}\` leaves the statements (${line})`;
          }
          break;
        }
        case 'for_statement':
        case 'for_in_clause':
        case 'with_statement':
          if (node.child(0)?.type === 'async') {
            return `the statements use \`async ${node.type === 'with_statement' ? 'with' : 'for'}\` (${line}); the function would have to be async`;
          }
          break;
        case 'identifier':
          if (inClass && MANGLED_NAME.test(node.text)) {
            return `the statements use the private name \`${node.text}\`, which Python renames inside the class only (${line})`;
          }
          break;
        case 'call': {
          const callee = node.childForFieldName('function');
          if (callee?.type !== 'identifier') break;
          const noArguments = node.childForFieldName('arguments')?.namedChildCount === 0;
          if (DYNAMIC_SCOPE_CALLS.has(callee.text) || (FRAME_CALLS.has(callee.text) && noArguments)) {
            return `the statements call \`${callee.text}()\`, which sees the function's own variables (${line})`;
          }
          if (callee.text === 'super' && noArguments) {
            return `the statements call \`super()\` without arguments, which works only inside the method's class (${line})`;
          }
          break;
        }
        default:
          break;
      }
    }
  }
  return undefined;
}

function isAncestor(ancestor: Node, node: Node): boolean {
  for (let current: Node | null = node; current; current = current.parent) if (current.id === ancestor.id) return true;
  return false;
}

/**
 * Descendants that belong to this scope: not inside nested functions, lambdas or classes. Walked
 * with a stack, not recursion: an expression may nest thousands of levels deep.
 */
export function ownDescendants(node: Node): Node[] {
  const found: Node[] = [node];
  // A selected `def` or `class` is a scope of its own: its returns and yields stay inside it.
  const pending = NESTED_SCOPES.has(node.type) ? [] : [node];
  for (let current = pending.pop(); current; current = pending.pop()) {
    for (const child of current.namedChildren) {
      found.push(child);
      if (!NESTED_SCOPES.has(child.type)) pending.push(child);
    }
  }
  return found;
}

/**
 * A name the statements use that their function declares `global` or `nonlocal` outside them:
 * in another function the name would be a local of its own, and a write would be lost.
 */
export function declaredNameProblem(fn: Node, statements: readonly Node[]): string | undefined {
  const body = fn.childForFieldName('body')!;
  // Asked for every statement of a clone: most functions declare nothing, which their text shows.
  if (!/\b(global|nonlocal)\b/.test(body.text)) return undefined;
  const declared = new Map<string, Node>();
  for (const node of ownDescendants(body)) {
    if (node.type !== 'global_statement' && node.type !== 'nonlocal_statement') continue;
    for (const identifier of node.namedChildren) if (identifier.type === 'identifier') declared.set(identifier.text, node);
  }
  if (declared.size === 0) return undefined;
  const flow = nameFlow(statements);
  const used = [...flow.reads, ...flow.writes].find((name) => declared.has(name));
  if (!used) return undefined;
  const declaration = declared.get(used)!;
  return `\`${fn.childForFieldName('name')!.text}\` declares \`${declaration.text}\` (line ${declaration.startPosition.row + 1}): in another function \`${used}\` would be a local of its own`;
}

/**
 * The loop a `break` or `continue` at `node` belongs to. A loop's `else:` arm is not inside the
 * loop: a `break` there leaves the loop around it.
 */
export function enclosingLoop(node: Node): Node | undefined {
  for (let child = node, current = node.parent; current; child = current, current = current.parent) {
    if ((current.type === 'for_statement' || current.type === 'while_statement') && child.type !== 'else_clause') return current;
    if (NESTED_SCOPES.has(current.type)) return undefined;
  }
  return undefined;
}

/**
 * Names whose value after the statements may still be read: read by the code that runs next
 * before it binds them again (`for line in …` after the statements makes `line` dead). Inside a
 * loop the function's every read counts, since the next iteration runs the code before them.
 */
export function liveAfter(fn: Node, statements: readonly Node[]): Set<string> {
  if (enclosingLoop(statements[0])) return namesReadOutside(fn, statements);
  const next: Node[] = [];
  /** Clauses that may run next instead of one another: what each reads first is live too. */
  const alternatives: Node[] = [];
  const body = fn.childForFieldName('body')!;
  let current: Node = statements[statements.length - 1];
  while (current.id !== body.id) {
    const parent = current.parent!;
    if (parent.type === 'block' || parent.type === 'module') {
      next.push(...parent.namedChildren.filter((sibling) => sibling.startIndex > current.endIndex));
    } else if (parent.type === 'try_statement') {
      // After the try body comes a handler (a later exception) or the else clause; after either, only finally.
      const later = parent.namedChildren.filter((clause) => clause.startIndex > current.endIndex);
      if (current.equals(parent.childForFieldName('body')!)) alternatives.push(...later.filter((clause) => clause.type !== 'finally_clause'));
      next.push(...later.filter((clause) => clause.type === 'finally_clause'));
    }
    current = parent;
  }
  return new Set([...nameFlow(next).readsBeforeWrite, ...alternatives.flatMap((clause) => nameFlow([clause]).readsBeforeWrite)]);
}

/** Names the function reads outside the statements (attribute and keyword names excluded). */
function namesReadOutside(fn: Node, statements: readonly Node[]): Set<string> {
  const first = statements[0].startIndex;
  const last = statements[statements.length - 1].endIndex;
  const names = new Set<string>();
  for (const identifier of fn.childForFieldName('body')!.descendantsOfType('identifier')) {
    if (identifier.startIndex >= first && identifier.endIndex <= last) continue;
    const parent = identifier.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.equals(identifier)) continue;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.equals(identifier)) continue;
    names.add(identifier.text);
  }
  return names;
}

/**
 * Names certainly bound when the first statement runs: the function's parameters, what the
 * statements before it bind on every path (in its block and in each enclosing block up to the
 * function's body), and the targets of the loops, `with`s and handlers it is inside.
 */
export function boundBeforeStatements(fn: Node, first: Node): Set<string> {
  const bound = new Set(parameterNames(fn));
  const body = fn.childForFieldName('body')!;
  for (let node = first; node.id !== body.id && node.parent; node = node.parent) {
    const parent = node.parent;
    if (parent.type === 'block') {
      const before = parent.namedChildren.filter((sibling) => sibling.endIndex <= node.startIndex);
      for (const name of nameFlow(before).definiteWrites) bound.add(name);
    } else if (parent.type === 'for_statement' && node.equals(parent.childForFieldName('body')!)) {
      nameFlow([parent.childForFieldName('left')!]).reads.forEach((name) => bound.add(name));
    }
    for (const target of targetsOf(parent)) bound.add(target);
  }
  return bound;
}

/** The names a `with … as x` or `except … as e` binds for its block. */
function targetsOf(node: Node): string[] {
  if (node.type !== 'with_statement' && node.type !== 'except_clause' && node.type !== 'except_group_clause') return [];
  return node.descendantsOfType('as_pattern_target').flatMap((target) => target.descendantsOfType('identifier').map((identifier) => identifier.text));
}
