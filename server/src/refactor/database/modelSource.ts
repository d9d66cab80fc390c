/**
 * The source edits of a field rename outside the migrations: the declaration takes the new name,
 * a `@property` with a setter keeps the old one readable and writable on the model, and each
 * serializer listing the old name keeps it as its key through `extra_kwargs` (`source=` the new
 * field, so DRF builds the same field from it: same type, validators, read-only flags).
 */
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import { rangeFromPoints, type SourcePosition } from '../../core/model/sourceRange';
import { moduleImports } from '../../core/python/moduleOutline';
import type { TextEdit } from '../domainEdit';
import { PYTHON_BUILTINS } from '../analysis/pythonBuiltins';

/** A field declaration as the model's module writes it. */
export interface FieldDeclaration {
  /** The constructor call: `models.CharField(max_length=100)`. */
  readonly call: string;
  /** Import lines a migration needs for the call, besides `models`. */
  readonly imports: readonly string[];
  /** The edits renaming the declaration and adding the property. */
  readonly edits: readonly TextEdit[];
}

/**
 * Renames `oldName = models.X(…)` in class `className` to `newName` and adds the property under
 * the old name (before the first method, where Django code keeps them); a reason when it cannot.
 * `isWorkspaceModule` tells imports of the project (which a migration must not use) from others.
 */
export function renameDeclaration(
  parser: PythonParser,
  text: string,
  request: { className: string; oldName: string; newName: string; note: string; literals?: Readonly<Record<string, string>> },
  isWorkspaceModule: (module: string) => boolean,
): FieldDeclaration | string {
  return withTree(parser, text, (root) => {
    const found = readDeclaration(root, { ...request, readsFrom: request.newName }, isWorkspaceModule);
    if (typeof found === 'string') return found;
    return { call: found.call, imports: found.imports, edits: [{ range: rangeFromPoints(found.name.startPosition, found.name.endPosition), newText: request.newName }, found.property] };
  });
}

/**
 * Moves `field = models.X(…)` from class `className` to class `targetClass` of the same module,
 * which `className` reaches through its one-to-one `relation`: the declaration goes there as
 * written, and a property under the old name reads and writes it through the relation (and one
 * under `attname`, a foreign key's `<field>_id`, when given).
 */
export function moveDeclaration(
  parser: PythonParser,
  text: string,
  request: { className: string; field: string; relation: string; targetClass: string; note: string; literals?: Readonly<Record<string, string>>; attname?: string },
  isWorkspaceModule: (module: string) => boolean,
): FieldDeclaration | string {
  return withTree(parser, text, (root) => {
    const also = request.attname === undefined ? [] : [request.attname];
    const found = readDeclaration(root, { ...request, oldName: request.field, readsFrom: `${request.relation}.${request.field}`, removed: true, also }, isWorkspaceModule);
    if (typeof found === 'string') return found;
    const target = classBody(root, request.targetClass);
    if (!target) return `class \`${request.targetClass}\` is not in the module of \`${request.className}\``;
    // After the target's last field, where its declarations end.
    const last = target.namedChildren.filter((statement) => statement.type === 'expression_statement' && statement.namedChild(0)?.type === 'assignment').at(-1);
    if (!last) return `\`${request.targetClass}\` declares no field to put \`${request.field}\` after`;
    const statement = found.name.parent!.parent!;
    const declared = `\n${' '.repeat(last.startPosition.column)}${request.field} = ${lazyReference(root, found.name.parent!.childForFieldName('right')!, target)}`;
    return {
      call: found.call,
      imports: found.imports,
      edits: [{ range: { start: { line: statement.startPosition.row, character: 0 }, end: { line: statement.endPosition.row + 1, character: 0 } }, newText: '' }, found.property, { range: point(endOf(last)), newText: declared }],
    };
  });
}

/**
 * The call as written, its relation target given as a string (Django's lazy reference) when it
 * names a class the module defines after `target`, where the declaration now sits.
 */
function lazyReference(root: Node, call: Node, target: Node): string {
  const first = call.childForFieldName('arguments')?.namedChildren[0];
  if (first?.type !== 'identifier' || !root.descendantsOfType('class_definition').some((cls) => cls.childForFieldName('name')?.text === first.text && cls.startIndex > target.startIndex)) return call.text;
  return `${call.text.slice(0, first.startIndex - call.startIndex)}"${first.text}"${call.text.slice(first.endIndex - call.startIndex)}`;
}

