/**
 * The language server's state: one WorkspaceIndex per workspace folder, kept in step with the
 * editor's buffers and the disk, and the diagnostics published from it. It talks to the client
 * only through SessionHost, so it holds no connection and tests could drive it directly.
 */
import * as path from 'path';
import { URI } from 'vscode-uri';
import { DEFAULT_SETTINGS, type Settings } from '../core/config/settings';
import { PYPROJECT_FILE } from '../core/config/pyprojectSettings';
import { WorkspaceIndex } from '../analysis/workspaceIndex';
import { loadFile, loadWorkspace, unloadFile } from '../analysis/loadWorkspace';
import { isWebFile } from '../core/webClones/webLanguages';
import { isDiscoverable } from '../fs/fileDiscovery';
import type { DuplicationSummaryRequest, PlanRequest } from '../protocol';
import { planOfFolder } from './plan';
import { editorOrDiskText } from './documentText';
import { formatSarif } from '../report/sarifFormat';
import { figuresOf, totalDuplication } from '../analysis/figures';
import { createBaseline, type Baseline } from '../core/baseline/baseline';
import { settingsProblemToDiagnostic } from './diagnostics';
import type { FileChangeKind, OpenDocuments, SessionHost } from './sessionHost';
import { PublishedDiagnostics } from './publishedDiagnostics';
import { ShownRecord } from './shownRecord';
import { readFolderSettings, reportNewProblems } from './folderSettings';
import type { FolderState } from './folderState';
import type { ProjectFiles } from '../core/model/projectFiles';
import type { RelatedLocation, RuleId } from '../core/model/finding';
import { sameRange, type SourceRange } from '../core/model/sourceRange';
import { DISK_FILES, seenFiles } from '../fs/projectFiles';
import { AnalysisCache } from '../analysis/cache/analysisCache';
import { sharedCache } from '../analysis/cache/cacheLocation';

/** How long to wait after the last keystroke in a document before re-analysing it. */
const DOCUMENT_DEBOUNCE_MS = 50;
/** File events come in bursts (a git checkout); they are handled together after this pause. */
const FILE_EVENTS_DEBOUNCE_MS = 100;
/**
 * The project rules re-read a folder's whole Django project (a few hundred milliseconds on a
 * large one): after edits, once typing has paused this long, not at every keystroke.
 */
const PROJECT_DEBOUNCE_MS = 1000;


export class WorkspaceSession {
  private readonly folders = new Map<string, FolderState>();
  private readonly looseFiles: WorkspaceIndex;
  private readonly looseRoot = '';
  private readonly documentTimers = new Map<string, NodeJS.Timeout>();
  private pendingFileEvents: { path: string; kind: FileChangeKind }[] = [];
  private fileEventsTimer: NodeJS.Timeout | undefined;
  private readonly projectTimers = new Map<FolderState, NodeJS.Timeout>();
  private analyzing = 0;
  private readonly analysed: (() => void)[] = [];
  private readonly loosePublished: PublishedDiagnostics;
  /** What the project rules read besides modules: an open template's unsaved text, else the disk's. */
  private readonly projectFiles: ProjectFiles = {
    read: (file) => this.documents.get(URI.file(file).toString())?.getText() ?? DISK_FILES.read(file),
    list: (dir, extension) => DISK_FILES.list(dir, extension),
  };

  constructor(
    private readonly host: SessionHost,
    private readonly documents: OpenDocuments,
    /** Where each folder's analysis cache is kept (the editor's storage for the workspace); none without it. */
    private readonly cacheFolder?: string,
  ) {
    // The indexes load the parser when they first parse here: a warm cache shows diagnostics without it.
    this.looseFiles = new WorkspaceIndex(this.looseRoot, undefined, DEFAULT_SETTINGS);
    this.loosePublished = this.newPublished();
  }

  /** Replaces the set of workspace folders, analysing the new ones and dropping the removed ones. */
  async setFolders(folderUris: readonly string[]): Promise<void> {
    const wanted = new Map(folderUris.map((uri) => [URI.parse(uri).fsPath, uri]));
    for (const [root, state] of this.folders) {
      if (!wanted.has(root)) {
        state.published.clear();
        state.index.dispose();
        this.folders.delete(root);
      }
    }
    const added = [...wanted].filter(([root]) => !this.folders.has(root));
    for (const [root, uri] of added) {
      this.folders.set(root, {
        root,
        uri,
        index: new WorkspaceIndex(root, undefined, DEFAULT_SETTINGS, this.projectFiles),
        problems: [],
        published: this.newPublished(),
        generation: 0,
        showingRecord: false,
        discoverable: new Map(),
      });
    }
    await Promise.all(added.map(([root]) => this.reloadFolder(root)));
  }

