/**
 * The findings of the project rules (projectDetector.ts) for a workspace index: each module's
 * facts as analysis made them (migrations included, which no other rule reads), the Django
 * project model assembled from them, and what the project detectors find in it. Recomputed
 * lazily, when findings are asked for after a module's facts changed; assembling reads facts
 * only, never a file, so a warm run with every analysis cached parses nothing. Assembling a large
 * project takes a few hundred milliseconds, and a large module's facts tens, too long for every
 * keystroke: an edit's facts are read from its tree only at `flush()` (the server calls it once
 * typing pauses), and the findings stay as they were until then.
 */
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import type { IgnoreDirective } from '../core/python/directives';
import { changedFiles, findingsByFile } from './findingsByFile';
import { factsOf } from './analyzeModule';
import type { ParsedText } from '../core/parse/pythonParser';
import { assembleProject } from '../core/django/project';
import type { DjangoModuleFacts } from '../core/django/moduleFacts';
import { PROJECT_DETECTORS, type ModuleFacts, type ProjectDetector } from '../detectors/projectDetector';
import type { ProjectFiles } from '../core/model/projectFiles';
import { DISK_FILES } from '../fs/projectFiles';
import { readsUnchanged, recordingFiles, type ProjectSnapshot } from './projectSnapshot';
import { readableFacts } from './cache/lazyFacts';

/** What a restore is asked for: a snapshot found under these settings from exactly these modules' facts (see AnalysisCache.projectFor). */
export type ProjectLookup = (key: Omit<ProjectSnapshot, 'reads' | 'findings'>) => ProjectSnapshot | undefined;

interface ModuleEntry {
  readonly facts: ModuleFacts;
  /** `# untangle: ignore` comments of the module, which silence project findings too. */
  readonly directives: readonly IgnoreDirective[];
}

export class ProjectIndex {
  private readonly modules = new Map<string, ModuleEntry>();
  private findingsByPath = new Map<string, readonly Finding[]>();
  private dirty = false;
  /** Edited modules whose facts are read from their tree at the next refresh after `flush()`. */
  private readonly later = new Map<string, { readonly parsed: () => ParsedText | undefined; readonly directives: readonly IgnoreDirective[] }>();
  /** Facts changed by edits, not looked at until `flush()`. */
  private deferred = false;
  private readonly changed = new Set<string>();
  /**
   * What the first detection takes instead of running the rules (see `restore`), while the modules are as the load left
   * them: a restore is for the facts a load brought in, not for an edit's.
   */
  private restored: ProjectSnapshot | undefined;
  private detectedOnce = false;
  private last: ProjectSnapshot | undefined;
  /** Analyses a module again when its stored facts turn out not to match the format as the rules first read them (see `reanalyseWith`). */
  private reanalyse: ((file: string) => ModuleFacts | undefined) | undefined;

  constructor(
    private readonly root: string,
    private readonly settings: Settings,
    private readonly detectors: readonly ProjectDetector[] = PROJECT_DETECTORS,
    private readonly files: ProjectFiles = DISK_FILES,
  ) {}

  /** Sets a module's facts (none: it takes no part in the project, or is gone). */
  set(file: string, facts: ModuleFacts | undefined, directives: readonly IgnoreDirective[] = []): void {
    const wasLater = this.later.delete(file);
    if (facts) this.modules.set(file, { facts, directives });
    else if (!this.modules.delete(file) && !wasLater) return;
    this.modulesChanged();
  }

  /**
   * A file the detectors read besides modules (a template) changed: in an editor, the findings
   * take it in at `flush()`, as a module's edit; on disk, at the next read.
   */
  fileChanged(editing: boolean): void {
    this.restored = undefined;
    if (editing) this.deferred = true;
    else this.dirty = true;
  }

  /** An edited module: its facts are read from `parsed()` (the editor's text and tree then) once flushed. */
  setLater(file: string, parsed: () => ParsedText | undefined, directives: readonly IgnoreDirective[]): void {
    this.later.set(file, { parsed, directives });
    this.restored = undefined;
    this.deferred = true;
  }

  /** Whether edits changed facts that the findings do not reflect yet. */
  get pending(): boolean {
    return this.deferred && !this.dirty;
  }

