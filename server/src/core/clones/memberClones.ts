/**
 * Classes that repeat the same members: the same method (modulo the class's own name), the same
 * model or serializer field, admin option or `Meta` option, in several classes of one family. A
 * token clone (cloneIndex.ts) sees a few lines; this sees what the hard refactor moves: members,
 * which a mixin or a base class can hold once. Each class joins one group at most, the one that
 * moves the most lines, so the groups' fixes never compete for a class.
 */
import type { ModuleOutline, TopLevelSymbol } from '../python/moduleOutline';
import type { ClassMember } from '../python/classMembers';
import type { SourceRange } from '../model/sourceRange';
import { BASE_CLASS_FAMILIES, classFamiliesOf, type ClassFamily } from './classFamilies';
import { isSilenced } from '../python/directives';
import { lastPart } from '../python/workspaceNames';

export interface MemberClonePlace {
  readonly file: string;
  readonly className: string;
  /** From the first shared member of the class to its last. */
  readonly range: SourceRange;
}

export interface MemberCloneGroup {
  readonly family: ClassFamily;
  /** The shared members' names, in the first class's order (`created_at`, `Meta.ordering`). */
  readonly members: readonly string[];
  /** Lines of the shared members in one class: what the fix removes from each. */
  readonly lines: number;
  /** One per class, sorted by file and line. */
  readonly places: readonly MemberClonePlace[];
}

/** A single member is worth a shared base when it is a method of at least this many lines. */
const MIN_METHOD_LINES = 3;

const MODEL_FIELD = /(^|\.)(\w*Field|ForeignKey|OneToOneField|ManyToManyField|GenericRelation)$/;
const SERIALIZER_FIELD = /(^|\.)\w*(Field|Serializer)$/;
/** `Meta` options a base's `Meta` can hold for its children without changing them. */
const SHARED_META: Readonly<Partial<Record<ClassFamily, ReadonlySet<string>>>> = {
  model: new Set(['Meta.ordering', 'Meta.get_latest_by', 'Meta.default_permissions', 'Meta.permissions']),
  serializer: new Set(['Meta.fields', 'Meta.exclude', 'Meta.read_only_fields', 'Meta.extra_kwargs', 'Meta.depth']),
};
/** Methods Python calls on the class itself (or its subclasses' creation): a base would change when they run. */
const CLASS_HOOKS = new Set(['__init_subclass__', '__class_getitem__', '__set_name__', '__new__']);

/**
 * Whether a member of a class of `family` is one the hard refactor moves: methods of every class;
 * fields of models and serializers, every option of admin classes; the `Meta` options a base
 * class's `Meta` can hold. A view's or form's class attributes stay (a mixin holds methods).
 */
export function isSharedMember(family: ClassFamily, member: ClassMember): boolean {
  switch (member.kind) {
    case 'method':
      return !CLASS_HOOKS.has(member.name);
    case 'attribute':
      if (family === 'model') return MODEL_FIELD.test(member.callee ?? '');
      if (family === 'serializer') return SERIALIZER_FIELD.test(member.callee ?? '');
      return family === 'admin' && member.name !== '__slots__';
    case 'meta':
      return SHARED_META[family]?.has(member.name) ?? false;
  }
}

/**
 * Whether the class takes part at all: not an abstract or proxy model (the former is what the
 * fix creates; the latter shares its parent's fields already), not a class with `__slots__`.
 */
export function isComparedClass(symbol: Pick<TopLevelSymbol, 'members'>): boolean {
  return !symbol.members.some(
    (m) => m.name === '__slots__' || ((m.name === 'Meta.abstract' || m.name === 'Meta.proxy') && m.value === 'True'),
  );
}

/** Whether members shared by several classes are worth a base: two or more besides `Meta` options, or one real method. */
export function isWorthSharing(members: readonly Pick<ClassMember, 'kind' | 'lines'>[]): boolean {
  return members.filter((m) => m.kind !== 'meta').length >= 2 || members.some((m) => m.kind === 'method' && m.lines >= MIN_METHOD_LINES);
}

interface ComparedClass {
  readonly file: string;
  readonly symbol: TopLevelSymbol;
  readonly family: ClassFamily;
  /** Shared-able members by key (family and bases, kind, name, fingerprint); the last definition of a name wins, as in Python. */
  readonly members: ReadonlyMap<string, ClassMember>;
}

