/**
 * Fields inherited from a base come before a class's own: Django puts an abstract model's fields
 * first in `_meta.fields`, DRF a base serializer's declared fields first. When the moved fields
 * already lead each class, in the same order, nothing moves. Otherwise the order changes, which
 * is harmless unless something shows it: a model's admin form without `fields`/`fieldsets` (for
 * an editable field), a ModelForm or ModelSerializer taking `"__all__"` or `exclude`, a call
 * building the model from positional arguments; a serializer whose `Meta.fields` is not an
 * explicit list. Those refuse the pull-up, naming where.
 */
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import type { ClassMember } from '../../core/python/classMembers';
import type { WorkspaceSnapshot } from '../domainEdit';
import type { ClassGroup, GroupClass } from './groupClasses';
import { isSharedMember } from '../../core/clones/memberClones';

/** A field that never shows in a form: the admin's and ModelForm's order cannot change by it. */
const NOT_EDITABLE = /\b(auto_now|auto_now_add)\s*=\s*True\b|\beditable\s*=\s*False\b/;

/** Why moving `fields` (fields of the group's models, in the base's order) changes something seen, or undefined. */
export function modelFieldOrderProblem(parser: PythonParser, snapshot: WorkspaceSnapshot, group: ClassGroup, fields: readonly ClassMember[], texts: ReadonlyMap<string, string>): string | undefined {
  const editable = fields.some((field) => !NOT_EDITABLE.test(texts.get(field.name) ?? ''));
  for (const cls of group.classes.filter((c) => !leads(c, fields))) {
    const seen = orderObservers(parser, snapshot, cls.name, editable)[0];
    if (seen) return `${movedAhead(fields, cls)}, which ${seen} shows`;
  }
  return undefined;
}

/** Why moving declared `fields` of serializers changes their output's order, or undefined. */
export function serializerFieldOrderProblem(group: ClassGroup, fields: readonly ClassMember[], sharedMeta: readonly string[]): string | undefined {
  for (const cls of group.classes.filter((c) => !leads(c, fields))) {
    const own = cls.meta?.body.find((s) => s.member === 'Meta.fields');
    const listed = sharedMeta.includes('Meta.fields') || /^[[(]/.test(own?.value ?? '');
    if (!listed) return `${movedAhead(fields, cls)}, which its output follows (its \`Meta.fields\` is not an explicit list)`;
  }
  return undefined;
}

/** Whether the class's fields start with `fields`, in order: inheriting them changes nothing. */
function leads(cls: GroupClass, fields: readonly ClassMember[]): boolean {
  const own = cls.members.filter((m) => m.kind === 'attribute' && isSharedMember(cls.family, m));
  return fields.every((field, i) => own[i]?.name === field.name);
}

function movedAhead(fields: readonly ClassMember[], cls: GroupClass): string {
  return `inherited, ${fields.map((f) => `\`${f.name}\``).join(', ')} would come before the other fields of \`${cls.name}\``;
}

/** Where the workspace shows the order of model `model`'s fields: each as "X in file.py". */
function orderObservers(parser: PythonParser, snapshot: WorkspaceSnapshot, model: string, editable: boolean): string[] {
  const word = new RegExp(`\\b${model}\\b`);
  const found: string[] = [];
  for (const file of snapshot.pythonFiles()) {
    const text = snapshot.read(file);
    if (text === undefined || !word.test(text)) continue;
    const tree = parser.parse(text);
    try {
      const where = path.basename(file);
      const classes = new Map(topLevelClasses(tree.rootNode).map((c) => [c.childForFieldName('name')!.text, c]));
      for (const node of tree.rootNode.descendantsOfType(['call', 'class_definition'])) {
        if (node.type === 'class_definition') {
          const seen = classObserver(node, model, editable);
          if (seen) found.push(`${seen} in ${where}`);
          continue;
        }
        // `@admin.register(Order)` is judged with the class it decorates.
        if (node.parent?.type === 'decorator') continue;
        const callee = node.childForFieldName('function')?.text ?? '';
        const args = node.childForFieldName('arguments')?.namedChildren ?? [];
        if (lastPart(callee) === model && args.some((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat' && a.type !== 'comment')) {
          found.push(`\`${model}(…)\` with positional arguments at ${where}:${node.startPosition.row + 1}`);
        } else if (editable && lastPart(callee) === 'register' && namesModel(args[0], model)) {
          const admin = args[1] ? classes.get(args[1].text) : undefined;
          if (!args[1]) found.push(`\`${node.text}\` in ${where} (the admin's default form)`);
          else if (admin && !hasOption(admin, ['fields', 'fieldsets'])) found.push(`\`${args[1].text}\` in ${where} (an admin form without \`fields\` or \`fieldsets\`)`);
        }
      }
    } finally {
      tree.delete();
    }
  }
  return found;
}

/** A class showing the model's field order: its admin (by decorator), an inline, a ModelForm or ModelSerializer of it. */
function classObserver(cls: Node, model: string, editable: boolean): string | undefined {
  const name = `\`${cls.childForFieldName('name')!.text}\``;
  const decorated = cls.parent?.type === 'decorated_definition' ? cls.parent : undefined;
  const registers = decorated?.namedChildren.some((d) => d.type === 'decorator' && /register\s*\(/.test(d.text) && namesModel(d.descendantsOfType('argument_list')[0]?.namedChildren[0], model));
  const inline = /Inline\b/.test(cls.childForFieldName('superclasses')?.text ?? '') && assigned(cls, 'model') === model;
  if (editable && (registers || inline) && !hasOption(cls, ['fields', 'fieldsets'])) return `${name} (an admin form without \`fields\` or \`fieldsets\`)`;
  const meta = bodyOf(cls).find((s) => s.type === 'class_definition' && s.childForFieldName('name')?.text === 'Meta');
  if (!meta || lastPart(assigned(meta, 'model') ?? '') !== model) return undefined;
  const fields = assigned(meta, 'fields');
  if (fields !== undefined && /^["']__all__["']$/.test(fields)) return `${name} (\`fields = "__all__"\`)`;
  return assigned(meta, 'exclude') !== undefined ? `${name} (\`exclude\`)` : undefined;
}

function namesModel(node: Node | undefined | null, model: string): boolean {
  if (!node) return false;
  if (node.type === 'list' || node.type === 'tuple') return node.namedChildren.some((child) => lastPart(child.text) === model);
  return lastPart(node.text) === model;
}

function hasOption(cls: Node, options: readonly string[]): boolean {
  return options.some((option) => assigned(cls, option) !== undefined);
}

/** The value text of `name = …` in the class's body. */
function assigned(cls: Node, name: string): string | undefined {
  for (const statement of bodyOf(cls)) {
    const assignment = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
    if (assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === name) return assignment.childForFieldName('right')?.text;
  }
  return undefined;
}

function bodyOf(cls: Node): Node[] {
  return cls.childForFieldName('body')?.namedChildren ?? [];
}

function topLevelClasses(root: Node): Node[] {
  return root.namedChildren
    .map((s) => (s.type === 'decorated_definition' ? s.childForFieldName('definition') : s))
    .filter((s): s is Node => s?.type === 'class_definition');
}

function lastPart(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}
