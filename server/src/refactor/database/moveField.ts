/**
 * Move a model field to the model it reaches through a one-to-one relation, in production,
 * keeping the old name reachable. Before:
 *
 *     class Shipment(models.Model):
 *         order = models.OneToOneField(Order, on_delete=models.CASCADE)
 *         gift_note = models.CharField(max_length=200, default="")
 *
 * After: `gift_note` declared on `Order`, a `Shipment.gift_note` property (with setter) reading it
 * through `self.order`, read-only serializer keys kept (`source="order.gift_note"`), lookups
 * rewritten to `order__gift_note`, and three migrations numbered after the app's latest:
 *
 *   1. AddField(Order.gift_note, null=True)   — a new nullable column, metadata only;
 *   2. RunPython copy, batched, reversible     — each shipment's value onto its order, and back;
 *   3. Django forgets `Shipment.gift_note` (state); the database keeps the column, now nullable.
 *
 * The contract step (catch up, NOT NULL, DROP COLUMN) is returned for later, as for a rename.
 * Only a one-to-one from the model can carry the column: through a foreign key several rows
 * would copy onto one related row, and through a nullable relation a row would have nowhere to
 * keep its value. A foreign key moves with its column's index and constraint built without locks
 * and an `<field>_id` property beside the other (refactor/database/foreignKeyMove.ts), or is refused
 * saying whether moving it would change what deleting its target does or what its reverse accessor returns.
 */
import type { PythonParser } from '../../core/parse/pythonParser';
import type { DjangoModelClass } from '../../core/django/models';
import { isUnknown } from '../../core/django/values';
import { appMigrations, writeMigrations } from '../../core/database/migrationWriter';
import { quoted } from '../../core/database/migrationNames';
import { refuse, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { copyThroughCode, fillNullsCode, relatedValue } from './batchedData';
import { withKeywords } from './fieldCall';
import { moveDeclaration, serializerReadOnlyEdit } from './modelSource';
import { scanOldName, type OldNameScan } from './oldNameUses';
import { LookupPaths } from './lookupPaths';
import { DEFAULT_LOCK_RETRY, type LockRetry } from './sequences/ddl';
import { columnMoveEdit, expandSteps, workspaceModules } from './columnMove';
import { foreignKeyColumnSteps, foreignKeyRefusal } from './foreignKeyMove';
import { concreteModel, contractStep, knownLiterals, modelTitle, projectOf, unmovable, type ModelWanted, type RenameFieldPlan } from './renameField';

export interface MoveFieldRequest {
  /** The model's label (`shop.Shipment`), or where its class is. */
  readonly model: ModelWanted;
  readonly field: string;
  /** The label of the model it moves to, which the model reaches through a one-to-one; or that one-to-one's name. */
  readonly to: string | { readonly through: string };
  /** How the steps' brief locks are retried (the settings `unsafeMigration.lockTimeout`/`lockAttempts`); their defaults when not given. */
  readonly lockRetry?: LockRetry;
}

export function moveFieldKeepingOldName(parser: PythonParser, snapshot: WorkspaceSnapshot, request: MoveFieldRequest): RenameFieldPlan {
  const to = typeof request.to === 'string' ? request.to : `the model of \`${request.to.through}\``;
  const title = `Move \`${modelTitle(request.model)}.${request.field}\` to ${typeof request.to === 'string' ? `\`${to}\`` : to}, keeping \`${request.field}\` reachable`;
  const planned = plan(parser, snapshot, request, title);
  return typeof planned === 'string' ? { title, result: refuse(planned) } : { title, ...planned };
}

