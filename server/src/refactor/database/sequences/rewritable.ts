/**
 * Whether a migration may still be rewritten by the safe-sequence fix: only one nothing but
 * Untangle's own steps follows, that production has not applied (per `.untangle/db-stats.json`),
 * since a migration that may have run somewhere must not change. Also reads that stats file for
 * the sequences that need the table's size.
 */
import * as nodePath from 'path';
import type { DjangoMigration } from '../../../core/django/migrations/migrationFacts';
import type { DjangoProjectModel } from '../../../core/django/project';
import { dbStatsSchema, DB_STATS_FILE, type DbStats } from '../../../core/database/dbStats';
import { migrationKey } from '../../../core/database/migrationHistory';
import type { WorkspaceSnapshot } from '../../domainEdit';

/** The header of the migrations the migration writer renders. */
const WRITTEN_BY_UNTANGLE = '# Written by Untangle: ';

/**
 * Why the migration may not be rewritten: production ran it or one after it, or a migration
 * follows it that may have run somewhere. Only the steps Untangle wrote for another operation of
 * the same migration may follow it (they are as new as it is): the new steps then go after them.
 */
export function whyNotRewritable(project: DjangoProjectModel, migration: DjangoMigration, snapshot: WorkspaceSnapshot): string | undefined {
  const followers = followersOf(project, migration);
  const foreign = followers.filter((other) => other.app !== migration.app || !snapshot.read(other.path)?.startsWith(WRITTEN_BY_UNTANGLE));
  if (foreign.length > 0) {
    return `${migrationKey(migration)} is followed by ${foreign.map(migrationKey).join(', ')}: only a migration nothing but Untangle's own steps follows is rewritten (one that may have run somewhere must not change); give each risky operation a migration of its own and fix it before writing the next`;
  }
  const applied = appliedMigrations(snapshot, migration.path);
  const ran = [migration, ...followers].find((candidate) => applied?.has(migrationKey(candidate)));
  if (ran) return `production has applied ${migrationKey(ran)} (${DB_STATS_FILE}): rewriting ${migrationKey(migration)} changes nothing there`;
  return undefined;
}

/** Every migration that depends on `migration`, directly or through others. */
function followersOf(project: DjangoProjectModel, migration: DjangoMigration): DjangoMigration[] {
  const found = new Map<string, DjangoMigration>();
  const queue = [migration];
  for (let current = queue.shift(); current; current = queue.shift()) {
    const { app, name } = current;
    for (const other of project.migrations) {
      if (found.has(migrationKey(other)) || ![...other.dependencies, ...other.replaces].some((d) => d.app === app && d.name === name)) continue;
      found.set(migrationKey(other), other);
      queue.push(other);
    }
  }
  return [...found.values()];
}

/** The `applied` list of the nearest `.untangle/db-stats.json` above the migration, if any. */
function appliedMigrations(snapshot: WorkspaceSnapshot, from: string): Set<string> | undefined {
  const applied = statsNear(snapshot, from)?.applied;
  return applied ? new Set(applied) : undefined;
}

/** The nearest `.untangle/db-stats.json` above `from`, if any and valid. */
export function statsNear(snapshot: WorkspaceSnapshot, from: string): DbStats | undefined {
  for (let folder = nodePath.dirname(from); ; folder = nodePath.dirname(folder)) {
    const text = snapshot.read(nodePath.join(folder, DB_STATS_FILE));
    if (text !== undefined) {
      try {
        const parsed = dbStatsSchema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    }
    if (nodePath.dirname(folder) === folder) return undefined;
  }
}
