/**
 * What the new package's `__init__.py` imports and re-exports, so that every name the rest of
 * the workspace takes from the old module is still there and pyflakes finds nothing new: each
 * re-export is listed in `__all__` (a new one when the old module had none; an old one is kept
 * as it was, so `from pkg import *` exports the same names), and an old import stays only where
 * something needs it (code left in `__init__.py`, other modules, `__all__`) or where it was
 * unused already (kept for its side effects, as the author had it).
 */
import type { Node } from 'web-tree-sitter';
import type { OutsideUses } from './moduleImporters';
import type { Unit } from './splitUnits';

/** The old module's `__all__`: its names when it is a list or tuple of strings, `dynamic` when computed. */
export type OldAll = readonly string[] | 'dynamic' | undefined;

export interface InitPlan {
  /** The old imports `__init__.py` keeps, by the names they bind. */
  readonly imports: ReadonlySet<string>;
  /** Per group, the names it re-exports, in source order. */
  readonly reexports: ReadonlyMap<string, readonly string[]>;
  /** The `__all__` to write; undefined when the old one moves in as it was. */
  readonly all?: readonly string[];
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
  readonly outside: OutsideUses;
  readonly oldAll: OldAll;
}

export function planInit(input: InitInput): InitPlan {
  const { units, definedIn, outside, oldAll } = input;
  const listed = (name: string) => oldAll === 'dynamic' || (oldAll?.includes(name) ?? false);
  const needed = (name: string) => outside.anyName || outside.names.has(name) || listed(name);
  const usedByCode = new Set(units.flatMap((u) => u.uses.map((use) => use.name)));
  const imports = new Set(input.imported.filter((name) => input.initUses.has(name) || needed(name) || !usedByCode.has(name)));

  const defined = [...new Set(units.flatMap((u) => u.symbol?.names ?? []))].filter((name) => definedIn.has(name));
  const reexports = new Map<string, string[]>();
  for (const group of input.groups) {
    const names = defined.filter((name) => definedIn.get(name) === group);
    const exported = names.filter((name) => needed(name) || (oldAll === undefined && !name.startsWith('_')));
    // A group nothing needs is still imported: its module may register models or signal handlers.
    reexports.set(group, exported.length > 0 ? exported : names);
  }
  if (oldAll !== undefined) return { imports, reexports };
  const importedNeeded = input.imported.filter((name) => imports.has(name) && (outside.anyName || outside.names.has(name)));
  return { imports, reexports, all: [...new Set([...importedNeeded, ...input.groups.flatMap((g) => reexports.get(g) ?? [])])] };
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

/** `__all__ = ["a", "b"]`, wrapped one name a line as black writes it when longer than the limit. */
export function renderAll(names: readonly string[], lineLimit: number): string {
  const quoted = names.map((name) => JSON.stringify(name));
  const line = `__all__ = [${quoted.join(', ')}]`;
  return line.length <= lineLimit ? line : ['__all__ = [', ...quoted.map((q) => `    ${q},`), ']'].join('\n');
}
