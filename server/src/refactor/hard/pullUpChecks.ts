/**
 * Why pulling a group's members up could change what the classes do, or undefined. A mixin put
 * first in a class's bases, or a base put between a class and its base, comes right after the
 * class in its MRO: every name the class defined resolves to the same code, and a zero-argument
 * `super()` in a moved method reaches the same next class. What can still differ is checked
 * here: classes that derive from one another, a class deriving from two of them, class
 * decorators that read the class's own namespace, code that runs while the class body executes
 * (it no longer sees the moved names), names Python ties to the defining class, and
 * `type(self)` standing for a class with subclasses.
 */
import * as path from 'path';
import type { ClassMember } from '../../core/python/classMembers';
import { BASE_CLASS_FAMILIES } from '../../core/clones/classFamilies';
import type { WorkspaceSnapshot } from '../domainEdit';
import type { ClassGroup, GroupClass } from './groupClasses';
import { statementOf } from './classRewrite';

/** Class decorators that only register the class: `@admin.register(Order)`, `@Field.register_lookup`. */
const REGISTERING = /^(\w+\.)*register(_\w+)?(\(|$)/;

/**
 * Why models of several apps get no abstract model: one app's models would derive from another's
 * (classes of several packages are judged where the shared module is chosen, sharedModule.ts).
 * A design the team chooses, so no action is offered.
 */
export function apartProblem(group: ClassGroup): string | undefined {
  const apps = [...new Set(group.classes.map((c) => appOf(c.file)))];
  if (apps.length < 2 || group.classes[0].family !== 'model') return undefined;
  const where = group.classes.map((c) => `\`${c.name}\` (${path.basename(path.dirname(c.file))}/${path.basename(c.file)})`).join(', ');
  return `${where} are in different apps (${apps.map((app) => path.basename(app)).join(', ')}): one app's models would derive from another's; move them into one app first`;
}

/** The app folder of a models module: its folder, or the one above a `models/` package. */
function appOf(file: string): string {
  const folder = path.dirname(file);
  return path.basename(folder) === 'models' ? path.dirname(folder) : folder;
}

/** The first problem of the group's classes as a whole, or undefined. */
export function classesProblem(group: ClassGroup): string | undefined {
  for (const cls of group.classes) {
    const decorator = cls.decorators.find((d) => !REGISTERING.test(d));
    if (decorator) return `\`${cls.name}\` is decorated with \`@${decorator}\`, which may read the members the class defines itself`;
    const parent = group.classes.find((other) => cls.bases.some((base) => base === other.name));
    if (parent) return `\`${cls.name}\` derives from \`${parent.name}\`: both would inherit the members, and \`${cls.name}\`'s calls through \`super()\` would reach them twice`;
  }
  const first = group.classes[0];
  if (BASE_CLASS_FAMILIES.has(first.family)) {
    const differing = group.classes.find((c) => c.bases.join(', ') !== first.bases.join(', ') || c.baseKeywords);
    if (differing) return `\`${differing.name}\` derives from \`${differing.bases.join(', ')}\` and \`${first.name}\` from \`${first.bases.join(', ')}\`: one base class cannot stand between both and their bases`;
    const metaBased = group.shared.some((m) => m.kind === 'meta') ? group.classes.find((c) => c.meta?.hasBases) : undefined;
    if (metaBased) return `the \`Meta\` of \`${metaBased.name}\` already derives from another \`Meta\`; it cannot also inherit the shared options`;
  }
  return undefined;
}

/** The first problem of moving `shared` out of `cls`, or undefined. */
export function membersProblem(cls: GroupClass, shared: readonly ClassMember[], subclassOf: (name: string) => string | undefined): string | undefined {
  const moved = new Set(shared.map((m) => m.name));
  for (const member of shared) {
    if (member.kind !== 'method') continue;
    const facts = cls.methods.get(member.name)!;
    const where = `\`${cls.name}.${member.name}\``;
    if (facts.mangledNames.length > 0) return `${where} uses \`${facts.mangledNames[0]}\`, which Python renames after the class it is written in`;
    if (facts.readsClassCell) return `${where} reads \`__class__\`, the class it is written in`;
    if (!facts.namesOwnClass) continue;
    if (facts.binding === 'static' || !facts.firstParameter) return `${where} names \`${cls.name}\` with nothing to stand for it in a shared method (no \`self\` or \`cls\`)`;
    const subclass = subclassOf(cls.name);
    if (subclass) return `${where} names \`${cls.name}\`, which the shared method would read as \`${facts.binding === 'class' ? facts.firstParameter : `type(${facts.firstParameter})`}\`; that is \`${subclass}\` for its subclass`;
  }
  // While the class body runs, a moved declaration no longer sees the class's other names, nor they the moved ones.
  const checkBlock = (block: GroupClass['body'], prefix: string): string | undefined => {
    const bound = new Set(block.flatMap((s) => s.binds));
    for (const statement of block) {
      const isMoved = statement.member !== undefined && moved.has(statement.member);
      if (isMoved) {
        const local = statement.reads.find((name) => (bound.has(name) && !moved.has(`${prefix}${name}`)) || name === cls.name);
        if (local) return `\`${cls.name}.${statement.member}\` reads \`${local}\` ${local === cls.name ? 'while the class is being defined' : 'of the class body, which the shared class would not see'}`;
      } else if (!isMoved) {
        const reads = statement.reads.find((name) => moved.has(`${prefix}${name}`));
        if (reads) return `\`${cls.name}\` reads \`${reads}\` in its own body after it would move`;
      }
    }
    return undefined;
  };
  return checkBlock(cls.body, '') ?? (cls.meta ? checkBlock(cls.meta.body, 'Meta.') : undefined);
}

/**
 * The attributes the moved methods read through `self` that every class sets itself and that
 * stay in the classes: a mixin declares them (as None), saying what a class using it provides.
 */
export function attributesToDeclare(group: ClassGroup, shared: readonly ClassMember[]): string[] {
  const moved = new Set(shared.map((m) => m.name));
  const read = new Set(shared.filter((m) => m.kind === 'method').flatMap((m) => group.classes[0].methods.get(m.name)!.selfAttributes));
  return [...read].filter((name) => !moved.has(name) && group.classes.every((cls) => statementOf(cls, name)?.value !== undefined)).sort();
}

/** A function telling the first class of the workspace deriving from a class named `name`, if any. */
export function subclassFinder(snapshot: WorkspaceSnapshot): (name: string) => string | undefined {
  return (name) => headersDerivingFrom(snapshot, name)[0]?.name;
}

/**
 * Why a class deriving (directly or not) from two classes of the group changes: in its MRO the
 * shared class comes after both, so a moved method's `super()`, which went from the first
 * class's copy to the second's, would skip the second; or undefined.
 */
export function jointSubclassProblem(group: ClassGroup, snapshot: WorkspaceSnapshot): string | undefined {
  const first = group.classes[0];
  const chained = group.shared.find((m) => m.kind === 'method' && first.methods.get(m.name)?.callsSuper);
  if (!chained) return undefined;
  /** Each descendant seen so far, with the class of the group it derives from. */
  const ancestor = new Map<string, string>();
  for (const cls of group.classes) {
    for (const descendant of descendantsOf(snapshot, cls.name)) {
      const other = ancestor.get(descendant);
      if (other !== undefined && other !== cls.name) {
        return `\`${descendant}\` derives from both \`${other}\` and \`${cls.name}\`: the shared class would come after both in its MRO, so \`super()\` in \`${chained.name}\` would no longer reach the second copy`;
      }
      ancestor.set(descendant, cls.name);
    }
  }
  return undefined;
}

/** The names of the classes of the workspace deriving from a class named `name`, directly or not. */
function descendantsOf(snapshot: WorkspaceSnapshot, name: string): Set<string> {
  const found = new Set<string>();
  const pending = [name];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const header of headersDerivingFrom(snapshot, next)) {
      if (found.has(header.name) || header.name === name) continue;
      found.add(header.name);
      pending.push(header.name);
    }
  }
  return found;
}

/** The class headers of the workspace with `name` among their bases: each class and its bases' last names (`b.B` as `B`). */
function headersDerivingFrom(snapshot: WorkspaceSnapshot, name: string): { name: string; bases: string[] }[] {
  const header = /^[ \t]*class\s+(\w+)\s*\(([^)]*)\)/gm;
  const found: { name: string; bases: string[] }[] = [];
  for (const file of snapshot.pythonFiles()) {
    const text = snapshot.read(file);
    if (text === undefined || !text.includes(name)) continue;
    for (const match of text.matchAll(header)) {
      const bases = match[2].split(',').map((base) => base.trim().split('.').pop()!);
      if (bases.includes(name)) found.push({ name: match[1], bases });
    }
  }
  return found;
}
