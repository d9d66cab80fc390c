/**
 * The persistent analysis cache of one folder: for each file, the hash of its bytes and what
 * analysing them gave (outline and tokens), so a run over an unchanged folder reads and hashes
 * each file instead of parsing it. What is stored depends only on the file's bytes, its path
 * and the analyser (buildFingerprint.ts): the per-file findings, which depend on settings, are
 * made again from the outline on every hit, so changing a threshold keeps the cache warm.
 * A cache that cannot be read or trusted is ignored (logged) and rewritten; one that cannot be
 * written leaves the run without a cache (logged once), never failing it.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { AnalyzedModule } from '../../detectors/fileDetector';
import type { TokenStream } from '../../core/python/tokenStream';
import { describeError, readRegularFile } from '../../fs/regularFile';
import type { AnalyzedSource } from '../analyzeModule';
import { decodeCache, encodeCache, type StoredEntry } from './cacheFormat';
import { buildFingerprint } from './cacheKeys';
import type { CacheLocation } from './cacheLocation';
import type { CloneSnapshot, CloneThresholds } from '../../core/clones/cloneIndex';
import { fromStoredClones, toStoredClones, type StoredClones } from './storedClones';
import { restoredFindings, storedFindings, type StoredResults } from './storedResults';
import type { ModuleOutline } from '../../core/python/moduleOutline';
import type { ResultsSnapshot } from '../indexTypes';
import type { WorkspaceIndex } from '../workspaceIndex';
import { storedFactsAt } from './lazyFacts';
import type { StoredProject } from './storedProject';
import type { ProjectSnapshot } from '../projectSnapshot';
import type { ModuleFacts } from '../../detectors/projectDetector';
import type { ProjectLookup } from '../projectIndex';
import type { StoredWebEntry } from './storedWeb';
import type { WebSource } from '../../core/webClones/webTokens';
import { sameStamp, type FileStamp } from '../../fs/fileStamp';
import { removeQuietly } from '../../fs/writeJournal';

/** A file's cached analysis, findings aside. */
export interface CachedSource {
  readonly module: AnalyzedModule;
  readonly tokens: TokenStream;
}

/** A fact about the folder as a whole, as stored, with the entry objects it was found from (see AnalysisCache). */
interface FolderFact<Stored, Basis, Snapshot> {
  readonly stored?: Stored;
  readonly basis?: readonly Basis[];
  handedOut?: Snapshot;
}

interface Entry {
  readonly hash: string;
  readonly source: CachedSource;
  /** The file's stamp when last read (settled, see fileStamp.ts): while it is the same, the file is not read again. */
  stamp?: FileStamp['key'];
}

/**
 * Past this the cache keeps the first files (by path) that fit, and the rest are analysed each
 * run: over 10 times Django's cache, so only a very large monorepo reaches it.
 */
export const MAX_CACHE_BYTES = 256 * 1024 * 1024;

export class AnalysisCache {
  /** Whether the file on disk differs from what save() would write. */
  private dirty = false;
  private disabled = false;
  /**
   * The folder's clone index and findings as last read or saved, each with the entries' objects
   * (tokens, outlines) it was found from: usable only for these very objects, since an entry
   * replaced since is another file. Handed out, given back to save() unchanged, nothing needs writing.
   */
  private clones: FolderFact<StoredClones, TokenStream, CloneSnapshot> = {};
  private results: FolderFact<StoredResults, ModuleOutline, ResultsSnapshot> = {};
  private project: FolderFact<StoredProject, ModuleFacts, ProjectSnapshot> = {};

  private constructor(
    private readonly location: CacheLocation,
    private readonly root: string,
    private readonly entries: Map<string, Entry>,
    /** Templates and static files by absolute path: their jscpd tokens, path relative as stored. */
    private readonly webEntries: Map<string, StoredWebEntry>,
    private readonly log: (message: string) => void,
    private readonly maxBytes: number,
  ) {}

  /**
   * Reads the cache of the folder `root` from `location`: empty when there is none yet, or
   * when the file is corrupt, truncated, from another build or not a cache (said in `log`).
   */
  static async open(location: CacheLocation, root: string, log: (message: string) => void, maxBytes = MAX_CACHE_BYTES): Promise<AnalysisCache> {
    const entries = new Map<string, Entry>();
    const webEntries = new Map<string, StoredWebEntry>();
    const cache = new AnalysisCache(location, root, entries, webEntries, log, maxBytes);
    const read = await readRegularFile(location.file, maxBytes, 'the analysis cache size cap');
    if (read.kind === 'skipped') {
      if (!read.missing) cache.ignore(read.reason);
      return cache;
    }
    const decoded = decodeCache(read.bytes, buildFingerprint());
    if (!decoded.ok) {
      cache.ignore(decoded.reason);
      return cache;
    }
    for (const stored of decoded.entries) {
      const file = cache.absolute(stored.path);
      const module: AnalyzedModule = {
        path: file,
        outline: { ...stored.outline, codeLineMask: stored.codeLineMask },
        firstLineLength: stored.firstLineLength,
        ...(stored.facts ? { facts: storedFactsAt(stored.facts, file) } : {}),
      };
      entries.set(file, { hash: stored.hash, source: { module, tokens: stored.tokens }, stamp: stored.stamp });
    }
    for (const stored of decoded.web) webEntries.set(cache.absolute(stored.path), stored);
    const { clones, results, project } = decoded.folder;
    // Decoding checked that every file of the clones is an entry; the size cap may have left out some with findings.
    const source = (file: string) => entries.get(cache.absolute(file))?.source;
    if (clones) cache.clones = { stored: clones, basis: clones.files.map((file) => source(file)!.tokens) };
    if (results?.files.every((file) => source(file))) cache.results = { stored: results, basis: results.files.map((file) => source(file)!.module.outline) };
    const factsOf = (file: string) => entries.get(file)?.source.module.facts;
    if (project?.modules.every((file) => factsOf(file))) cache.project = { stored: project, basis: project.modules.map((file) => factsOf(file)!) };
    return cache;
  }

