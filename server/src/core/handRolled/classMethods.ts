/**
 * What the `mixed-responsibilities` hint reads of a module's classes: each top-level class's
 * methods with the names they use (`self.charge` → `charge`, `Payment`), so the detector can
 * group them into features with the module's grouping (features/featureGrouping.ts) as if they
 * were a module's functions. Plain data, from the module's tree.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import type { SourceRange } from '../model/sourceRange';
import { rangeOf } from './syntax';

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
export function classShapes(root: SyntaxNode): ClassShape[] {
  const shapes: ClassShape[] = [];
  for (const statement of root.namedChildren) {
    const cls = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    const name = cls?.type === 'class_definition' ? cls.childForFieldName('name') : null;
    if (!cls || !name) continue;
    const methods: MethodShape[] = [];
    for (const member of cls.childForFieldName('body')?.namedChildren ?? []) {
      const fn = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
      const methodName = fn?.type === 'function_definition' ? fn.childForFieldName('name') : null;
      if (!fn || !methodName) continue;
      const text = member.text;
      methods.push({ name: methodName.text, nameRange: rangeOf(methodName), range: rangeOf(member), references: referencesOf(text, methodName.text), codeLines: codeLines(text) });
    }
    const bases = (cls.childForFieldName('superclasses')?.namedChildren ?? []).filter((b) => b.type !== 'keyword_argument' && b.type !== 'comment').map((b) => b.text);
    shapes.push({ name: name.text, nameRange: rangeOf(name), bases, methods });
  }
  return shapes;
}

/**
 * The names a method mentions (its parameters and decorators too): identifiers, and `x` of `self.x`/`cls.x` (other methods),
 * not other attributes. Read from the text, not the tree (a tree walk per method costs more than
 * all the other facts): a name in a string or comment counts too, which can only join groups,
 * never make a hint appear.
 */
function referencesOf(method: string, name: string): string[] {
  const names = new Set<string>();
  for (const match of method.matchAll(/(?<![\w.])(?:(?:self|cls)\.)?([A-Za-z_]\w*)/g)) names.add(match[1]);
  // The method's own `def` line names it, its parameters and decorators: only its own name would mislead.
  for (const word of ['self', 'cls', 'def', name]) names.delete(word);
  return [...names];
}

/** Lines that hold something besides blanks and comments. */
function codeLines(text: string): number {
  return text.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#')).length;
}
