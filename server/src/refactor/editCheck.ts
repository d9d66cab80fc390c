/**
 * The last check before a refactoring is offered, whatever engine planned it: applied in
 * memory, every Python file the edit creates or changes still parses, and reads no name that is
 * bound nowhere it can see (pyflakes' "undefined name") unless that name was already unbound
 * there before. Engines prove their changes safe step by step; this catches what a step missed,
 * so a broken edit is refused with the name instead of offered.
 */
import * as path from 'path';
import type { PythonParser } from '../core/parse/pythonParser';
import { nameFlow, nestingProblem } from './analysis/dataFlow';
import { applyTextEdits, refuse, type DomainEdit, type RefactorResult, type WorkspaceSnapshot } from './domainEdit';
import { PYTHON_BUILTINS } from './analysis/pythonBuiltins';

/** The result, or a refusal when its edit would leave a file that does not parse or reads an unbound name. */
export function checkedEdit<R extends RefactorResult>(parser: PythonParser, snapshot: WorkspaceSnapshot, result: R): R | RefactorResult {
  if (!result.safe) return result;
  const problem = breakIn(parser, snapshot, result.edit);
  return problem ? refuse(problem) : result;
}

function breakIn(parser: PythonParser, snapshot: WorkspaceSnapshot, edit: DomainEdit): string | undefined {
  for (const [file, edits] of edit.edits) {
    if (!file.endsWith('.py')) continue;
    const before = snapshot.read(file) ?? '';
    const was = unboundNames(parser, before);
    const now = unboundNames(parser, applyTextEdits(before, edits));
    const name = path.basename(file);
    if (now === undefined) {
      if (was !== undefined) return `the change would leave ${name} with a syntax error`;
      continue;
    }
    const added = [...now].filter((unbound) => was !== undefined && !was.has(unbound));
    if (added.length > 0) return `after the change ${name} would read ${added.map((n) => `\`${n}\``).join(', ')}, bound nowhere it can see`;
  }
  return undefined;
}

/**
 * Names the module reads that neither it nor Python binds; undefined when it does not parse (or
 * nests too deep to analyse).
 * A star import may bind anything, so a module with one has none.
 */
export function unboundNames(parser: PythonParser, text: string): Set<string> | undefined {
  // A refactoring tries several edits of one module: its text before them is read once.
  if (recent.has(text)) return recent.get(text);
  const names = readUnboundNames(parser, text);
  if (recent.size >= RECENT_TEXTS) recent.delete(recent.keys().next().value!);
  recent.set(text, names);
  return names;
}

const RECENT_TEXTS = 16;
const recent = new Map<string, Set<string> | undefined>();

function readUnboundNames(parser: PythonParser, text: string): Set<string> | undefined {
  const tree = parser.parse(text);
  try {
    // Too deep to walk counts as not parsing: CPython cannot compile it either.
    if (tree.rootNode.hasError || nestingProblem([tree.rootNode])) return undefined;
    const statements = tree.rootNode.namedChildren;
    if (tree.rootNode.descendantsOfType('wildcard_import').length > 0) return new Set();
    const flow = nameFlow(statements);
    const bound = new Set(flow.writes);
    // `global x` in a function binds x in the module when the function runs.
    for (const declaration of tree.rootNode.descendantsOfType('global_statement')) {
      for (const identifier of declaration.namedChildren) bound.add(identifier.text);
    }
    return new Set([...flow.reads].filter((name) => !bound.has(name) && !PYTHON_BUILTINS.has(name) && !/^__\w+__$/.test(name)));
  } finally {
    tree.delete();
  }
}
