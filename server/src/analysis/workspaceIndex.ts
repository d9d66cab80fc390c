/**
 * The analysed state of one workspace folder: for every Python file either its analysis or the
 * reason it was skipped, plus the workspace-wide clone index. Updating a file re-analyses only
 * that file and re-detects only its clones; the findings of the folder are read from here by the
 * LSP layer and the CLI alike. It also tracks which files' findings changed since they were last
 * taken, so the server publishes only those.
 */
import * as path from 'path';
import picomatch from 'picomatch';
import { loadPythonParser, type ParsedText, type PythonParser } from '../core/parse/pythonParser';
import type { Settings } from '../core/config/settings';
import type { SourceRange } from '../core/model/sourceRange';
import type { Finding } from '../core/model/finding';
import { CloneIndex } from '../core/clones/cloneIndex';
import { cloneClasses, type CloneClass } from '../core/clones/cloneClasses';
import { detectDuplicateBlocks, detectDuplicateMembers } from '../detectors/duplicateBlock';
import { memberCloneGroups } from '../core/clones/memberClones';
import { logicHeavyViewsIn, viewContextOf, viewShapeOf, type ViewContext } from '../detectors/logicHeavyView';
import { isSilenced } from '../core/python/directives';
import { countCodeLines } from '../core/python/moduleOutline';
import { normalizeLineEnds } from '../core/parse/lineEnds';
import { analyzeModule, analyzeTree, type AnalyzedSource, type ModuleAnalysis } from './analyzeModule';

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

/** Workspace duplication figures, for the status of the whole folder. */
export interface DuplicationSummary {
  readonly codeLines: number;
  readonly duplicatedLines: number;
  readonly cloneClasses: number;
}

export class WorkspaceIndex {
  private readonly analyses = new Map<string, ModuleAnalysis>();
  private readonly skippedFiles = new Map<string, string>();
  private readonly clones: CloneIndex;
  private readonly excludedFromClones: (relative: string) => boolean;
  private workspaceFindings = new Map<string, readonly Finding[]>();
  private classes: readonly CloneClass[] = [];
  private dirty = false;
  private readonly changed = new Set<string>();
  /** Files updated, skipped or removed since the last refresh. */
  private readonly stale = new Set<string>();
  private viewContext: ViewContext | undefined;
  private readonly viewShapes = new Map<string, string>();
  private readonly viewFindings = new Map<string, readonly Finding[]>();
  /** The last parse of each file being edited, so the next keystroke re-parses only what changed. */
  private readonly editedTrees = new Map<string, ParsedText>();
  private migrations: readonly string[] = [];

  /**
   * Without a parser the index only takes analyses made by worker threads (`apply`) until
   * `ensureParser` loads one: a cold CLI run then never loads the grammar on the main thread.
   */
  constructor(
    readonly root: string,
    private parser: PythonParser | undefined,
    readonly settings: Settings,
  ) {
    this.clones = new CloneIndex(settings.duplicateBlock);
    this.excludedFromClones = picomatch([...settings.duplicateBlock.exclude], { dot: true });
  }

  async ensureParser(): Promise<void> {
    this.parser ??= await loadPythonParser();
  }

  /**
   * Analyses (or re-analyses) a file from its current text. `editing`: the text is an editor's,
   * which will change again; its parse is kept and the next update re-parses incrementally.
   */
  update(file: string, given: string, editing = false): ModuleAnalysis {
    const text = normalizeLineEnds(given);
    if (!this.parser) throw new Error('WorkspaceIndex.update() needs ensureParser() first');
    if (!editing) return this.apply(file, analyzeModule(this.parser, file, text, this.settings));
    const previous = this.editedTrees.get(file);
    this.editedTrees.delete(file);
    let tree;
    try {
      tree = this.parser.parse(text, previous);
    } finally {
      previous?.tree.delete();
    }
    try {
      const result = this.apply(file, analyzeTree(tree, file, text, this.settings));
      this.editedTrees.set(file, { text, tree });
      return result;
    } catch (error) {
      tree.delete();
      throw error;
    }
  }