  /** Makes the next read of findings take the deferred edits in. */
  flush(): void {
    if (this.deferred) this.dirty = true;
  }

  has(file: string): boolean {
    return this.modules.has(file) || this.later.has(file);
  }

  findingsFor(file: string): readonly Finding[] {
    this.refresh();
    return this.findingsByPath.get(file) ?? [];
  }

  /** The files with project findings. */
  paths(): string[] {
    this.refresh();
    return [...this.findingsByPath.keys()];
  }

  /** The files whose project findings changed since the last call (then cleared). */
  takeChanged(): string[] {
    this.refresh();
    const paths = [...this.changed];
    this.changed.clear();
    return paths;
  }

  /**
   * Right after a load: the first detection takes the findings `lookup` gives, if the files the rules read then read the
   * same now and no module changes before it, instead of running the rules. Returns whether it will.
   */
  restore(lookup: ProjectLookup): boolean {
    this.restored = this.detectedOnce || this.detectors.length === 0 ? undefined : this.restorable(lookup, this.key());
    return this.restored !== undefined;
  }

  /**
   * How to analyse a module again, for the facts the rules read: stored facts (a cache's) are checked when the rules first
   * read them (lazyFacts.ts), and one of the wrong shape is replaced by what this gives (none: it takes no part now).
   */
  reanalyseWith(reanalyse: (file: string) => ModuleFacts | undefined): void {
    this.reanalyse = reanalyse;
  }

  /** What the rules last found, and from what, for the cache to restore next time (none: no module takes part). */
  snapshot(): ProjectSnapshot | undefined {
    this.refresh();
    return this.last;
  }

  private refresh(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.deferred = false;
    for (const [file, { parsed, directives }] of this.later) {
      const kept = parsed();
      const facts = kept && factsOf(kept.tree, file, kept.text);
      if (facts) this.modules.set(file, { facts, directives });
      else this.modules.delete(file);
    }
    this.later.clear();
    const next = findingsByFile(this.detect(), (file) => this.modules.get(file)?.directives ?? []);
    for (const file of changedFiles(this.findingsByPath, next)) this.changed.add(file);
    this.findingsByPath = next;
  }

  private detect(): readonly Finding[] {
    const stored = this.restored;
    this.restored = undefined;
    this.detectedOnce = true;
    this.last = stored;
    if (stored) return stored.findings;
    if (this.detectors.length === 0 || this.modules.size === 0) return [];
    this.replaceUnreadable();
    const key = this.key();
    const modules = new Map<string, ModuleFacts>();
    const django = new Map<string, DjangoModuleFacts>();
    for (const { path, facts } of key.modules) {
      modules.set(path, facts);
      django.set(path, facts.django);
    }
    const recording = recordingFiles(this.files);
    const sources = { root: this.root, files: recording.files, project: assembleProject(django), modules };
    const findings = this.detectors.flatMap((detect) => detect(sources, this.settings));
    this.last = { ...key, reads: recording.reads, findings };
    return findings;
  }

  /** The rules are about to read every module's facts: stored ones of the wrong shape are analysed again first. */
  private replaceUnreadable(): void {
    const reanalyse = this.reanalyse;
    if (!reanalyse) return;
    for (const [file, { facts, directives }] of this.modules) {
      if (readableFacts(facts)) continue;
      const fresh = reanalyse(file);
      if (fresh) this.modules.set(file, { facts: fresh, directives });
      else this.modules.delete(file);
    }
  }

  private modulesChanged(): void {
    this.restored = undefined;
    this.dirty = true;
  }

  /** What a restore is asked for now: the modules sorted by path, with their facts. */
  private key(): Parameters<ProjectLookup>[0] {
    const modules = [...this.modules].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, entry]) => ({ path: file, facts: entry.facts }));
    return { root: this.root, settings: JSON.stringify(this.settings), modules };
  }

  /** The snapshot `lookup` gives for `key`, if the files the rules read then read the same now. */
  private restorable(lookup: ProjectLookup, key: Parameters<ProjectLookup>[0]): ProjectSnapshot | undefined {
    const stored = lookup(key);
    return stored && readsUnchanged(stored.reads, this.files) ? stored : undefined;
  }
}
