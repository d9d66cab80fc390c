/**
 * The last parse and tokens of each module being edited, so that the next keystroke re-parses
 * and re-lexes only what changed. The trees live in WASM memory: forget them when done.
 */
import type { Tree } from 'web-tree-sitter';
import type { ParsedText, PythonParser } from '../core/parse/pythonParser';
import { lexPython, relexPython, type LexedEdit, type LexToken } from '../core/python/pythonLexer';
import type { ModuleScan } from '../core/python/moduleScan';
import { commonEnds } from '../core/parse/textEdit';

export interface EditedModule extends ParsedText {
  readonly lexed: readonly LexToken[];
  /** How its tokens relate to the previous edit's, when re-lexed from them. */
  readonly edit?: LexedEdit;
  /** Its scan, which the analysis sets: the next edit rescans only what changed. */
  scan?: ModuleScan;
}

export class EditedModules {
  private readonly byFile = new Map<string, EditedModule>();

  get(file: string): EditedModule | undefined {
    return this.byFile.get(file);
  }

  /**
   * Parses and lexes `text`, the file's new text, from its last parse and tokens when it was being
   * edited (which are then dropped), and hands both to `analyze`; they are kept for the next edit
   * unless `analyze` throws.
   */
  edit<T>(parser: PythonParser, file: string, text: string, analyze: (edited: EditedModule, previous: EditedModule | undefined) => T): T {
    const previous = this.byFile.get(file);
    this.byFile.delete(file);
    // What the texts share at each end, found once for the lexer, the parser and the scan.
    const ends = previous && commonEnds(previous.text, text);
    const relexed = previous && relexPython(previous.text, previous.lexed, text, ends);
    let tree: Tree;
    try {
      tree = parser.parse(text, previous, ends);
    } finally {
      previous?.tree.delete();
    }
    const edited: EditedModule = { text, tree, lexed: relexed?.tokens ?? lexPython(text), edit: relexed?.edit };
    try {
      const result = analyze(edited, previous);
      this.byFile.set(file, edited);
      return result;
    } catch (error) {
      tree.delete();
      throw error;
    }
  }

  forget(file: string): void {
    this.byFile.get(file)?.tree.delete();
    this.byFile.delete(file);
  }

  /** Frees every kept tree. */
  dispose(): void {
    for (const file of [...this.byFile.keys()]) this.forget(file);
  }
}
