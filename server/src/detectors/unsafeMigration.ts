/**
 * Rule `unsafe-migration`: the migration operations that hurt a production database, read from
 * the syntax tree of each migration (no Django import, no database connection): table rewrites,
 * full-table checks and index builds under locks that stop the application, NOT NULL columns
 * without a default, renames and drops the release still running reads, data dropped without a
 * copy, and data migrations that cannot be reversed or import today's models.
 *
 * With `.untangle/db-stats.json` (`untangle db-stats`), each lock comes with the table's size and
 * an estimated duration against the budget; migrations production has applied are skipped, and
 * tables created by migrations it has not applied yet count as new (no one reads them yet).
 * Without it, every migration is checked and only tables created in the same migration are new.
 */
import * as nodePath from 'path';
import type { Settings } from '../core/config/settings';
import type { DjangoMigration } from '../core/django/migrations/migrationFacts';
import { readDbStats, type DbStats, type TableStats } from '../core/database/dbStats';
import type { FieldRead } from '../core/database/fieldReads';
import { describeDuration, describeSize, estimateDuration, LOCKS } from '../core/database/lockEstimate';
import { migrationKey, replayMigrations, tableOfModel, type ReplayedOperation } from '../core/database/migrationHistory';
import { operationRisks, type Risk } from '../core/database/operationRisks';
import { replacedWithoutCopy } from '../core/database/replacements';
import type { Finding, RelatedLocation } from '../core/model/finding';
import type { SourceRange } from '../core/model/sourceRange';
import type { ProjectSources } from './projectDetector';

/** Related places listed per finding; the message counts them all. */
const MAX_RELATED = 20;

