/**
 * The analysed state of one workspace folder: for every Python file either its analysis or the
 * reason it was skipped. Updating a file re-analyses only that file; the findings of the folder
 * are read from here by the LSP layer and the CLI alike.
 */
import type { PythonParser } from '../core/parse/pythonParser';
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import { analyzeModule, type ModuleAnalysis } from './analyzeModule';

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export class WorkspaceIndex {
  private readonly analyses = new Map<string, ModuleAnalysis>();
  private readonly skippedFiles = new Map<string, string>();

  constructor(
    readonly root: string,
    private readonly parser: PythonParser,
    readonly settings: Settings,
  ) {}

  /** Analyses (or re-analyses) a file from its current text. */
  update(path: string, text: string): ModuleAnalysis {
    const analysis = analyzeModule(this.parser, path, text, this.settings);
    this.skippedFiles.delete(path);
    this.analyses.set(path, analysis);
    return analysis;
  }

  /** Records that a file is not analysed, and why; its previous findings are dropped. */
  skip(path: string, reason: string): void {
    this.analyses.delete(path);
    this.skippedFiles.set(path, reason);
  }

  /** Forgets a file (deleted, renamed away, excluded). Returns whether it was known. */
  remove(path: string): boolean {
    const known = this.analyses.delete(path) || this.skippedFiles.has(path);
    this.skippedFiles.delete(path);
    return known;
  }

  has(path: string): boolean {
    return this.analyses.has(path) || this.skippedFiles.has(path);
  }

  get(path: string): ModuleAnalysis | undefined {
    return this.analyses.get(path);
  }

  /** Every known path, analysed or skipped, sorted. */
  paths(): string[] {
    return [...new Set([...this.analyses.keys(), ...this.skippedFiles.keys()])].sort();
  }

  analyzed(): ModuleAnalysis[] {
    return [...this.analyses.values()];
  }

  skipped(): SkippedFile[] {
    return [...this.skippedFiles.entries()].map(([path, reason]) => ({ path, reason }));
  }

  findingsFor(path: string): readonly Finding[] {
    return this.analyses.get(path)?.findings ?? [];
  }

  findings(): Finding[] {
    return this.paths().flatMap((path) => this.findingsFor(path));
  }
}
