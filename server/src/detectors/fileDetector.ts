/**
 * The contract of a detector that looks at one module at a time, and the list of them. Adding a
 * per-file rule means adding a file in this folder and one entry here.
 */
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import type { ModuleOutline } from '../core/python/moduleOutline';
import type { ModuleFacts } from './projectDetector';

/** What a per-file detector sees of a module. */
export interface AnalyzedModule {
  readonly path: string;
  readonly outline: ModuleOutline;
  readonly firstLineLength: number;
  /** What the project rules keep of the module, when it can take part in a Django project (projectDetector.ts). */
  readonly facts?: ModuleFacts;
}

export type FileDetector = (module: AnalyzedModule, settings: Settings) => Finding[];
