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
  /** Names written by a statement that always runs (not under if/for/while/try/match). */
  readonly definiteWrites: ReadonlySet<string>;
  /** Every name read anywhere in the run. */
  readonly reads: ReadonlySet<string>;
}

const PATTERN_TYPES = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression']);
const CONDITIONAL = new Set(['if_statement', 'for_statement', 'while_statement', 'try_statement', 'match_statement']);
/** The parts of a conditional statement that may not run (its conditions always do). */
const BRANCHES = new Set(['block', 'elif_clause', 'else_clause', 'except_clause', 'except_group_clause', 'case_clause']);

/** Follows the names through `statements`, which run in order. */
export function nameFlow(statements: readonly Node[]): NameFlow {
  const written = new Set<string>();
  const writes: string[] = [];
  const readsBeforeWrite: string[] = [];
  const reads = new Set<string>();
  const definite = new Set<string>();
  let conditionalDepth = 0;
  // Names bound on the path being followed: a branch's writes are seen by the rest of that
  // branch, not after it (the branch may not run), so a later read still needs the old value.
  const boundOnPath: Set<string>[] = [new Set()];
  const inBranch = (run: () => void) => {
    boundOnPath.push(new Set());
    run();
    boundOnPath.pop();
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
    if (conditionalDepth === 0) definite.add(name);
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
        conditionalDepth++;
        inBranch(() => {
          bindTarget(node.childForFieldName('left')!);
          visitField(node, 'body');
        });
        inBranch(() => visitField(node, 'alternative'));
        conditionalDepth--;
        return;
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
        freeReads(node).forEach(read);
        write(node.childForFieldName('name')!.text);
        return;
      case 'decorated_definition':
        node.namedChildren.forEach(visit);
        return;
      case 'lambda':
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
        if (CONDITIONAL.has(node.type)) {
          conditionalDepth++;
          node.namedChildren.forEach((child) => (BRANCHES.has(child.type) ? inBranch(() => visit(child)) : visit(child)));
          conditionalDepth--;
        } else {
          node.namedChildren.forEach(visit);
        }
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
  return { readsBeforeWrite, writes, definiteWrites: definite, reads };
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

function identifiersIn(node: Node | null): string[] {
  if (!node) return [];
  if (node.type === 'identifier') return [node.text];
  return node.namedChildren.flatMap(identifiersIn);
}
