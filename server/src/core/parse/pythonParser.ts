/**
 * Parses Python with web-tree-sitter and the tree-sitter-python grammar, both WASM. The bundle
 * ships the two .wasm files next to itself (dist/); when running from compiled sources (tests)
 * they are found in node_modules instead. Nothing is downloaded.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Edit, Language, Parser, type Tree } from 'web-tree-sitter';
import { changeBetween, type CommonEnds } from './textEdit';
import { bindWasmModule } from './wasmCursor';

/** A text with its tree, kept to parse the next version of the text incrementally. */
export interface ParsedText {
  readonly text: string;
  readonly tree: Tree;
}

/** A ready parser. Trees hold WASM memory: callers must `delete()` them when done. */
export interface PythonParser {
  /**
   * Parses `text`; given the previous version's parse, only what changed is parsed again. The
   * previous tree is edited to match and stays the caller's to delete. `ends`: what the two texts
   * share at each end, when known already.
   */
  parse(text: string, previous?: ParsedText, ends?: CommonEnds): Tree;
}

let loading: Promise<PythonParser> | undefined;

/** Loads the grammar once per process and returns a parser bound to it. */
export function loadPythonParser(): Promise<PythonParser> {
  loading ??= createParser();
  return loading;
}

/** The two WASM files parsing runs on: what a parse yields depends on them as much as on our code. */
export function parserWasmFiles(): { runtime: string; grammar: string } {
  return {
    runtime: locateWasm('web-tree-sitter.wasm', () => require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
    grammar: locateWasm('tree-sitter-python.wasm', () => require.resolve('tree-sitter-python/tree-sitter-python.wasm')),
  };
}

async function createParser(): Promise<PythonParser> {
  const { runtime, grammar } = parserWasmFiles();
  // Emscripten installs the WASM exports on this very object: tree copies call them directly.
  const module = { locateFile: () => runtime };
  await Parser.init(module);
  bindWasmModule(module);
  const language = await Language.load(grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(text: string, previous?: ParsedText, ends?: CommonEnds): Tree {
      const change = previous && changeBetween(previous.text, text, ends);
      if (change) previous.tree.edit(new Edit(change));
      const tree = parser.parse(text, previous?.tree);
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
