/**
 * The outline of a Python module: its top-level definitions, what each refers to, and its imports.
 * It is computed once per parse and kept (the tree is not), so it must hold everything the
 * detectors and the feature grouping need.
 */
import type { Tree } from 'web-tree-sitter';
import type { SyntaxNode } from '../parse/syntaxNode';
import { rangeFromPoints, type SourceRange } from '../model/sourceRange';
import type { IgnoreDirective } from './directives';
import { preambleEnd } from './moduleHead';
import { namesReadIn, scanModule, type ModuleScan, type ScanLayout } from './moduleScan';
import { lexPython, type LexToken } from './pythonLexer';
import type { TokenStream } from './tokenStream';
import { lineStartsOf } from '../parse/lineStarts';
import { classMembersOf, type ClassMember } from './classMembers';
import { keptOutline, type EarlierOutline } from './keptOutline';
import { collectFunctionFacts, collectRoutes, FRAMEWORK_MODULE, type FunctionFacts, type Route } from './functionFacts';

export type SymbolKind = 'class' | 'function' | 'variable';

/** A class, function or assignment at module level. */
export interface TopLevelSymbol {
  /** The first (usually only) name the statement binds. */
  readonly name: string;
  /** Every name the statement binds (`a, b = …` binds two). */
  readonly names: readonly string[];
  readonly kind: SymbolKind;
  /** The whole statement, decorators included. */
  readonly range: SourceRange;
  readonly nameRange: SourceRange;
  /** Names read inside the statement (f-string fields too), plus class names found in model-reference strings. */
  readonly references: readonly string[];
  /** Base class expressions as written (`models.Model`), for classes. */
  readonly bases: readonly string[];
  readonly decorators: readonly string[];
  readonly codeLines: number;
  /** A class's methods, class-level assignments and `Meta` options (classMembers.ts); empty for others. */
  readonly members: readonly ClassMember[];
}

/** One name bound by an import statement. */
export interface ImportBinding {
  /** The name the module can use (`np` for `import numpy as np`); `*` for a star import. */
  readonly localName: string;
  /** The module as written, relative dots included (`.models`, `django.db`). */
  readonly module: string;
  /** The imported attribute for `from m import x`; undefined for `import m`. */
  readonly importedName?: string;
  /** The whole import statement (from `import`/`from`, not the name). */
  readonly range: SourceRange;
  readonly placement: ImportPlacement;
}

/**
 * Where an import statement is: directly in the module; in a module-level `if`/`try` block (it
 * may run when the module is imported); or under `if TYPE_CHECKING:`, which never runs.
 */
export type ImportPlacement = 'module' | 'block' | 'typeChecking';

export interface ModuleOutline {
  readonly symbols: readonly TopLevelSymbol[];
  readonly imports: readonly ImportBinding[];
  /** Where a first import goes: after the module's head comments, docstring and `from __future__` imports (moduleHead.ts). */
  readonly preambleEnd: number;
  readonly codeLines: number;
  /** One flag per line, 1 where it holds code: what `codeLines` counts, kept to count parts of the module. */
  readonly codeLineMask: Uint8Array;
  readonly totalLines: number;
  /** Where the first syntax error is, if the parser had to recover. */
  readonly firstSyntaxError?: SourceRange;
  /** `# untangle: ignore …` comments and what they silence. */
  readonly directives: readonly IgnoreDirective[];
  /** Functions and methods that may be views, measured (see functionFacts.ts). */
  readonly functions: readonly FunctionFacts[];
  /** For a urls.py, the function views it routes to. */
  readonly routes: readonly Route[];
}

/** What one parse of a module yields: its outline and its tokens for clone detection. */
export interface OutlinedModule {
  readonly outline: ModuleOutline;
  readonly tokens: TokenStream;
}

/**
 * Builds the outline and token stream of a parsed module (`isUrlConf` for a urls.py); `lexed`:
 * its tokens, when already lexed; `earlier`: its outline before an edit, of which what the edit left alone is kept.
 */
export function outlineModule(tree: Tree, text: string, isUrlConf = false, lexed: readonly LexToken[] = lexPython(text), earlier?: EarlierOutline): OutlinedModule {
  const { outline, tokens } = outlineWithScan(tree, text, isUrlConf, lexed, earlier);
  return { outline, tokens };
}

/** outlineModule, with the scan it made: an edited module's next outline rescans only what the next edit changed. */
export function outlineWithScan(tree: Tree, text: string, isUrlConf: boolean, lexed: readonly LexToken[], earlier?: EarlierOutline): OutlinedModule & { readonly scan: ModuleScan } {
  return outlineOfRoot(tree, tree.rootNode, text, isUrlConf, lexed, earlier);
}