type GroupedOutline = Pick<ModuleOutline, 'symbols' | 'imports' | 'directives'>;

/** The compared classes of the whole workspace, where each module's start in them, and the groups chosen from them. */
interface Grouped {
  readonly classes: ComparedClass[];
  readonly bases: ReadonlySet<string>;
  readonly offsets: ReadonlyMap<string, number>;
  readonly chosen: readonly Candidate[];
  readonly groups: MemberCloneGroup[];
}

/**
 * The groups of classes repeating members of one workspace, kept up to date module by module. An
 * edit mostly leaves every class's shared members as they were (it changed a function, or code
 * elsewhere in the module): the edited modules' signatures are then unchanged, the classes chosen
 * last group again, and only the edited modules' classes are read anew (their ranges moved). Any
 * other change chooses the groups again from every module.
 */
export class MemberCloneGrouping {
  private readonly outlines = new Map<string, GroupedOutline>();
  private readonly reads = new Map<string, ReadModule>();
  /** Modules set or deleted since the last `groups()`. */
  private readonly changed = new Set<string>();
  private last: Grouped | undefined;

  /** Takes in (or again) a module whose classes are compared. */
  set(file: string, outline: GroupedOutline): void {
    this.outlines.set(file, outline);
    this.changed.add(file);
  }

  /** Leaves a module out (removed, skipped, or not compared). */
  delete(file: string): void {
    if (this.outlines.delete(file)) this.changed.add(file);
  }

  /** The groups over every module taken in. */
  groups(): MemberCloneGroup[] {
    if (this.last && this.changed.size === 0) return this.last.groups;
    let same = this.last !== undefined;
    for (const file of this.changed) {
      const before = this.reads.get(file);
      const outline = this.outlines.get(file);
      const after = outline && readModule(file, outline);
      if (after) this.reads.set(file, after);
      else this.reads.delete(file);
      same &&= before?.signature === after?.signature;
    }
    this.last = same ? this.regrouped(this.last!) : this.grouped();
    this.changed.clear();
    return this.last.groups;
  }