  /** Re-reads settings and re-analyses every folder from disk (settings changed, or asked to). */
  async reloadAll(): Promise<void> {
    await Promise.all([...this.folders.keys()].map((root) => this.reloadFolder(root)));
  }

  /** The settings in force for a file: its folder's, or the defaults outside every folder. */
  settingsFor(file: string): Settings {
    return this.folderOf(file)?.index.settings ?? DEFAULT_SETTINGS;
  }

  /** The places of the finding of `rule` on `range` of `file` that the analysis holds: its own, then its related ones. */
  findingPlaces(file: string, rule: RuleId, range: SourceRange): RelatedLocation[] | undefined {
    const finding = (this.folderOf(file)?.index ?? this.looseFiles).findingsFor(file).find((f) => f.rule === rule && sameRange(f.range, range));
    return finding && [finding, ...finding.related];
  }

  /** Resolves once no folder is being analysed: refactorings read every file, which a scan under way holds only in part. */
  whenAnalysed(): Promise<void> {
    return this.analyzing === 0 ? Promise.resolve() : new Promise((resolve) => this.analysed.push(resolve));
  }

  /** Every Python file of the workspace's folders that refactorings must keep working (WorkspaceIndex.projectPaths). */
  pythonFiles(): string[] {
    return [...this.indexes()].flatMap((index) => index.projectPaths());
  }

  /** Totals over the workspace, for the status bar and the reanalyse request. */
  totals(): { files: number; findings: number } {
    let files = 0;
    let findings = 0;
    for (const index of this.indexes()) {
      files += index.analyzed().length;
      findings += index.findings().length;
    }
    return { files, findings };
  }

  /** The refactor plan of every workspace folder, for the panel. */
  plan(): PlanRequest.Result {
    return { folders: [...this.folders.values()].map((state) => planOfFolder(state.index, (file) => this.textOf(file))) };
  }

  /** The baseline of a folder's current findings, with its figures. */
  baseline(folderUri: string): Baseline {
    const state = this.folderNamed(folderUri);
    const relative = (file: string) => path.relative(state.root, file).split(path.sep).join('/');
    const baseline = createBaseline(state.index.findings(), relative, (file) => this.textOf(file) ?? '', new Date());
    return { ...baseline, figures: figuresOf(state.index, relative) };
  }

  /** A folder's findings as the CLI's SARIF report, paths relative to the folder. */
  sarifReport(folderUri: string): string {
    const { index, root } = this.folderNamed(folderUri);
    const report = { findings: index.findings(), analyzedFiles: index.analyzed().length, templateAndStaticFiles: index.webPaths().length, skipped: index.skipped(), inBaseline: 0 };
    return formatSarif(report, root);
  }

  private folderNamed(folderUri: string): FolderState {
    const state = [...this.folders.values()].find((s) => s.uri === folderUri);
    if (!state) throw new Error(`${folderUri} is not a workspace folder`);
    return state;
  }

  private textOf(file: string): string | undefined {
    return editorOrDiskText((uri) => this.documents.get(uri), file, this.settingsFor(file).maxFileSizeKb * 1024);
  }

  /** Duplication over every folder, for the panel. */
  duplication(): DuplicationSummaryRequest.Result {
    return totalDuplication(this.indexes());
  }

  /** An open document changed: re-analyse it once typing pauses. */
  documentChanged(uri: string): void {
    clearTimeout(this.documentTimers.get(uri));
    this.documentTimers.set(
      uri,
      setTimeout(() => {
        this.documentTimers.delete(uri);
        void this.analyzeDocument(uri);
      }, DOCUMENT_DEBOUNCE_MS),
    );
  }

  /** A document was closed: its text on disk is the truth again. */
  async documentClosed(uri: string): Promise<void> {
    clearTimeout(this.documentTimers.get(uri));
    this.documentTimers.delete(uri);
    const file = URI.parse(uri).fsPath;
    const state = this.folderOf(file);
    if (!state) {
      this.looseFiles.remove(file);
      this.loosePublished.publishIndex(this.looseFiles);
      return;
    }
    // Unsaved edits of a template are gone with the editor: the project rules read the disk's again.
    state.index.otherFileChanged(file, false);
    if (state.index.has(file)) await loadFile(state.index, file);
    this.publishFolder(state);
  }

