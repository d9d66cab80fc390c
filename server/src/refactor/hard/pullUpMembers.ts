/**
 * The hard refactor of repeated class members: one class holds them, the classes inherit them.
 * Models get an abstract model, serializers a base serializer, admin classes a base ModelAdmin
 * (each between the classes and their common base); views, forms and plain classes a mixin put
 * first in their bases, declaring the attributes its methods read that each class sets itself.
 *
 *     class Ticket(models.Model):                     class TimestampedModel(models.Model):
 *         subject = models.CharField(…)                   """What Ticket and Question share."""
 *         created_at = models.DateTimeField(              created_at = models.DateTimeField(auto_now_add=True)
 *             auto_now_add=True)                          updated_at = models.DateTimeField(auto_now=True)
 *         updated_at = models.DateTimeField(
 *             auto_now=True)                              class Meta:
 *                                                             abstract = True
 *     class Question(models.Model):
 *         text = models.TextField()                   class Ticket(TimestampedModel):
 *         created_at = …same…                             subject = models.CharField(…)
 *         updated_at = …same…                         class Question(TimestampedModel):
 *                                                         text = models.TextField()
 *
 * One action rewrites every class of the group; it is refused, with the reason, where behaviour
 * could change (pullUpChecks.ts, fieldOrder.ts), and held to the same final check as every
 * engine (editCheck.ts).
 */
import * as path from 'path';
import type { PythonParser } from '../../core/parse/pythonParser';
import { isWorthSharing } from '../../core/clones/memberClones';
import { BASE_CLASS_FAMILIES } from '../../core/clones/classFamilies';
import { refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { checkedEdit } from '../editCheck';
import { outlineOf } from '../targetModule';
import { readGroup, type ClassGroup, type GroupPlace } from './groupClasses';
import { baseClassName } from './baseNames';
import { baseClassText, classEdits, classNames, listed, statementOf, type PullUpShape } from './classRewrite';
import { apartProblem, attributesToDeclare, classesProblem, jointSubclassProblem, membersProblem, subclassFinder } from './pullUpChecks';
import { modelFieldOrderProblem, serializerFieldOrderProblem } from './fieldOrder';
import { moduleNamesProblem, pullUpIntoSharedModule, sharedClassFile, wholeText } from './sharedModule';
import { offerByPackage, pullUpByPackage, type GroupPullUp, type GroupPullUpOffer } from './packageParts';

export interface PullUp {
  readonly title: string;
  readonly result: RefactorResult;
  /** Why no action is offered: the classes no longer share members worth a class. */
  readonly notOffered?: string;
}

const UNTITLED = 'Pull repeated members up into a shared class';

/** The action as a list shows it: its title (naming the class it would create) or why none is offered. */
export function pullUpOffer(parser: PythonParser, snapshot: WorkspaceSnapshot, places: readonly GroupPlace[]): { title: string; notOffered?: string } {
  const group = readGroup(parser, snapshot, places);
  if (typeof group === 'string') return { title: UNTITLED, notOffered: group };
  return offerByPackage(parser, snapshot, group, offerGroup);
}

/** Plans the pull-up of the members the classes at `places` share (in each package, when the packages cannot share one class). */
export function pullUpMembers(parser: PythonParser, snapshot: WorkspaceSnapshot, places: readonly GroupPlace[]): PullUp {
  const group = readGroup(parser, snapshot, places);
  if (typeof group === 'string') return { title: UNTITLED, result: refuse(group) };
  return pullUpByPackage(parser, snapshot, group, pullUpGroup);
}

/** {@link pullUpOffer} for the classes of a group as they are. */
function offerGroup(parser: PythonParser, snapshot: WorkspaceSnapshot, group: ClassGroup): GroupPullUpOffer {
  if (!isWorthSharing(group.shared)) return { title: UNTITLED, notOffered: notWorth(group) };
  const target = sharedModuleOf(snapshot, group);
  const apart = apartProblem(group) ?? (typeof target === 'object' ? target.problem : undefined);
  const title = titleOf(group, nameFor(parser, snapshot, group, typeof target === 'string' ? target : undefined));
  return apart ? { title, notOffered: apart, apart: true } : { title };
}

/** {@link pullUpMembers} for the classes of a group as they are. */
function pullUpGroup(parser: PythonParser, snapshot: WorkspaceSnapshot, group: ClassGroup): GroupPullUp {
  if (!isWorthSharing(group.shared)) return { title: UNTITLED, result: refuse(notWorth(group)), notOffered: notWorth(group) };
  const shared = sharedModuleOf(snapshot, group);
  const target = typeof shared === 'string' ? shared : undefined;
  const name = nameFor(parser, snapshot, group, target);
  const title = titleOf(group, name);
  // Classes with no module to share a class from get no action: where they live is the team's design.
  const apart = apartProblem(group) ?? (typeof shared === 'object' ? shared.problem : undefined);
  if (apart) return { title, result: refuse(apart), notOffered: apart, apart: true };
  const problem = classesProblem(group) ?? jointSubclassProblem(group, snapshot);
  if (problem) return { title, result: refuse(problem) };
  const file = group.classes[0].file;
  const text = snapshot.read(file)!;
  const subclassOf = subclassFinder(snapshot);
  for (const cls of group.classes) {
    const why = membersProblem(cls, group.shared, subclassOf);
    if (why) return { title, result: refuse(why) };
  }
  const order = fieldOrderProblem(parser, snapshot, group, text);
  if (order) return { title, result: refuse(order) };
  const shape: PullUpShape = { name, shared: group.shared, declared: group.classes[0].family === 'model' ? [] : attributesToDeclare(group, group.shared) };
  const edits = new Map<string, TextEdit[]>();
  for (const cls of group.classes) edits.set(cls.file, [...(edits.get(cls.file) ?? []), ...classEdits(snapshot.read(cls.file)!.split('\n'), cls, shape)]);
  edits.get(file)!.unshift({ range: { start: { line: group.classes[0].firstLine, character: 0 }, end: { line: group.classes[0].firstLine, character: 0 } }, newText: `${baseClassText(text, group, shape)}\n\n\n` });
  const where = target ?? file;
  const summary = `${listed(classNames(group))} inherit ${group.shared.map((m) => `\`${m.name}\``).join(', ')} from ${kindOf(group)} \`${name}\` in ${path.basename(where)}`;
  if (target) {
    const names = moduleNamesProblem(parser, snapshot, group);
    if (names) return { title, result: refuse(names) };
    const moved = pullUpIntoSharedModule(parser, snapshot, group, name, edits, target);
    return { title, result: checkedEdit(parser, snapshot, moved.safe ? { ...moved, summary } : moved) };
  }
  return { title, result: checkedEdit(parser, snapshot, { safe: true, edit: { createFiles: [], edits: new Map([[file, [wholeText(text, edits.get(file)!)]]]) }, summary }) };
}

