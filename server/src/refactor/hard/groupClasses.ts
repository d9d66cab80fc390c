/**
 * The classes of a hard-stage finding, read again from the current files: for each place, the
 * top-level class holding it, with what the rewrite needs once the tree is gone (its header,
 * body statements with their lines, `Meta`, the names each statement reads when the class is
 * created) and the members all the classes share now.
 */
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import type { SourcePosition } from '../../core/model/sourceRange';
import { classMembersOf, type ClassMember } from '../../core/python/classMembers';
import { lexPython } from '../../core/python/pythonLexer';
import { outlineModule } from '../../core/python/moduleOutline';
import { classFamiliesOf, type ClassFamily } from '../../core/clones/classFamilies';
import { isComparedClass, isSharedMember } from '../../core/clones/memberClones';
import { nameUsesIn } from '../analysis/nameUses';
import { nestingProblem } from '../analysis/dataFlow';
import { isSilenced } from '../../core/python/directives';
import { methodFactsOf, type MethodFacts } from './methodFacts';
import type { WorkspaceSnapshot } from '../domainEdit';

/** A place of the finding: a line inside the class. */
export interface GroupPlace {
  readonly file: string;
  readonly line: number;
}

/** A statement of a class body (or of its `Meta`), comments directly above it included. */
export interface BodyStatement {
  /** First line, attached comments included, and last line. */
  readonly startLine: number;
  readonly endLine: number;
  /** The member it is, when it is one (`created_at`, `Meta.ordering`, `get_queryset`). */
  readonly member?: string;
  /** Names it reads while the class is created (not those read when a method runs). */
  readonly reads: readonly string[];
  /** Names it binds in the class namespace. */
  readonly binds: readonly string[];
  /** For `name = value`, the value as written. */
  readonly value?: string;
}

export interface GroupClass {
  readonly file: string;
  readonly name: string;
  readonly family: ClassFamily;
  readonly decorators: readonly string[];
  /** The first line of the class with its decorators and the comments directly above. */
  readonly firstLine: number;
  readonly lastLine: number;
  /** The bases as written, and where the parenthesised list is (absent for `class A:`). */
  readonly bases: readonly string[];
  readonly basesRange?: { readonly start: SourcePosition; readonly end: SourcePosition };
  /** Whether the header passes keywords (`metaclass=…`). */
  readonly baseKeywords: boolean;
  readonly nameEnd: SourcePosition;
  readonly indent: string;
  readonly body: readonly BodyStatement[];
  readonly meta?: { readonly statement: BodyStatement; readonly nameEnd: SourcePosition; readonly hasBases: boolean; readonly body: readonly BodyStatement[]; readonly indent: string };
  readonly members: readonly ClassMember[];
  /** What each method says about the class it is written in, by name. */
  readonly methods: ReadonlyMap<string, MethodFacts>;
  /** Members `# untangle: ignore duplicate-block` keeps where they are. */
  readonly silenced: ReadonlySet<string>;
}

export interface ClassGroup {
  readonly classes: readonly GroupClass[];
  /** The members every class has with the same code, in the first class's order. */
  readonly shared: readonly ClassMember[];
}