  /** Files changed on disk (watched-file events). */
  filesChanged(changes: readonly { uri: string; kind: FileChangeKind }[]): void {
    this.pendingFileEvents.push(...changes.map((c) => ({ path: URI.parse(c.uri).fsPath, kind: c.kind })));
    clearTimeout(this.fileEventsTimer);
    this.fileEventsTimer = setTimeout(() => void this.applyFileEvents(), FILE_EVENTS_DEBOUNCE_MS);
  }

  dispose(): void {
    for (const timer of [...this.documentTimers.values(), ...this.projectTimers.values()]) clearTimeout(timer);
    clearTimeout(this.fileEventsTimer);
  }

  private async applyFileEvents(): Promise<void> {
    const events = this.pendingFileEvents;
    this.pendingFileEvents = [];
    const reload = new Set<string>();
    const touched = new Set<FolderState>();
    for (const event of events) {
      const state = this.folderOf(event.path);
      if (!state) continue;
      state.discoverable.clear();
      const name = path.basename(event.path);
      // What discovery takes changed: a .gitignore, a virtualenv made or removed, the folder's settings.
      if (name === '.gitignore' || name === 'pyvenv.cfg' || (name === PYPROJECT_FILE && path.dirname(event.path) === state.root)) {
        reload.add(state.root);
        continue;
      }
      // Templates and deployment files are read by the project rules whether or not the duplicate rule tokenizes them.
      if (!event.path.endsWith('.py')) {
        state.index.otherFileChanged(event.path, false);
        touched.add(state);
      }
      // A reload keeps the analyses it finds (only discovery runs), so changes in the same batch are applied here too.
      if (!event.path.endsWith('.py') && !isWebFile(event.path)) continue;
      if (event.kind === 'deleted') {
        await unloadFile(state.index, event.path);
        touched.add(state);
      } else if (event.kind === 'created' && !state.index.has(event.path)) {
        reload.add(state.root);
      } else if ((state.index.has(event.path) || state.index.isMigration(event.path)) && !this.documents.get(URI.file(event.path).toString())) {
        await loadFile(state.index, event.path);
        touched.add(state);
      }
    }
    for (const state of touched) if (!reload.has(state.root)) this.publishFolder(state);
    await Promise.all([...reload].map((root) => this.reloadFolder(root, { keepAnalyses: true })));
  }