  /** Groups chosen from every module. */
  private grouped(): Grouped {
    const read = [...this.reads.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const bases = new Set(read.flatMap((module) => module.bases));
    const classes: ComparedClass[] = [];
    const offsets = new Map<string, number>();
    for (const module of read) {
      offsets.set(module.file, classes.length);
      classes.push(...comparedClassesOf(module, bases));
    }
    const chosen = chooseGroups(classes);
    return { classes, bases, offsets, chosen, groups: chosen.map((best) => groupOf(classes, best)) };
  }

  /** The last groups again, with the changed modules' classes (whose signatures did not change) read anew. */
  private regrouped(last: Grouped): Grouped {
    const classes = [...last.classes];
    for (const file of this.changed) {
      const module = this.reads.get(file);
      const offset = last.offsets.get(file);
      // The same signature and bases: as many compared classes as before, in the same places.
      const compared = module ? comparedClassesOf(module, last.bases) : [];
      if (offset !== undefined) classes.splice(offset, compared.length, ...compared);
    }
    // A group of classes all read as before is the same object (its findings are kept by it).
    const groups = last.chosen.map((best, n) => (best.classes.every((i) => classes[i] === last.classes[i]) ? last.groups[n] : groupOf(classes, best)));
    return { ...last, classes, groups };
  }
}

/** Groups classes, best first, each class in one group at most. */
function chooseGroups(classes: readonly ComparedClass[]): Candidate[] {
  const holders = new Map<string, number[]>();
  classes.forEach((cls, i) => {
    for (const key of cls.members.keys()) {
      const list = holders.get(key);
      if (list) list.push(i);
      else holders.set(key, [i]);
    }
  });
  for (const [key, list] of holders) if (list.length < 2) holders.delete(key);
  const used = new Set<number>();
  const chosen: Candidate[] = [];
  const memo = new Map<string, Candidate | null>();
  for (;;) {
    const best = bestGroup(classes, holders, used, memo);
    if (!best) break;
    best.classes.forEach((i) => used.add(i));
    chosen.push(best);
  }
  return chosen;
}

/** What grouping reads of one module: its compared classes, the base names its classes name, and both as one string. */
interface ReadModule {
  readonly file: string;
  readonly classes: readonly ComparedClass[];
  readonly bases: readonly string[];
  /** Equal for two reads of the module that group alike: classes, their shared members' keys and lines, bases. */
  readonly signature: string;
}

function readModule(file: string, outline: GroupedOutline): ReadModule {
  const classes = classesIn(file, outline);
  const bases = outline.symbols.flatMap((s) => s.bases.map((base) => lastPart(base.replace(/\[.*$/s, ''))));
  const classSignatures = classes.map((cls) => [cls.symbol.name, ...[...cls.members].map(([key, member]) => `${key}|${member.lines}`)].join('\u0001'));
  return { file, classes, bases, signature: [file, bases.join('\u0001'), ...classSignatures].join('\u0002') };
}

/**
 * A module's classes that are compared: all but those other classes derive from (`bases`). A class
 * that already is a base (a mixin the fix made, `BaseHasher`) is where its subclasses' members
 * belong, not the first of a new chain of bases above it.
 */
function comparedClassesOf(module: ReadModule, bases: ReadonlySet<string>): ComparedClass[] {
  return module.classes.filter((cls) => !bases.has(cls.symbol.name));
}

function classesIn(file: string, outline: GroupedOutline): ComparedClass[] {
  if (!outline.symbols.some((s) => s.kind === 'class' && s.members.length > 0)) return [];
  const families = classFamiliesOf(outline);
  const classes: ComparedClass[] = [];
  for (const symbol of outline.symbols) {
    if (symbol.kind !== 'class' || !isComparedClass(symbol)) continue;
    const family = families.get(symbol.name)!;
    const byName = new Map<string, ClassMember>();
    for (const member of symbol.members) {
      // A silenced member is not compared, as silenced code is in no token clone.
      if (isSharedMember(family, member) && !isSilenced(outline.directives, 'duplicate-block', member.range.start.line)) byName.set(member.name, member);
    }
    if (byName.size === 0) continue;
    // A base class stands between the classes and their common base: only classes with the same bases can share one.
    const kin = BASE_CLASS_FAMILIES.has(family) ? `${family}(${symbol.bases.join(', ')})` : family;
    const members = new Map([...byName.values()].map((m) => [`${kin}|${m.kind}|${m.name}|${m.fingerprint}`, m]));
    classes.push({ file, symbol, family, members });
  }
  return classes;
}

type Candidate = { classes: number[]; keys: string[]; score: number };

/**
 * The unused classes sharing the most lines (lines of the members × the copies removed), or
 * undefined. `memo` keeps what a set of classes shares across rounds: a round changes few sets.
 */
function bestGroup(classes: readonly ComparedClass[], holders: ReadonlyMap<string, readonly number[]>, used: ReadonlySet<number>, memo: Map<string, Candidate | null>) {
  let best: Candidate | undefined;
  for (const list of holders.values()) {
    const set = list.filter((i) => !used.has(i));
    if (set.length < 2) continue;
    const id = set.join(',');
    let candidate = memo.get(id);
    if (candidate === undefined) {
      const keys = [...classes[set[0]].members.keys()].filter((key) => set.every((i) => classes[i].members.has(key)));
      const members = keys.map((key) => classes[set[0]].members.get(key)!);
      const score = members.reduce((sum, m) => sum + m.lines, 0) * (set.length - 1);
      candidate = isWorthSharing(members) ? { classes: set, keys, score } : null;
      memo.set(id, candidate);
    }
    if (candidate && (!best || candidate.score > best.score || (candidate.score === best.score && set.length > best.classes.length))) best = candidate;
  }
  return best;
}

function groupOf(classes: readonly ComparedClass[], best: { classes: readonly number[]; keys: readonly string[] }): MemberCloneGroup {
  const first = classes[best.classes[0]];
  const byLine = (a: ClassMember, b: ClassMember) => a.range.start.line - b.range.start.line;
  const ordered = best.keys.map((key) => first.members.get(key)!).sort(byLine);
  return {
    family: first.family,
    members: ordered.map((m) => m.name),
    lines: ordered.reduce((sum, m) => sum + m.lines, 0),
    places: best.classes.map((i) => {
      const shared = best.keys.map((key) => classes[i].members.get(key)!).sort(byLine);
      return {
        file: classes[i].file,
        className: classes[i].symbol.name,
        range: { start: shared[0].range.start, end: shared[shared.length - 1].range.end },
      };
    }),
  };
}