/**
 * outlineModule read from `root`, a copy of `tree` (treeCopy.ts): cheaper than through WASM, and
 * than from the tokens, for a module whose copy is made anyway (for its facts). The tree itself
 * is read only for what a statement-scoped silencing comment covers.
 */
export function outlineOfCopy(tree: Tree, root: SyntaxNode, text: string, isUrlConf: boolean, lexed: readonly LexToken[]): OutlinedModule {
  const { outline, tokens } = outlineOfRoot(tree, root, text, isUrlConf, lexed);
  return { outline, tokens };
}

function outlineOfRoot(tree: Tree, root: SyntaxNode, text: string, isUrlConf: boolean, lexed: readonly LexToken[], earlier?: EarlierOutline): OutlinedModule & { readonly scan: ModuleScan } {
  const starts = lineStartsOf(text);
  const totalLines = countLines(text, starts);
  const statements = root.namedChildren;
  const scan = scanModule(text, totalLines, lexed, treeLayout(tree, statements), earlier?.scan, starts);
  const symbols: TopLevelSymbol[] = [];
  const kept = keptOutline(root.hasError ? undefined : earlier);
  for (const statement of statements) {
    const symbol = kept.ofSymbol(statement) ?? symbolOf(statement, scan.codeLineMask, () => namesReadIn(scan.names, statement), (node) => classMembersOf(node, text, lexed, kept.ofMember));
    if (symbol) symbols.push(symbol);
  }
  const imports = moduleImports(root);
  return {
    outline: {
      symbols,
      imports,
      preambleEnd: preambleEnd(root, text),
      codeLines: countCodeLines(scan.codeLineMask),
      codeLineMask: scan.codeLineMask,
      totalLines,
      firstSyntaxError: root.hasError ? firstErrorRange(root) : undefined,
      directives: scan.directives,
      functions: collectFunctionFacts(root, imports.some((binding) => FRAMEWORK_MODULE.test(binding.module)), kept),
      routes: isUrlConf ? collectRoutes(root) : [],
    },
    tokens: scan.tokens,
    scan,
  };
}

/** The scan's view of a tree: its top-level statements, and the statement a directive covers. */
function treeLayout(tree: Tree, statements: readonly SyntaxNode[]): ScanLayout {
  return {
    statements,
    statementEndRow(row: number, column: number): number | undefined {
      // The largest node (below the module) that starts on `row`: the statement written there.
      let node: SyntaxNode | null = tree.rootNode.namedDescendantForPosition({ row, column });
      let best: SyntaxNode | undefined;
      while (node && node.type !== 'module') {
        if (node.startPosition.row === row && node.type !== 'block') best = node;
        node = node.parent;
      }
      return best?.endPosition.row;
    },
  };
}

/** Counts the code lines of `mask` in the inclusive row span. */
export function countCodeLines(mask: Uint8Array, firstRow = 0, lastRow = mask.length - 1): number {
  let count = 0;
  for (let row = Math.max(0, firstRow); row <= Math.min(lastRow, mask.length - 1); row++) count += mask[row];
  return count;
}

/** Lines as an editor counts them: a trailing newline does not open a new line of content. `starts`: the text's line starts, when known. */
export function countLines(text: string, starts: readonly number[] = lineStartsOf(text)): number {
  if (text.length === 0) return 0;
  return text.endsWith('\n') ? starts.length - 1 : starts.length;
}

/** The symbol a statement defines, if any; `readsOf`: the names it reads, asked of a symbol only. */
function symbolOf(statement: SyntaxNode, mask: Uint8Array, readsOf: () => ReadonlySet<string>, membersOf: (classNode: SyntaxNode) => readonly ClassMember[]): TopLevelSymbol | undefined {
  const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  if (!definition) return undefined;
  const codeLines = countCodeLines(mask, statement.startPosition.row, statement.endPosition.row);
  const range = rangeFromPoints(statement.startPosition, statement.endPosition);
  if (definition.type === 'class_definition' || definition.type === 'function_definition') {
    const nameNode = definition.childForFieldName('name');
    if (!nameNode) return undefined;
    const superclasses = definition.childForFieldName('superclasses');
    return {
      name: nameNode.text,
      names: [nameNode.text],
      kind: definition.type === 'class_definition' ? 'class' : 'function',
      range,
      nameRange: rangeFromPoints(nameNode.startPosition, nameNode.endPosition),
      references: [...readsOf()].filter((name) => name !== nameNode.text),
      bases: superclasses ? superclasses.namedChildren.filter((b) => b.type !== 'keyword_argument').map((b) => b.text) : [],
      decorators: statement.type === 'decorated_definition' ? decoratorsOf(statement) : [],
      codeLines,
      members: definition.type === 'class_definition' ? membersOf(definition) : [],
    };
  }
  const assignment = assignmentOf(definition);
  if (!assignment) return undefined;
  const target = assignment.childForFieldName('left');
  const nameNodes = target ? boundIdentifiers(target) : [];
  if (nameNodes.length === 0) return undefined;
  return {
    name: nameNodes[0].text,
    names: nameNodes.map((n) => n.text),
    kind: 'variable',
    range,
    nameRange: rangeFromPoints(nameNodes[0].startPosition, nameNodes[0].endPosition),
    references: [...readsOf()].filter((name) => !nameNodes.some((n) => n.text === name)),
    bases: [],
    decorators: [],
    codeLines,
    members: [],
  };
}

