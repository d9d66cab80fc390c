/**
 * Data left behind: a field or table added to replace an old one, and the old one removed in
 * the same or the next migration of the app, with no `RunPython`/`RunSQL` between them to copy
 * the data over. The new column starts empty (or at its default) and the old data is dropped.
 */
import type { ReplayedOperation } from './migrationHistory';
import { migrationKey } from './migrationHistory';

/** Each removal that follows an addition with no data copy between, with that addition. */
export function replacedWithoutCopy(replayed: readonly ReplayedOperation[]): Map<ReplayedOperation, ReplayedOperation> {
  const found = new Map<ReplayedOperation, ReplayedOperation>();
  /** Per app: additions since its last data step, and its migrations in order. */
  const pending = new Map<string, ReplayedOperation[]>();
  const order = new Map<string, string[]>();
  for (const step of replayed) {
    const { app } = step.migration;
    const key = migrationKey(step.migration);
    const migrations = order.get(app) ?? [];
    if (migrations[migrations.length - 1] !== key) migrations.push(key);
    order.set(app, migrations);
    const additions = pending.get(app) ?? [];
    pending.set(app, additions);
    const { kind } = step.operation;
    if (kind === 'RunPython' || kind === 'RunSQL') {
      additions.length = 0;
    } else if (kind === 'AddField' || kind === 'CreateModel') {
      additions.push(step);
    } else if (kind === 'RemoveField' || kind === 'DeleteModel') {
      const recent = new Set(migrations.slice(-2));
      const model = lower(step.operation.model);
      const replacement = [...additions].reverse().find((added) => {
        if (!recent.has(migrationKey(added.migration))) return false;
        if (added.operation.kind === 'CreateModel') return lower(added.operation.model) !== model;
        return kind === 'RemoveField' && lower(added.operation.model) === model && added.operation.field !== step.operation.field;
      });
      if (replacement) found.set(step, replacement);
    }
  }
  return found;
}

function lower(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}
