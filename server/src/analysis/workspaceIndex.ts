/**
 * The analysed state of one workspace folder: for every Python file either its analysis or the
 * reason it was skipped, plus the workspace-wide clone index; for every template and static file
 * its jscpd tokens (or why it was skipped), whose clones jscpd's detector finds. Updating a file re-analyses only
 * that file and re-detects only its clones; the findings of the folder are read from here by the
 * LSP layer and the CLI alike. It also tracks which files' findings changed since they were last
 * taken, so the server publishes only those.
 */
import picomatch from 'picomatch';
import { loadPythonParser, type PythonParser } from '../core/parse/pythonParser';
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import { CloneIndex, type CloneSnapshot } from '../core/clones/cloneIndex';
import type { TokenStream } from '../core/python/tokenStream';
import { CloneClassGrouping, cloneClasses, type CloneClass } from '../core/clones/cloneClasses';
import { detectDuplicateBlocks, detectDuplicateMembers } from '../detectors/duplicateBlock';
import { MemberCloneGrouping } from '../core/clones/memberClones';
import { duplicationFigures } from './duplicationFigures';
import { normalizeLineEnds } from '../core/parse/lineEnds';
import { analyzeModule, analyzeTree, type AnalyzedSource, type ModuleAnalysis } from './analyzeModule';
import type { DuplicationSummary, ResultsSnapshot, SkippedFile } from './indexTypes';
import { WebCloneIndex } from '../core/webClones/webCloneIndex';
import { webLanguageOf, type DuplicateLanguage, type WebLanguage } from '../core/webClones/webLanguages';
import type { WebSource } from '../core/webClones/webTokens';
import { ProjectIndex } from './projectIndex';
import type { ProjectFiles } from '../core/model/projectFiles';
import { isDeploymentFile } from '../core/observability/deployment';
import { changedFiles, findingsByFile } from './findingsByFile';
import { ViewIndex } from './viewIndex';
import { RestoredResults } from './restoredResults';
import { relativePosixPath } from '../report/relativePath';
import { EditedModules } from './editedModules';
import { FindingsPerObject } from './findingsPerObject';
import type { MemberCloneGroup } from '../core/clones/memberClones';

export class WorkspaceIndex {
  private readonly analyses = new Map<string, ModuleAnalysis>();
  private readonly skippedFiles = new Map<string, string>();
  private readonly clones: CloneIndex;
  private readonly webClones: WebCloneIndex;
  /** The project rules' findings (the cache restores and saves them through it, see ProjectIndex.restore). */
  readonly project: ProjectIndex;
  private readonly excludedFromClones: (file: string) => boolean;
  private workspaceFindings = new Map<string, readonly Finding[]>();
  private classes: readonly CloneClass[] = [];
  private dirty = false;
  private readonly changed = new Set<string>();
  /** Files updated, skipped or removed since the last refresh. */
  private readonly stale = new Set<string>();
  private readonly views: ViewIndex;
  private readonly edited = new EditedModules();
  private readonly memberGroups = new MemberCloneGrouping();
  private readonly cloneGroups = new CloneClassGrouping();
  private readonly blockFindings = new FindingsPerObject<CloneClass>();
  private readonly memberGroupFindings = new FindingsPerObject<MemberCloneGroup>();
  private migrations: readonly string[] = [];
  /** While a load defers clone detection (see deferClones), the files to index, in order. */
  private deferred: Map<string, TokenStream> | undefined;
  private restored: RestoredResults | undefined;
  private refreshedOnce = false;
  /** The clone classes are not computed yet: findings were restored without them. */
  private classesPending = false;

  /**
   * Without a parser the index only takes analyses made by worker threads (`apply`) until `ensureParser` loads one: a cold
   * CLI run then never loads the grammar on the main thread. `files`: what project rules read besides modules (the disk's).
   */
  constructor(
    readonly root: string,
    private parser: PythonParser | undefined,
    readonly settings: Settings,
    files?: ProjectFiles,
  ) {
    this.clones = new CloneIndex(settings.duplicateBlock);
    this.webClones = new WebCloneIndex(settings.duplicateBlock);
    this.project = new ProjectIndex(root, settings, undefined, files);
    this.views = new ViewIndex(settings);
    // Asked of every module after every edit: each file's answer is kept, as an index's settings never change.
    const [excluded, answers] = [picomatch([...settings.duplicateBlock.exclude], { dot: true }), new Map<string, boolean>()];
    this.excludedFromClones = (file) => answers.get(file) ?? answers.set(file, excluded(relativePosixPath(root, file))).get(file)!;
  }

