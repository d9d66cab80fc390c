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
  // A scan by character codes: the regex `(?<![\w.])(?:(?:self|cls)\.)?([A-Za-z_]\w*)` allocated
  // 48–63 MB of match arrays on Django's classes.
  for (let at = 0; at < method.length; ) {
    if (!isNameStart(method.charCodeAt(at)) || (at > 0 && (isWordCode(method.charCodeAt(at - 1)) || method.charCodeAt(at - 1) === DOT))) {
      at += 1;
      continue;
    }
    let end = wordEnd(method, at);
    let word = method.slice(at, end);
    if ((word === 'self' || word === 'cls') && method.charCodeAt(end) === DOT && isNameStart(method.charCodeAt(end + 1))) {
      const attribute = end + 1;
      end = wordEnd(method, attribute);
      word = method.slice(attribute, end);
    }
    names.add(word);
    at = end;
  }
  // The method's own `def` line names it, its parameters and decorators: only its own name would mislead.
  for (const word of ['self', 'cls', 'def', name]) names.delete(word);
  return [...names];
}

const DOT = 46;

/** `[A-Za-z_]` */
function isNameStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** `\w`: `[A-Za-z0-9_]` */
function isWordCode(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57);
}

/** Where the word starting at `at` ends. */
function wordEnd(text: string, at: number): number {
  let end = at + 1;
  while (end < text.length && isWordCode(text.charCodeAt(end))) end += 1;
  return end;
}

/** Lines that hold something besides blanks and comments. */
function codeLines(text: string): number {
  return text.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#')).length;
}
