/**
 * Which names a run of statements reads and writes, in order, so an extracted function gets the
 * right parameters (read before being written in the run) and return values (written in the
 * run, read elsewhere in the function). Nested functions, lambdas and comprehensions keep their
 * own bindings; what they read from outside counts as a read.
 */
import type { Node } from 'web-tree-sitter';

export interface NameFlow {
  /** Names read where the run may not have written them yet, in order of first read. */
  readonly readsBeforeWrite: readonly string[];
  /** Names the run writes, in order of first write. */
  readonly writes: readonly string[];
  /**
   * Names certainly bound once the run completes normally: written by a statement that always
   * runs, or on every path of an if/elif/else or try/except that does not leave the run.
   */
  readonly definiteWrites: ReadonlySet<string>;
  /** Every name read anywhere in the run. */
  readonly reads: ReadonlySet<string>;
}

const PATTERN_TYPES = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression']);
/** Statements whose parts may not run (their conditions always do); nothing they bind is certain after them. */
const LOOPS = new Set(['for_statement', 'while_statement', 'match_statement']);
/** The parts of a conditional statement that may not run. */
const BRANCHES = new Set(['block', 'elif_clause', 'else_clause', 'except_clause', 'except_group_clause', 'case_clause']);
const HANDLERS = new Set(['except_clause', 'except_group_clause']);
/** Statements after which the rest of their block does not run. */
const JUMPS = new Set(['return_statement', 'raise_statement', 'continue_statement', 'break_statement']);

/**
 * How deep the walks of this file (and of the engines) may follow a tree: they recurse once per
 * level, and a 3,000-paren expression would overflow the stack. CPython itself refuses more than
 * 200 nested brackets, so only code no one runs goes deeper.
 */
export const MAX_NESTING = 400;

/**
 * Why the nodes cannot be analysed (they nest deeper than MAX_NESTING), or undefined. Walks
 * with a cursor, not recursion, and call it before any recursive walk of the same nodes.
 */
export function nestingProblem(nodes: readonly Node[]): string | undefined {
  for (const node of nodes) {
    const cursor = node.walk();
    try {
      let depth = 0;
      walk: for (;;) {
        if (cursor.gotoFirstChild()) {
          if (++depth > MAX_NESTING) return `the code at line ${cursor.startPosition.row + 1} nests more than ${MAX_NESTING} levels deep, too deep to analyse`;
          continue;
        }
        // Up to the nearest ancestor with a next sibling; done when back at the node.
        for (;;) {
          if (depth === 0) break walk;
          if (cursor.gotoNextSibling()) break;
          cursor.gotoParent();
          depth--;
        }
      }
    } finally {
      cursor.delete();
    }
  }
  return undefined;
}