  async ensureParser(): Promise<void> {
    this.parser ??= await loadPythonParser();
  }

  /**
   * Analyses (or re-analyses) a file from its current text. `editing`: the text is an editor's,
   * which will change again; its parse is kept and the next update re-parses incrementally.
   */
  update(file: string, given: string, editing = false): ModuleAnalysis {
    if (!editing) return this.apply(file, this.analyze(file, given));
    const text = normalizeLineEnds(given);
    if (!this.parser) throw new Error('WorkspaceIndex.update() needs ensureParser() first');
    const earlierOutline = this.analyses.get(file)?.outline;
    return this.edited.edit(this.parser, file, text, (edited, previous) => {
      const scan = previous?.scan && edited.edit && { text: previous.text, lexed: previous.lexed, scan: previous.scan, edit: edited.edit };
      const analyzed = analyzeTree(edited.tree, file, text, this.settings, false, previous && { text: previous.text, outline: earlierOutline, scan }, edited.lexed);
      edited.scan = analyzed.scan;
      return this.apply(file, analyzed, true);
    });
  }

  /** Analyses a file's text with this index's settings, without taking the result in (see apply). */
  analyze(file: string, text: string): AnalyzedSource {
    if (!this.parser) throw new Error('WorkspaceIndex.analyze() needs ensureParser() first');
    return analyzeModule(this.parser, file, normalizeLineEnds(text), this.settings);
  }

  /**
   * Takes in an analysis made elsewhere (a worker thread) with this index's settings.
   * `editing`: an editor's text, whose kept tree the project rules read facts from later (see projectPending).
   */
  apply(file: string, { analysis, tokens }: AnalyzedSource, editing = false): ModuleAnalysis {
    this.edited.forget(file);
    this.skippedFiles.delete(file);
    this.analyses.set(file, analysis);
    if (editing) this.project.setLater(file, () => this.edited.get(file), analysis.outline.directives);
    else this.project.set(file, analysis.facts, analysis.outline.directives);
    if (this.detectsClonesIn(file, 'python')) {
      this.indexClonesOf(file, tokens);
      this.memberGroups.set(file, analysis.outline);
    } else this.removeClonesOf(file);
    this.touch(file);
    return analysis;
  }

  /**
   * Until `indexClones`, files taken in are not compared for clones yet: at the end of a load,
   * the comparisons of an unchanged folder are restored from the cache instead of made.
   */
  deferClones(): void {
    this.deferred ??= new Map();
  }

  /**
   * Indexes the clones of the files deferred since `deferClones`, in the order they came: from
   * the snapshot `snapshotFor` gives for exactly these files and tokens, if it gives one and no
   * file was indexed before, else by comparing them.
   */
  indexClones(snapshotFor: (files: readonly { path: string; tokens: TokenStream }[]) => CloneSnapshot | undefined): void {
    const deferred = this.deferred;
    this.deferred = undefined;
    if (!deferred) return;
    const files = [...deferred].map(([file, tokens]) => ({ path: file, tokens }));
    const snapshot = this.clones.size === 0 ? snapshotFor(files) : undefined;
    if (snapshot) this.clones.restore(snapshot);
    else for (const { path: file, tokens } of files) this.clones.update(file, tokens);
    this.dirty = true;
  }

  /** The clone index's state, for the cache to restore next time (see CloneIndex.snapshot). */
  cloneSnapshot(): CloneSnapshot {
    return this.clones.snapshot();
  }

  /**
   * Right after a load, before any findings were computed: takes the findings `resultsFor` gives for exactly the files now
   * analysed, with these outlines, under these settings, instead of running the detectors. The first change runs them all.
   */
  restoreResults(resultsFor: (settings: string, files: ResultsSnapshot['files']) => ResultsSnapshot | undefined): void {
    if (this.refreshedOnce || this.deferred) return;
    const snapshot = resultsFor(JSON.stringify(this.settings), this.analyzedFiles());
    if (!snapshot) return;
    this.restored = new RestoredResults(snapshot, () => detectDuplicateBlocks(this.webClones.classes(), this.settings));
    this.dirty = false;
    this.classesPending = true;
  }

