/**
 * What the new package's `__init__.py` imports and re-exports, so that every name code could
 * take from the old module is still there and pyflakes finds nothing new (an unused import was
 * +33 to +64 messages a project):
 *
 * - Every definition is re-exported and listed in a new `__all__`. An old `__all__` is kept as it
 *   was, so `from pkg import *` exports the same names; a definition it does not list is assigned
 *   from its module instead (`Order = order_models.Order`), which pyflakes does not flag.
 * - An old import stays where code may need it: public ones (listed in the new `__all__`; with
 *   keep-reexports off, only those the workspace imports from the module), those an old
 *   `__all__` lists, those the code left in `__init__.py` uses, and those the module did not use
 *   (kept for their side effects, with the message they had).
 */
import type { Node } from 'web-tree-sitter';
import { fromImportStatement } from '../pythonModules';
import type { OutsideUses } from './moduleImporters';
import type { Unit } from './splitUnits';

/** The old module's `__all__`: its names when it is a list or tuple of strings, `dynamic` when computed. */
export type OldAll = readonly string[] | 'dynamic' | undefined;

export interface InitPlan {
  /** The old imports `__init__.py` keeps, by the names they bind. */
  readonly imports: ReadonlySet<string>;
  /** Per group, the names it re-exports, in source order. */
  readonly reexports: ReadonlyMap<string, readonly string[]>;
  /** Per group, the names assigned from its module (`Order = order_models.Order`). */
  readonly assigned: ReadonlyMap<string, readonly string[]>;
  /** The `__all__` to write, its definitions and its imports; undefined when the old one moves in as it was. */
  readonly all?: { readonly definitions: readonly string[]; readonly imports: readonly string[] };
}

export interface InitInput {
  readonly units: readonly Unit[];
  readonly groups: readonly string[];
  /** The group defining each name. */
  readonly definedIn: ReadonlyMap<string, string>;
  /** The names the old imports bind, in order. */
  readonly imported: readonly string[];
  /** Names read by the code that stays in `__init__.py`. */
  readonly initUses: ReadonlySet<string>;
  /** For an imported name, a group whose module imports it too. */
  readonly importingGroup: ReadonlyMap<string, string>;
  readonly outside: OutsideUses;
  readonly oldAll: OldAll;
  /** Whether every public import stays importable (code outside the workspace may import it), or only those the workspace takes. */
  readonly keepImports: boolean;
}

/** What `__init__.py` keeps of the old imports, and how it re-exports each group's definitions. */
export function planInit(input: InitInput): InitPlan {
  const { units, definedIn, outside, oldAll } = input;
  const isPublic = (name: string) => !name.startsWith('_');
  const listed = (name: string) => oldAll === 'dynamic' || (oldAll?.includes(name) ?? false);
  // A star import takes `__all__`, or without one every public name.
  const fromOutside = (name: string) => outside.anyName || outside.names.has(name) || (outside.starImported && oldAll === undefined && isPublic(name));
  // Without an old __all__ every public import stays importable from the package: code the
  // workspace does not hold (migrations, other projects) may import it from there.
  const exported = (name: string) => fromOutside(name) || listed(name) || (oldAll === undefined && isPublic(name) && input.keepImports);
  const usedByCode = new Set(units.flatMap((u) => u.uses.map((use) => use.name)));
  // Another module's import of a name an old __all__ does not list is assigned too, from a feature module importing it.
  const assignedImport = (name: string) => Array.isArray(oldAll) && !listed(name) && fromOutside(name) && !input.initUses.has(name) && input.importingGroup.has(name);
  const imports = new Set(input.imported.filter((name) => !assignedImport(name) && (input.initUses.has(name) || exported(name) || !usedByCode.has(name))));
  // Every definition stays importable from its old path, and models and signal handlers get
  // registered: re-exported, or with an old __all__ not listing it, assigned from its module
  // (an import of it would be unused to pyflakes, and listing it would change `import *`).
  const defined = [...definedIn.keys()];
  const ofGroup = (group: string, keep: (name: string) => boolean) => defined.filter((name) => definedIn.get(name) === group && keep(name));
  const reexports = new Map(input.groups.map((group) => [group, ofGroup(group, (name) => isReexported(name, oldAll))]));
  if (oldAll !== undefined) {
    const assignedImports = input.imported.filter(assignedImport);
    const assigned = (group: string) => [...ofGroup(group, (name) => !listed(name)), ...assignedImports.filter((name) => input.importingGroup.get(name) === group)];
    return { imports, reexports, assigned: new Map(input.groups.map((group) => [group, assigned(group)])) };
  }
  // An import the old module did not use keeps the message it had (it is there for its side effect).
  const reexportedImports = input.imported.filter((name) => imports.has(name) && exported(name) && (usedByCode.has(name) || fromOutside(name)));
  return { imports, reexports, assigned: new Map(), all: { definitions: input.groups.flatMap((g) => reexports.get(g)!), imports: reexportedImports } };
}

