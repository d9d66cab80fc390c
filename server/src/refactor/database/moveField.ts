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
 * keep its value. A foreign key itself is refused, saying whether moving it would change what
 * deleting its target does or what its reverse accessor returns.
 */
import type { PythonParser } from '../../core/parse/pythonParser';
import type { DjangoModelClass } from '../../core/django/models';
import type { ModelField } from '../../core/django/modelFields';
import { isUnknown } from '../../core/django/values';
import { appMigrations, writeMigrations } from '../../core/database/migrationWriter';
import { quoted } from '../../core/database/migrationNames';
import { refuse, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { copyThroughCode, fillNullsCode, relatedValue } from './batchedData';
import { withKeywords } from './fieldCall';
import { moveDeclaration, serializerReadOnlyEdit } from './modelSource';
import { scanOldName } from './oldNameUses';
import { LookupPaths } from './lookupPaths';
import { columnMoveEdit, expandSteps, workspaceModules } from './columnMove';
import { concreteModel, contractStep, knownLiterals, modelTitle, projectOf, unmovable, type ModelWanted, type RenameFieldPlan } from './renameField';

export interface MoveFieldRequest {
  /** The model's label (`shop.Shipment`), or where its class is. */
  readonly model: ModelWanted;
  readonly field: string;
  /** The label of the model it moves to, which the model reaches through a one-to-one; or that one-to-one's name. */
  readonly to: string | { readonly through: string };
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
  const why = (foreignKey ? undefined : unmovable(model, field)) ?? unreachable(model, target, name) ?? (foreignKey ? foreignKeyRefusal(model, field, target) : undefined) ?? taken(target, name, paths, snapshot.read(target.path) ?? '');
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
    const edit = serializerReadOnlyEdit(parser, snapshot.read(serializer.path) ?? '', serializer.name, name, `${relation.name}.${name}`);
    if (typeof edit === 'string') return edit;
    serializerEdits.push([serializer.path, edit]);
  }
  const newPath = `${relation.name}__${name}`;
  const ambiguous = project.models.some((other) => other !== model && !other.abstract && other.fields.some((f) => f.name === name));
  const scan = scanOldName(parser, snapshot, files, { oldName: name, newName: newPath, model: model.label, paths, ambiguous, handledClasses: new Set(serializers.map((s) => s.name)), acrossRelation: true });
  if (scan.refusals.length > 0) return `these places cannot use a property in place of the field:\n${scan.refusals.join('\n')}`;

  const app = appMigrations(project, model.appLabel);
  if (typeof app === 'string') return app;
  const contractName = `${String(app.nextNumber + 3).padStart(4, '0')}_remove_${name}`;
  const isWorkspaceModule = workspaceModules(files, snapshot);
  const declaration = moveDeclaration(parser, snapshot.read(model.path) ?? '', { className: model.name, field: name, relation: relation.name, targetClass: target.name, note: `remove it before migration ${contractName}`, literals: knownLiterals(field) }, isWorkspaceModule);
  if (typeof declaration === 'string') return declaration;
  const nullable = withKeywords(parser, declaration.call, { null: 'True' });
  if (nullable === undefined) return `\`${name}\` is not declared as one call`;

  const wasNull = field.null === true;
  const [from, to] = [{ app: model.appLabel, model: model.name }, { app: target.appLabel, model: target.name }];
  const copy = copyThroughCode(from, relation.name, to, name);
  const refill = fillNullsCode(from, name, relatedValue(to, relation.name, name), true);
  const lower = (label: string) => label.toLowerCase();
  const steps = expandSteps({
    from: { model: model.name, field: name },
    to: { model: target.name, field: name },
    declaration, nullable, wasNull, copy, refill, contractName,
    slugs: { add: `add_${lower(target.name)}_${name}`, copy: `copy_${name}_to_${lower(target.name)}`, replaces: `${lower(target.name)}_${name}_replaces_${lower(model.name)}_${name}` },
    purposes: {
      add: `Adds \`${target.name}.${name}\` as a nullable column: metadata only, no rewrite.`,
      copy: `Copies \`${model.name}.${name}\` onto the \`${target.name}\` each row reaches through \`${relation.name}\`, in batches; reversed, copies it back.`,
    },
  });
  const written = writeMigrations(app, steps, title);
  const [table, newTable, column] = [quoted(String(model.dbTable)), quoted(String(target.dbTable)), quoted(field.column!)];
  const targetKey = quoted(target.fields.find((f) => f.primaryKey === true)!.column!);
  const catchUp = `UPDATE ${newTable} SET ${column} = ${table}.${column} FROM ${table} WHERE ${table}.${quoted(relation.column!)} = ${newTable}.${targetKey} AND ${newTable}.${column} IS NULL`;
  const contract = contractStep(app, model, field, { table, oldColumn: column, newTable, newColumn: column, catchUp }, wasNull, written, scan.readers);

  const edit = columnMoveEdit([[model.path, declaration.edits], ...serializerEdits.map(([file, e]) => [file, [e]] as const), ...scan.edits], written);
  const summary = [
    `${written.map((m) => m.name).join(', ')} move \`${model.name}.${name}\` to \`${target.name}\`; \`${model.name}.${name}\` stays a property through \`${relation.name}\`, ${serializerEdits.length} serializer(s) keep the key "${name}", ${scan.rewritten.length} lookup(s) now name \`${newPath}\`.`,
    `Later, once nothing reads \`${model.name}.${name}\` (${scan.readers.length} place(s) still do), add ${contract.migration.name}: it copies the rows the previous release wrote${wasNull ? '' : ', makes the column NOT NULL'} and drops \`${model.name}.${name}\`'s column.`,
  ].join('\n');
  return { result: { safe: true, edit, summary }, contract };
}

/**
 * Why a foreign key does not move along the one-to-one. Declared on the target, it changes what
 * deleting the row it points to does under CASCADE (the target's rows go, and the model's with
 * them) and what its reverse accessor returns: those moves are refused for it. The others are
 * safe in meaning, but no sequence writes the new column's index and constraint without locks yet.
 */
function foreignKeyRefusal(model: DjangoModelClass, field: ModelField, target: DjangoModelClass): string {
  const relation = field.relation!;
  const name = `\`${model.name}.${field.name}\``;
  const pointed = isUnknown(relation.to) ? 'the row it points to' : `a \`${relation.to}\``;
  const onDelete = relation.onDelete === undefined || isUnknown(relation.onDelete) ? undefined : relation.onDelete;
  if (onDelete === undefined || onDelete === 'CASCADE') {
    return `${name} is a ForeignKey with on_delete=${onDelete ?? '(unknown)'}: declared on \`${target.name}\`, deleting ${pointed} would delete the \`${target.name}\` rows that point to it (and their \`${model.name}\` through the one-to-one), where today it deletes only \`${model.name}\` rows`;
  }
  const related = relation.relatedName;
  if (related === undefined || isUnknown(related) || !related.endsWith('+')) {
    const accessor = related === undefined ? `${model.name.toLowerCase()}_set` : isUnknown(related) ? '(unknown)' : related;
    return `${name} is a ForeignKey whose reverse accessor \`${accessor}\` on ${pointed} returns \`${model.name}\` rows, and would return \`${target.name}\` rows once the key is declared there (its reverse lookups too): give it related_name="+" once nothing reads it`;
  }
  return `${name} is a ForeignKey: its new column on \`${target.name}\` needs its index built concurrently and its constraint added NOT VALID then validated, and \`${field.name}_id\` kept reachable; no sequence moves a foreign key's column yet`;
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