/** Follows the names through `statements`, which run in order (at most MAX_NESTING levels deep: see nestingProblem). */
export function nameFlow(statements: readonly Node[]): NameFlow {
  const written = new Set<string>();
  const writes: string[] = [];
  const readsBeforeWrite: string[] = [];
  const reads = new Set<string>();
  // Names bound on the path being followed, one set per nested branch: a branch's writes are
  // seen by the rest of that branch; after the statement, only names every branch that goes on
  // bound (a branch that returns, raises or jumps does not go on), so a later read of another
  // name still needs its value from before.
  const boundOnPath: Set<string>[] = [new Set()];
  const inBranch = (run: () => void): Set<string> => {
    boundOnPath.push(new Set());
    run();
    return boundOnPath.pop()!;
  };
  /** Binds on the current path what every branch that goes on bound; `exhaustive`: one of them always runs. */
  const merge = (branches: readonly { bound: Set<string>; leaves: boolean }[], exhaustive: boolean) => {
    const goingOn = branches.filter((branch) => !branch.leaves);
    if (!exhaustive || goingOn.length === 0) return;
    for (const name of goingOn[0].bound) if (goingOn.every((branch) => branch.bound.has(name))) boundOnPath[boundOnPath.length - 1].add(name);
  };

  const read = (name: string) => {
    reads.add(name);
    if (!boundOnPath.some((bound) => bound.has(name)) && !readsBeforeWrite.includes(name)) readsBeforeWrite.push(name);
  };
  const write = (name: string) => {
    if (!written.has(name)) {
      written.add(name);
      writes.push(name);
    }
    boundOnPath[boundOnPath.length - 1].add(name);
  };
  const bindTarget = (target: Node) => {
    if (target.type === 'identifier') write(target.text);
    else if (PATTERN_TYPES.has(target.type)) target.namedChildren.forEach(bindTarget);
    else if (target.type === 'list_splat_pattern' || target.type === 'list_splat') target.namedChildren.forEach(bindTarget);
    else visit(target);
  };

  const visit = (node: Node): void => {
    switch (node.type) {
      case 'identifier':
        read(node.text);
        return;
      case 'attribute':
        visit(node.childForFieldName('object')!);
        return;
      case 'keyword_argument':
        visitField(node, 'value');
        return;
      case 'assignment': {
        visitField(node, 'right');
        visitField(node, 'type');
        const left = node.childForFieldName('left');
        if (left) bindTarget(left);
        return;
      }
      case 'augmented_assignment': {
        visitField(node, 'right');
        const left = node.childForFieldName('left')!;
        if (left.type === 'identifier') {
          read(left.text);
          write(left.text);
        } else {
          visit(left);
        }
        return;
      }
      case 'named_expression':
        visitField(node, 'value');
        bindTarget(node.childForFieldName('name')!);
        return;
      case 'for_statement':
        visitField(node, 'right');
        inBranch(() => {
          bindTarget(node.childForFieldName('left')!);
          visitField(node, 'body');
        });
        inBranch(() => visitField(node, 'alternative'));
        return;
      case 'if_statement': {
        visitField(node, 'condition');
        const arms = node.namedChildren.filter((child) => BRANCHES.has(child.type));
        merge(arms.map((arm) => ({ bound: inBranch(() => visit(arm)), leaves: alwaysLeaves(arm) })), arms.some((arm) => arm.type === 'else_clause'));
        return;
      }
      case 'try_statement': {
        // The body and its else clause are one path; each handler starts from before the body.
        const body = node.namedChildren.filter((child) => child.type === 'block' || child.type === 'else_clause');
        const handlers = node.namedChildren.filter((child) => HANDLERS.has(child.type));
        const ending = node.namedChildren.find((child) => child.type === 'finally_clause');
        const paths = [
          { bound: inBranch(() => body.forEach(visit)), leaves: body.some(alwaysLeaves) },
          ...handlers.map((handler) => ({ bound: inBranch(() => visit(handler)), leaves: alwaysLeaves(handler) })),
        ];
        const finallyBound = ending ? inBranch(() => visit(ending)) : new Set<string>();
        merge(paths, true);
        for (const name of finallyBound) boundOnPath[boundOnPath.length - 1].add(name);
        return;
      }
      case 'with_statement':
        for (const child of node.namedChildren) {
          if (child.type === 'with_clause') child.namedChildren.forEach(visitWithItem);
          else visit(child);
        }
        return;
      case 'except_clause':
        for (const child of node.namedChildren) {
          if (child.type === 'as_pattern') {
            visit(child.namedChildren[0]);
            const alias = child.childForFieldName('alias');
            if (alias) bindTarget(alias.type === 'as_pattern_target' ? alias.namedChildren[0] ?? alias : alias);
          } else {
            visit(child);
          }
        }
        return;
      case 'future_import_statement':
        // A compiler directive: it neither reads nor binds the feature's name.
        return;
      case 'import_statement':
      case 'import_from_statement':
        for (const name of node.childrenForFieldName('name')) {
          const alias = name.type === 'aliased_import' ? name.childForFieldName('alias') : undefined;
          write(alias?.text ?? (node.type === 'import_statement' ? name.text.split('.')[0] : name.text.split('.').pop()!));
        }
        return;
      case 'function_definition':
      case 'class_definition':
        node.namedChildren.filter((c) => c.type === 'decorator' || c.type === 'argument_list').forEach(visit);
        // Defaults and annotations are evaluated where the function is defined.
        parameterExpressions(node).forEach(visit);
        freeReads(node).forEach(read);
        write(node.childForFieldName('name')!.text);
        return;
      case 'decorated_definition':
        node.namedChildren.forEach(visit);
        return;
      case 'lambda':
        parameterExpressions(node).forEach(visit);
        freeReads(node).forEach(read);
        return;
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
        freeReads(node).forEach(read);
        return;
      case 'case_clause':
        inBranch(() => node.namedChildren.forEach(visit));
        return;
      case 'delete_statement':
        node.namedChildren.forEach(visit);
        return;
      default:
        if (LOOPS.has(node.type)) node.namedChildren.forEach((child) => (BRANCHES.has(child.type) ? inBranch(() => visit(child)) : visit(child)));
        else node.namedChildren.forEach(visit);
    }
  };
  const visitField = (node: Node, field: string) => {
    const child = node.childForFieldName(field);
    if (child) visit(child);
  };
  const visitWithItem = (item: Node) => {
    const value = item.childForFieldName('value') ?? item.namedChildren[0];
    if (value?.type === 'as_pattern') {
      visit(value.namedChildren[0]);
      const alias = value.childForFieldName('alias');
      if (alias) bindTarget(alias.type === 'as_pattern_target' ? alias.namedChildren[0] ?? alias : alias);
    } else if (value) {
      visit(value);
    }
  };

  statements.forEach(visit);
  return { readsBeforeWrite, writes, definiteWrites: boundOnPath[0], reads };
}

