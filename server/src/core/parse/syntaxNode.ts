/**
 * What the fact extractors read of a syntax tree. web-tree-sitter's `Node` has this shape, and so
 * has the plain-object copy of treeCopy.ts, which extractors walk without a call into WASM per
 * node. Node identity: compare `id`s, never objects (web-tree-sitter makes a new object per access).
 * Only what the extractors read is here: tree-sitter's next siblings, say, skip zero-width nodes
 * in ways not worth copying.
 */
export interface Point {
  readonly row: number;
  readonly column: number;
}

export interface SyntaxNode {
  readonly id: number;
  readonly type: string;
  readonly text: string;
  readonly isNamed: boolean;
  readonly isMissing: boolean;
  readonly isError: boolean;
  readonly hasError: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: Point;
  readonly endPosition: Point;
  readonly parent: SyntaxNode | null;
  readonly children: readonly SyntaxNode[];
  readonly namedChildren: readonly SyntaxNode[];
  readonly namedChildCount: number;
  readonly firstNamedChild: SyntaxNode | null;
  readonly previousSibling: SyntaxNode | null;
  namedChild(index: number): SyntaxNode | null;
  childForFieldName(fieldName: string): SyntaxNode | null;
  childrenForFieldName(fieldName: string): SyntaxNode[];
  /** This node and its descendants of the given types, in document order. */
  descendantsOfType(types: string | string[]): SyntaxNode[];
}