function withTree<T>(parser: PythonParser, text: string, use: (root: Node) => T): T {
  const tree = parser.parse(text);
  try {
    return use(tree.rootNode);
  } finally {
    tree.delete();
  }
}

function classBody(root: Node, className: string): Node | undefined {
  return root.descendantsOfType('class_definition').find((node) => node.childForFieldName('name')?.text === className)?.childForFieldName('body') ?? undefined;
}

/**
 * The declaration `oldName = models.X(…)` of class `className`: its call as a migration writes it
 * (`call`, with `imports`), its name, and the property under the old name (and each of `also`)
 * reading `self.<readsFrom>`, inserted before the first method or after the last other statement.
 */
function readDeclaration(
  root: Node,
  request: { className: string; oldName: string; readsFrom: string; removed?: boolean; note: string; literals?: Readonly<Record<string, string>>; also?: readonly string[] },
  isWorkspaceModule: (module: string) => boolean,
): { call: string; imports: string[]; name: Node; property: TextEdit } | string {
  const body = classBody(root, request.className);
  if (!body) return `class \`${request.className}\` not found`;
  const statements = body.namedChildren;
  const declaration = statements
    .map((statement) => (statement.type === 'expression_statement' ? statement.namedChild(0) : null))
    .find((node) => node?.type === 'assignment' && node.childForFieldName('left')?.text === request.oldName);
  const name = declaration?.childForFieldName('left');
  const call = declaration?.childForFieldName('right');
  if (!name || call?.type !== 'call') return `\`${request.oldName}\` is not declared as \`${request.oldName} = models.…(…)\` in \`${request.className}\``;
  // A keyword whose value the project model knows (`choices=STATUS_CHOICES`) is written out: a migration must not import the app.
  // A relation's target given first by position (`ForeignKey(Editor, …)`) is its `to`.
  const literal = (argument: Node, index: number) => (argument.type === 'keyword_argument' ? request.literals?.[argument.childForFieldName('name')?.text ?? ''] : index === 0 ? request.literals?.to : undefined);
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  const imports = importsFor(root, args.filter((argument, index) => literal(argument, index) === undefined).concat(call.childForFieldName('function') ?? []), isWorkspaceModule);
  if (typeof imports === 'string') return imports;
  let written = call.text;
  for (const [index, argument] of [...args.entries()].reverse()) {
    const value = argument.type === 'keyword_argument' ? argument.childForFieldName('value') : argument;
    const replacement = literal(argument, index);
    if (!value || replacement === undefined) continue;
    written = written.slice(0, value.startIndex - call.startIndex) + replacement + written.slice(value.endIndex - call.startIndex);
  }
  const method = statements.find((statement) => statement.type === 'function_definition' || statement.type === 'decorated_definition');
  const indent = ' '.repeat(name.startPosition.column);
  // `also`: more names read from the same object as the old one (a key's `<field>_id`).
  const owner = request.readsFrom.slice(0, request.readsFrom.lastIndexOf('.') + 1);
  const property = [request.oldName, ...(request.also ?? [])].map((oldName, i) => propertyText(indent, oldName, i === 0 ? request.readsFrom : `${owner}${oldName}`, request.note)).join('\n');
  // A declaration that moves away is no place to put anything after.
  const after = statements.filter((statement) => !request.removed || statement.id !== declaration!.parent?.id).at(-1)!;
  const insert: TextEdit = method
    ? { range: point({ line: method.startPosition.row, character: 0 }), newText: property }
    : { range: point(endOf(after)), newText: `\n\n${property.trimEnd()}` };
  return { call: written, imports, name, property: insert };
}

function propertyText(indent: string, oldName: string, readsFrom: string, note: string): string {
  return [
    '@property',
    `def ${oldName}(self):`,
    `    """The field's old name, kept while code still uses it: ${note}."""`,
    `    return self.${readsFrom}`,
    '',
    `@${oldName}.setter`,
    `def ${oldName}(self, value):`,
    `    self.${readsFrom} = value`,
    '',
  ].map((line) => (line ? `${indent}${line}` : line)).join('\n') + '\n';
}

