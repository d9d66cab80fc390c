/**
 * The oracle for the outline made from tokens: whenever tokenOutline.ts answers for a module, its
 * outline and token stream must equal, field for field (typed arrays included), what the
 * tree-based outlineModule makes of the same text.
 */
import { deepStrictEqual } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { normalizeLineEnds } from '../../../server/src/core/parse/lineEnds';
import { outlineModule, type OutlinedModule } from '../../../server/src/core/python/moduleOutline';
import { lexPython } from '../../../server/src/core/python/pythonLexer';
import { outlineFromTokens } from '../../../server/src/core/python/tokens/tokenOutline';

/** Both outlines of `text`; `fromTokens` is undefined when the token path leaves the module to the parser. */
export async function bothOutlines(text: string, isUrlConf = false): Promise<{ fromTokens?: OutlinedModule; fromTree: OutlinedModule }> {
  const parser = await loadPythonParser();
  const lexed = lexPython(text);
  const fromTokens = outlineFromTokens(text, lexed, isUrlConf);
  const tree = parser.parse(text);
  try {
    return { fromTokens, fromTree: outlineModule(tree, text, isUrlConf, lexed) };
  } finally {
    tree.delete();
  }
}

export interface OracleReport {
  readonly fromTokens: number;
  readonly parsed: number;
  /** Files that are not UTF-8, which the analysis skips too. */
  readonly unreadable: number;
  readonly divergences: readonly { readonly file: string; readonly message: string }[];
}

/** Compares both outlines for every `.py` file under `root`. */
export async function compareOutlines(root: string): Promise<OracleReport> {
  let fromTokens = 0;
  let parsed = 0;
  let unreadable = 0;
  const divergences: { file: string; message: string }[] = [];
  for (const file of pythonFiles(root)) {
    let text: string;
    try {
      text = normalizeLineEnds(new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file)));
    } catch {
      unreadable++;
      continue;
    }
    const both = await bothOutlines(text, path.basename(file) === 'urls.py');
    if (!both.fromTokens) {
      parsed++;
      continue;
    }
    fromTokens++;
    try {
      deepStrictEqual(both.fromTokens, both.fromTree);
    } catch (error) {
      divergences.push({ file, message: error instanceof Error ? error.message.slice(0, 2000) : String(error) });
    }
  }
  return { fromTokens, parsed, unreadable, divergences };
}

/** Regular `.py` files below `root`, sorted (symbolic links are not followed). */
function pythonFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.py')) files.push(full);
    }
  };
  walk(root);
  return files.sort();
}
