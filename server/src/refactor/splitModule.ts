/**
 * "Split `models.py` into feature modules": the module becomes a package of the same name with
 * one `<feature>_<stem>.py` per feature group and an `__init__.py` that re-exports every name
 * the module defined, so `from shop.models import Order`, `shop.models.Order`, Django's model
 * registration and migrations see no change.
 *
 * - Each definition keeps its text, decorators and the comments above it; each group keeps the
 *   source order and blank-line layout of its definitions.
 * - Each new module imports exactly the names its code uses: the original imports (in their
 *   original style, relative ones made one level deeper) and its sibling groups' names.
 * - What several features share is the grouping's `_common` group; its module goes by the same
 *   pattern (`_common_models.py`, the underscore saying it is the package's own) and imports
 *   from no feature module, so features import shared helpers from below, not from each other.
 * - Imports between groups that would form a cycle are broken: a model named in a relation
 *   field becomes Django's lazy `"Model"` string, a name used only inside functions is imported
 *   inside those functions. A cycle of other import-time uses is refused, naming it.
 * - `__init__.py` keeps every import of the old module (other modules may import those names
 *   from it; some imports run for their side effects), the statements that use no definition
 *   and `__all__`.
 */
import * as path from 'path';
import type { Tree } from 'web-tree-sitter';
import type { PythonParser } from '../core/parse/pythonParser';
import { CODING_LINE, futureImports } from '../core/python/moduleHead';
import { outlineModule, type TopLevelSymbol } from '../core/python/moduleOutline';
import { groupFeatures, type FeatureGroup } from '../core/features/featureGrouping';
import { DEFAULT_SETTINGS } from '../core/config/settings';
import { refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from './domainEdit';
import { moduleWideProblem } from './moduleSafety';
import { moduleNameOf, packageOf } from '../core/python/moduleNames';
import { rebaseRelativeImports, renderImports } from './pythonModules';
import { breakCycles, crossGroupUses, rewritesFor } from './siblingImports';
import { patchesOf } from './patchTargets';
import { isDocstring, layOut, unitText, unitsOf, unmovableStatement, type LaidOut, type Unit } from './splitUnits';
import { checkedEdit } from './editCheck';

export interface SplitRequest {
  readonly file: string;
  /** The groups to create; the core's feature grouping when absent. */
  readonly groups?: readonly FeatureGroup[];
  /** Each new module's file name: `{feature}` and `{module}` replaced. */
  readonly featureModule?: string;
}


export interface SplitPlan {
  readonly title: string;
  readonly result: RefactorResult;
}

/** Where each unit goes: a group's module, or the package's `__init__.py`. */
const INIT = '__init__';

export function splitModule(parser: PythonParser, snapshot: WorkspaceSnapshot, request: SplitRequest): SplitPlan {
  const text = snapshot.read(request.file);
  const stem = path.basename(request.file, '.py');
  const fallbackTitle = `Split \`${stem}.py\` into feature modules`;
  if (text === undefined) return { title: fallbackTitle, result: refuse(`${stem}.py cannot be read`) };
  const tree = parser.parse(text);
  try {
    const split = plan(parser, tree, text, snapshot, request, stem);
    return { ...split, result: checkedEdit(parser, snapshot, split.result) };
  } finally {
    tree.delete();
  }
}

function plan(parser: PythonParser, tree: Tree, text: string, snapshot: WorkspaceSnapshot, request: SplitRequest, stem: string): SplitPlan {
  const { outline } = outlineModule(tree, text);
  const groups = (request.groups ?? groupFeatures(outline)).filter((g) => g.symbols.length > 0);
  const title = `Split \`${stem}.py\` into feature modules (${groups.map((g) => g.name).join(', ')})`;
  const no = (reason: string): SplitPlan => ({ title, result: refuse(reason) });
  const packageDir = path.join(path.dirname(request.file), stem);
  if (stem === '__init__') return no('a package’s `__init__.py` cannot become a package');
  if (tree.rootNode.hasError) return no(`${stem}.py has a syntax error`);
  if (groups.length < 2) return no(`${stem}.py holds one feature group: there is nothing to split`);
  if (snapshot.exists(packageDir) || snapshot.exists(path.join(packageDir, '__init__.py'))) return no(`a folder \`${stem}/\` exists already`);
  const wide = moduleWideProblem(outline, text, `${stem}.py`);
  if (wide) return no(wide);
  if (/\b__file__\b/.test(text)) return no(`${stem}.py uses \`__file__\`: paths computed from it would change one folder down`);

  const groupProblem = invalidGroups(groups, outline.symbols);
  if (groupProblem) return no(groupProblem);
  const patched = patchedName(parser, snapshot, request.file, outline.symbols);
  if (patched) return no(patched);
  const { units, trailing, header } = unitsOf(tree, text, outline.symbols);
  const problem = unmovableStatement(units);
  if (problem) return no(problem);

  const groupOfName = new Map<string, string>();
  for (const group of groups) for (const name of group.symbols) groupOfName.set(name, group.name);
  const destination = new Map<Unit, string>();
  const definedIn = new Map<string, string>();
  for (const unit of units) {
    if (unit.symbol?.name === '__all__' || isDocstring(unit, units)) continue;
    if (unit.symbol) {
      const group = groupOfName.get(unit.symbol.name)!;
      for (const name of unit.symbol.names) {
        const earlier = definedIn.get(name);
        if (earlier && earlier !== group) return no(`\`${name}\` is assigned in two groups (${earlier}, ${group}); keep its assignments together`);
        definedIn.set(name, group);
      }
      destination.set(unit, group);
    }
  }
  // A module-level statement that is not a definition (a registration call, a setting) runs
  // after the last definition it uses, in that definition's module; using none, in __init__.py.
  for (const unit of units) {
    if (destination.has(unit) || unit.symbol?.name === '__all__' || isDocstring(unit, units)) continue;
    const used = [...units].reverse().find((other) => destination.has(other) && other.symbol?.names.some((n) => unit.uses.some((u) => u.name === n)) && other.firstRow < unit.firstRow);
    destination.set(unit, used ? destination.get(used)! : INIT);
  }

  const pattern = request.featureModule ?? DEFAULT_SETTINGS.refactor.featureModule;
  const moduleOf = (group: string) => pattern.replaceAll('{feature}', group).replaceAll('{module}', stem).replace(/\.py$/, '');
  if (pattern.includes('/')) return no('the feature module pattern must be a file name inside the new package');
  const names = groups.map((g) => moduleOf(g.name));
  if (new Set(names).size < names.length || names.includes('__init__')) return no(`the groups' module names collide (${names.join(', ')})`);
  // The new modules and __init__.py all live in the new package: relative imports gain a level.
  const packageName = moduleNameOf(request.file, snapshot);
  const sourcePackage = packageOf(packageName, false);
  const edges = crossGroupUses(units, destination, definedIn);
  const broken = breakCycles(groups.map((g) => g.name), edges);
  if (typeof broken === 'string') return no(broken);
  const rewrites = rewritesFor(broken, units, moduleOf);
  if (typeof rewrites === 'string') return no(rewrites);

  const futures = futureImports(tree.rootNode).map((statement) => statement.text);
  const namesUsedBy = new Map<string, Set<string>>();
  for (const unit of units) {
    const where = destination.get(unit) ?? INIT;
    const names = namesUsedBy.get(where) ?? new Set<string>();
    unit.uses.filter((u) => !rewrites.lazy.has(u.node.id)).forEach((u) => names.add(u.name));
    namesUsedBy.set(where, names);
  }
  const imports = outline.imports.filter((b) => !definedIn.has(b.localName));
  const importsOf = (where: string) => imports.filter((b) => namesUsedBy.get(where)?.has(b.localName));

  // Every unit lands one package down: relative imports written inside it gain a level too.
  const movedText = (unit: Unit, edits: readonly TextEdit[]) =>
    unitText(text, unit, [...edits, ...rebaseRelativeImports([unit.statement], sourcePackage, packageName)]);
  const files = new Map<string, string>();
  for (const group of groups) {
    const siblings = broken
      .filter((e) => e.from === group.name && e.strong)
      .map((e) => `from .${moduleOf(e.to)} import ${e.names.join(', ')}`);
    const body = layOut(units.filter((u) => destination.get(u) === group.name), (u) => movedText(u, rewrites.edits.get(u) ?? []));
    const original = renderImports(importsOf(group.name), sourcePackage, packageName);
    const importLines = original.length > 0 && siblings.length > 0 ? [...original, '', ...siblings] : [...original, ...siblings];
    files.set(path.join(packageDir, `${moduleOf(group.name)}.py`), assemble(futures, importLines, body));
  }

  // __init__.py: the head comments and docstring, every import of the old module (other code may
  // import those names from it, and some imports run for their side effects), the re-exports, then
  // __all__ and the statements that use no definition.
  const reexports = groups.map((g) => `from .${moduleOf(g.name)} import ${namesOf(g, units, definedIn).join(', ')}`);
  const docstring = units.filter((u) => isDocstring(u, units)).map((u) => unitText(text, u, []));
  const tail = layOut(units.filter((u) => destination.get(u) === INIT || u.symbol?.name === '__all__'), (u) => movedText(u, []));
  if (trailing) tail.push({ text: trailing, gap: 1 });
  const init = assemble([...initComments(header, docstring.length + futures.length > 0), ...docstring, ...futures], [...renderImports(imports, sourcePackage, packageName), ...reexports], tail);

  const initFile = path.join(packageDir, '__init__.py');
  const created = [initFile, ...files.keys()];
  const edits = new Map<string, TextEdit[]>([[initFile, [insertAll(init)]], ...[...files].map(([file, content]) => [file, [insertAll(content)]] as [string, TextEdit[]])]);
  return {
    title,
    result: {
      safe: true,
      edit: { createFiles: created, edits, deleteFiles: [request.file] },
      summary: `replaces ${stem}.py with the package ${stem}/: ${[...files.keys()].map((f) => path.basename(f)).join(', ')} and an __init__.py re-exporting every name`,
    },
  };
}

/** Groups chosen by the user must name each definition once, with names fit for a module. */
function invalidGroups(groups: readonly FeatureGroup[], symbols: readonly TopLevelSymbol[]): string | undefined {
  // __all__ is not a feature's: it moves to __init__.py whatever group it is in.
  const known = new Set(symbols.map((s) => s.name).filter((name) => name !== '__all__'));
  const seen = new Set<string>();
  for (const group of groups) {
    if (!/^[A-Za-z_]\w*$/.test(group.name)) return `\`${group.name}\` cannot name a module`;
    for (const name of group.symbols) {
      if (name === '__all__') continue;
      if (!known.has(name)) return `\`${name}\` is not a top-level definition of the module`;
      if (seen.has(name)) return `\`${name}\` is in two groups`;
      seen.add(name);
    }
  }
  const missing = [...known].find((name) => !seen.has(name));
  return missing ? `\`${missing}\` is in no group` : undefined;
}

/**
 * Tests that patch a name the module's code looks up (`patch("shop.views.send_mail")`) would
 * patch the re-export in `__init__.py` while the code runs in a feature module.
 */
function patchedName(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string, symbols: readonly TopLevelSymbol[]): string | undefined {
  const patch = patchesOf(parser, snapshot, moduleNameOf(file, snapshot))[0];
  if (!patch) return undefined;
  const what = symbols.some((s) => s.names.includes(patch.name)) ? 'its code calls' : 'it imports';
  return `${patch.description}, which ${what}; after the split the feature modules would not see the patch (patch it where it is used)`;
}

/** Every name the group defines (its re-exports), in source order. */
function namesOf(group: FeatureGroup, units: readonly Unit[], definedIn: ReadonlyMap<string, string>): string[] {
  return units.flatMap((u) => u.symbol?.names ?? []).filter((name, i, all) => definedIn.get(name) === group.name && all.indexOf(name) === i);
}

/**
 * The old module's head comments as `__init__.py` starts (a blank line below them when they had
 * one and more head follows), but for an encoding declaration: the new files are written as
 * UTF-8, which it would misdescribe.
 */
function initComments(header: readonly string[], moreHead: boolean): string[] {
  const kept = header.filter((line) => !CODING_LINE.test(line));
  while (kept.length > 0 && kept[0].trim() === '') kept.shift();
  if (kept.length === 0) return [];
  const blankBelow = kept[kept.length - 1].trim() === '';
  while (kept[kept.length - 1].trim() === '') kept.pop();
  return blankBelow && moreHead ? [...kept, ''] : kept;
}

/**
 * A module: head (docstring, __future__), imports, then the code two blank lines below them, as
 * PEP 8 has it; below a head alone, one blank line unless the code opens with a definition.
 */
function assemble(head: readonly string[], imports: readonly string[], body: readonly LaidOut[]): string {
  const code = body.map((b, i) => (i === 0 ? b.text : `${'\n'.repeat(b.gap)}${b.text}`)).join('\n');
  let out = head.length > 0 ? `${head.join('\n')}\n` : '';
  if (imports.length > 0) out += `${out ? '\n' : ''}${imports.join('\n')}\n`;
  const definitionFirst = /^(@|class\s|def\s|async\s+def\s)/.test(code);
  if (code) out += `${out ? (imports.length > 0 || definitionFirst ? '\n\n' : '\n') : ''}${code}\n`;
  return out;
}

function insertAll(content: string): TextEdit {
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: content };
}