/** The imports of the names the call uses, as a migration module writes them; a reason for a name of the project. */
function importsFor(root: Node, parts: readonly Node[], isWorkspaceModule: (module: string) => boolean): string[] | string {
  const bindings = moduleImports(root);
  const lines = new Set<string>();
  for (const identifier of parts.flatMap((part) => (part.type === 'identifier' ? [part] : part.descendantsOfType('identifier')))) {
    const parent = identifier.parent;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === identifier.id) continue;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) continue;
    const local = identifier.text;
    if (local === 'models' || PYTHON_BUILTINS.has(local)) continue;
    const binding = bindings.find((candidate) => candidate.localName === local);
    if (!binding || binding.module.startsWith('.') || isWorkspaceModule(binding.module)) {
      return `the field uses \`${local}\`, defined in the project: a migration must not import the app's code (write its value in the field first)`;
    }
    const alias = (name: string) => (name === local ? '' : ` as ${local}`);
    lines.add(binding.importedName === undefined ? `import ${binding.module}${alias(binding.module)}` : `from ${binding.module} import ${binding.importedName}${alias(binding.importedName)}`);
  }
  return [...lines];
}

/**
 * The edit keeping `oldName` as a key of the serializer class `className` whose Meta lists it:
 * `extra_kwargs = {"old": {"source": "new"}}`, merged into an existing literal `extra_kwargs`.
 */
export function serializerSourceEdit(parser: PythonParser, text: string, className: string, oldName: string, newName: string): TextEdit | string {
  const tree = parser.parse(text);
  try {
    const cls = tree.rootNode.descendantsOfType('class_definition').find((node) => node.childForFieldName('name')?.text === className);
    const meta = cls?.childForFieldName('body')?.namedChildren.find((node) => node.type === 'class_definition' && node.childForFieldName('name')?.text === 'Meta');
    const statements = meta?.childForFieldName('body')?.namedChildren ?? [];
    if (statements.length === 0) return `the Meta of \`${className}\` not found`;
    const entry = `"${oldName}": {"source": "${newName}"}`;
    const existing = statements
      .map((statement) => (statement.type === 'expression_statement' ? statement.namedChild(0) : null))
      .find((node) => node?.type === 'assignment' && node.childForFieldName('left')?.text === 'extra_kwargs')
      ?.childForFieldName('right');
    if (!existing) {
      const indent = ' '.repeat(statements[0].startPosition.column);
      return { range: point(endOf(statements.at(-1)!)), newText: `\n${indent}extra_kwargs = {${entry}}` };
    }
    if (existing.type !== 'dictionary') return `\`${className}.Meta.extra_kwargs\` is not a dict literal`;
    if (existing.namedChildren.some((pair) => pair.childForFieldName('key')?.text.slice(1, -1) === oldName)) {
      return `\`${className}.Meta.extra_kwargs\` sets "${oldName}" already: give it \`"source": "${newName}"\` by hand`;
    }
    const open = { line: existing.startPosition.row, character: existing.startPosition.column + 1 };
    return { range: point(open), newText: existing.namedChildren.length > 0 ? `${entry}, ` : entry };
  } finally {
    tree.delete();
  }
}

/**
 * The edit declaring `field = serializers.ReadOnlyField(source="…")` in the serializer class
 * `className`, before its Meta: the key stays, read through the relation, not through the property.
 */
export function serializerReadOnlyEdit(parser: PythonParser, text: string, className: string, field: string, source: string): TextEdit | string {
  return withTree(parser, text, (root) => {
    const meta = classBody(root, className)?.namedChildren.find((node) => node.type === 'class_definition' && node.childForFieldName('name')?.text === 'Meta');
    if (!meta) return `the Meta of \`${className}\` not found`;
    if (!moduleImports(root).some((binding) => binding.localName === 'serializers' && binding.module === 'rest_framework')) return `${className}'s module does not import \`serializers\` from rest_framework`;
    const indent = ' '.repeat(meta.startPosition.column);
    return { range: point({ line: meta.startPosition.row, character: 0 }), newText: `${indent}${field} = serializers.ReadOnlyField(source="${source}")\n\n` };
  });
}

function point(at: SourcePosition): TextEdit['range'] {
  return { start: at, end: at };
}

function endOf(node: Node): SourcePosition {
  return { line: node.endPosition.row, character: node.endPosition.column };
}