  /** Takes in an analysis made elsewhere (a worker thread) with this index's settings. */
  apply(file: string, { analysis, tokens }: AnalyzedSource): ModuleAnalysis {
    this.forgetTree(file);
    this.skippedFiles.delete(file);
    this.analyses.set(file, analysis);
    if (this.detectsClonesIn(file)) this.clones.update(file, tokens);
    else this.clones.remove(file);
    this.touch(file);
    return analysis;
  }

  /** Records that a file is not analysed, and why; its previous findings are dropped. */
  skip(file: string, reason: string): void {
    this.forgetTree(file);
    this.analyses.delete(file);
    this.clones.remove(file);
    this.skippedFiles.set(file, reason);
    this.touch(file);
  }

  /** Forgets a file (deleted, renamed away, excluded). Returns whether it was known. */
  remove(file: string): boolean {
    this.forgetTree(file);
    this.migrations = this.migrations.filter((migration) => migration !== file);
    const known = this.analyses.delete(file) || this.skippedFiles.has(file);
    this.skippedFiles.delete(file);
    this.clones.remove(file);
    this.touch(file);
    return known;
  }

  has(file: string): boolean {
    return this.analyses.has(file) || this.skippedFiles.has(file);
  }

  get(file: string): ModuleAnalysis | undefined {
    return this.analyses.get(file);
  }

  /** Every known path, analysed or skipped, sorted. */
  paths(): string[] {
    return [...new Set([...this.analyses.keys(), ...this.skippedFiles.keys()])].sort();
  }

  /** The analysed paths, sorted: what refactorings may read (a skipped file may be a FIFO, a device or too large). */
  analyzedPaths(): string[] {
    return [...this.analyses.keys()].sort();
  }

  /** Records the folder's migrations that analysis leaves out (see DiscoveredFiles.migrations). */
  setMigrations(files: readonly string[]): void {
    this.migrations = [...files];
  }

  /** Every Python file refactorings must keep working, sorted: the analysed ones and the migrations analysis leaves out. */
  projectPaths(): string[] {
    return [...this.analyses.keys(), ...this.migrations].sort();
  }

  analyzed(): ModuleAnalysis[] {
    return [...this.analyses.values()];
  }

  skipped(): SkippedFile[] {
    return [...this.skippedFiles.entries()].map(([file, reason]) => ({ path: file, reason }));
  }

  findingsFor(file: string): readonly Finding[] {
    this.refresh();
    const own = this.analyses.get(file)?.findings ?? [];
    const workspace = this.workspaceFindings.get(file);
    return workspace ? [...own, ...workspace] : own;
  }

  findings(): Finding[] {
    this.refresh();
    return [...new Set([...this.analyses.keys(), ...this.workspaceFindings.keys()])].sort().flatMap((file) => this.findingsFor(file));
  }

  /** The files whose findings may have changed since the last call (they are then cleared). */
  takeChangedPaths(): string[] {
    this.refresh();
    const paths = [...this.changed];
    this.changed.clear();
    return paths;
  }

  /** Duplicated code lines over code lines: blank and comment lines inside a clone count for neither. */
  duplication(): DuplicationSummary {
    this.refresh();
    const duplicated = new Map<string, Uint8Array>();
    for (const clone of this.classes) {
      for (const place of clone.places) {
        const mask = this.analyses.get(place.file)?.outline.codeLineMask;
        if (!mask) continue;
        let rows = duplicated.get(place.file);
        if (!rows) duplicated.set(place.file, (rows = new Uint8Array(mask.length)));
        rows.set(mask.subarray(place.range.start.line, place.range.end.line + 1), place.range.start.line);
      }
    }
    let duplicatedLines = 0;
    for (const rows of duplicated.values()) duplicatedLines += countCodeLines(rows);
    const codeLines = this.analyzed().reduce((sum, analysis) => sum + analysis.outline.codeLines, 0);
    return { codeLines, duplicatedLines, cloneClasses: this.classes.length };
  }

