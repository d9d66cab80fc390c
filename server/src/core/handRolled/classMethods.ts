/**
 * What the `mixed-responsibilities` hint reads of a module's classes: each top-level class's
 * methods with the names they use (`self.charge` → `charge`, `Payment`), so the detector can
 * group them into features with the module's grouping (features/featureGrouping.ts) as if they
 * were a module's functions. Plain data, from the module's tree.
 */
import type { Node } from 'web-tree-sitter';
import type { SourceRange } from '../model/sourceRange';
import { identifiersIn, rangeOf } from './syntax';

export interface MethodShape {
  readonly name: string;
  /** The method's `def` name. */
  readonly nameRange: SourceRange;
  /** The whole method, decorators included. */
  readonly range: SourceRange;
  /** Names read (identifiers, and the attribute of `self.x`/`cls.x`, which may be another method). */
  readonly references: readonly string[];
  /** Lines holding code. */
  readonly codeLines: number;
}

export interface ClassShape {
  readonly name: string;
  readonly nameRange: SourceRange;
  /** Bases as written (`TestCase`, `models.Model`). */
  readonly bases: readonly string[];
  readonly methods: readonly MethodShape[];
}

/** The top-level classes of the module parsed as `root`, with their methods. */
export function classShapes(root: Node): ClassShape[] {
  const shapes: ClassShape[] = [];
  for (const statement of root.namedChildren) {
    const cls = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    const name = cls?.type === 'class_definition' ? cls.childForFieldName('name') : null;
    if (!cls || !name) continue;
    const methods: MethodShape[] = [];
    for (const member of cls.childForFieldName('body')?.namedChildren ?? []) {
      const fn = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
      const methodName = fn?.type === 'function_definition' ? fn.childForFieldName('name') : null;
      if (fn && methodName) methods.push({ name: methodName.text, nameRange: rangeOf(methodName), range: rangeOf(member), references: referencesOf(fn), codeLines: codeLines(member) });
    }
    const bases = (cls.childForFieldName('superclasses')?.namedChildren ?? []).filter((b) => b.type !== 'keyword_argument' && b.type !== 'comment').map((b) => b.text);
    shapes.push({ name: name.text, nameRange: rangeOf(name), bases, methods });
  }
  return shapes;
}

function referencesOf(fn: Node): string[] {
  const body = fn.childForFieldName('body');
  if (!body) return [];
  const names = new Set(identifiersIn(body));
  for (const attribute of body.descendantsOfType('attribute')) {
    if (/^(self|cls)$/.test(attribute.childForFieldName('object')?.text ?? '')) names.add(attribute.childForFieldName('attribute')?.text ?? '');
  }
  names.delete('self');
  names.delete('cls');
  names.delete('');
  return [...names];
}

/** Lines of the node that hold something besides blanks and comments. */
function codeLines(node: Node): number {
  return node.text.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#')).length;
}
