/**
 * Duplicates a Django team lives with: model field declarations, `urls.py` route lists, settings
 * modules, `setup.py`, migrations, one-line `@property` accessors. They stay reported, but no
 * function in utils/ is offered for them (the hard-refactor work handles model fields).
 */
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import type { WorkspaceSnapshot } from '../domainEdit';
import type { LineSpan } from './statementRun';

/** Why extracting the clone into a function is not worth offering, or undefined when it is. */
export function noiseOf(parser: PythonParser, snapshot: WorkspaceSnapshot, places: readonly (LineSpan & { file: string })[]): string | undefined {
  for (const place of places) {
    const byFile = noiseFile(place.file);
    if (byFile) return `${path.basename(place.file)} is ${byFile}, whose repetition is its form, not logic to share`;
  }
  const kinds = places.map((place) => noiseCode(parser, snapshot.read(place.file) ?? '', place));
  return kinds.every((kind) => kind !== undefined) ? `the copies are ${kinds[0]}, which a function in utils/ would not make clearer` : undefined;
}

function noiseFile(file: string): string | undefined {
  const name = path.basename(file);
  const folder = path.basename(path.dirname(file));
  if (name === 'urls.py') return 'a URL configuration';
  if (name === 'setup.py') return 'a packaging script';
  if (/^settings(_\w+)?\.py$/.test(name) || folder === 'settings') return 'a settings module';
  if (folder === 'migrations') return 'a migration';
  return undefined;
}

/** What kind of noise the place holds: class attribute declarations or one-line properties. */
function noiseCode(parser: PythonParser, text: string, span: LineSpan): string | undefined {
  const tree = parser.parse(text);
  try {
    const statements: Node[] = [];
    const visit = (node: Node) => {
      for (const child of node.namedChildren) {
        if (child.endPosition.row < span.startLine || child.startPosition.row > span.endLine) continue;
        if (child.type === 'comment' || child.type === 'decorator') continue;
        if (child.type === 'class_definition') visit(child.childForFieldName('body')!);
        else if (child.type === 'decorated_definition') visit(child);
        else statements.push(child);
      }
    };
    visit(tree.rootNode);
    if (statements.length === 0) return undefined;
    const isDeclaration = (s: Node) => s.parent?.parent?.type === 'class_definition' && (s.type === 'expression_statement' || s.type === 'pass_statement');
    // Clones run across class bodies: the methods cut at the edges, or one-line ones, come along.
    const isEdgeOrOneLine = (s: Node) => s.type === 'function_definition' && (s.startPosition.row < span.startLine || s.endPosition.row > span.endLine || bodyLength(s) === 1);
    if (statements.some(isDeclaration) && statements.every((s) => isDeclaration(s) || isEdgeOrOneLine(s))) {
      return 'declarations of class attributes (model or form fields)';
    }
    if (statements.every((s) => s.type === 'function_definition' && isOneLineProperty(s))) return 'one-line `@property` accessors';
    return undefined;
  } finally {
    tree.delete();
  }
}

function isOneLineProperty(fn: Node): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  const isProperty = decorated?.namedChildren.some((d) => d.type === 'decorator' && /^@(\w+\.)*(cached_)?property$/.test(d.text.trim())) ?? false;
  return isProperty && bodyLength(fn) === 1;
}

function bodyLength(fn: Node): number {
  return fn.childForFieldName('body')!.namedChildren.filter((s) => s.type !== 'comment').length;
}

/**
 * The function every statement of the span calls when the span is nothing but calls of it
 * (`parser.add_argument(…)` again and again): copies differing in the arguments are a list of
 * declarations, which a function passing the arguments on would not make clearer.
 */
export function repeatedCallee(parser: PythonParser, text: string, span: LineSpan): string | undefined {
  const tree = parser.parse(text);
  try {
    const callees: string[] = [];
    const pending: Node[] = [tree.rootNode];
    for (let node = pending.pop(); node; node = pending.pop()) {
      if (node.endPosition.row < span.startLine || node.startPosition.row > span.endLine || node.type === 'comment') continue;
      const isStatement = node.parent?.type === 'block' && node.startPosition.row >= span.startLine && node.endPosition.row <= span.endLine;
      if (!isStatement) {
        pending.push(...node.namedChildren);
        continue;
      }
      const call = node.type === 'expression_statement' && node.namedChildCount === 1 ? node.namedChild(0) : null;
      callees.push(call?.type === 'call' ? call.childForFieldName('function')!.text : '');
    }
    return callees.length >= 2 && callees.every((callee) => callee !== '' && callee === callees[0]) ? callees[0] : undefined;
  } finally {
    tree.delete();
  }
}