/** The group at `places` as the files are now, or why there is none. */
export function readGroup(parser: PythonParser, snapshot: WorkspaceSnapshot, places: readonly GroupPlace[]): ClassGroup | string {
  const classes: GroupClass[] = [];
  for (const place of places) {
    const text = snapshot.read(place.file);
    if (text === undefined) return `cannot read ${place.file}`;
    const found = classAt(parser, text, place);
    if (typeof found === 'string') return found;
    if (!classes.some((c) => c.file === found.file && c.name === found.name)) classes.push(found);
  }
  if (classes.length < 2) return 'the members are no longer repeated in two classes';
  // The shared class goes before the first class in the file, whichever place the action was asked on.
  classes.sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.firstLine - b.firstLine));
  const families = new Set(classes.map((c) => c.family));
  if (families.size > 1) return `${classes.map((c) => `\`${c.name}\``).join(', ')} are different kinds of classes (${[...families].join(', ')})`;
  const [first, ...others] = classes;
  const key = (m: ClassMember) => `${m.kind}|${m.name}|${m.fingerprint}`;
  const lastByName = (cls: GroupClass) => new Map(cls.members.filter((m) => isSharedMember(cls.family, m) && !cls.silenced.has(m.name)).map((m) => [m.name, m]));
  const otherKeys = others.map((cls) => new Set([...lastByName(cls).values()].map(key)));
  const shared = [...lastByName(first).values()].filter((m) => otherKeys.every((keys) => keys.has(key(m))));
  return { classes, shared: shared.sort((a, b) => a.range.start.line - b.range.start.line) };
}

function classAt(parser: PythonParser, text: string, place: GroupPlace): GroupClass | string {
  const tree = parser.parse(text);
  try {
    const statement = tree.rootNode.namedChildren.find((s) => s.startPosition.row <= place.line && place.line <= s.endPosition.row);
    const definition = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (!statement || definition?.type !== 'class_definition') return `line ${place.line + 1} of ${place.file} is not in a top-level class`;
    const deep = nestingProblem([statement]);
    if (deep) return deep;
    const outline = outlineModule(tree, text).outline;
    const lexed = lexPython(text);
    const name = definition.childForFieldName('name')!;
    const symbol = outline.symbols.find((s) => s.kind === 'class' && s.nameRange.start.line === name.startPosition.row)!;
    if (!isComparedClass(symbol)) return `\`${name.text}\` is an abstract or proxy model, or has __slots__: it is not pulled up`;
    const superclasses = definition.childForFieldName('superclasses');
    const body = definition.childForFieldName('body')!;
    const lines = text.split('\n');
    const metaNode = body.namedChildren.find((s) => s.type === 'class_definition' && s.childForFieldName('name')?.text === 'Meta');
    const members = classMembersOf(definition, text, lexed);
    return {
      file: place.file,
      name: name.text,
      family: classFamiliesOf(outline).get(name.text)!,
      decorators: symbol.decorators,
      firstLine: withCommentsAbove(lines, statement.startPosition.row),
      lastLine: statement.endPosition.row,
      bases: symbol.bases,
      basesRange: superclasses ? { start: point(superclasses.startPosition), end: point(superclasses.endPosition) } : undefined,
      baseKeywords: superclasses?.namedChildren.some((b) => b.type === 'keyword_argument') ?? false,
      nameEnd: point(name.endPosition),
      indent: indentOf(lines, body),
      body: bodyStatements(lines, body, ''),
      meta: metaNode ? metaOf(lines, body, metaNode) : undefined,
      members,
      silenced: new Set(members.filter((m) => isSilenced(outline.directives, 'duplicate-block', m.range.start.line)).map((m) => m.name)),
      methods: new Map(body.namedChildren.flatMap((s) => {
        const fn = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
        return fn?.type === 'function_definition' ? [[fn.childForFieldName('name')!.text, methodFactsOf(s, name.text)] as const] : [];
      })),
    };
  } finally {
    tree.delete();
  }
}

function metaOf(lines: readonly string[], classBody: Node, meta: Node): GroupClass['meta'] {
  const metaBody = meta.childForFieldName('body')!;
  return {
    statement: bodyStatements(lines, classBody, '').find((s) => s.startLine <= meta.startPosition.row && meta.startPosition.row <= s.endLine)!,
    nameEnd: point(meta.childForFieldName('name')!.endPosition),
    hasBases: meta.childForFieldName('superclasses') !== null,
    body: bodyStatements(lines, metaBody, 'Meta.'),
    indent: indentOf(lines, metaBody),
  };
}

/** The statements of a block; `prefix` names `Meta` options. */
function bodyStatements(lines: readonly string[], block: Node, prefix: string): BodyStatement[] {
  return block.namedChildren
    .filter((s) => s.type !== 'comment')
    .map((statement) => {
      const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition')! : statement;
      const bound = boundName(definition);
      const isClass = definition.type === 'class_definition';
      const value = definition.type === 'expression_statement' ? definition.namedChild(0)?.childForFieldName('right')?.text : undefined;
      return {
        ...(value !== undefined ? { value } : {}),
        startLine: withCommentsAbove(lines, statement.startPosition.row),
        endLine: statement.endPosition.row,
        member: bound ? `${prefix}${bound}` : undefined,
        reads: readsAtCreation(isClass ? definition.childForFieldName('superclasses') : statement),
        binds: bound ? [bound] : [],
      };
    });
}

/** Names a class-body statement reads while the class is created (a nested class, `Meta`, only in its bases). */
function readsAtCreation(node: Node | null): string[] {
  return node ? [...new Set(nameUsesIn(node).filter((use) => !use.deferred).map((use) => use.name))] : [];
}

/** The name a class-body statement binds: a def, a class, or `name = …`. */
function boundName(statement: Node): string | undefined {
  if (statement.type === 'function_definition' || statement.type === 'class_definition') return statement.childForFieldName('name')?.text;
  if (statement.type !== 'expression_statement') return undefined;
  const assignment = statement.namedChild(0);
  const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
  return left?.type === 'identifier' ? left.text : undefined;
}

/** The first line of the comment lines directly above `row` (no blank line between), else `row`. */
function withCommentsAbove(lines: readonly string[], row: number): number {
  let first = row;
  while (first > 0 && /^\s*#/.test(lines[first - 1])) first--;
  return first;
}

function indentOf(lines: readonly string[], block: Node): string {
  const first = block.namedChildren[0];
  return first ? /^[ \t]*/.exec(lines[first.startPosition.row])![0] : '    ';
}

function point(position: { row: number; column: number }): SourcePosition {
  return { line: position.row, character: position.column };
}
