/**
 * Finds a function already extracted that does what a new one would: same parameters (by
 * position), same body token for token, the names it imports coming from the same modules.
 * Extracting a second copy of a block then calls that function instead of creating
 * `compute_value_2` beside `compute_value`.
 */
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import { lexPython } from '../../core/python/pythonLexer';
import { outlineModule } from '../../core/python/moduleOutline';
import { absoluteModule, moduleNameOf, packageOf } from '../../core/python/moduleNames';
import { parameterNames } from '../analysis/dataFlow';
import type { WorkspaceSnapshot } from '../domainEdit';

export interface ExistingFunction {
  readonly file: string;
  readonly name: string;
}

/**
 * The first top-level function of `modules` equal to `name` as defined in `text` (a module of
 * package `textPackage`), or undefined.
 */
export function identicalFunction(parser: PythonParser, snapshot: WorkspaceSnapshot, modules: readonly string[], text: string, textPackage: string, name: string): ExistingFunction | undefined {
  const wanted = functionKeys(parser, text, textPackage).get(name);
  if (wanted === undefined) return undefined;
  for (const file of modules) {
    const moduleText = snapshot.read(file);
    if (moduleText === undefined) continue;
    const keys = functionKeys(parser, moduleText, packageOf(moduleNameOf(file, snapshot), file.endsWith('__init__.py')));
    for (const [candidate, key] of keys) if (key === wanted) return { file, name: candidate };
  }
  return undefined;
}

/** Each top-level function's key: its code with the parameters numbered, and where its imported names come from. */
function functionKeys(parser: PythonParser, text: string, pkg: string): Map<string, string> {
  const tree = parser.parse(text);
  try {
    const origins = new Map(
      outlineModule(tree, text).outline.imports.map((binding) => [binding.localName, `${absoluteModule(binding.module, pkg)}:${binding.importedName ?? ''}`]),
    );
    const keys = new Map<string, string>();
    for (const fn of tree.rootNode.namedChildren.filter((node) => node.type === 'function_definition')) {
      keys.set(fn.childForFieldName('name')!.text, keyOf(fn, origins));
    }
    return keys;
  } finally {
    tree.delete();
  }
}

function keyOf(fn: Node, origins: ReadonlyMap<string, string>): string {
  const position = new Map(parameterNames(fn).map((parameter, i) => [parameter, `$${i}`]));
  const code = `${fn.childForFieldName('parameters')!.text}:${fn.childForFieldName('body')!.text}`;
  const imported = new Set<string>();
  const tokens = lexPython(code)
    .filter((token) => token.kind !== 'comment' && token.kind !== 'newline')
    .map((token) => {
      const word = code.slice(token.start, token.end);
      if (token.kind !== 'name') return word;
      if (origins.has(word)) imported.add(`${word}=${origins.get(word)}`);
      return position.get(word) ?? word;
    });
  return `${tokens.join(' ')}|${[...imported].sort().join(',')}`;
}
