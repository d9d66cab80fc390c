/**
 * Whether a line declares a model field (`frequency = models.CharField(…)` in a class body), so
 * the editor can offer the field rename there without building the project model at every cursor
 * move; the rename itself checks that the class is a model.
 */
import type { PythonParser } from '../../core/parse/pythonParser';

const FIELD_CALL = /(^|\.)(\w*Field|ForeignKey|ForeignObject)$/;
/** Serializer and form fields end in `Field` too. */
const NOT_MODEL_FIELD = /^(serializers|forms|filters)\./;

/** The class and field declared on `line` (zero-based), or undefined. */
export function fieldDeclaredAt(parser: PythonParser, text: string, line: number): { className: string; field: string } | undefined {
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
    return className ? { className, field: name.text } : undefined;
  } finally {
    tree.delete();
  }
}
