/**
 * String literals that name a module, or something in it, by its dotted path:
 * `patch("shop.views.requests")`, `override_settings(VALIDATORS="shop.tests.validators")`,
 * `import_string("shop.utils.slugify")`. Code that moves a module's contents away from its path
 * asks here who would still look for them there.
 */
import * as path from 'path';
import type { Node, Tree } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import type { WorkspaceSnapshot } from '../domainEdit';
import type { SourceRange } from '../../core/model/sourceRange';
import { rangeOfNode } from './nameUses';

/** `a.b.c`: what a dotted path looks like. */
export const DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

/** A string literal as written, and where it is. */
export interface StringLiteral {
  readonly range: SourceRange;
  readonly text: string;
}

/**
 * The edit pointing a literal naming `module.name` (`"shop.views.requests"`) at `newModule`
 * instead (`"shop.views.order_views.requests"`), for an engine that moved what reads the name.
 */
export function pointedAt(literal: StringLiteral, module: string, name: string, newModule: string): { range: SourceRange; newText: string } {
  return { range: literal.range, newText: literal.text.replace(`${module}.${name}`, `${newModule}.${name}`) };
}

/** One string literal naming the module or a name in it. */
export interface DottedString {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly value: string;
  /** The literal as written, and where: an engine moving the name may rewrite it. */
  readonly literal: StringLiteral;
  /** For messages: `tests.py line 12 names "shop.tests.validators"`. */
  readonly description: string;
}

/** A plain string literal's value; undefined for anything else (an f-string, a concatenation). */
export function stringValue(node: Node | undefined): string | undefined {
  if (node?.type !== 'string' || node.descendantsOfType('interpolation').length > 0) return undefined;
  return /^[rRuU]?('''|"""|'|")(.*)\1$/s.exec(node.text)?.[2];
}

/** The string literals of a parsed file whose value is `module` or a dotted path inside it. */
export function stringsNaming(tree: Tree, module: string): { node: Node; value: string }[] {
  const found: { node: Node; value: string }[] = [];
  for (const node of tree.rootNode.descendantsOfType('string')) {
    const value = stringValue(node);
    if (value !== undefined && DOTTED.test(value) && (value === module || value.startsWith(`${module}.`))) found.push({ node, value });
  }
  return found;
}

/** Every string literal of the workspace's Python files (the module's own included) naming `module` or a name in it. */
export function dottedStringsNaming(parser: PythonParser, snapshot: WorkspaceSnapshot, module: string): DottedString[] {
  const found: DottedString[] = [];
  for (const file of snapshot.pythonFiles()) {
    const text = snapshot.read(file);
    if (!text?.includes(module)) continue;
    const tree = parser.parse(text);
    try {
      for (const { node, value } of stringsNaming(tree, module)) {
        const line = node.startPosition.row + 1;
        found.push({ file, line, value, literal: { range: rangeOfNode(node), text: node.text }, description: `${path.basename(file)} line ${line} names it by its dotted path ("${value}")` });
      }
    } finally {
      tree.delete();
    }
  }
  return found;
}