  /** Frees the WASM memory of the kept trees: call it when the index is replaced. */
  dispose(): void {
    for (const file of [...this.editedTrees.keys()]) this.forgetTree(file);
  }

  private forgetTree(file: string): void {
    this.editedTrees.get(file)?.tree.delete();
    this.editedTrees.delete(file);
  }

  private detectsClonesIn(file: string): boolean {
    const relative = path.relative(this.root, file).split(path.sep).join('/');
    return this.settings.duplicateBlock.enabled && !this.excludedFromClones(relative);
  }

  private touch(file: string): void {
    this.changed.add(file);
    this.stale.add(file);
    this.dirty = true;
  }

  /**
   * Recomputes the findings that need the whole workspace (clone classes, which classes are
   * views) after changes, and marks the files whose findings moved. Incremental where it costs:
   * clone pairs are kept per file; which functions are views is decided again only when an edit
   * changed what that depends on (names, bases, imports, routes), otherwise only the edited
   * files' views are measured; grouping pairs is linear and cheap.
   */
  private refresh(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.classes = cloneClasses(this.clones.pairs(), (file) => this.clones.tokensOf(file));
    this.refreshViews();
    const next = new Map<string, Finding[]>();
    const found = [...detectDuplicateBlocks(this.classes, this.settings), ...this.memberFindings(), ...[...this.viewFindings.values()].flat()];
    for (const finding of found) {
      if (isSilenced(this.analyses.get(finding.path)?.outline.directives ?? [], finding.rule, finding.range.start.line)) continue;
      const list = next.get(finding.path);
      if (list) list.push(finding);
      else next.set(finding.path, [finding]);
    }
    for (const file of new Set([...this.workspaceFindings.keys(), ...next.keys()])) {
      if (!sameFindings(this.workspaceFindings.get(file) ?? [], next.get(file) ?? [])) this.changed.add(file);
    }
    this.workspaceFindings = next;
  }

  /** Classes repeating members, in the files clones are detected in (hard-stage duplicate-block findings). */
  private memberFindings(): Finding[] {
    if (!this.settings.duplicateBlock.enabled) return [];
    const modules = this.analyzed().filter((analysis) => this.detectsClonesIn(analysis.path));
    return detectDuplicateMembers(memberCloneGroups(modules), this.settings);
  }

  private refreshViews(): void {
    if (!this.settings.logicHeavyView.enabled) {
      this.stale.clear();
      return;
    }
    let contextChanged = this.viewContext === undefined;
    for (const file of this.stale) {
      const analysis = this.analyses.get(file);
      const shape = analysis ? viewShapeOf(analysis) : undefined;
      if (shape === this.viewShapes.get(file)) continue;
      contextChanged = true;
      if (shape === undefined) this.viewShapes.delete(file);
      else this.viewShapes.set(file, shape);
    }
    const files = contextChanged ? [...this.analyses.keys(), ...this.stale] : [...this.stale];
    if (contextChanged) this.viewContext = viewContextOf(this.analyzed());
    for (const file of files) {
      const analysis = this.analyses.get(file);
      if (analysis) this.viewFindings.set(file, logicHeavyViewsIn(analysis, this.viewContext!, this.settings));
      else this.viewFindings.delete(file);
    }
    this.stale.clear();
  }
}

/** Field-by-field equality of two finding lists (runs on every edit: no serialisation). */
function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    return (
      x.rule === y.rule &&
      x.stage === y.stage &&
      x.severity === y.severity &&
      x.message === y.message &&
      sameRange(x.range, y.range) &&
      x.related.length === y.related.length &&
      x.related.every((r, k) => r.path === y.related[k].path && r.message === y.related[k].message && sameRange(r.range, y.related[k].range))
    );
  });
}

function sameRange(a: SourceRange, b: SourceRange): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
