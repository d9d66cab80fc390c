/** What a WorkspaceIndex (workspaceIndex.ts) hands out besides findings. */
import type { Finding } from '../core/model/finding';
import type { ModuleOutline } from '../core/python/moduleOutline';

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

/**
 * What the index found for the files it analysed under its settings, for the cache to restore in
 * a later run that analyses the very same (see restoreResults).
 */
export interface ResultsSnapshot {
  /** The settings, as JSON. */
  readonly settings: string;
  /** The analysed files, sorted, with the outline each was analysed into. */
  readonly files: readonly { readonly path: string; readonly outline: ModuleOutline }[];
  /** For each file (same order), what findingsFor() gives. */
  readonly findings: readonly (readonly Finding[])[];
}

/** Workspace duplication figures, for the status of the whole folder. */
export interface DuplicationSummary {
  readonly codeLines: number;
  readonly duplicatedLines: number;
  /** Of those, the lines one general function per class of near-copies could remove (all copies but one). */
  readonly nearDuplicateLines: number;
  readonly cloneClasses: number;
}