/**
 * Whether a branch (a block or a clause holding one) never goes on to the statement after its
 * compound statement: it ends in a return, raise, continue or break, or in an if/else whose
 * every arm does.
 */
export function alwaysLeaves(branch: Node): boolean {
  const block = branch.type === 'block' ? branch : branch.namedChildren.find((child) => child.type === 'block');
  return (block?.namedChildren ?? []).some((statement) => {
    if (JUMPS.has(statement.type)) return true;
    if (statement.type !== 'if_statement') return false;
    const arms = statement.namedChildren.filter((child) => BRANCHES.has(child.type));
    return arms.some((arm) => arm.type === 'else_clause') && arms.every(alwaysLeaves);
  });
}

/**
 * Names a nested scope (function, class, lambda, comprehension) reads from outside: every
 * identifier it reads minus what it binds itself. Approximate but on the safe side: a name it
 * binds and also reads from outside is treated as its own.
 */
export function freeReads(scope: Node): string[] {
  const body = nameFlow(scopeStatements(scope));
  const own = new Set([...body.writes, ...parameterNames(scope)]);
  return [...body.reads].filter((name) => !own.has(name));
}

function scopeStatements(scope: Node): Node[] {
  if (scope.type === 'function_definition' || scope.type === 'class_definition') {
    return scope.childForFieldName('body')?.namedChildren ?? [];
  }
  if (scope.type === 'lambda') return [scope.childForFieldName('body')!].filter(Boolean);
  return comprehensionParts(scope);
}

/** A comprehension's parts; its loop variables are subtracted as its parameters. */
function comprehensionParts(comprehension: Node): Node[] {
  return comprehension.namedChildren;
}

/** The names a function or lambda binds as parameters, and a comprehension's loop variables. */
export function parameterNames(scope: Node): string[] {
  if (scope.type === 'function_definition' || scope.type === 'lambda') {
    const parameters = scope.childForFieldName('parameters');
    return (parameters?.namedChildren ?? []).flatMap((p) => {
      if (p.type === 'identifier') return [p.text];
      const name = p.childForFieldName('name') ?? p.namedChildren.find((c) => c.type === 'identifier');
      return name ? [name.text] : [];
    });
  }
  return scope.namedChildren
    .filter((c) => c.type === 'for_in_clause')
    .flatMap((clause) => identifiersIn(clause.childForFieldName('left')));
}

/** A function's or lambda's parameter defaults and annotations, and its return annotation. */
function parameterExpressions(scope: Node): Node[] {
  const parameters = scope.childForFieldName('parameters')?.namedChildren ?? [];
  const parts = parameters.flatMap((parameter) => ['value', 'type'].map((field) => parameter.childForFieldName(field)));
  // An untyped `typed_parameter` child (`x: T`) keeps its type as the `type` field too.
  return [...parts, scope.childForFieldName('return_type')].filter((part): part is Node => part !== null);
}

function identifiersIn(node: Node | null): string[] {
  if (!node) return [];
  if (node.type === 'identifier') return [node.text];
  return node.namedChildren.flatMap(identifiersIn);
}