  /** How many files the cache holds. */
  get size(): number {
    return this.entries.size + this.webEntries.size;
  }

  /** Whether it holds a folder's clone index, which a load can restore only if it defers comparing files (WorkspaceIndex.deferClones). */
  get holdsClones(): boolean {
    return this.clones.stored !== undefined;
  }

  /** Whether a file has an entry, whatever its hash: only then is reading it on this thread worth it. */
  has(file: string): boolean {
    return this.entries.has(file) || this.webEntries.has(file);
  }

  /** A template's or static file's tokens, if its text still hashes to `hash` and its frames are of `minTokens` tokens. */
  lookupWeb(file: string, hash: string, minTokens: number): WebSource | undefined {
    const entry = this.webEntries.get(file);
    return entry?.hash === hash && entry.minTokens === minTokens ? entry.source : undefined;
  }

  /** Records the tokens of a template or static file whose text hashes to `hash`. */
  storeWeb(file: string, hash: string, minTokens: number, source: WebSource): void {
    if (this.webEntries.get(file)?.source === source) return;
    this.webEntries.set(file, { path: this.relative(file), hash, minTokens, source });
    this.dirty = true;
  }

  /**
   * The file's cached analysis if its stamp is the one recorded when it was last read, which says its
   * bytes are the same without reading them, and it is still within `maxBytes`.
   */
  unchanged(file: string, stamp: FileStamp | undefined, maxBytes: number): CachedSource | undefined {
    const entry = this.entries.get(file);
    return entry?.stamp && stamp && stamp.key[0] <= maxBytes && sameStamp(entry.stamp, stamp.key) ? entry.source : undefined;
  }

  /**
   * The file's cached analysis if its bytes, read after `stamp` was taken, still hash to `hash`. The stamp is
   * recorded then, saved with the next change: rewriting the whole cache for it would cost more than hashing the file again.
   */
  lookup(file: string, hash: string, stamp?: FileStamp): CachedSource | undefined {
    const entry = this.entries.get(file);
    if (entry?.hash !== hash) return undefined;
    entry.stamp = stamp?.settled ? stamp.key : undefined;
    return entry.source;
  }

  /** Records the analysis of a file whose bytes, read after `stamp` was taken, hash to `hash`. */
  store(file: string, hash: string, { analysis, tokens }: AnalyzedSource, stamp?: FileStamp): void {
    const module: AnalyzedModule = { path: analysis.path, outline: analysis.outline, firstLineLength: analysis.firstLineLength, facts: analysis.facts };
    this.entries.set(file, { hash, source: { module, tokens }, stamp: stamp?.settled ? stamp.key : undefined });
    this.dirty = true;
  }

  /** Drops a file's entry whose stored facts do not match the format (only a crafted file has such, as the checksum and the build matched), saying so. */
  dropUnreadable(file: string): void {
    this.entries.delete(file);
    this.dirty = true;
    this.log(`Ignored the analysis cache's entry for ${file}: its project facts do not match the format (a crafted file?). The module is analysed again.`);
  }

  /**
   * The saved clone index, if it was taken from exactly `files` (paths in this order) with the
   * tokens this cache holds for them (which a file's analysis came from on a hit), with these thresholds.
   */
  cloneSnapshotFor(files: readonly { path: string; tokens: TokenStream }[], thresholds: CloneThresholds): CloneSnapshot | undefined {
    const { stored, basis } = this.clones;
    const usable = stored && stored.minTokens === thresholds.minTokens && stored.minLines === thresholds.minLines && this.sameFiles(stored.files, basis!, files.map((file) => [file.path, file.tokens]));
    this.clones.handedOut = usable ? fromStoredClones(stored, files) : undefined;
    return this.clones.handedOut;
  }

  /** The saved findings, if they were found under `settings` for exactly `files` (sorted) with these outlines. */
  resultsFor(settings: string, files: ResultsSnapshot['files']): ResultsSnapshot | undefined {
    const { stored, basis } = this.results;
    const usable = stored && stored.settings === settings && this.sameFiles(stored.files, basis!, files.map((file) => [file.path, file.outline]));
    this.results.handedOut = usable ? { settings, files, findings: restoredFindings(stored, (file) => this.absolute(file)) } : undefined;
    return this.results.handedOut;
  }

