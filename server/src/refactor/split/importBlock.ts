/**
 * The import block of each module a split writes, made from the old module's own import
 * statements: each keeps the statements (and entries) that bind a name the new module uses, in
 * their order and sections, as the author wrote them (a wrapped import stays wrapped, a `# noqa`
 * stays), relative ones one level deeper. Rebuilding imports from bindings instead grouped them
 * anew and collapsed wrapped ones into lines of 300 characters.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { fromImportStatement } from '../pythonModules';

/** One entry of a top-level import statement and the name it binds. */
interface ImportEntry {
  readonly node: Node;
  readonly boundName: string;
  /** What a later import must import to make this one dead: the same name, or for `import a.b` the same submodule. */
  readonly key: string;
}

/** A top-level import statement of the old module. */
export interface ImportStatement {
  readonly node: Node;
  readonly entries: readonly ImportEntry[];
  /** Whether blank lines (or code) separate it from the import above: a new section. */
  readonly newSection: boolean;
  /** A comment on its last line (`# noqa: F401`). */
  readonly comment?: string;
}

/** The old module's top-level imports but `__future__` ones (the head keeps those), in order. */
export function importStatementsOf(tree: Tree): ImportStatement[] {
  const statements: ImportStatement[] = [];
  let previous: Node | undefined;
  for (const node of tree.rootNode.namedChildren) {
    if (node.type === 'comment') continue;
    if (node.type === 'import_statement' || node.type === 'import_from_statement') {
      const next = node.nextSibling;
      const comment = next?.type === 'comment' && next.startPosition.row === node.endPosition.row ? next.text : undefined;
      const newSection = previous !== undefined && (!isImport(previous) || node.startPosition.row > previous.endPosition.row + 1);
      statements.push({ node, entries: entriesOf(node), newSection, comment });
    }
    previous = node;
  }
  return statements;
}

function isImport(node: Node): boolean {
  return node.type === 'import_statement' || node.type === 'import_from_statement' || node.type === 'future_import_statement';
}

/** What each entry binds: `import a.b` binds `a`, `import a.b as c` and `from a import b as c` bind `c`. */
function entriesOf(statement: Node): ImportEntry[] {
  return statement.childrenForFieldName('name').map((node) => {
    const alias = node.type === 'aliased_import' ? node.childForFieldName('alias')!.text : undefined;
    const name = node.type === 'aliased_import' ? node.childForFieldName('name')!.text : node.text;
    const plain = statement.type === 'import_statement' && !alias;
    return { node, boundName: alias ?? (plain ? name.split('.')[0] : name), key: plain ? name : (alias ?? name) };
  });
}

export interface ImportBlockOptions {
  /** Whether the new module needs the name an import binds. */
  readonly keep: (boundName: string) => boolean;
  /** A relative module as the new module must write it. */
  readonly rebase: (module: string) => string;
  readonly lineLimit: number;
}

/**
 * The import lines of a new module: the statements binding names it keeps, each name from the
 * last import binding it (an earlier one is dead, and pyflakes would call it redefined), a blank
 * line between sections.
 */
export function renderImportBlock(statements: readonly ImportStatement[], options: ImportBlockOptions): string[] {
  const lastBinding = new Map<string, Node>();
  for (const statement of statements) for (const entry of statement.entries) lastBinding.set(entry.key, entry.node);
  const lines: string[] = [];
  // The section of the last statement written: a section whose first statements are left out still starts with a blank line.
  let section = 0;
  let written: number | undefined;
  for (const statement of statements) {
    if (statement.newSection) section++;
    const kept = statement.entries.filter((e) => lastBinding.get(e.key)?.id === e.node.id && options.keep(e.boundName));
    if (kept.length === 0) continue;
    if (written !== undefined && written !== section) lines.push('');
    written = section;
    lines.push(...renderStatement(statement, kept, options).split('\n'));
  }
  return lines;
}

function renderStatement(statement: ImportStatement, kept: readonly ImportEntry[], options: ImportBlockOptions): string {
  const { node, comment } = statement;
  const entryText = (entry: ImportEntry) => entry.node.text.replace(/\s+/g, ' ');
  const all = kept.length === statement.entries.length;
  if (node.type === 'import_statement') return all ? withComment(node.text, comment) : `import ${kept.map(entryText).join(', ')}`;
  const moduleNode = node.childForFieldName('module_name')!;
  const module = options.rebase(moduleNode.text);
  if (all) {
    // As written, but for the module's new name: a wrapped import keeps its layout and comments.
    const start = moduleNode.startIndex - node.startIndex;
    const verbatim = withComment(`${node.text.slice(0, start)}${module}${node.text.slice(start + moduleNode.text.length)}`, comment);
    if (verbatim.split('\n').every((line) => line.length <= options.lineLimit) || module === moduleNode.text) return verbatim;
  }
  return fromImportStatement(module, kept.map(entryText), options.lineLimit, node.startPosition.row !== node.endPosition.row);
}

function withComment(code: string, comment: string | undefined): string {
  return comment ? `${code}  ${comment}` : code;
}