/** Whether `__init__.py` imports the definition from its module (else it assigns it, off an old `__all__`). */
export function isReexported(name: string, oldAll: OldAll): boolean {
  return oldAll === undefined || oldAll === 'dynamic' || oldAll.includes(name);
}

/** The old module's `__all__` from its assignment statement. */
export function oldAllOf(units: readonly Unit[]): OldAll {
  const statements = units.filter((u) => u.symbol?.names.includes('__all__')).map((u) => u.statement);
  if (statements.length === 0) return undefined;
  const value = statements.length === 1 ? assignedValue(statements[0]) : undefined;
  if (!value || !['list', 'tuple'].includes(value.type)) return 'dynamic';
  const strings = value.namedChildren.filter((e) => e.type !== 'comment');
  if (!strings.every((e) => e.type === 'string' && !e.namedChildren.some((c) => c.type === 'interpolation'))) return 'dynamic';
  return strings.map((e) => e.namedChildren.find((c) => c.type === 'string_content')?.text ?? '');
}

function assignedValue(statement: Node): Node | undefined {
  const assignment = statement.namedChild(0);
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== '__all__') return undefined;
  return assignment.childForFieldName('right') ?? undefined;
}

/**
 * The re-exports of `__init__.py`, and what opens its code: the new `__all__`, or the names an old
 * `__all__` does not list, assigned from their modules.
 */
export function initSections(init: InitPlan, groups: readonly string[], moduleOf: (group: string) => string, lineLimit: number): { reexports: string[]; opening?: string } {
  const assigned = groups.filter((g) => (init.assigned.get(g) ?? []).length > 0);
  const reexports = groups.filter((g) => init.reexports.get(g)!.length > 0).map((g) => fromImportStatement(`.${moduleOf(g)}`, init.reexports.get(g)!, lineLimit));
  if (assigned.length > 0) reexports.push(fromImportStatement('.', assigned.map(moduleOf), lineLimit));
  if (init.all) return { reexports, opening: renderAll(init.all, lineLimit) };
  const assignment = (name: string, module: string) => {
    const line = `${name} = ${module}.${name}`;
    return line.length <= lineLimit ? line : `${name} = (\n    ${module}.${name}\n)`;
  };
  const assignments = assigned.flatMap((g) => init.assigned.get(g)!.map((name) => assignment(name, moduleOf(g))));
  return { reexports, opening: assignments.length > 0 ? ['# Not in __all__, and importable from here as before.', ...assignments].join('\n') : undefined };
}

/**
 * `__all__ = ["a", "b"]`, wrapped one name a line as black writes it when longer than the limit;
 * the imported names after the definitions, under a comment saying why they are there.
 */
function renderAll(all: NonNullable<InitPlan['all']>, lineLimit: number): string {
  const quoted = (names: readonly string[]) => names.map((name) => `    ${JSON.stringify(name)},`);
  const line = `__all__ = [${[...all.definitions, ...all.imports].map((name) => JSON.stringify(name)).join(', ')}]`;
  if (all.imports.length === 0 && line.length <= lineLimit) return line;
  const why = all.imports.length > 0 ? ['    # Imported by the old module: code may import them from here.'] : [];
  return ['__all__ = [', ...quoted(all.definitions), ...why, ...quoted(all.imports), ']'].join('\n');
}
