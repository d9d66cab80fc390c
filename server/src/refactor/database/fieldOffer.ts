/**
 * Whether a line declares a model field (`frequency = models.CharField(…)` in a class body), so
 * the editor can offer the field rename (and the move along the class's one-to-one fields) there
 * without building the project model at every cursor move; the refactoring checks that the class is a model.
 */
import type { PythonParser } from '../../core/parse/pythonParser';

const FIELD_CALL = /(^|\.)(\w*Field|ForeignKey|ForeignObject)$/;
/** Serializer and form fields end in `Field` too. */
const NOT_MODEL_FIELD = /^(serializers|forms|filters)\./;

const ONE_TO_ONE = /(^|\.)OneToOneField$/;

/** A field declared on a line, its class, and the one-to-one fields the class declares besides it (where the field can move). */
export interface DeclaredField {
  readonly className: string;
  readonly field: string;
  readonly oneToOnes: readonly string[];
}

/** The class and field declared on `line` (zero-based), or undefined. */
export function fieldDeclaredAt(parser: PythonParser, text: string, line: number): DeclaredField | undefined {
  const tree = parser.parse(text);
  try {
    const node = tree.rootNode.descendantForPosition({ row: line, column: (text.split('\n')[line] ?? '').search(/\S/) });
    const assignment = node?.parent?.type === 'assignment' ? node.parent : undefined;
    const name = assignment?.childForFieldName('left');
    const value = assignment?.childForFieldName('right');
    const cls = assignment?.parent?.parent?.parent;
    if (!name || name.type !== 'identifier' || name.startPosition.row !== line || value?.type !== 'call' || cls?.type !== 'class_definition') return undefined;
    const callee = value.childForFieldName('function')?.text ?? '';
    if (!FIELD_CALL.test(callee) || NOT_MODEL_FIELD.test(callee)) return undefined;
    const className = cls.childForFieldName('name')?.text;
    const oneToOnes = (cls.childForFieldName('body')?.namedChildren ?? []).flatMap((statement) => {
      const other = statement?.type === 'expression_statement' ? statement.namedChild(0) : undefined;
      const target = other?.type === 'assignment' ? other.childForFieldName('left') : undefined;
      const call = other?.childForFieldName('right');
      const isOneToOne = call?.type === 'call' && ONE_TO_ONE.test(call.childForFieldName('function')?.text ?? '');
      return target?.type === 'identifier' && target.text !== name.text && isOneToOne ? [target.text] : [];
    });
    return className ? { className, field: name.text, oneToOnes } : undefined;
  } finally {
    tree.delete();
  }
}
