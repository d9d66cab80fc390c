/**
 * One operation of an existing migration module, read from its syntax tree (its arguments as
 * written, the module's imports), and the edits that take it out of the module or put the first
 * step of a safe sequence in its place: the step's operations where it stood, its imports after
 * the module's, its functions before the Migration class, `atomic = False` when it needs it.
 *
 * ex) operations = [migrations.AddField(model_name="order", name="channel", field=models.CharField(max_length=20))]
 *     becomes operations = [migrations.AddField(…, field=models.CharField(max_length=20, null=True))]
 */
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import { indent, type MigrationStep } from '../../core/database/migrationWriter';
import type { TextEdit } from '../domainEdit';

/** The positional parameters of the operations the safe sequences replace, in Django's order. */
const POSITIONAL: Readonly<Record<string, readonly string[]>> = {
  AddField: ['model_name', 'name', 'field', 'preserve_default'],
  AlterField: ['model_name', 'name', 'field', 'preserve_default'],
  AddIndex: ['model_name', 'index'],
  AddConstraint: ['model_name', 'constraint'],
  RemoveIndex: ['model_name', 'name'],
  RemoveConstraint: ['model_name', 'name'],
  AlterUniqueTogether: ['name', 'unique_together'],
  AlterIndexTogether: ['name', 'index_together'],
};

/** An operation of a migration's `operations` list. */
export interface OperationSite {
  /** The operation's class: `AddField`, `AddIndex`… */
  readonly kind: string;
  /** Its arguments' source by parameter name (positional ones named as Django names them). */
  readonly arguments: ReadonlyMap<string, string>;
  /** How many other operations the migration holds. */
  readonly others: number;
  /** The model (lower case) each operation before it acts on; undefined when it names none (RunSQL, RunPython). */
  readonly modelsBefore: readonly (string | undefined)[];
  /** The module's top-level import statements, as written. */
  readonly imports: readonly string[];
  /** Whether the Migration class sets `atomic` itself. */
  readonly atomicWritten: boolean;
  /** The quote the operation's strings use: makemigrations before Django 5 writes `'order'`, black `"order"`. */
  readonly quote: "'" | '"';
  /** Where the edits go. */
  readonly places: Places;
}

interface Position {
  readonly line: number;
  readonly character: number;
}

interface Places {
  readonly operation: { readonly start: Position; readonly end: Position };
  /** From the start of the operation's first line to the start of the line after its comma: removing the operation. */
  readonly wholeLines?: { readonly start: Position; readonly end: Position };
  readonly operationIndent: number;
  /** After the last top-level import. */
  readonly afterImports: Position;
  /** The start of the line of `class Migration`. */
  readonly classLine: Position;
  /** The start of the class body's first statement, and its indentation. */
  readonly bodyStart: Position;
  readonly bodyIndent: number;
}

/** The operation starting on `line` (zero-based) of a migration module, or why it cannot be read. */
export function operationAt(parser: PythonParser, text: string, line: number): OperationSite | string {
  const tree = parser.parse(text);
  try {
    const root = tree.rootNode;
    const found = operationNode(root, line);
    if (typeof found === 'string') return found;
    const { cls, body, assignments, items, call } = found;
    const kind = (call.childForFieldName('function')?.text ?? '').split('.').pop() ?? '';
    const imports = root.namedChildren.filter((node) => node.type === 'import_statement' || node.type === 'import_from_statement');
    const lastImport = imports.at(-1);
    const firstStatement = body.namedChildren[0];
    return {
      kind,
      arguments: argumentsOf(call, POSITIONAL[kind] ?? []),
      others: items.length - 1,
      modelsBefore: items.slice(0, items.indexOf(call)).map(modelOf),
      imports: imports.map((node) => node.text),
      atomicWritten: assignments.some((node) => node.childForFieldName('left')?.text === 'atomic'),
      quote: call.descendantsOfType('string')[0]?.text.startsWith("'") ? "'" : '"',
      places: {
        operation: { start: positionOf(call.startPosition), end: positionOf(call.endPosition) },
        wholeLines: wholeLinesOf(text, call),
        operationIndent: call.startPosition.column,
        afterImports: lastImport ? { line: lastImport.endPosition.row + 1, character: 0 } : { line: 0, character: 0 },
        classLine: { line: cls.startPosition.row, character: 0 },
        bodyStart: positionOf(firstStatement.startPosition),
        bodyIndent: firstStatement.startPosition.column,
      },
    };
  } finally {
    tree.delete();
  }
}