export function detectUnsafeMigrations(sources: ProjectSources, settings: Settings): Finding[] {
  const options = settings.unsafeMigration;
  if (!options.enabled) return [];
  const { stats } = readDbStats(sources.root, sources.files);
  const applied = stats?.applied ? new Set(stats.applied) : undefined;
  const replayed = replayMigrations(sources.project.migrations);
  const replaced = replacedWithoutCopy(replayed);
  const findings: Finding[] = [];
  for (const step of replayed) {
    const key = migrationKey(step.migration);
    if (applied?.has(key)) continue;
    const createdBy = step.table?.createdBy;
    const isNew = createdBy !== undefined && (createdBy === key || (applied !== undefined && !applied.has(createdBy)));
    const risks = [...operationRisks(step, { database: settings.database, isNew, serverVersion: stats?.serverVersion }), ...modelImportRisks(step, sources)];
    const replacement = replaced.get(step);
    if (replacement && !isNew) risks.push(replacementRisk(step, replacement));
    for (const risk of risks) {
      const finding = findingOf(step, risk, { sources, settings, stats });
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

interface Context {
  readonly sources: ProjectSources;
  readonly settings: Settings;
  readonly stats: DbStats | undefined;
}

function findingOf(step: ReplayedOperation, risk: Risk, context: Context): Finding | undefined {
  const { settings, stats } = context;
  let severity = settings.unsafeMigration.severity;
  let cost = '';
  const table = stats && tableStatsOf(step, context);
  if (risk.check === 'not-null-without-default' && table?.rows === 0) return undefined;
  if (risk.work) {
    cost = ` — ${settings.database === 'postgresql' ? LOCKS[risk.work] : risk.work === 'index' ? 'an index build' : 'the table is copied'}`;
    if (table && settings.database === 'postgresql') {
      const estimate = estimateDuration(risk.work, table);
      // A lock held for well under a second on a small table stops no one.
      if (estimate.high < 1) return undefined;
      const budget = settings.unsafeMigration.budgetSeconds;
      const over = estimate.seconds > budget;
      if (over) severity = 'error';
      cost += `; ${describeSize(table)}: ~${describeDuration(estimate)}, ${over ? 'over' : 'within'} the ${describeBudget(budget)} budget`;
    } else if (stats) {
      cost += `; no size known for table ${tableName(step, context)}`;
    }
  }
  const reads = risk.oldName ? readersOf(step, risk.oldName, context) : [];
  const still = reads.length > 0 ? `; ${reads.length} place${reads.length === 1 ? '' : 's'} in the code still read${reads.length === 1 ? 's' : ''} \`${risk.oldName!.name}\`` : '';
  return {
    rule: 'unsafe-migration',
    severity,
    path: step.migration.path,
    range: lineRange(step.operation.line ?? 0),
    message: `${risk.check}: ${step.operation.kind} ${risk.what}${cost}${still}. Safe: ${risk.recipe}.`,
    related: reads.slice(0, MAX_RELATED),
    stage: 'database',
  };
}

function describeBudget(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

function lineRange(line: number): SourceRange {
  return { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
}

/** The model's table as the project names it today (`Meta.db_table`), or Django's default name. */
function tableName(step: ReplayedOperation, context: Context): string {
  const { app } = step.migration;
  const model = step.table?.model ?? (typeof step.operation.model === 'string' ? step.operation.model : '');
  return tableOfModel(context.sources.project, app, model);
}

function tableStatsOf(step: ReplayedOperation, context: Context): TableStats | undefined {
  const name = tableName(step, context);
  return context.stats?.tables.find((table) => table.table === name && table.schema === 'public') ?? context.stats?.tables.find((table) => table.table === name);
}

function modelImportRisks(step: ReplayedOperation, sources: ProjectSources): Risk[] {
  if (step.operation.kind !== 'RunPython') return [];
  const imports = sources.modules.get(step.migration.path)?.database.modelImports ?? [];
  if (imports.length === 0) return [];
  return [
    {
      check: 'run-python-imports-models',
      what: `runs ${step.operation.code ?? 'code'} in a migration that imports ${imports.map((i) => i.module).join(', ')}: today's model, not the one this migration's state has, so it breaks when the model changes`,
      recipe: 'get the model with apps.get_model("app", "Model") inside the function',
    },
  ];
}

function replacementRisk(step: ReplayedOperation, replacement: ReplayedOperation): Risk {
  const added = replacement.operation;
  const what = added.kind === 'CreateModel' ? `model \`${String(added.model)}\`` : `field \`${String(added.field)}\``;
  const where = replacement.migration === step.migration ? 'in this migration' : `in ${replacement.migration.name}`;
  return {
    check: 'replaced-without-copy',
    what: `drops data after adding ${what} ${where} with no RunPython or RunSQL between them to copy it`,
    recipe: 'copy the data in a reversible RunPython (in batches) between the addition and the removal, and remove the old one in a later deploy',
  };
}

/** The places outside migrations that still read a renamed or removed field or model (see fieldReads.ts for what is sure). */
function readersOf(step: ReplayedOperation, oldName: NonNullable<Risk['oldName']>, context: Context): RelatedLocation[] {
  const model = (step.table?.model ?? (typeof step.operation.model === 'string' ? step.operation.model : oldName.name)).toLowerCase();
  const project = context.sources.project;
  const message = `still reads \`${oldName.name}\``;
  const related: RelatedLocation[] = [];
  for (const [path, facts] of context.sources.modules) {
    if (isMigration(path)) continue;
    if (oldName.kind === 'model') {
      for (const binding of facts.django.imports) {
        if (binding.importedName === oldName.name && /(^|\.)models$/.test(binding.module)) related.push({ path, range: binding.range, message });
      }
      for (const read of facts.database.fieldReads) {
        if (read.model === oldName.name) related.push({ path, range: read.range, message });
      }
      continue;
    }
    const sharedName = project.models.some((other) => other.name.toLowerCase() !== model && other.fields.some((field) => field.name === oldName.name));
    const property = hasMember(context, step.migration, model, oldName.name);
    for (const read of facts.database.fieldReads) {
      if (read.name === oldName.name && readsModel(read, model, sharedName, property)) related.push({ path, range: read.range, message });
    }
  }
  return related;
}

/**
 * Whether a read of the name is one of the model's: the model it names, the variable named after
 * it (`order.total` of `Order`), or, when no other model has a field of that name, any lookup.
 * Attribute reads are served by a property the model keeps under the old name.
 */
function readsModel(read: FieldRead, model: string, sharedName: boolean, property: boolean): boolean {
  if (read.kind === 'attribute') return !property && (read.model ?? read.receiver)?.toLowerCase() === model;
  if (read.model !== undefined) return read.model.toLowerCase() === model;
  return !sharedName;
}

/** Whether the model class defines a member (property, method, attribute) under `name` today. */
function hasMember(context: Context, migration: DjangoMigration, model: string, name: string): boolean {
  const label = `${migration.app}.${model}`;
  const current = context.sources.project.models.find((candidate) => candidate.label.toLowerCase() === label);
  const cls = current && context.sources.modules.get(current.path)?.django.classes.find((candidate) => candidate.name === current.name);
  return !!cls && (cls.methods.some((method) => method.name === name) || cls.attributes.some((attribute) => attribute.name === name));
}

/** A module of a `migrations` package (the folder holding it; the project may itself sit below one named so). */
function isMigration(path: string): boolean {
  return nodePath.basename(nodePath.dirname(path)) === 'migrations';
}