  /**
   * Re-reads a folder's settings and files. With `keepAnalyses` (new files appeared), the current
   * index is kept and only discovery runs again; otherwise everything is analysed afresh.
   */
  private async reloadFolder(root: string, options: { keepAnalyses?: boolean } = {}): Promise<void> {
    const state = this.folders.get(root);
    if (!state) return;
    const generation = ++state.generation;
    const started = Date.now();
    state.discoverable.clear();
    this.countAnalysis(1);
    const progress = options.keepAnalyses ? undefined : await this.host.beginProgress(`Untangle: analysing ${path.basename(root)}`);
    try {
      const resolved = await readFolderSettings(this.host, state.uri, root);
      if (generation !== state.generation) return;
      reportNewProblems(this.host, root, state.problems, resolved.problems);
      state.problems = resolved.problems;
      state.pyprojectPath = resolved.pyprojectPath;
      const sameSettings = JSON.stringify(resolved.settings) === JSON.stringify(state.index.settings);
      if (!(options.keepAnalyses && sameSettings)) {
        state.index.dispose();
        state.record = this.cacheFolder === undefined ? undefined : new ShownRecord(this.cacheFolder, root, JSON.stringify(resolved.settings), this.documents);
        state.record?.seen(resolved.pyprojectPath ?? path.join(root, PYPROJECT_FILE));
        state.index = new WorkspaceIndex(root, undefined, resolved.settings, state.record ? seenFiles(this.projectFiles, state.record.seen) : this.projectFiles);
        // A reopened workspace: what it showed last, while the scan reads the cache.
        if (generation === 1) state.showingRecord = state.record?.replay(state.published, (message) => this.host.log(message)) === true;
      }
      if (this.cacheFolder) state.cache ??= await AnalysisCache.open(sharedCache(this.cacheFolder, root), root, (message) => this.host.log(message));
      const overlay = (file: string) => this.documents.get(URI.file(file).toString())?.getText();
      const result = await loadWorkspace(state.index, {
        overlay,
        onProgress: (done, total) => progress?.report(Math.floor((done / total) * 100), `${done}/${total} files`),
        isCancelled: () => generation !== state.generation || progress?.isCancelled() === true,
        skipKnown: options.keepAnalyses && sameSettings,
        cache: state.cache,
        lasting: true,
        seen: state.record?.seen,
      });
      if (generation !== state.generation) return;
      if (result.cancelled) {
        // Cancelled by the user: show what was analysed; saving or reopening a file adds more.
        this.host.log(`Analysis of ${root} cancelled after ${result.files} files.`);
        this.publishFolder(state, true);
        return;
      }
      for (const skipped of state.index.skipped()) this.host.log(`Skipped ${skipped.path}: ${skipped.reason}`);
      this.host.log(`Analysed ${result.files} files in ${root}${state.cache ? ` (${result.cached} unchanged since the cache was saved)` : ''}.`);
      this.publishFolder(state, true);
      await state.cache?.save(state.index, (file) => state.index.get(file) !== undefined || state.index.hasFacts(file));
      state.record?.save(state.published.entries(), started);
    } catch (error) {
      this.host.log(`Analysis of ${root} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      this.host.showWarning(`Untangle could not analyse ${path.basename(root)}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      if (generation === state.generation) state.showingRecord = false;
      progress?.done();
      this.countAnalysis(-1);
    }
  }

  /**
   * Analyses an open document's text, if its folder's discovery would take the file: an excluded
   * one (exclude globs, .gitignore, a virtualenv) is dropped with its diagnostics, as it is from
   * the disk scan; the size limit applies to the text as to the file.
   */
  private async analyzeDocument(uri: string): Promise<void> {
    const file = URI.parse(uri).fsPath;
    const state = this.folderOf(file);
    const admitted = state ? await this.isDiscoverable(state, file) : true;
    // Read after the check: a later edit whose analysis finished first must not be undone by older text.
    const text = this.documents.get(uri)?.getText();
    if (text === undefined) return;
    const index = state?.index ?? this.looseFiles;
    index.otherFileChanged(file, true);
    // A migration is excluded from the other rules, not from the project rules.
    if (admitted || index.isMigration(file)) await loadFile(index, file, text);
    else await unloadFile(index, file);
    // publishFolder sends the status itself: its totals list every finding of the workspace.
    if (state) return this.publishFolder(state);
    this.loosePublished.publishIndex(this.looseFiles);
    this.sendStatus();
  }

  private async isDiscoverable(state: FolderState, file: string): Promise<boolean> {
    const known = state.discoverable.get(file);
    if (known !== undefined) return known;
    const admitted = await isDiscoverable(state.root, file, state.index.settings);
    state.discoverable.set(file, admitted);
    return admitted;
  }

  /** `scanOver`: a scan of the folder ended, which replaces the record the editor may show. */
  private publishFolder(state: FolderState, scanOver = false): void {
    if (state.showingRecord && !scanOver) return this.sendStatus();
    state.showingRecord = false;
    const configUri = URI.file(state.pyprojectPath ?? path.join(state.root, PYPROJECT_FILE)).toString();
    const fileProblems = state.problems.filter((problem) => problem.source.startsWith(PYPROJECT_FILE));
    if (fileProblems.length > 0 || state.published.has(configUri)) {
      state.published.publish(configUri, fileProblems.map(settingsProblemToDiagnostic));
    }
    state.published.publishIndex(state.index);
    this.sendStatus();
    if (state.index.projectPending()) this.scheduleProjectRefresh(state);
  }

  private scheduleProjectRefresh(state: FolderState): void {
    clearTimeout(this.projectTimers.get(state));
    this.projectTimers.set(
      state,
      setTimeout(() => {
        this.projectTimers.delete(state);
        if (this.folders.get(state.root) !== state) return;
        state.index.refreshProject();
        this.publishFolder(state);
      }, PROJECT_DEBOUNCE_MS),
    );
  }

  private newPublished(): PublishedDiagnostics {
    return new PublishedDiagnostics((uri, diagnostics) => this.host.publishDiagnostics(uri, diagnostics));
  }

  /** The folder containing `file`: the innermost one when folders nest. */
  private folderOf(file: string): FolderState | undefined {
    let best: FolderState | undefined;
    for (const state of this.folders.values()) {
      const relative = path.relative(state.root, file);
      if (relative && !relative.startsWith('..') && !path.isAbsolute(relative) && (!best || state.root.length > best.root.length)) {
        best = state;
      }
    }
    return best;
  }

  private *indexes(): Iterable<WorkspaceIndex> {
    for (const state of this.folders.values()) yield state.index;
    yield this.looseFiles;
  }

  private countAnalysis(change: 1 | -1): void {
    this.analyzing += change;
    this.sendStatus();
    if (this.analyzing === 0) for (const resolve of this.analysed.splice(0)) resolve();
  }

  private sendStatus(): void {
    this.host.sendStatus({ state: this.analyzing > 0 ? 'analyzing' : 'idle', ...this.totals() });
  }
}
