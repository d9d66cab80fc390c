/**
 * The contract of a detector that looks at one module at a time, and the list of them. Adding a
 * per-file rule means adding a file in this folder and one entry here.
 */
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import type { ModuleOutline } from '../core/python/moduleOutline';

/** What a per-file detector sees of a module. */
export interface AnalyzedModule {
  readonly path: string;
  readonly outline: ModuleOutline;
  readonly firstLineLength: number;
}

export type FileDetector = (module: AnalyzedModule, settings: Settings) => Finding[];