/** The Migration class, its `operations` list and the operation call starting on `line`, or why there is none. */
function operationNode(root: Node, line: number): { cls: Node; body: Node; assignments: Node[]; items: Node[]; call: Node } | string {
  const cls = root.namedChildren.find((node) => node.type === 'class_definition' && node.childForFieldName('name')?.text === 'Migration');
  const body = cls?.childForFieldName('body');
  if (!cls || !body) return 'the module has no Migration class';
  const assignments = body.namedChildren.map((statement) => statement.namedChild(0)).filter((node): node is Node => node?.type === 'assignment');
  const list = assignments.find((node) => node.childForFieldName('left')?.text === 'operations')?.childForFieldName('right');
  if (list?.type !== 'list') return 'the migration\'s operations are not a list literal';
  const items = list.namedChildren.filter((item) => item.type !== 'comment');
  const call = items.find((item) => item.startPosition.row === line);
  if (!call || call.type !== 'call') return `no operation call starts on line ${line + 1}`;
  return { cls, body, assignments, items, call };
}

/** A plain string literal's value (no prefix, escape or triple quotes). */
function literal(node: Node | null | undefined): string | undefined {
  return node?.type === 'string' ? /^(['"])([^'"\\]*)\1$/.exec(node.text)?.[2] : undefined;
}

/**
 * The constraint call named `name` (by a literal `name=`) anywhere in the operation starting on
 * `line` (an `AddConstraint`, one in a `SeparateDatabaseAndState`'s state, `CreateModel`'s
 * `constraints` option): its source, its class and its `fields` when a list or tuple of literals (makemigrations writes a tuple).
 */
export function constraintIn(parser: PythonParser, text: string, line: number, name: string): { source: string; className: string; fields?: string[] } | undefined {
  const tree = parser.parse(text);
  try {
    const found = operationNode(tree.rootNode, line);
    if (typeof found === 'string') return undefined;
    const keyword = (call: Node, key: string) =>
      call.childForFieldName('arguments')?.namedChildren.find((argument) => argument.type === 'keyword_argument' && argument.childForFieldName('name')?.text === key)?.childForFieldName('value');
    const className = (call: Node) => call.childForFieldName('function')?.text.split('.').pop() ?? '';
    const call = found.call.descendantsOfType('call').find((node) => node && className(node).endsWith('Constraint') && literal(keyword(node, 'name')) === name);
    if (!call) return undefined;
    const fields = keyword(call, 'fields');
    const names = fields?.type === 'list' || fields?.type === 'tuple' ? fields.namedChildren.map(literal) : undefined;
    return { source: call.text, className: className(call), fields: names?.every((field) => field !== undefined) ? (names as string[]) : undefined };
  } finally {
    tree.delete();
  }
}

function positionOf(point: { row: number; column: number }): Position {
  return { line: point.row, character: point.column };
}

/**
 * The model an operation acts on, as a lower-case name: `model_name`, or the `name` of a model
 * operation; undefined for a relation's field, which locks the table it points to as well.
 */
function modelOf(call: Node): string | undefined {
  const kind = (call.childForFieldName('function')?.text ?? '').split('.').pop() ?? '';
  if (/\b(ForeignKey|OneToOneField|ManyToManyField)\(/.test(call.text)) return undefined;
  const ofModel = /Model|Together|OrderWithRespectTo/.test(kind);
  const source = argumentsOf(call, [ofModel ? 'name' : 'model_name']).get(ofModel ? 'name' : 'model_name');
  return source && /^["'](\w+)["']$/.exec(source)?.[1].toLowerCase();
}

function argumentsOf(call: Node, positional: readonly string[]): Map<string, string> {
  const result = new Map<string, string>();
  let index = 0;
  for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (argument.type === 'comment') continue;
    if (argument.type === 'keyword_argument') {
      const name = argument.childForFieldName('name')?.text;
      const value = argument.childForFieldName('value');
      if (name && value) result.set(name, value.text);
    } else if (index < positional.length) {
      result.set(positional[index++], argument.text);
    }
  }
  return result;
}

/** The operation's lines with its comma, when nothing else shares them (as makemigrations lays them out). */
function wholeLinesOf(text: string, call: Node): Places['wholeLines'] {
  const lines = text.split('\n');
  const comma = call.nextSibling?.type === ',' ? call.nextSibling : undefined;
  const end = comma ?? call;
  const before = lines[call.startPosition.row]?.slice(0, call.startPosition.column) ?? '';
  const after = lines[end.endPosition.row]?.slice(end.endPosition.column) ?? '';
  if (before.trim() !== '' || after.trim() !== '') return undefined;
  return { start: { line: call.startPosition.row, character: 0 }, end: { line: end.endPosition.row + 1, character: 0 } };
}

/** The edit taking the operation out of its migration, or why it cannot be made. */
export function removeOperation(site: OperationSite): TextEdit[] | string {
  if (!site.places.wholeLines) return 'the operation shares its lines with other code: lay the migration out one operation per line first';
  return [{ range: site.places.wholeLines, newText: '' }];
}

/**
 * The edits putting `step` in the operation's place: its operations, the imports the module lacks,
 * its functions before the class, and `atomic = False` when the step needs it; or why not.
 */
export function replaceOperation(parser: PythonParser, site: OperationSite, step: MigrationStep): TextEdit[] | string {
  if (!step.atomic && site.atomicWritten) return 'the migration sets `atomic` itself: change it by hand';
  const pad = ' '.repeat(site.places.operationIndent);
  const written = step.operations.map((operation) => indent(operation, site.places.operationIndent).slice(pad.length)).join(`,\n${pad}`);
  const operations = site.quote === "'" ? singleQuoted(parser, written) : written;
  const edits: TextEdit[] = [{ range: site.places.operation, newText: operations }];
  const missing = step.imports.filter((line) => !site.imports.includes(line));
  if (missing.length > 0) edits.push(insertAt(site.places.afterImports, missing.map((line) => `${line}\n`).join('')));
  if (step.definitions.length > 0) edits.push(insertAt(site.places.classLine, step.definitions.map((definition) => `${definition.trimEnd()}\n\n\n`).join('')));
  if (!step.atomic) edits.push(insertAt(site.places.bodyStart, `atomic = False\n\n${' '.repeat(site.places.bodyIndent)}`));
  return edits;
}

/** The plain double-quoted strings of `source` single-quoted, so the rewritten operation reads like the ones beside it. */
function singleQuoted(parser: PythonParser, source: string): string {
  // The tree's offsets count bytes: past ASCII they are no string indexes.
  if (/[^\x00-\x7f]/.test(source)) return source;
  const tree = parser.parse(source);
  try {
    let result = source;
    const strings = tree.rootNode.descendantsOfType('string').filter((node) => /^"[^"'\\\n]*"$/.test(node.text));
    for (const node of strings.sort((a, b) => b.startIndex - a.startIndex)) {
      result = `${result.slice(0, node.startIndex)}'${node.text.slice(1, -1)}'${result.slice(node.endIndex)}`;
    }
    return result;
  } finally {
    tree.delete();
  }
}

function insertAt(position: Position, newText: string): TextEdit {
  return { range: { start: position, end: position }, newText };
}
