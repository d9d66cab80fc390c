/**
 * Code action of `hand-rolled` (entry retry-loop): a function that is one retry loop becomes one
 * attempt under tenacity's `@retry`, when the project depends on tenacity.
 *
 *     import time                                   import time
 *                                                   from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_fixed
 *
 *     def fetch(url):                               @retry(stop=stop_after_attempt(3), wait=wait_fixed(2), retry=retry_if_exception_type(IOError), reraise=True)
 *         for attempt in range(3):                  def fetch(url):
 *             try:                                      return download(url)
 *                 return download(url)
 *             except IOError:
 *                 if attempt == 2:
 *                     raise
 *                 time.sleep(2)
 *
 * Which loops keep their behaviour is retryLoop.ts's `retryShape` (the same test that reports
 * them convertible). `@retry` goes right above `def`, below other decorators, so they wrap the
 * retried function as they wrapped the loop.
 */
import * as nodePath from 'path';
import type { Node } from 'web-tree-sitter';
import type { SyntaxNode } from '../../core/parse/syntaxNode';
import type { PythonParser } from '../../core/parse/pythonParser';
import { outlineModule } from '../../core/python/moduleOutline';
import { readDependencies, type DependencyFileReader } from '../../core/handRolled/dependencies';
import { retryShape, type RetryShape } from '../../core/handRolled/retryLoop';
import { refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { insertImport } from '../targetModule';
import { tidyRemovals } from '../layout';
import { unusedImportEdits } from '../unusedImports';

export const RETRY_TITLE = 'Convert the retry loop to tenacity @retry';

const TENACITY_NAMES = ['retry', 'retry_if_exception_type', 'stop_after_attempt', 'wait_fixed'];

/** Dependency files looked for in each folder from the module's up (a snapshot cannot list folders). */
const DEPENDENCY_FILES = ['requirements.txt', 'requirements-dev.txt', 'requirements_dev.txt', 'requirements-test.txt', 'pyproject.toml', 'setup.cfg', 'Pipfile', 'setup.py'];

export interface RetryRequest {
  readonly file: string;
  /** A line of the loop (the finding's). */
  readonly line: number;
}

/** The conversion, or why there is none; `notOffered` when the finding is no retry loop at all. */
export function retryToTenacity(parser: PythonParser, snapshot: WorkspaceSnapshot, request: RetryRequest): { title: string; result: RefactorResult; notOffered?: string } {
  const none = (reason: string) => ({ title: RETRY_TITLE, result: refuse(reason), notOffered: reason });
  const text = snapshot.read(request.file);
  if (text === undefined) return none(`${request.file} cannot be read`);
  const tree = parser.parse(text);
  try {
    const loop = tree.rootNode.descendantsOfType(['for_statement', 'while_statement']).find((node) => node.startPosition.row === request.line);
    const fn = loop && enclosingFunction(loop);
    if (!loop || !fn) return none('only a retry loop converts: the other hand-rolled entries are reported with their recipe');
    const shape = retryShape(fn, tree.rootNode);
    if (shape.kind === 'refused') return { title: RETRY_TITLE, result: refuse(shape.reason) };
    if (shape.loop.id !== loop.id) return { title: RETRY_TITLE, result: refuse('the function holds more than this loop') };
    if (!dependsOnTenacity(snapshot, request.file)) return { title: RETRY_TITLE, result: refuse('tenacity is not a dependency of the project: add it to the requirements first') };
    const clash = nameClash(tree.rootNode, fn);
    if (clash) return { title: RETRY_TITLE, result: refuse(clash) };
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const body = reindented(text, shape, eol);
    if (body === undefined) return { title: RETRY_TITLE, result: refuse('the attempt has lines indented less than its block (a continuation line): re-indent it by hand') };
    const outline = outlineModule(tree, text).outline;
    const inserted = insertImport(text, outline, `from tenacity import ${TENACITY_NAMES.join(', ')}`);
    const importEdit = { ...inserted, newText: inserted.newText.replace(/\r?\n/g, eol) };
    const converted = mergeInserts([importEdit, decoratorEdit(text, fn, shape, eol), { range: lineSpan(text, shape.loop), newText: body }]);
    // `import time` (or `from time import sleep`) that only the loop's sleep used goes with it.
    const edits = tidyRemovals(text, [...converted, ...unusedImportEdits(parser, snapshot, request.file, text, converted, ['time', 'sleep'])]);
    return {
      title: RETRY_TITLE,
      result: { safe: true, edit: { createFiles: [], edits: new Map([[request.file, edits]]) }, summary: `\`${fn.childForFieldName('name')?.text}\` retries with tenacity: ${shape.attempts} attempts, ${shape.seconds} s apart, on ${shape.exceptions}` },
    };
  } finally {
    tree.delete();
  }
}

function enclosingFunction(node: Node): Node | undefined {
  for (let up = node.parent; up; up = up.parent) if (up.type === 'function_definition') return up;
  return undefined;
}

/** Whether the nearest folder above the module holding a dependency file declares tenacity. */
function dependsOnTenacity(snapshot: WorkspaceSnapshot, file: string): boolean {
  const reader: DependencyFileReader = {
    read: snapshot.read,
    list: (dir) => DEPENDENCY_FILES.filter((name) => snapshot.exists(nodePath.join(dir, name))),
  };
  for (let dir = nodePath.dirname(file); ; dir = nodePath.dirname(dir)) {
    const dependencies = readDependencies(dir, reader);
    if (dependencies.files.length > 0) return dependencies.names.has('tenacity');
    if (nodePath.dirname(dir) === dir) return false;
  }
}

/** A name the decorator needs that the module (or the class around the method) binds to something other than tenacity's. */
function nameClash(root: Node, fn: Node): string | undefined {
  const scopes = [root, ...(fn.parent?.parent?.type === 'class_definition' ? [fn.parent] : [])];
  for (const scope of scopes) {
    for (const statement of scope.namedChildren) {
      const bound = boundNames(statement);
      const fromTenacity = statement.type === 'import_from_statement' && statement.childForFieldName('module_name')?.text === 'tenacity' && !statement.descendantsOfType('aliased_import').length;
      const clash = TENACITY_NAMES.find((name) => bound.includes(name));
      if (clash && !fromTenacity) return `\`${clash}\` is already bound in the ${scope === root ? 'module' : 'class'} to something other than tenacity's`;
    }
  }
  return undefined;
}

/** Names a statement binds at its scope's level (definitions, assignments, imports), as far as the decorator names go. */
function boundNames(statement: Node): string[] {
  const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  const name = definition?.childForFieldName('name');
  if (name && /^(function|class)_definition$/.test(definition!.type)) return [name.text];
  if (statement.type === 'import_from_statement' || statement.type === 'import_statement') {
    return statement.namedChildren.slice(statement.type === 'import_from_statement' ? 1 : 0).map((child) => (child.type === 'aliased_import' ? child.childForFieldName('alias')?.text ?? '' : child.text.split('.')[0]));
  }
  const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
  const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
  return left ? [left, ...left.descendantsOfType('identifier')].filter((node) => node.type === 'identifier').map((node) => node.text) : [];
}

function decoratorEdit(text: string, fn: Node, shape: RetryShape, eol: string): TextEdit {
  const indent = indentOf(text, fn);
  const at = { line: fn.startPosition.row, character: 0 };
  return {
    range: { start: at, end: at },
    newText: `${indent}@retry(stop=stop_after_attempt(${shape.attempts}), wait=wait_fixed(${shape.seconds}), retry=retry_if_exception_type(${shape.exceptions}), reraise=True)${eol}`,
  };
}

/** The whole lines of a node, their line break excluded. */
function lineSpan(text: string, node: SyntaxNode): TextEdit['range'] {
  const lines = text.split('\n');
  const last = node.endPosition.row;
  return { start: { line: node.startPosition.row, character: 0 }, end: { line: last, character: lines[last].replace(/\r$/, '').length } };
}

/** The attempt's lines, moved from the `try` body's indentation to the loop's; undefined when a line is indented less than the block. */
function reindented(text: string, shape: RetryShape, eol: string): string | undefined {
  const lines = text.split('\n');
  const first = shape.attempt[0];
  const last = shape.attempt[shape.attempt.length - 1];
  const from = lines[first.startPosition.row].slice(0, first.startPosition.column);
  const to = indentOf(text, shape.loop);
  const moved: string[] = [];
  for (let row = first.startPosition.row; row <= last.endPosition.row; row++) {
    const line = lines[row].replace(/\r$/, '');
    if (line.trim() === '') moved.push('');
    else if (line.startsWith(from)) moved.push(to + line.slice(from.length));
    else return undefined;
  }
  return moved.join(eol);
}

/** The white space before a statement on its line (tabs kept). */
function indentOf(text: string, node: SyntaxNode): string {
  const lineStart = text.lastIndexOf('\n', node.startIndex - 1) + 1;
  return text.slice(lineStart, node.startIndex);
}

/** Edits sorted; two insertions at one place become one (the import right above the function). */
function mergeInserts(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const merged: TextEdit[] = [];
  for (const edit of sorted) {
    const previous = merged[merged.length - 1];
    const samePlace = previous && previous.range.start.line === edit.range.start.line && previous.range.start.character === edit.range.start.character && previous.range.end.line === previous.range.start.line && previous.range.end.character === previous.range.start.character;
    if (samePlace) merged[merged.length - 1] = { range: edit.range, newText: previous.newText + edit.newText };
    else merged.push(edit);
  }
  return merged;
}
