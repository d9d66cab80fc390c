/**
 * Code action of `missing-index`: index the field, in the model and in a new migration, so
 * `makemigrations --check` stays clean. On PostgreSQL the migration builds it concurrently (no
 * lock on writes; `atomic = False`, as `CREATE INDEX CONCURRENTLY` cannot run in a transaction).
 *
 * ex) `status = models.CharField(max_length=20)` looked up in three places becomes
 *     class Meta:
 *         indexes = [models.Index(fields=["status"], name="order_status_idx")]
 *     plus `shop/migrations/0003_order_status_idx.py`, written by core/database/migrationWriter.ts:
 *         operations = [AddIndexConcurrently(model_name="order", index=models.Index(fields=["status"], name="order_status_idx"))]
 */
import * as nodePath from 'path';
import type { Node } from 'web-tree-sitter';
import type { Settings } from '../../core/config/settings';
import type { PythonParser } from '../../core/parse/pythonParser';
import type { DjangoModelClass } from '../../core/django/models';
import type { ModelField } from '../../core/django/modelFields';
import type { DjangoProjectModel } from '../../core/django/project';
import { isUnknown } from '../../core/django/values';
import { missingIndexes } from '../../detectors/missingIndex';
import { redundantIndexes } from '../../core/queries/redundantIndexes';
import type { SourceRange } from '../../core/model/sourceRange';
import { refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { checkedEdit } from '../editCheck';
import { appMigrations, pythonString, writeMigrations, type MigrationStep } from '../../core/database/migrationWriter';
import { concurrentIndexSteps } from '../database/sequences/safeSequences';
import type { FindingPlaces } from '../findingRefactoring';
import { snapshotSources } from './projectSources';

/** Django's `Index.max_name_length`. */
const MAX_INDEX_NAME = 30;

export const ADD_INDEX_TITLE = 'Add a database index (new migration)';

export function addIndex(parser: PythonParser, snapshot: WorkspaceSnapshot, finding: FindingPlaces, settings: Settings): RefactorResult {
  const sources = snapshotSources(parser, snapshot, finding.path);
  const atFinding = (candidate: { path: string; range: SourceRange }) => candidate.path === finding.path && candidate.range.start.line === finding.range.start.line;
  const missing = missingIndexes(sources, settings).find((candidate) => atFinding(candidate.finding));
  if (!missing && redundantIndexes(sources.project.models).some(atFinding)) return refuse('a redundant index is reported only: drop it by hand once no query plan uses it (check pg_stat_user_indexes)');
  if (!missing) return refuse('the field is no longer looked up without an index');
  const { model, field } = missing;
  if (field.inheritedFrom) return refuse(`${field.name} is declared on the abstract base ${field.inheritedFrom}: index it there for every model that inherits it`);
  const indexName = indexNameOf(model, field);
  const modelText = snapshot.read(model.path);
  if (modelText === undefined) return refuse(`cannot read ${model.path}`);
  const index = `models.Index(fields=[${JSON.stringify(field.name)}], name=${JSON.stringify(indexName)})`;
  const metaEdit = metaIndexEdit(parser, modelText, model, index);
  if (typeof metaEdit === 'string') return refuse(metaEdit);
  const app = appMigrations(sources.project, model.appLabel);
  if (typeof app === 'string') return refuse(app);
  const [migration] = writeMigrations(app, [indexStep(model, index, indexName, usesPostgres(sources.project))], `index ${model.name}.${field.name}`);
  const edits = new Map<string, TextEdit[]>([
    [model.path, [metaEdit]],
    [migration.path, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: migration.text }]],
  ]);
  const summary = `Index ${model.name}.${field.name} (${indexName}) in Meta.indexes and in migration ${nodePath.basename(migration.path)}`;
  return checkedEdit(parser, snapshot, { safe: true, edit: { createFiles: [migration.path], edits }, summary });
}

