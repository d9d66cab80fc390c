/**
 * What a method says about the class it is written in, which a mixin or base class holding it
 * must account for: its class's own name (`Order.objects` becomes `type(self).objects`, `cls`
 * in a class method; `super(Order, self)` becomes `super()`), private names Python mangles with
 * the class's name, the `__class__` cell, and the attributes of `self` it reads.
 */
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../domainEdit';
import { nameUsesIn, rangeOfNode } from '../analysis/nameUses';

export interface MethodFacts {
  readonly binding: 'instance' | 'class' | 'static';
  readonly firstParameter?: string;
  /** Edits turning the class's own name into what the method is called on. */
  readonly ownNameEdits: readonly TextEdit[];
  /** Whether the method names its class otherwise than `super(Class, self)`. */
  readonly namesOwnClass: boolean;
  /** `__total`, `self.__cache`: names Python rewrites with the class's name. */
  readonly mangledNames: readonly string[];
  /** Reads the bare `__class__` (the defining class). */
  readonly readsClassCell: boolean;
  /** Attributes read through the first parameter (`self.lookup`). */
  readonly selfAttributes: readonly string[];
  /** Calls `super()`: which method that reaches depends on where the method sits in an MRO. */
  readonly callsSuper: boolean;
  /** The bare names it reads (its locals among them): a module's names when not its own. */
  readonly readNames: readonly string[];
}

/** The facts of `statement` (a method, decorated or not) of class `ownName`. */
export function methodFactsOf(statement: Node, ownName: string): MethodFacts {
  const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition')! : statement;
  const decorators = statement.type === 'decorated_definition' ? statement.namedChildren.filter((c) => c.type === 'decorator').map((d) => d.text.replace(/^@\s*/, '')) : [];
  const binding = decorators.includes('staticmethod') ? 'static' : decorators.includes('classmethod') ? 'class' : 'instance';
  const firstParameter = definition.childForFieldName('parameters')?.namedChildren.map(parameterName).find((n) => n !== undefined);
  const edits: TextEdit[] = [];
  const mangled = new Set<string>();
  const selfAttributes = new Set<string>();
  let namesOwnClass = false;
  let readsClassCell = false;
  let callsSuper = false;
  const receiver = binding === 'class' ? firstParameter : firstParameter && `type(${firstParameter})`;
  const visit = (node: Node): void => {
    // A name in an f-string's field is left as written, as the fingerprint leaves strings whole.
    if (node.type === 'string') return;
    if (node.type === 'call' && node.childForFieldName('function')?.text === 'super') callsSuper = true;
    if (node.type === 'call' && isSuperOfOwnClass(node, ownName, firstParameter)) {
      edits.push({ range: rangeOfNode(node.childForFieldName('arguments')!), newText: '()' });
      return;
    }
    if (node.type === 'identifier') {
      const parent = node.parent;
      const isAttributeName = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id;
      const isKeyword = parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id;
      if (isMangled(node.text)) mangled.add(node.text);
      if (isAttributeName || isKeyword) return;
      if (node.text === '__class__') readsClassCell = true;
      if (node.text === ownName) {
        namesOwnClass = true;
        if (receiver && binding !== 'static') edits.push({ range: rangeOfNode(node), newText: receiver });
      }
      return;
    }
    if (node.type === 'attribute' && firstParameter && node.childForFieldName('object')?.text === firstParameter) {
      selfAttributes.add(node.childForFieldName('attribute')!.text);
    }
    for (const child of node.namedChildren) visit(child);
  };
  visit(definition);
  const readNames = [...new Set(nameUsesIn(statement).map((use) => use.name))];
  return { binding, firstParameter, ownNameEdits: edits, namesOwnClass, mangledNames: [...mangled], readsClassCell, selfAttributes: [...selfAttributes], callsSuper, readNames };
}

/** `super(Order, self)` in a method of Order: `super()` says the same from wherever the method is defined. */
function isSuperOfOwnClass(call: Node, ownName: string, firstParameter: string | undefined): boolean {
  if (call.childForFieldName('function')?.text !== 'super') return false;
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return args.length === 2 && args[0].type === 'identifier' && args[0].text === ownName && args[1].type === 'identifier' && args[1].text === firstParameter;
}

/** `__name` but not `__name__`: Python rewrites it to `_Class__name` inside a class. */
function isMangled(name: string): boolean {
  return /^__\w+$/.test(name) && !name.endsWith('__');
}

function parameterName(parameter: Node): string | undefined {
  if (parameter.type === 'identifier') return parameter.text;
  if (parameter.type === 'typed_parameter') return parameter.namedChildren.find((c) => c.type === 'identifier')?.text;
  if (parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter') return parameter.childForFieldName('name')?.text;
  return undefined;
}