  /** The findings of every analysed file now, for the cache to restore next time. */
  resultsSnapshot(): ResultsSnapshot {
    if (this.restored) return this.restored.snapshot;
    const files = this.analyzedFiles();
    return { settings: JSON.stringify(this.settings), files, findings: files.map((file) => this.moduleFindings(file.path)) };
  }

  private analyzedFiles(): ResultsSnapshot['files'] {
    return this.analyzedPaths().map((file) => ({ path: file, outline: this.analyses.get(file)!.outline }));
  }

  /**
   * How the index takes a file: as Python (every rule), as a template or static file (the
   * duplicate rule only, when `duplicateBlock.languages` has its language), or not at all.
   */
  languageOf(file: string): 'python' | WebLanguage | undefined {
    const web = webLanguageOf(file);
    if (!web) return 'python';
    return this.detectsClonesIn(file, web) ? web : undefined;
  }

  /** Takes in a template's or static file's tokens; `detectWebClones()` then finds its clones. */
  updateWeb(file: string, source: WebSource): void {
    this.skippedFiles.delete(file);
    this.webClones.update(file, source);
    this.touch(file);
  }

  /** Finds the clones of the templates and static files changed since the last call. */
  async detectWebClones(): Promise<void> {
    if (!this.webClones.pending) return;
    await this.webClones.detect();
    if (this.restored) this.restored.webDetected();
    else this.dirty = true;
  }

  /** Records that a file is not analysed, and why; its previous findings are dropped. */
  skip(file: string, reason: string): void {
    this.edited.forget(file);
    this.analyses.delete(file);
    this.project.set(file, undefined);
    this.removeClonesOf(file);
    this.webClones.remove(file);
    this.skippedFiles.set(file, reason);
    this.touch(file);
  }

  /** Forgets a file (deleted, renamed away, excluded). Returns whether it was known. */
  remove(file: string): boolean {
    this.edited.forget(file);
    this.migrations = this.migrations.filter((migration) => migration !== file);
    this.project.set(file, undefined);
    const known = this.analyses.delete(file) || this.skippedFiles.has(file) || this.webClones.has(file);
    this.skippedFiles.delete(file);
    this.removeClonesOf(file);
    this.webClones.remove(file);
    this.touch(file);
    return known;
  }

  has(file: string): boolean {
    return this.analyses.has(file) || this.skippedFiles.has(file) || this.webClones.has(file);
  }

  get(file: string): ModuleAnalysis | undefined {
    return this.analyses.get(file);
  }

  /** Every known path, analysed, tokenized or skipped, sorted. */
  paths(): string[] {
    return [...new Set([...this.analyses.keys(), ...this.webClones.paths(), ...this.skippedFiles.keys()])].sort();
  }

  /** The templates and static files tokenized for the duplicate rule, sorted. */
  webPaths(): string[] {
    return this.webClones.paths().sort();
  }

  /** The analysed paths, sorted: what refactorings may read (a skipped file may be a FIFO, a device or too large). */
  analyzedPaths(): string[] {
    return [...this.analyses.keys()].sort();
  }

  /** Records the folder's migrations that analysis leaves out (see DiscoveredFiles.migrations). */
  setMigrations(files: readonly string[]): void {
    for (const gone of this.migrations) if (!files.includes(gone)) this.project.set(gone, undefined);
    this.migrations = [...files];
  }

  /** Takes in a migration's facts, for the project rules only (no other rule reads migrations). */
  applyMigration(file: string, { analysis }: AnalyzedSource): void {
    this.project.set(file, analysis.facts, analysis.outline.directives);
  }

  isMigration(file: string): boolean {
    return this.migrations.includes(file);
  }

  /** A file that is no module changed (an editor's text when `editing`): the project rules read templates and deployment files, so they run again (see projectPending). */
  otherFileChanged(file: string, editing: boolean): void {
    if (webLanguageOf(file) === 'django-template' || isDeploymentFile(file)) this.project.fileChanged(editing);
  }

