/**
 * The plain-object copy of a syntax tree (core/parse/treeCopy.ts) reads exactly as the
 * web-tree-sitter tree it was copied from: every node's type, flags, offsets, positions, text,
 * children, fields, siblings and descendants by type, on real modules and on text with non-ASCII
 * characters, CRLF line ends and syntax errors.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import { loadPythonParser, type PythonParser } from '../../../server/src/core/parse/pythonParser';
import type { SyntaxNode } from '../../../server/src/core/parse/syntaxNode';
import { copyTree } from '../../../server/src/core/parse/treeCopy';
import { dedent } from '../../helpers/workspace/workspaceFixture';

const SHOP = path.join(__dirname, '../../../../examples/shop/shop');
const DJANGO_MODULE = '/usr/lib/python3/dist-packages/django/utils/html.py';
// 'ERROR' alone: web-tree-sitter finds nothing when it is one of several types.
const DESCENDANT_TYPES = ['identifier', 'call', 'block', 'string', ':', 'for_statement'];

const ODD = dedent(`
  """Prices — in € and ¥, with a 🧾 for receipts."""
  def total(lines):\r
      for (a, b) in lines:\r
          result += a.price * b  # 🧾
      return résultat

  class Broken(:
      def f(self
          x = [1, 2
  print "old"
`);

/** What a node shows of itself, without its children. */
function shape(node: SyntaxNode): unknown {
  return {
    type: node.type,
    text: node.text,
    flags: [node.isNamed, node.isMissing, node.isError, node.hasError],
    span: [node.startIndex, node.endIndex, node.startPosition, node.endPosition],
    counts: [node.children.length, node.namedChildCount],
  };
}

/** Where a node is, to compare nodes of the two trees without comparing ids. */
function at(node: SyntaxNode | null): unknown {
  return node && [node.type, node.startIndex, node.endIndex];
}

function compare(copy: SyntaxNode, real: Node, where: string): void {
  assert.deepEqual(shape(copy), shape(real), where);
  const relatives = (node: SyntaxNode) =>
    [node.parent, node.firstNamedChild, node.previousSibling].map(at);
  assert.deepEqual(relatives(copy), relatives(real), `${where}: relatives`);
  assert.deepEqual(copy.namedChildren.map(at), real.namedChildren.map(at), `${where}: named children`);
  assert.deepEqual(at(copy.namedChild(1)), at(real.namedChild(1)), `${where}: namedChild(1)`);
  for (let index = 0; index < real.childCount; index++) {
    const field = real.fieldNameForChild(index);
    if (field) {
      assert.deepEqual(at(copy.childForFieldName(field)), at(real.childForFieldName(field)), `${where}: field ${field}`);
      assert.deepEqual(copy.childrenForFieldName(field).map(at), real.childrenForFieldName(field).map(at), `${where}: fields ${field}`);
    }
    compare(copy.children[index], real.child(index)!, `${where} > ${real.child(index)!.type}#${index}`);
  }
}

function expectSameTree(parser: PythonParser, text: string, name: string): void {
  const tree = parser.parse(text);
  try {
    const copy = copyTree(tree.rootNode, text);
    compare(copy, tree.rootNode, name);
    for (const types of [...DESCENDANT_TYPES.map((type) => [type]), ['ERROR'], DESCENDANT_TYPES]) {
      assert.deepEqual(copy.descendantsOfType(types).map(at), tree.rootNode.descendantsOfType(types).map(at), `${name}: descendants ${types.join(',')}`);
    }
    const block = copy.descendantsOfType('block')[0];
    if (block) assert.deepEqual(block.descendantsOfType('identifier').map(at), tree.rootNode.descendantsOfType('block')[0].descendantsOfType('identifier').map(at), `${name}: below a block`);
  } finally {
    tree.delete();
  }
}

describe('treeCopy: a syntax tree as plain objects', function () {
  this.timeout(60_000);
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  it('reads as the tree on text with non-ASCII characters, CRLF line ends and syntax errors', () => {
    expectSameTree(parser, ODD, 'odd text');
    expectSameTree(parser, '', 'empty text');
  });

  it('reads as the tree on the example shop', () => {
    for (const file of ['views.py', 'models.py', 'urls.py', 'backoffice_views.py']) expectSameTree(parser, fs.readFileSync(path.join(SHOP, file), 'utf8'), file);
  });

  it("reads as the tree on a Django module, when Debian's Django is installed", function () {
    if (!fs.existsSync(DJANGO_MODULE)) this.skip();
    expectSameTree(parser, fs.readFileSync(DJANGO_MODULE, 'utf8'), DJANGO_MODULE);
  });

  it('gives each node an id of its own, stable between reads', () => {
    const tree = parser.parse(ODD);
    try {
      const copy = copyTree(tree.rootNode, ODD);
      const all = allNodes(copy);
      assert.ok(all.length > 50);
      assert.equal(new Set(all.map((node) => node.id)).size, all.length);
      assert.equal(copy.namedChildren[0], copy.namedChildren[0]);
    } finally {
      tree.delete();
    }
  });

  // Nodes are made when first reached: extractors compare some by identity (codeFacts.ts `child !== body`).
  it('gives a node as one object however it is reached', () => {
    const tree = parser.parse(ODD);
    try {
      const copy = copyTree(tree.rootNode, ODD);
      const loop = copy.descendantsOfType('for_statement')[0];
      const body = loop.childForFieldName('body')!;
      assert.equal(loop.namedChildren.find((child) => child.id === body.id), body);
      assert.equal(loop.children.find((child) => child.id === body.id), body);
      assert.equal(body.parent, loop);
      assert.equal(copy.descendantsOfType(['block', 'call']).find((node) => node.id === body.id), body);
      assert.equal(body.previousSibling?.parent, loop);
    } finally {
      tree.delete();
    }
  });
});

function allNodes(node: SyntaxNode): SyntaxNode[] {
  return [node, ...node.children.flatMap(allNodes)];
}
