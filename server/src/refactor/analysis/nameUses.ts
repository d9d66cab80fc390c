/**
 * Where a top-level statement uses names, and when: at import time (class bodies, base classes,
 * decorators, default values, module-level expressions) or only when a function runs. Splitting
 * a module turns uses into imports, and only import-time uses can make an import cycle fail.
 */
import type { Node } from 'web-tree-sitter';
import { rangeFromPoints, type SourceRange } from '../../core/model/sourceRange';

export interface NameUse {
  readonly name: string;
  readonly node: Node;
  /** Inside a function body or lambda: evaluated when it runs, not when the module is imported. */
  readonly deferred: boolean;
  /** The outermost function whose body holds the use, for a function-local import. */
  readonly functionNode?: Node;
}

/** Every read of a bare name in the statement. */
export function nameUsesIn(statement: Node): NameUse[] {
  const uses: NameUse[] = [];
  const visit = (node: Node | null, fn: Node | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case 'identifier':
        uses.push({ name: node.text, node, deferred: fn !== undefined, functionNode: fn });
        return;
      case 'attribute':
        visit(node.childForFieldName('object'), fn);
        return;
      // `from .base import Loader as BaseLoader` names `Loader` of another module, and binds rather than reads.
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
        return;
      case 'keyword_argument':
        visit(node.childForFieldName('value'), fn);
        return;
      case 'assignment':
      case 'augmented_assignment':
        visitTarget(node.childForFieldName('left'), fn, node.type === 'augmented_assignment');
        visit(node.childForFieldName('type'), fn);
        visit(node.childForFieldName('right'), fn);
        return;
      case 'function_definition':
        for (const parameter of node.childForFieldName('parameters')?.namedChildren ?? []) {
          visit(parameter.childForFieldName('value'), fn);
          visit(parameter.childForFieldName('type'), fn);
        }
        visit(node.childForFieldName('return_type'), fn);
        visit(node.childForFieldName('body'), fn ?? node);
        return;
      case 'lambda':
        for (const parameter of node.childForFieldName('parameters')?.namedChildren ?? []) visit(parameter.childForFieldName('value'), fn);
        visit(node.childForFieldName('body'), fn ?? node);
        return;
      case 'class_definition':
        visit(node.childForFieldName('superclasses'), fn);
        visit(node.childForFieldName('body'), fn);
        return;
      default:
        for (const child of node.namedChildren) visit(child, fn);
    }
  };
  const visitTarget = (target: Node | null, fn: Node | undefined, alsoRead: boolean): void => {
    if (!target) return;
    if (target.type === 'identifier') {
      if (alsoRead) visit(target, fn);
    } else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list'].includes(target.type)) {
      for (const child of target.namedChildren) visitTarget(child, fn, alsoRead);
    } else {
      visit(target, fn);
    }
  };
  visit(statement, undefined);
  return uses;
}

const RELATION_FIELDS = /(^|\.)(ForeignKey|OneToOneField|ManyToManyField)$/;

/**
 * Whether the use is the model of a Django relation field (`ForeignKey(Product, …)` or
 * `to=Product`), where the lazy string `"Product"` means the same model of the same app.
 */
export function isRelationTarget(use: NameUse): boolean {
  const parent = use.node.parent;
  if (!parent) return false;
  const argumentList = parent.type === 'keyword_argument' && parent.childForFieldName('name')?.text === 'to' ? parent.parent : parent;
  if (argumentList?.type !== 'argument_list') return false;
  if (parent.type === 'argument_list' && argumentList.namedChildren[0]?.id !== use.node.id) return false;
  const call = argumentList.parent;
  return call?.type === 'call' && RELATION_FIELDS.test(call.childForFieldName('function')?.text ?? '');
}

/** The node's range as an edit range. */
export function rangeOfNode(node: Node): SourceRange {
  return rangeFromPoints(node.startPosition, node.endPosition);
}
