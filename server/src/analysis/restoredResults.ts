/** Findings a WorkspaceIndex restored from the analysis cache (see WorkspaceIndex.restoreResults), kept until its first change. */
import type { Finding } from '../core/model/finding';
import { findingsByFile } from './findingsByFile';
import type { ResultsSnapshot } from './indexTypes';

export class RestoredResults {
  private readonly byPath: ReadonlyMap<string, readonly Finding[]>;
  private web: Map<string, Finding[]> | undefined;

  /**
   * `webFindings`: the findings of the templates' and static files' clones as last detected. A
   * snapshot holds Python files' findings only, which those files never bear on (clones are
   * found within one language), so theirs come from their clones, found anew.
   */
  constructor(
    readonly snapshot: ResultsSnapshot,
    private readonly webFindings: () => Finding[],
  ) {
    this.byPath = new Map(snapshot.files.map((file, i) => [file.path, snapshot.findings[i]]));
  }

  /** The templates' and static files' clones were detected again. */
  webDetected(): void {
    this.web = undefined;
  }

  findingsOf(file: string): readonly Finding[] {
    return this.byPath.get(file) ?? this.webByPath().get(file) ?? [];
  }

  /** The templates and static files with findings (the Python files are the index's). */
  webPaths(): Iterable<string> {
    return this.webByPath().keys();
  }

  private webByPath(): Map<string, Finding[]> {
    return (this.web ??= findingsByFile(this.webFindings(), () => []));
  }
}