/** `order_status_idx`, cut to Django's 30 characters. */
function indexNameOf(model: DjangoModelClass, field: ModelField): string {
  const base = `${model.name}_${field.name}`.toLowerCase().replace(/^[^a-z]+/, '');
  return `${base.slice(0, MAX_INDEX_NAME - 4)}_idx`;
}

function usesPostgres(project: DjangoProjectModel): boolean {
  const databases = project.settings?.databases;
  if (!databases || isUnknown(databases)) return false;
  const engine = databases.find((database) => database.alias === 'default')?.engine;
  return !!engine && !isUnknown(engine) && /postgres|postgis/.test(engine);
}

/** The migration building the index: concurrently on PostgreSQL (the safe sequences' writer), a plain AddIndex elsewhere. */
function indexStep(model: DjangoModelClass, index: string, name: string, concurrently: boolean): MigrationStep {
  if (concurrently) {
    const [step] = concurrentIndexSteps({ app: model.appLabel, model: model.name, table: '', fields: [name], columns: [], name, source: index });
    return { ...step, slug: name };
  }
  const operation = `migrations.AddIndex(\n    model_name=${pythonString(model.name.toLowerCase())},\n    index=${index},\n)`;
  return { slug: name, purpose: 'Indexes the field the code looks rows up by.', atomic: true, imports: [], definitions: [], operations: [operation] };
}

/** The edit adding `index` to the model's `Meta.indexes` (creating the list, or `Meta`), or why not. */
function metaIndexEdit(parser: PythonParser, text: string, model: DjangoModelClass, index: string): TextEdit | string {
  if (!/^from django\.db import (.*\b)?models\b/m.test(text)) return `${model.path} does not import models from django.db`;
  const tree = parser.parse(text);
  try {
    const cls = tree.rootNode.descendantsOfType('class_definition').find((node) => node.childForFieldName('name')?.text === model.name && node.startPosition.row <= model.range.start.line && node.endPosition.row >= model.range.start.line);
    const body = cls?.childForFieldName('body');
    if (!cls || !body) return `cannot find class ${model.name}`;
    const meta = body.namedChildren.find((member) => member.type === 'class_definition' && member.childForFieldName('name')?.text === 'Meta');
    if (!meta) {
      if (model.meta.options.length > 0) return `${model.name} inherits its Meta: add the index to Meta.indexes by hand (class Meta(Base.Meta))`;
      return insertAfter(body, `class Meta:\n    indexes = [${index}]`);
    }
    const metaBody = meta.childForFieldName('body')!;
    const assignment = metaBody.namedChildren
      .map((statement) => statement.namedChild(0))
      .find((inner): inner is Node => inner?.type === 'assignment' && inner.childForFieldName('left')?.text === 'indexes');
    if (!assignment) return insertAfter(metaBody, `indexes = [${index}]`);
    const list = assignment.childForFieldName('right');
    if (list?.type !== 'list') return 'Meta.indexes is not a list literal';
    const items = list.namedChildren.filter((item) => item.type !== 'comment');
    const last = items[items.length - 1];
    const at = last ? last.endPosition : { row: list.startPosition.row, column: list.startPosition.column + 1 };
    const position = { line: at.row, character: at.column };
    return { range: { start: position, end: position }, newText: last ? `, ${index}` : index };
  } finally {
    tree.delete();
  }
}

/** Lines appended after a block's last statement, at its indentation. */
function insertAfter(block: Node, lines: string): TextEdit {
  const last = block.namedChildren[block.namedChildren.length - 1];
  const indent = ' '.repeat(last.startPosition.column);
  const position = { line: last.endPosition.row, character: last.endPosition.column };
  const text = lines.split('\n').map((line) => `${indent}${line}`).join('\n');
  return { range: { start: position, end: position }, newText: `\n${last.type === 'class_definition' || last.type === 'function_definition' || last.type === 'decorated_definition' ? '\n' : ''}${text}` };
}