  /** The saved project findings, if they were found in this folder under these settings from exactly these modules, with the facts this cache holds for them. */
  readonly projectFor: ProjectLookup = ({ root, settings, modules }) => {
    const { stored, basis } = this.project;
    const usable = stored && stored.root === root && stored.settings === settings && this.sameFiles(stored.modules, basis!, modules.map((module) => [module.path, module.facts]), (file) => file);
    this.project.handedOut = usable ? { root, settings, modules, reads: stored.reads, findings: stored.findings } : undefined;
    return this.project.handedOut;
  };

  /**
   * Writes the entries of the files `keep` says are still there, and the index's clones and
   * findings if every file in them is analysed as its entry says (whole, through a temporary
   * file renamed over the old one), if anything changed. Returns whether the cache on disk is
   * now current.
   */
  async save(index: WorkspaceIndex, keep: (file: string) => boolean): Promise<boolean> {
    for (const file of [...this.entries.keys()]) {
      if (keep(file)) continue;
      this.entries.delete(file);
      this.dirty = true;
    }
    const webPaths = new Set(index.webPaths());
    for (const file of [...this.webEntries.keys()]) {
      if (webPaths.has(file)) continue;
      this.webEntries.delete(file);
      this.dirty = true;
    }
    const clones = index.cloneSnapshot();
    if (clones !== this.clones.handedOut) {
      const current = clones.files.every((file) => this.entries.get(file.path)?.source.tokens === file.tokens);
      this.clones = current ? { stored: toStoredClones(clones, (file) => this.relative(file)), basis: clones.files.map((file) => file.tokens) } : {};
      this.dirty = true;
    }
    const results = index.resultsSnapshot();
    if (results !== this.results.handedOut) {
      const current = results.files.every((file) => this.entries.get(file.path)?.source.module.outline === file.outline);
      const stored = { settings: results.settings, files: results.files.map((file) => this.relative(file.path)), ...storedFindings(results.findings, (file) => this.relative(file)) };
      this.results = current ? { stored, basis: results.files.map((file) => file.outline) } : {};
      this.dirty = true;
    }
    const project = index.project.snapshot();
    if (project !== this.project.handedOut) {
      const current = project?.modules.every((module) => this.entries.get(module.path)?.source.module.facts === module.facts) === true;
      this.project = current ? { stored: { ...project!, modules: project!.modules.map((module) => module.path) }, basis: project!.modules.map((module) => module.facts) } : {};
      this.dirty = true;
    }
    if (this.disabled) return false;
    if (!this.dirty) return true;
    const { buffers } = encodeCache(this.sorted(), { clones: this.clones.stored, results: this.results.stored, project: this.project.stored }, buildFingerprint(), this.maxBytes, [...this.webEntries.keys()].sort().map((file) => this.webEntries.get(file)!));
    const temporary = `${this.location.file}.${process.pid}.tmp`;
    try {
      this.location.prepare();
      fs.rmSync(temporary, { force: true });
      // `wx`: a link planted under the temporary name is not written through.
      const handle = await fs.promises.open(temporary, 'wx', 0o644);
      try {
        await handle.writev(buffers);
      } finally {
        await handle.close();
      }
      await fs.promises.rename(temporary, this.location.file);
    } catch (error) {
      removeQuietly(temporary);
      this.disabled = true;
      this.log(`Analysis cache disabled: cannot write ${this.location.file}: ${describeError(error)}. Running without a cache.`);
      return false;
    }
    this.dirty = false;
    return true;
  }

  /** The entries as stored, in path order (the size cap keeps the first that fit). */
  private sorted(): StoredEntry[] {
    return [...this.entries.keys()].sort().map((file) => {
      const { hash, source, stamp } = this.entries.get(file)!;
      const { codeLineMask, ...outline } = source.module.outline;
      const { facts } = source.module;
      return { path: this.relative(file), hash, firstLineLength: source.module.firstLineLength, outline, codeLineMask, tokens: source.tokens, ...(facts ? { facts } : {}), ...(stamp ? { stamp } : {}) };
    });
  }

  /** Whether `files` are the `stored` ones (relative), each found from the same object as then (`basis`). */
  private sameFiles(stored: readonly string[], basis: readonly object[], files: readonly (readonly [string, object])[], absolute = (file: string) => this.absolute(file)): boolean {
    return stored.length === files.length && files.every(([file, object], i) => object === basis[i] && file === absolute(stored[i]));
  }

  /** Entries are named relative to the folder, `/`-separated: a cache survives the folder being moved. */
  private relative(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
  }

  /**
   * The inverse of `relative`, for paths it made: joined without path.join's normalizing, which
   * cost a warm run more than reading the cache. A path it did not make names no file found.
   */
  private absolute(relative: string): string {
    const native = path.sep === '/' ? relative : relative.split('/').join(path.sep);
    return this.root.endsWith(path.sep) ? this.root + native : this.root + path.sep + native;
  }

  private ignore(reason: string): void {
    this.dirty = true;
    this.log(`Ignored the analysis cache ${this.location.file}: ${reason}. It is rebuilt.`);
  }
}
