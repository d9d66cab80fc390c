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

/**
 * The groups of classes repeating members of one workspace, found again after each change. A
 * change mostly leaves every class's shared members as they were (an edit elsewhere in a module):
 * then the classes chosen last group again, and only the places' ranges (lines moved) are read anew.
 */
export class MemberCloneGrouping {
  /** The groups chosen last, and the signatures of the modules (sorted by path) they were chosen from. */
  private last: { signatures: readonly string[]; chosen: readonly Candidate[] } | undefined;

  /** The groups over every module given. */
  of(modules: readonly { path: string; outline: Pick<ModuleOutline, 'symbols' | 'imports' | 'directives'> }[]): MemberCloneGroup[] {
    const read = readModules(modules);
    const classes = comparedClasses(read);
    const signatures = read.map((module) => module.signature);
    const last = this.last;
    const same = last !== undefined && last.signatures.length === signatures.length && last.signatures.every((signature, i) => signature === signatures[i]);
    const chosen = same ? last.chosen : chooseGroups(classes);
    this.last = { signatures, chosen };
    return chosen.map((best) => groupOf(classes, best));
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

/** The modules' classes and bases, read once per outline, sorted by path. */
function readModules(modules: readonly { path: string; outline: Pick<ModuleOutline, 'symbols' | 'imports' | 'directives'> }[]): ReadModule[] {
  const read = modules.map(({ path: file, outline }) => {
    let cached = readOfOutline.get(outline);
    if (cached?.file !== file) readOfOutline.set(outline, (cached = readModule(file, outline)));
    return cached;
  });
  return read.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

const readOfOutline = new WeakMap<object, ReadModule>();

function readModule(file: string, outline: Pick<ModuleOutline, 'symbols' | 'imports' | 'directives'>): ReadModule {
  const classes = classesIn(file, outline);
  const bases = outline.symbols.flatMap((s) => s.bases.map((base) => lastPart(base.replace(/\[.*$/s, ''))));
  const classSignatures = classes.map((cls) => [cls.symbol.name, ...[...cls.members].map(([key, member]) => `${key}|${member.lines}`)].join('\u0001'));
  return { file, classes, bases, signature: [file, bases.join('\u0001'), ...classSignatures].join('\u0002') };
}

/**
 * The classes compared, but those other classes derive from: a class that already is a base (a
 * mixin the fix made, `BaseHasher`) is where its subclasses' members belong, not the first of a
 * new chain of bases above it.
 */
function comparedClasses(read: readonly ReadModule[]): ComparedClass[] {
  const bases = new Set<string>();
  for (const module of read) for (const base of module.bases) bases.add(base);
  return read.flatMap((module) => module.classes.filter((cls) => !bases.has(cls.symbol.name)));
}

function classesIn(file: string, outline: Pick<ModuleOutline, 'symbols' | 'imports' | 'directives'>): ComparedClass[] {
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
