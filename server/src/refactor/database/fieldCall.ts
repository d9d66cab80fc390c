/**
 * A field's constructor call as Python source (`models.CharField(max_length=20)`), with keyword
 * arguments set or replaced: the safe sequences add a field first as `null=True`, or without
 * its constraint or index, then tighten it. Done on the syntax tree, so nested calls and strings
 * in the arguments (`default=Decimal("0")`) are never mistaken for the call's own.
 */
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';

/**
 * `source` with each keyword of `values` set to its Python source (replaced where written,
 * appended otherwise); undefined when `source` is no single call.
 */
export function withKeywords(parser: PythonParser, source: string, values: Readonly<Record<string, string>>): string | undefined {
  const tree = parser.parse(source.trim());
  try {
    const call = singleCall(tree.rootNode);
    const args = call?.childForFieldName('arguments');
    if (!call || !args || args.type !== 'argument_list') return undefined;
    const text = tree.rootNode.text;
    const edits: { start: number; end: number; text: string }[] = [];
    const left = new Map(Object.entries(values));
    for (const argument of args.namedChildren) {
      const name = argument.type === 'keyword_argument' ? argument.childForFieldName('name')?.text : undefined;
      const value = argument.childForFieldName('value');
      if (name === undefined || !value || !left.has(name)) continue;
      edits.push({ start: value.startIndex, end: value.endIndex, text: left.get(name)! });
      left.delete(name);
    }
    if (left.size > 0) {
      const added = [...left].map(([name, value]) => `${name}=${value}`).join(', ');
      const last = args.namedChildren.filter((child) => child.type !== 'comment').at(-1);
      const close = args.endIndex - 1;
      edits.push(last ? { start: last.endIndex, end: last.endIndex, text: `, ${added}` } : { start: close, end: close, text: added });
    }
    let result = text;
    for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
    return result;
  } finally {
    tree.delete();
  }
}

/** The source of a keyword argument of the call, or undefined when it is not written. */
export function keywordSource(parser: PythonParser, source: string, name: string): string | undefined {
  const tree = parser.parse(source.trim());
  try {
    const args = singleCall(tree.rootNode)?.childForFieldName('arguments')?.namedChildren ?? [];
    const argument = args.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === name);
    return argument?.childForFieldName('value')?.text;
  } finally {
    tree.delete();
  }
}

/** The call a module of one expression statement holds. */
function singleCall(root: Node): Node | undefined {
  const statements = root.namedChildren.filter((child) => child.type !== 'comment');
  const expression = statements.length === 1 && statements[0].type === 'expression_statement' ? statements[0].namedChild(0) : null;
  return expression?.type === 'call' ? expression : undefined;
}
