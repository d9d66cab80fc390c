/**
 * The text of a pull-up: the new mixin or base class, made from the first class's copies of the
 * shared members, and the edits to every class (the members removed with the blank lines they
 * leave, the bases and `Meta` rewritten, `pass` in a body left empty).
 */
import * as path from 'path';
import { rowsWithEdits, type TextEdit } from '../domainEdit';
import type { ClassMember } from '../../core/python/classMembers';
import { BASE_CLASS_FAMILIES } from '../../core/clones/classFamilies';
import type { BodyStatement, ClassGroup, GroupClass } from './groupClasses';

export interface PullUpShape {
  readonly name: string;
  /** The members moved, in the first class's order. */
  readonly shared: readonly ClassMember[];
  /** Attributes the moved methods read that every class sets itself: declared on a mixin. */
  readonly declared: readonly string[];
}

/** The new class, to insert before the first class of the group. */
export function baseClassText(text: string, group: ClassGroup, shape: PullUpShape): string {
  const first = group.classes[0];
  const { indent } = first;
  const memberText = (member: ClassMember) => {
    const statement = statementOf(first, member.name)!;
    const edits = member.kind === 'method' ? first.methods.get(member.name)!.ownNameEdits : [];
    return rowsWithEdits(text, statement.startLine, statement.endLine, edits);
  };
  const isBase = BASE_CLASS_FAMILIES.has(first.family);
  const bases = isBase ? `(${first.bases.join(', ')})` : '';
  const names = classNames(group);
  const parts: string[][] = [[`class ${shape.name}${bases}:`, `${indent}"""What ${listed(names)} share."""`]];
  const declared = shape.declared.map((attribute) => `${indent}${attribute} = None`);
  const attributes = shape.shared.filter((m) => m.kind === 'attribute').map(memberText);
  if (declared.length + attributes.length > 0) parts.push([...declared, ...attributes]);
  const options = shape.shared.filter((m) => m.kind === 'meta');
  if (first.family === 'model' || options.length > 0) {
    const metaIndent = first.meta?.indent ?? `${indent}${indent}`;
    parts.push([`${indent}class Meta:`, ...(first.family === 'model' ? [`${metaIndent}abstract = True`] : []), ...options.map(memberText)]);
  }
  for (const method of shape.shared.filter((m) => m.kind === 'method')) parts.push([memberText(method)]);
  return parts.map((lines) => lines.join('\n')).join('\n\n');
}

/** The edits of one class: its bases, its `Meta`, the moved members gone. */
export function classEdits(lines: readonly string[], cls: GroupClass, shape: PullUpShape): TextEdit[] {
  const moved = new Set(shape.shared.map((m) => m.name));
  const edits: TextEdit[] = [basesEdit(cls, shape.name)];
  const meta = cls.meta;
  const metaEmptied = meta !== undefined && meta.body.every((s) => s.member !== undefined && moved.has(s.member));
  const removed = new Set(cls.body.filter((s) => (s.member !== undefined && moved.has(s.member)) || (metaEmptied && s.startLine === meta.statement.startLine)));
  edits.push(...removalEdits(lines, cls.body, removed, cls.indent));
  if (meta && !metaEmptied) {
    const metaRemoved = new Set(meta.body.filter((s) => s.member !== undefined && moved.has(s.member)));
    edits.push(...removalEdits(lines, meta.body, metaRemoved, meta.indent));
    if (shape.shared.some((m) => m.kind === 'meta')) edits.push({ range: { start: meta.nameEnd, end: meta.nameEnd }, newText: `(${shape.name}.Meta)` });
  }
  return edits;
}

/** `(models.Model)` → `(TimestampedModel)` for a base class; `(ListView)` → `(ScopedMixin, ListView)` for a mixin. */
function basesEdit(cls: GroupClass, name: string): TextEdit {
  if (BASE_CLASS_FAMILIES.has(cls.family)) return { range: cls.basesRange!, newText: `(${name})` };
  if (!cls.basesRange || cls.bases.length === 0 && !cls.baseKeywords) return { range: cls.basesRange ?? { start: cls.nameEnd, end: cls.nameEnd }, newText: `(${name})` };
  const open = { line: cls.basesRange.start.line, character: cls.basesRange.start.character + 1 };
  return { range: { start: open, end: open }, newText: `${name}, ` };
}

/**
 * Deletes the `removed` statements of a block with the blank lines that separated them: above a
 * statement when a kept one comes before it, else below it when a kept one follows; a block
 * left with nothing gets `pass`.
 */
function removalEdits(lines: readonly string[], block: readonly BodyStatement[], removed: ReadonlySet<BodyStatement>, indent: string): TextEdit[] {
  if (removed.size === 0) return [];
  const doomed = new Set<number>();
  const kept = block.filter((s) => !removed.has(s));
  if (kept.length === 0) {
    const first = Math.min(...[...removed].map((s) => s.startLine));
    const last = Math.max(...[...removed].map((s) => s.endLine));
    for (let line = first; line <= last; line++) doomed.add(line);
  }
  for (const statement of removed) {
    for (let line = statement.startLine; line <= statement.endLine; line++) doomed.add(line);
    if (kept.some((k) => k.endLine < statement.startLine)) {
      for (let line = statement.startLine - 1; line >= 0 && isBlank(lines[line]); line--) doomed.add(line);
    } else if (kept.length > 0) {
      for (let line = statement.endLine + 1; line < lines.length && isBlank(lines[line]); line++) doomed.add(line);
    }
  }
  const edits: TextEdit[] = [];
  const sorted = [...doomed].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    edits.push({ range: { start: { line: sorted[i], character: 0 }, end: { line: sorted[j] + 1, character: 0 } }, newText: '' });
    i = j + 1;
  }
  if (kept.length === 0) {
    const after = { line: Math.max(...[...removed].map((s) => s.endLine)) + 1, character: 0 };
    edits.push({ range: { start: after, end: after }, newText: `${indent}pass\n` });
  }
  return edits;
}

/** The last statement of the class (or its `Meta`) binding `member`, as Python keeps the last. */
export function statementOf(cls: GroupClass, member: string): BodyStatement | undefined {
  const block = member.startsWith('Meta.') ? (cls.meta?.body ?? []) : cls.body;
  return [...block].reverse().find((s) => s.member === member);
}

/** `A`, `A and B`, `A, B and C`. */
/** The classes' names, each with its module's when two share a name (`sqlflush.Command`). */
export function classNames(group: ClassGroup): string[] {
  const names = group.classes.map((c) => c.name);
  return names.map((name, i) => (names.indexOf(name) !== names.lastIndexOf(name) ? `${path.basename(group.classes[i].file, '.py')}.${name}` : name));
}

export function listed(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function isBlank(line: string | undefined): boolean {
  return line !== undefined && line.trim() === '';
}
