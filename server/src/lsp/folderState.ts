/** What the language server keeps of one workspace folder (workspaceSession.ts). */
import type { SettingsProblem } from '../core/config/resolveSettings';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { AnalysisCache } from '../analysis/cache/analysisCache';
import type { PublishedDiagnostics } from './publishedDiagnostics';
import type { ShownRecord } from './shownRecord';

export interface FolderState {
  readonly root: string;
  readonly uri: string;
  index: WorkspaceIndex;
  problems: readonly SettingsProblem[];
  pyprojectPath?: string;
  readonly published: PublishedDiagnostics;
  /** The folder's analysis cache, once its first load opened it (only with a cache folder). */
  cache?: AnalysisCache;
  /** What the folder showed after its last scan, for a reopen (only with a cache folder). */
  record?: ShownRecord;
  /** Whether the editor shows the record while the first scan runs: the folder publishes nothing else until the scan is over. */
  showingRecord: boolean;
  generation: number;
  /** Whether discovery takes an open document, until the folder's files or settings change (checked on every edit otherwise). */
  readonly discoverable: Map<string, boolean>;
}