function plan(parser: PythonParser, snapshot: WorkspaceSnapshot, request: MoveFieldRequest, title: string): Omit<RenameFieldPlan, 'title'> | string {
  const files = snapshot.pythonFiles();
  const project = projectOf(parser, snapshot, files);
  const model = concreteModel(project, request.model);
  if (typeof model === 'string') return model;
  const label = typeof request.to === 'string' ? request.to : targetOf(model, request.to.through);
  if (label === undefined) return `\`${model.name}.${(request.to as { through: string }).through}\` is no relation to a model the project declares`;
  const target = concreteModel(project, label);
  if (typeof target === 'string') return target;
  const name = request.field;
  const field = model.fields.find((candidate) => candidate.name === name);
  if (!field) return `\`${model.label}\` has no field \`${name}\``;
  const paths = new LookupPaths(project.models);
  const foreignKey = field.relation?.kind === 'ForeignKey' && !field.implicit;
  const why = (foreignKey ? undefined : unmovable(model, field)) ?? unreachable(model, target, name) ?? (foreignKey ? foreignKeyRefusal(model, field, target) : undefined) ?? taken(target, name, paths, snapshot.read(target.path) ?? '') ?? (foreignKey ? taken(target, field.column!, paths, snapshot.read(target.path) ?? '') : undefined);
  if (why) return why;
  // The one unreachable() accepted: declared, not a parent link.
  const relation = model.fields.find((candidate) => candidate.relation?.to === target.label && !candidate.implicit)!;

  const serializerEdits: [string, TextEdit][] = [];
  const serializers = project.serializers.filter((serializer) => serializer.model === model.label);
  for (const serializer of serializers) {
    if (serializer.fields === '__all__' || serializer.fields === undefined || isUnknown(serializer.fields)) {
      return `\`${serializer.name}\` takes its fields from the model (\`__all__\`, \`exclude\` or unknown): list its fields first`;
    }
    if (!serializer.fields.includes(name) || serializer.declaredFields.some((declared) => declared.name === name)) continue;
    const readOnly = serializer.readOnlyFields !== undefined && !isUnknown(serializer.readOnlyFields) && serializer.readOnlyFields.includes(name);
    if (!readOnly) return `\`${serializer.name}\` writes "${name}": a ModelSerializer cannot write a field through a relation (\`source="${relation.name}.${name}"\`); make it read-only or write the related row yourself first`;
    // A key's serializer field gives the primary key it holds, which `<field>_id` reads without a query.
    const edit = serializerReadOnlyEdit(parser, snapshot.read(serializer.path) ?? '', serializer.name, name, `${relation.name}.${foreignKey ? field.column : name}`);
    if (typeof edit === 'string') return edit;
    serializerEdits.push([serializer.path, edit]);
  }
  const newPath = `${relation.name}__${name}`;
  const ambiguous = project.models.some((other) => other !== model && !other.abstract && other.fields.some((f) => f.name === name));
  const scanOf = (oldName: string) => scanOldName(parser, snapshot, files, { oldName, newName: `${relation.name}__${oldName}`, model: model.label, paths, ambiguous, handledClasses: new Set(serializers.map((s) => s.name)), acrossRelation: true });
  const scan = foreignKey ? mergedScans(scanOf(name), scanOf(field.column!)) : scanOf(name);
  if (scan.refusals.length > 0) return `these places cannot use a property in place of the field:\n${scan.refusals.join('\n')}`;

  const app = appMigrations(project, model.appLabel);
  if (typeof app === 'string') return app;
  const isWorkspaceModule = workspaceModules(files, snapshot);
  const declare = (count: number) => {
    const contractName = `${String(app.nextNumber + count).padStart(4, '0')}_remove_${name}`;
    const request = { className: model.name, field: name, relation: relation.name, targetClass: target.name, note: `remove it before migration ${contractName}`, literals: knownLiterals(field), attname: foreignKey ? field.column : undefined };
    return { contractName, declaration: moveDeclaration(parser, snapshot.read(model.path) ?? '', request, isWorkspaceModule) };
  };
  const provisional = declare(3).declaration;
  if (typeof provisional === 'string') return provisional;
  const nullable = withKeywords(parser, provisional.call, { null: 'True' });
  const lockRetry = request.lockRetry ?? DEFAULT_LOCK_RETRY;
  if (nullable === undefined) return `\`${name}\` is not declared as one call`;
  const keyColumn = foreignKey ? foreignKeyColumnSteps(parser, project, { model, field, target, nullable, imports: provisional.imports, lockRetry }) : undefined;
  if (typeof keyColumn === 'string') return keyColumn;
  // The contract step is numbered after every step, which the note in the model names.
  const { contractName, declaration } = declare(3 + (keyColumn?.afterCopy.length ?? 0));
  if (typeof declaration === 'string') return declaration;

  const wasNull = field.null === true;
  const [from, to] = [{ app: model.appLabel, model: model.name }, { app: target.appLabel, model: target.name }];
  const copy = copyThroughCode(from, relation.name, to, name);
  const refill = fillNullsCode(from, name, relatedValue(to, relation.name, name), true);
  const lower = (label: string) => label.toLowerCase();
  const expand = expandSteps({
    from: { model: model.name, field: name, table: String(model.dbTable), column: field.column! },
    to: { model: target.name, field: name, table: String(target.dbTable) },
    declaration, nullable, wasNull, copy, refill, contractName, lockRetry,
    onForget: keyColumn?.releaseOld,
    slugs: { add: `add_${lower(target.name)}_${name}`, copy: `copy_${name}_to_${lower(target.name)}`, replaces: `${lower(target.name)}_${name}_replaces_${lower(model.name)}_${name}` },
    purposes: {
      add: `Adds \`${target.name}.${name}\` as a nullable column: metadata only, no rewrite.`,
      copy: `Copies \`${model.name}.${name}\` onto the \`${target.name}\` each row reaches through \`${relation.name}\`, in batches; reversed, copies it back.`,
    },
  });
  // A key's column is added bare, and gets its index and constraint once the copy has filled it.
  const steps = keyColumn ? [keyColumn.add, expand[1], ...keyColumn.afterCopy, expand[2]] : expand;
  const written = writeMigrations(app, steps, title);
  const [table, newTable, column] = [quoted(String(model.dbTable)), quoted(String(target.dbTable)), quoted(field.column!)];
  const targetKey = quoted(target.fields.find((f) => f.primaryKey === true)!.column!);
  const catchUp = `UPDATE ${newTable} SET ${column} = ${table}.${column} FROM ${table} WHERE ${table}.${quoted(relation.column!)} = ${newTable}.${targetKey} AND ${newTable}.${column} IS NULL`;
  const contract = contractStep(app, model, field, { table: String(model.dbTable), oldColumn: field.column!, newTable: String(target.dbTable), newColumn: field.column!, catchUp }, wasNull, written, scan.readers, lockRetry);

  const edit = columnMoveEdit([[model.path, declaration.edits], ...serializerEdits.map(([file, e]) => [file, [e]] as const), ...scan.edits], written);
  const summary = [
    `${written.map((m) => m.name).join(', ')} move \`${model.name}.${name}\` to \`${target.name}\`; \`${model.name}.${name}\` stays a property through \`${relation.name}\`, ${serializerEdits.length} serializer(s) keep the key "${name}", ${scan.rewritten.length} lookup(s) now name \`${newPath}\`.`,
    `Later, once nothing reads \`${model.name}.${name}\` (${scan.readers.length} place(s) still do), add ${contract.migration.name}: it copies the rows the previous release wrote${wasNull ? '' : ', makes the column NOT NULL'} and drops \`${model.name}.${name}\`'s column.`,
  ].join('\n');
  return { result: { safe: true, edit, summary }, contract };
}

