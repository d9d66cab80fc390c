/**
 * The `logic-heavy-view` findings of a workspace index, kept incrementally: which functions are
 * views is decided again only when an edit changed what that depends on (names, bases, imports,
 * routes); otherwise only the edited files' views are measured.
 */
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import { changesViewContext, logicHeavyViewsIn, sameViews, viewContextOf, viewShapeOf, type ViewContext } from '../detectors/logicHeavyView';
import type { ModuleAnalysis } from './analyzeModule';

export class ViewIndex {
  private context: ViewContext | undefined;
  private readonly shapes = new Map<string, ReturnType<typeof viewShapeOf>>();
  private readonly findingsByPath = new Map<string, readonly Finding[]>();

  constructor(private readonly settings: Settings) {}

  /** Every view finding now, after `stale` files were updated, skipped or removed in `analyses`. */
  refresh(analyses: ReadonlyMap<string, ModuleAnalysis>, stale: Iterable<string>): Finding[] {
    if (!this.settings.logicHeavyView.enabled) return [];
    const staleFiles = [...stale];
    let contextChanged = this.context === undefined;
    for (const file of staleFiles) {
      const analysis = analyses.get(file);
      const shape = analysis ? viewShapeOf(analysis) : undefined;
      if (changesViewContext(this.context, this.shapes.get(file), shape)) contextChanged = true;
      if (shape === undefined) this.shapes.delete(file);
      else this.shapes.set(file, shape);
    }
    let files = staleFiles;
    if (contextChanged) {
      const previous = this.context;
      this.context = viewContextOf([...analyses.values()]);
      // Other modules' views change only with the set of views.
      if (!previous || !sameViews(previous, this.context)) files = [...analyses.keys(), ...staleFiles];
    }
    for (const file of files) {
      const analysis = analyses.get(file);
      if (analysis) this.findingsByPath.set(file, logicHeavyViewsIn(analysis, this.context!, this.settings));
      else this.findingsByPath.delete(file);
    }
    return [...this.findingsByPath.values()].flat();
  }
}
