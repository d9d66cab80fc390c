/**
 * Parses Python with web-tree-sitter and the tree-sitter-python grammar, both WASM. The bundle
 * ships the two .wasm files next to itself (dist/); when running from compiled sources (tests)
 * they are found in node_modules instead. Nothing is downloaded.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

/** A ready parser. Trees hold WASM memory: callers must `delete()` them when done. */
export interface PythonParser {
  parse(text: string): Tree;
}

let loading: Promise<PythonParser> | undefined;

/** Loads the grammar once per process and returns a parser bound to it. */
export function loadPythonParser(): Promise<PythonParser> {
  loading ??= createParser();
  return loading;
}

async function createParser(): Promise<PythonParser> {
  const runtimeWasm = locateWasm('web-tree-sitter.wasm', () => require.resolve('web-tree-sitter/web-tree-sitter.wasm'));
  await Parser.init({ locateFile: () => runtimeWasm });
  const grammarWasm = locateWasm('tree-sitter-python.wasm', () =>
    require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
  );
  const language = await Language.load(grammarWasm);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(text: string): Tree {
      const tree = parser.parse(text);
      if (!tree) {
        throw new Error('tree-sitter returned no tree (parser has no language)');
      }
      return tree;
    },
  };
}

function locateWasm(fileName: string, fromNodeModules: () => string): string {
  const besideBundle = path.join(__dirname, fileName);
  return fs.existsSync(besideBundle) ? besideBundle : fromNodeModules();
}