function assignmentOf(statement: SyntaxNode): SyntaxNode | undefined {
  if (statement.type !== 'expression_statement') return undefined;
  const inner = statement.namedChild(0);
  return inner && inner.type === 'assignment' ? inner : undefined;
}

/** The identifiers an assignment target binds: `a`, `a, b`, `(a, [b, c])`; not `a.b` or `a[0]`. */
function boundIdentifiers(target: SyntaxNode): SyntaxNode[] {
  if (target.type === 'identifier') return [target];
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list'].includes(target.type)) {
    return target.namedChildren.flatMap(boundIdentifiers);
  }
  return [];
}

function decoratorsOf(decorated: SyntaxNode): string[] {
  return decorated.namedChildren.filter((c) => c.type === 'decorator').map((d) => d.text.replace(/^@\s*/, ''));
}

/** The imports of a module, including those inside module-level `try`/`if` blocks, each with where it is. */
export function moduleImports(root: SyntaxNode): ImportBinding[] {
  const imports: ImportBinding[] = [];
  for (const statement of root.namedChildren) collectImports(statement, 'module', imports);
  return imports;
}

function collectImports(statement: SyntaxNode, placement: ImportPlacement, into: ImportBinding[]): void {
  switch (statement.type) {
    // Positions are read through WASM: only an import's are.
    case 'import_statement': {
      const range = rangeFromPoints(statement.startPosition, statement.endPosition);
      for (const name of statement.namedChildren) into.push({ ...plainImport(name), range, placement });
      return;
    }
    case 'import_from_statement': {
      const range = rangeFromPoints(statement.startPosition, statement.endPosition);
      into.push(...fromImport(statement).map((binding) => ({ ...binding, range, placement })));
      return;
    }
    case 'if_statement':
    case 'try_statement':
    case 'block':
    case 'else_clause':
    case 'elif_clause':
    case 'except_clause':
    case 'finally_clause':
      for (const child of statement.namedChildren) {
        const typeChecking = placement === 'typeChecking' || isTypeCheckingBlock(statement, child);
        collectImports(child, typeChecking ? 'typeChecking' : 'block', into);
      }
      return;
    default:
      return;
  }
}

/** The body of `if TYPE_CHECKING:` or `if typing.TYPE_CHECKING:` (its `else` runs). */
function isTypeCheckingBlock(statement: SyntaxNode, child: SyntaxNode): boolean {
  if (statement.type !== 'if_statement' || child.id !== statement.childForFieldName('consequence')?.id) return false;
  return /^(\w+\.)?TYPE_CHECKING$/.test(statement.childForFieldName('condition')?.text ?? '');
}

type UnplacedBinding = Omit<ImportBinding, 'range' | 'placement'>;

function plainImport(name: SyntaxNode): UnplacedBinding {
  if (name.type === 'aliased_import') {
    const module = name.childForFieldName('name')?.text ?? '';
    return { localName: name.childForFieldName('alias')?.text ?? module, module };
  }
  return { localName: name.text.split('.')[0], module: name.text };
}

function fromImport(statement: SyntaxNode): UnplacedBinding[] {
  const moduleNode = statement.childForFieldName('module_name');
  const module = moduleNode?.text.replace(/\s+/g, '') ?? '';
  if (statement.namedChildren.some((c) => c.type === 'wildcard_import')) {
    return [{ localName: '*', module, importedName: '*' }];
  }
  return statement.childrenForFieldName('name').map((name) => {
    if (name.type === 'aliased_import') {
      const imported = name.childForFieldName('name')?.text ?? '';
      return { localName: name.childForFieldName('alias')?.text ?? imported, module, importedName: imported };
    }
    return { localName: name.text, module, importedName: name.text };
  });
}

/** The first error or missing node in document order, looked for only below nodes holding one. */
function firstErrorRange(node: SyntaxNode): SourceRange | undefined {
  if (node.isError || node.isMissing) return rangeFromPoints(node.startPosition, node.endPosition);
  if (!node.hasError) return undefined;
  for (const child of node.children) {
    const range = firstErrorRange(child);
    if (range) return range;
  }
  return undefined;
}