/** The label of the model the relation `through` points to, if it is one. */
function targetOf(model: DjangoModelClass, through: string): string | undefined {
  const to = model.fields.find((candidate) => candidate.name === through && !candidate.implicit)?.relation?.to;
  return to === undefined || isUnknown(to) ? undefined : to;
}

/** Why the field cannot go to `target`: not one row of it per row of the model, or a clash there. */
function unreachable(model: DjangoModelClass, target: DjangoModelClass, name: string): string | undefined {
  const relations = model.fields.filter((candidate) => candidate.relation?.to === target.label && !candidate.implicit);
  if (relations.length !== 1) {
    return `\`${model.name}\` ${relations.length === 0 ? 'has no relation' : 'has several relations'} to \`${target.label}\`: the field moves along one one-to-one declared on \`${model.name}\``;
  }
  const [relation] = relations;
  if (relation.relation?.kind !== 'OneToOneField') {
    return `\`${model.name}.${relation.name}\` is a ${relation.relation?.kind ?? 'relation'}: several \`${model.name}\` rows may share one \`${target.name}\`, and their values would overwrite each other there; only a OneToOneField can carry the column`;
  }
  if (relation.null !== false) return `\`${model.name}.${relation.name}\` may be NULL: a row without a \`${target.name}\` would have nowhere to keep its \`${name}\``;
  if (model.appLabel !== target.appLabel || model.path !== target.path) return `\`${target.label}\` is not in the module of \`${model.label}\`: moving across modules or apps is not supported yet`;
  if (!target.fields.some((f) => f.primaryKey === true && f.column !== undefined)) return `cannot tell the primary key of \`${target.label}\``;
  return undefined;
}

/** Why `target` cannot take the name: a field, a reverse relation, a method or attribute of its class. */
function taken(target: DjangoModelClass, name: string, paths: LookupPaths, moduleText: string): string | undefined {
  const lines = moduleText.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^class\\s+${target.name}\\b`).test(line));
  // The class body: its indented lines, up to the next top-level statement.
  const end = lines.findIndex((line, index) => index > start && /^\S/.test(line));
  const classText = start < 0 ? moduleText : lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
  if (paths.has(target.label, name) || new RegExp(`^\\s+(def\\s+${name}\\b|${name}\\s*[:=])`, 'm').test(classText)) return `\`${target.label}\` has a \`${name}\` already`;
  return undefined;
}

/** The scans of the key's two names (`editor`, `editor_id`) as one. */
function mergedScans(...scans: OldNameScan[]): OldNameScan {
  const edits = new Map<string, TextEdit[]>();
  for (const scan of scans) for (const [file, fileEdits] of scan.edits) edits.set(file, [...(edits.get(file) ?? []), ...fileEdits]);
  return { edits, rewritten: scans.flatMap((scan) => scan.rewritten), readers: scans.flatMap((scan) => scan.readers), refusals: scans.flatMap((scan) => scan.refusals) };
}