/** Why the order of the fields the classes would inherit matters, for models and serializers. */
function fieldOrderProblem(parser: PythonParser, snapshot: WorkspaceSnapshot, group: ClassGroup, text: string): string | undefined {
  const fields = group.shared.filter((m) => m.kind === 'attribute');
  if (fields.length === 0) return undefined;
  const lines = text.split('\n');
  const first = group.classes[0];
  const texts = new Map(fields.map((f) => [f.name, lines.slice(f.range.start.line, f.range.end.line + 1).join('\n')]));
  switch (first.family) {
    case 'model':
      return modelFieldOrderProblem(parser, snapshot, group, fields, texts);
    case 'serializer':
      return serializerFieldOrderProblem(group, fields, group.shared.filter((m) => m.kind === 'meta').map((m) => m.name));
    default:
      return undefined;
  }
}

/** The shared module of a class for classes of several modules (or why there is none); undefined for one module. */
function sharedModuleOf(snapshot: WorkspaceSnapshot, group: ClassGroup): string | { problem: string } | undefined {
  return new Set(group.classes.map((c) => c.file)).size > 1 ? sharedClassFile(snapshot, group) : undefined;
}

/** A name for the new class that no module it is written in or imported into binds yet. */
function nameFor(parser: PythonParser, snapshot: WorkspaceSnapshot, group: ClassGroup, target: string | undefined): string {
  const first = group.classes[0];
  const text = snapshot.read(first.file) ?? '';
  const lines = text.split('\n');
  const files = new Set([...group.classes.map((c) => c.file), ...(target ? [target] : [])]);
  const bound = new Set([...files].flatMap((file) => [...outlineOf(parser, snapshot.read(file) ?? '').boundNames]));
  const members = group.shared.map((m) => {
    const statement = statementOf(first, m.name);
    return {
      name: m.name,
      isField: m.kind === 'attribute' && (first.family === 'model' || first.family === 'serializer'),
      text: statement ? lines.slice(statement.startLine, statement.endLine + 1).join('\n') : '',
    };
  });
  return baseClassName(first.family, group.classes.map((c) => c.name), members, (name) => !bound.has(name));
}

function titleOf(group: ClassGroup, name: string): string {
  const members = group.shared.map((m) => `\`${m.name}\``).join(', ');
  return BASE_CLASS_FAMILIES.has(group.classes[0].family) ? `Pull ${members} up into ${kindOf(group)} \`${name}\`` : `Move ${members} into ${kindOf(group)} \`${name}\``;
}

function kindOf(group: ClassGroup): string {
  switch (group.classes[0].family) {
    case 'model':
      return 'abstract model';
    case 'serializer':
      return 'base serializer';
    case 'admin':
      return 'base admin';
    default:
      return 'mixin';
  }
}

function notWorth(group: ClassGroup): string {
  const names = group.classes.map((c) => `\`${c.name}\``).join(', ');
  return group.shared.length === 0 ? `${names} no longer share any member` : `${names} share only ${group.shared.map((m) => `\`${m.name}\``).join(', ')}, not worth a class of their own`;
}
