/**
 * django-prometheus' `ExportModelOperationsMixin` on the models the code creates most, so the
 * dashboard's inserts/updates/deletes panel has series. "Most" counts the creating calls written
 * in the server's code (`Order.objects.create(`, `get_or_create`, `update_or_create`,
 * `bulk_create`); a `.save()` cannot be tied to its model without types and is not counted.
 * The mixin goes first among the bases: its `_do_insert`/`_do_update`/`delete` count, then call
 * the model's own. Django's migrations do not record a change of bases, so none is needed.
 *
 * ex) class Order(models.Model):
 *   → class Order(ExportModelOperationsMixin("shop.order"), models.Model):
 */
import type { PythonParser } from '../../core/parse/pythonParser';
import type { DjangoModelClass } from '../../core/django/models';
import type { TextEdit, WorkspaceSnapshot } from '../domainEdit';
import { ensureImport } from './pythonEdits';

export const MODEL_MIXIN = 'ExportModelOperationsMixin';
/** The models instrumented: the panel stays readable, and each model adds three series. */
const MOST_WRITTEN = 3;
const TEST_OR_MIGRATION = /(^|[\\/])(tests?|migrations)[\\/]|(^|[\\/])test_[^\\/]*\.py$|_tests?\.py$|(^|[\\/])(tests|conftest)\.py$/;

/** The edits per file adding the mixin to the most created concrete models (ties: by label), and their labels. */
export function modelMetricsEdits(
  parser: PythonParser,
  models: readonly DjangoModelClass[],
  snapshot: WorkspaceSnapshot,
): { edits: Map<string, TextEdit[]>; labels: string[] } {
  const code = snapshot
    .pythonFiles()
    .filter((file) => !TEST_OR_MIGRATION.test(file))
    .map((file) => snapshot.read(file) ?? '')
    .join('\n');
  const counted = models
    .filter((model) => !model.abstract && !model.proxy && !model.bases.some((base) => base.endsWith(MODEL_MIXIN)))
    .map((model) => ({ model, writes: (code.match(new RegExp(`\\b${model.name}\\.objects\\.(create|get_or_create|update_or_create|bulk_create)\\(`, 'g')) ?? []).length }))
    .filter(({ writes }) => writes > 0)
    .sort((a, b) => b.writes - a.writes || a.model.label.localeCompare(b.model.label))
    .slice(0, MOST_WRITTEN);
  const edits = new Map<string, TextEdit[]>();
  for (const { model } of counted) {
    const text = snapshot.read(model.path) ?? '';
    const line = text.split('\n')[model.range.start.line] ?? '';
    const open = line.indexOf('(', model.range.end.character);
    if (open < 0) continue;
    const at = { line: model.range.start.line, character: open + 1 };
    const list = edits.get(model.path) ?? ensureImport(parser, text, [MODEL_MIXIN], 'django_prometheus.models');
    list.push({ range: { start: at, end: at }, newText: `${MODEL_MIXIN}(${JSON.stringify(model.label.toLowerCase())}), ` });
    edits.set(model.path, list);
  }
  return { edits, labels: counted.filter(({ model }) => edits.has(model.path)).map(({ model }) => model.label) };
}
