/**
 * A tree cursor driven through web-tree-sitter's WASM exports directly, for walks over a whole
 * tree (treeCopy.ts). Each TreeCursor method of the library writes the cursor's four words into
 * the WASM transfer buffer, calls the export, and reads them back: on Django those eight heap
 * accesses per call cost as much as the calls. The exports keep the cursor in the transfer
 * buffer between calls, so a walk that makes no other tree-sitter call in between can write it
 * once, call the exports, and hand the final state back to the TreeCursor (which frees it).
 *
 * The exports are Emscripten's: `Parser.init(options)` installs them and the heap on the very
 * object it is given (Emscripten's MODULARIZE convention), so pythonParser.ts keeps that object
 * and binds it here. treeCopy.test.ts checks the walk against the library's own nodes.
 */
import type { TreeCursor } from 'web-tree-sitter';

/** The Emscripten module of web-tree-sitter, as far as the walk uses it. */
interface WasmModule {
  readonly HEAP_DATA_VIEW: DataView;
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_named_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
}

const EXPORTS = [
  '_ts_init',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_node_is_named_wasm',
  '_ts_tree_cursor_current_node_is_missing_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
] as const;

let bound: { readonly module: WasmModule; readonly transfer: number } | undefined;

/** Binds the object `Parser.init` was given, once it resolved; a web-tree-sitter without these exports is refused here, not mid-walk. */
export function bindWasmModule(module: object): void {
  const missing = [...EXPORTS, 'HEAP_DATA_VIEW'].filter((name) => !(name in module));
  if (missing.length > 0) throw new Error(`web-tree-sitter no longer exposes ${missing.join(', ')} on its module: update wasmCursor.ts`);
  const wasm = module as WasmModule;
  // ts_init only returns the transfer buffer's address (and writes the ABI versions there): calling it again changes nothing.
  bound = { module: wasm, transfer: wasm._ts_init() };
}

/** The calls of a walk; the cursor must not be used through its own methods until `done()`. */
export interface CursorWalk {
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  readonly nodeTypeId: number;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly currentFieldId: number;
  /** Hands the cursor's state back to `cursor`, which can then move on or be deleted. */
  done(): void;
}

/** TreeCursor's own fields: its four words, and its tree's address at `tree[0]`. */
type CursorWords = TreeCursor & Record<0 | 1 | 2 | 3, number> & { readonly tree: { readonly 0: number } };

/** Starts a walk of `cursor` through the exports (the parser must have been loaded). */
export function walkCursor(cursor: TreeCursor): CursorWalk {
  if (!bound) throw new Error('walkCursor before the parser was loaded');
  const { module, transfer } = bound;
  const words = cursor as CursorWords;
  const tree = words.tree[0];
  const view = module.HEAP_DATA_VIEW;
  for (let i = 0; i < 4; i++) view.setInt32(transfer + 4 * i, words[i as 0 | 1 | 2 | 3], true);
  return {
    gotoFirstChild: () => module._ts_tree_cursor_goto_first_child_wasm(tree) === 1,
    gotoNextSibling: () => module._ts_tree_cursor_goto_next_sibling_wasm(tree) === 1,
    gotoParent: () => module._ts_tree_cursor_goto_parent_wasm(tree) === 1,
    get nodeTypeId() {
      return module._ts_tree_cursor_current_node_type_id_wasm(tree);
    },
    get nodeIsNamed() {
      return module._ts_tree_cursor_current_node_is_named_wasm(tree) === 1;
    },
    get nodeIsMissing() {
      return module._ts_tree_cursor_current_node_is_missing_wasm(tree) === 1;
    },
    get startIndex() {
      return module._ts_tree_cursor_start_index_wasm(tree);
    },
    get endIndex() {
      return module._ts_tree_cursor_end_index_wasm(tree);
    },
    get currentFieldId() {
      return module._ts_tree_cursor_current_field_id_wasm(tree);
    },
    done() {
      // The heap may have grown (and its view been replaced) while the cursor's stack grew.
      const current = module.HEAP_DATA_VIEW;
      for (let i = 0; i < 4; i++) words[i as 0 | 1 | 2 | 3] = current.getInt32(transfer + 4 * i, true);
    },
  };
}