  /** Whether edits changed what the project rules read, which their findings take in only at `refreshProject()`. */
  projectPending(): boolean {
    return this.project.pending;
  }

  /** Takes the edits' facts into the project rules' findings (the next read recomputes them). */
  refreshProject(): void {
    this.project.flush();
  }

  /** Whether the project rules hold facts of the file (a module or a migration): the cache keeps those. */
  hasFacts(file: string): boolean {
    return this.project.has(file);
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
    const project = this.project.findingsFor(file);
    return project.length > 0 ? [...this.moduleFindings(file), ...project] : this.moduleFindings(file);
  }

  findings(): Finding[] {
    this.refresh();
    return [...new Set([...this.analyses.keys(), ...this.workspaceFindings.keys(), ...(this.restored?.webPaths() ?? []), ...this.project.paths()])].sort().flatMap((file) => this.findingsFor(file));
  }

  /** The files whose findings may have changed since the last call (they are then cleared). */
  takeChangedPaths(): string[] {
    this.refresh();
    const paths = new Set([...this.changed, ...this.project.takeChanged()]);
    this.changed.clear();
    return [...paths];
  }

  /** The findings of the per-file and workspace rules: those a results snapshot holds (the project rules' are the ProjectIndex's, cached apart). */
  private moduleFindings(file: string): readonly Finding[] {
    this.refresh();
    if (this.restored) return this.restored.findingsOf(file);
    const own = this.analyses.get(file)?.findings ?? [];
    const workspace = this.workspaceFindings.get(file);
    return workspace ? [...own, ...workspace] : own;
  }

  /** Duplicated code lines over code lines: blank and comment lines inside a clone count for neither. */
  duplication(): DuplicationSummary {
    this.refresh();
    if (this.classesPending) this.classes = cloneClasses(this.clones.pairs(), (file) => this.clones.tokensOf(file));
    this.classesPending = false;
    const { duplicatedLines, nearDuplicateLines } = duplicationFigures(this.classes, (file) => this.analyses.get(file)?.outline.codeLineMask);
    const codeLines = this.analyzed().reduce((sum, analysis) => sum + analysis.outline.codeLines, 0);
    return { codeLines, duplicatedLines, nearDuplicateLines, cloneClasses: this.classes.length };
  }

  /** Frees the WASM memory of the kept trees: call it when the index is replaced. */
  dispose(): void {
    this.edited.dispose();
  }

  private indexClonesOf(file: string, tokens: TokenStream): void {
    if (!this.deferred) return this.clones.update(file, tokens);
    // Taken in again: it goes last, as an update would put it.
    this.deferred.delete(file);
    this.deferred.set(file, tokens);
  }

  private removeClonesOf(file: string): void {
    this.deferred?.delete(file);
    this.clones.remove(file);
    this.memberGroups.delete(file);
  }

  /** Whether the duplicate rule compares `file`, read as `language` (its settings may leave the language or the file out). */
  detectsClonesIn(file: string, language: DuplicateLanguage): boolean {
    const { enabled, languages } = this.settings.duplicateBlock;
    return enabled && languages.includes(language) && !this.excludedFromClones(file);
  }

  private touch(file: string): void {
    this.restored = undefined;
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
    this.refreshedOnce = true;
    this.classesPending = false;
    this.classes = this.cloneGroups.classes(this.clones.pairs(), (file) => this.clones.tokensOf(file), this.clones.takeChanged());
    const views = this.views.refresh(this.analyses, this.stale);
    this.stale.clear();
    const clones = [...this.classes, ...this.webClones.classes()];
    const found = [...this.blockFindings.of(clones, (some) => detectDuplicateBlocks(some, this.settings)), ...this.memberFindings(), ...views];
    const next = findingsByFile(found, (file) => this.analyses.get(file)?.outline.directives ?? []);
    for (const file of changedFiles(this.workspaceFindings, next)) this.changed.add(file);
    this.workspaceFindings = next;
  }

  /** Classes repeating members, in the files clones are detected in (hard-stage duplicate-block findings). */
  private memberFindings(): Finding[] {
    if (!this.settings.duplicateBlock.enabled) return [];
    return this.memberGroupFindings.of(this.memberGroups.groups(), (some) => detectDuplicateMembers(some, this.settings));
  }
}
