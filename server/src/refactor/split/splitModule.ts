/**
 * "Split `models.py` into feature modules": the module becomes a package of the same name with
 * one `<feature>_<stem>.py` per feature group and an `__init__.py` that re-exports every name
 * the module defined, so `from shop.models import Order`, `shop.models.Order`, Django's model
 * registration and migrations see no change.
 *
 * - Each definition keeps its text, decorators and the comments above it; each group keeps the
 *   source order and blank-line layout of its definitions.
 * - Each new module imports exactly the names its code uses: the old import statements as they
 *   were written (importBlock.ts), relative ones one level deeper, and its sibling groups' names,
 *   wrapped at the project's line length.
 * - What several features share is the grouping's `_common` group; its module goes by the same
 *   pattern (`_common_models.py`, the underscore saying it is the package's own) and imports
 *   from no feature module, so features import shared helpers from below, not from each other.
 * - Imports between groups that would form a cycle are broken: a model named in a relation
 *   field becomes Django's lazy `"Model"` string, a name used only inside functions is imported
 *   inside those functions. A cycle of other import-time uses is refused, naming it.
 * - `__init__.py` (packageInit.ts) keeps the statements that use no definition and the old
 *   imports something may still take from it, and lists what it re-exports in `__all__`, so
 *   pyflakes finds nothing new.
 * - A test module becomes sibling test modules its runners still collect (testModuleSplit.ts).
 */
import * as path from 'path';
import type { Tree } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import { CODING_LINE, futureImports } from '../../core/python/moduleHead';
import { outlineModule, type TopLevelSymbol } from '../../core/python/moduleOutline';
import { groupFeatures, type FeatureGroup } from '../../core/features/featureGrouping';
import { routedViews } from '../../core/features/urlEvidence';
import { DEFAULT_SETTINGS } from '../../core/config/settings';
import { refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { moduleWideProblem } from '../analysis/moduleSafety';
import { moduleNameOf, packageOf } from '../../core/python/moduleNames';
import { lineLengthLimit } from '../../core/config/lineLength';
import { testRunners, type TestRunner } from '../../core/config/testDiscovery';
import { fromImportStatement, rebaseModule, rebaseRelativeImports } from '../pythonModules';
import { importStatementsOf, renderImportBlock } from './importBlock';
import { madeAtRunTime, outsideUses } from './moduleImporters';
import { starImportEdits } from './starImporters';
import { initSections, isReexported, oldAllOf, planInit } from './packageInit';
import { keepImportTimeOrder } from './importOrder';
import { wrappingDecorators } from '../analysis/wrappingDecorators';
import { isDistributed } from '../analysis/distribution';
import { collectingRunners, isTestDefinition, sharedTestProblem, testPartNames, testSplitProblem, withoutSharedTests } from './testModuleSplit';
import { dottedStringsNaming } from '../analysis/dottedStrings';
import { reboundGlobalProblem, withReboundGlobalsTogether } from './reboundGlobals';
import { breakCycles, crossGroupUses, mergeImportCycles, rewritesFor } from './siblingImports';
import { patchesOf } from '../analysis/patchTargets';
import { retargetDottedStrings, retargetPatches, retargetSummary } from './patchRetarget';
import { isDocstring, layOut, unitText, unitsOf, type LaidOut, type Unit } from './splitUnits';
import { conditionalImportHome, conditionalImports } from './conditionalImports';
import { checkedEdit } from '../editCheck';
import { boundNames } from '../targetModule';

export interface SplitRequest {
  readonly file: string;
  /** The groups to create; when absent, the core's feature grouping, helped by the URLs routed to the module's views. */
  readonly groups?: readonly FeatureGroup[];
  /** Each new module's file name: `{feature}` and `{module}` replaced. */
  readonly featureModule?: string;
  /**
   * Whether the package keeps the module's public imports importable from it, for code outside
   * the workspace (the `refactor.keepReexports` setting; when absent, whether the package is
   * distributed: an application's modules are imported by the workspace only). Off, it keeps
   * those the workspace takes from it.
   */
  readonly keepReexports?: boolean;
}


export interface SplitPlan {
  readonly title: string;
  readonly result: RefactorResult;
  /** Why no split is offered at all: there is nothing to split (one feature group). */
  readonly notOffered?: string;
}

/** Where each unit goes: a group's module, or the package's `__init__.py`. */
const INIT = '__init__';

/** The split of `request.file` into its feature groups (or the groups asked for), or why it is refused. */
export function splitModule(parser: PythonParser, snapshot: WorkspaceSnapshot, request: SplitRequest): SplitPlan {
  const text = snapshot.read(request.file);
  const stem = path.basename(request.file, '.py');
  const fallbackTitle = `Split \`${stem}.py\` into feature modules`;
  if (text === undefined) return { title: fallbackTitle, result: refuse(`${stem}.py cannot be read`) };
  const tree = parser.parse(text);
  try {
    const split = plan(tree, text, { parser, snapshot, request, stem });
    return { ...split, result: checkedEdit(parser, snapshot, split.result) };
  } finally {
    tree.delete();
  }
}

/** What the plan reads besides the module: the parser, for the workspace's other modules. */
interface PlanContext {
  readonly parser: PythonParser;
  readonly snapshot: WorkspaceSnapshot;
  readonly request: SplitRequest;
  readonly stem: string;
}

/**
 * The split's title, without planning it: what the editor lists before the user picks the
 * action (the plan, made on resolve, has the same title).
 */
export function splitTitle(parser: PythonParser, snapshot: WorkspaceSnapshot, request: SplitRequest): { title: string; refused?: string; notOffered?: string } {
  const text = snapshot.read(request.file);
  const stem = path.basename(request.file, '.py');
  if (text === undefined) return { title: `Split \`${stem}.py\` into feature modules`, refused: `${stem}.py cannot be read` };
  const tree = parser.parse(text);
  try {
    const { title, refused, notOffered } = headingOf(tree, text, { parser, snapshot, request, stem });
    return { title, refused, notOffered };
  } finally {
    tree.delete();
  }
}

/** The groups (the request's, else the feature grouping with the URLs routed to the module's views), whether it is a test module, and the title. */
function headingOf(tree: Tree, text: string, { parser, snapshot, request, stem }: PlanContext) {
  const { outline } = outlineModule(tree, text);
  const groups = (request.groups ?? groupFeatures(outline, { routes: routedViews(parser, snapshot, request.file) })).filter((g) => g.symbols.length > 0);
  const runners = testRunners(snapshot, request.file);
  // A module a test runner collects but that holds no tests (a `testcases.py` of base classes) is split as any other.
  const isTest = collectingRunners(runners, request.file).length > 0 && tree.rootNode.namedChildren.some(isTestDefinition);
  const titleOf = (parts: readonly FeatureGroup[]) => `Split \`${stem}.py\` into ${isTest ? 'test' : 'feature'} modules (${parts.map((g) => g.name).join(', ')})`;
  const refused = refusalAtSight(tree, stem);
  return { outline, groups, runners, isTest, titleOf, title: titleOf(groups), refused, notOffered: refused ? undefined : nothingToSplit(stem, groups) };
}

/** One feature group: no split to offer (unlike a refusal, there is no edit that failed a check). */
function nothingToSplit(stem: string, groups: readonly FeatureGroup[], kept = ''): string | undefined {
  return groups.length < 2 ? `${stem}.py holds one feature group${kept}: there is nothing to split` : undefined;
}

/** Why the module cannot be split, seen without planning (the editor lists the action disabled). */
function refusalAtSight(tree: Tree, stem: string): string | undefined {
  if (stem === '__init__') return 'a package’s `__init__.py` cannot become a package';
  if (stem === 'conftest') return 'pytest reads `conftest.py` by its name: its fixtures cannot move to other modules';
  if (tree.rootNode.hasError) return `${stem}.py has a syntax error`;
  return undefined;
}

function plan(tree: Tree, text: string, context: PlanContext): SplitPlan {
  const { parser, snapshot, request, stem } = context;
  const heading = headingOf(tree, text, context);
  const { outline, runners, isTest, titleOf, refused, notOffered } = heading;
  let { groups, title } = heading;
  const no = (reason: string): SplitPlan => ({ title, result: refuse(reason) });
  const nothing = (reason: string): SplitPlan => ({ ...no(reason), notOffered: reason });
  const packageDir = path.join(path.dirname(request.file), stem);
  if (refused) return no(refused);
  if (notOffered) return nothing(notOffered);
  if (!isTest && (snapshot.exists(packageDir) || snapshot.exists(path.join(packageDir, '__init__.py')))) return no(`a folder \`${stem}/\` exists already`);
  const wide = moduleWideProblem(outline, text, `${stem}.py`);
  if (wide) return no(wide);
  if (!isTest && /\b__file__\b/.test(text)) return no(`${stem}.py uses \`__file__\`: paths computed from it would change one folder down`);

  const groupProblem = invalidGroups(groups, outline.symbols);
  if (groupProblem) return no(groupProblem);
  const { units, trailing, header } = unitsOf(tree, text, outline.symbols);
  const conditional = conditionalImports(units);
  if (typeof conditional === 'string') return no(conditional);
  const together = withReboundGlobalsTogether(groups, units, request.groups === undefined);
  if (typeof together === 'string') return no(together);
  groups = together;
  if (isTest) {
    const separated = withoutSharedTests(groups, units);
    if (typeof separated === 'string') return no(`${stem}.py is a test module and ${separated}`);
    groups = separated;
  }

  // Groups the user chose stay as chosen (a cycle among them is refused below).
  if (!request.groups) groups = mergeImportCycles(groups, units);
  title = titleOf(groups);
  const oneGroup = nothingToSplit(stem, groups, ' once the code sharing a rebound global or used at import time is kept together');
  if (oneGroup) return nothing(oneGroup);
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
    if (destination.has(unit) || unit.symbol?.name === '__all__' || isDocstring(unit, units) || conditional.has(unit)) continue;
    const used = [...units].reverse().find((other) => destination.has(other) && other.symbol?.names.some((n) => unit.uses.some((u) => u.name === n)) && other.firstRow < unit.firstRow);
    destination.set(unit, used ? destination.get(used)! : INIT);
  }
  for (const [unit, bound] of conditional) {
    const home = conditionalImportHome(unit, bound, units, destination, INIT);
    if (typeof home !== 'string') return no(home.refused);
    destination.set(unit, home);
    if (home !== INIT) for (const name of bound) definedIn.set(name, home);
  }

  const moduleOf = moduleNaming(request, stem, isTest ? runners : undefined, groups, snapshot);
  if (typeof moduleOf === 'string') return no(moduleOf);
  const outside = outsideUses(parser, snapshot, request.file);
  const dynamic = madeAtRunTime(outside, new Set([...boundNames(outline), ...[...conditional.values()].flat()]), stem);
  if (dynamic) return no(dynamic);
  if (isTest) {
    const edges = crossGroupUses(units, destination, definedIn);
    const loose = units.filter((u) => destination.get(u) === INIT);
    const testProblem = testSplitProblem(stem, units, destination, loose, outside.importers.filter((f) => !outside.starOnly.has(f))) ?? sharedTestProblem(stem, edges, units);
    if (testProblem) return no(testProblem);
    if (edges.length > 0 && !snapshot.exists(path.join(path.dirname(request.file), '__init__.py'))) {
      return no(`${stem}.py is a test module in a folder that is no package: its parts could not import each other`);
    }
  }
  // The new modules live in the new package (a test module's parts beside it): relative imports change with it.
  const packageName = moduleNameOf(request.file, snapshot);
  const sourcePackage = packageOf(packageName, false);
  const targetPackage = isTest ? sourcePackage : packageName;
  const groupNames = groups.map((g) => g.name);
  const oldAll = oldAllOf(units);
  const siblings = (where: ReadonlyMap<Unit, string>) => breakCycles(groupNames, crossGroupUses(units, where, definedIn));
  const reexported = (group: string) => [...definedIn].some(([name, of]) => of === group && isReexported(name, oldAll));
  // A test module's parts are modules of their own, each imported by the runner.
  const imports = isTest ? { broken: siblings(destination), initOrder: groupNames } : keepImportTimeOrder({ units, groups: groupNames, destination, init: INIT, siblings, reexported, fileName: `${stem}.py`, wrappers: wrappingDecorators(parser, snapshot, request.file, tree.rootNode, outline) });
  if (typeof imports === 'string') return no(imports);
  const { broken, initOrder } = imports;
  if (typeof broken === 'string') return no(broken);
  const rebound = reboundGlobalProblem(units, destination, outside);
  if (rebound) return no(rebound);
  const rewrites = rewritesFor(broken, units, moduleOf);
  if (typeof rewrites === 'string') return no(rewrites);

  const lineLimit = lineLengthLimit(snapshot, request.file);
  const futures = futureImports(tree.rootNode).map((statement) => statement.text);
  const namesUsedBy = new Map<string, Set<string>>();
  for (const unit of units) {
    const where = destination.get(unit) ?? INIT;
    const names = namesUsedBy.get(where) ?? new Set<string>();
    unit.uses.filter((u) => !rewrites.lazy.has(u.node.id)).forEach((u) => names.add(u.name));
    namesUsedBy.set(where, names);
  }
  const dotted = (group: string) => (targetPackage ? `${targetPackage}.${moduleOf(group)}` : moduleOf(group));
  const retargeted = retargetPatches(patchesOf(parser, snapshot, packageName), { module: packageName, file: request.file, namesUsedBy, definedIn, init: INIT, moduleOf: dotted });
  if (typeof retargeted === 'string') return no(retargeted);
  // A test module's path is gone after the split: strings naming its names follow them.
  const strings = isTest ? dottedStringsNaming(parser, snapshot, packageName) : [];
  const named = retargetDottedStrings(strings, { module: packageName, file: request.file, definedIn, moduleOf: dotted }, (row) => units.find((u) => u.firstRow <= row && row <= u.lastRow));
  if (typeof named === 'string') return no(`${stem}.py is a test module and ${named}`);
  const unitEdits = joinEdits(rewrites.edits, named);
  const statements = importStatementsOf(tree);
  const rebase = (module: string) => rebaseModule(module, sourcePackage, targetPackage);
  const importLines = (keep: (name: string) => boolean) => renderImportBlock(statements, { keep: (name) => keep(name) && !definedIn.has(name), rebase, lineLimit });
  const fromSibling = (group: string, names: readonly string[]) => fromImportStatement(`.${moduleOf(group)}`, names, lineLimit);

  // Every unit moves with its module: relative imports written inside it change too.
  const movedText = (unit: Unit, edits: readonly TextEdit[]) =>
    unitText(text, unit, [...edits, ...rebaseRelativeImports([unit.statement], sourcePackage, targetPackage)]);
  const docstring = units.filter((u) => isDocstring(u, units)).map((u) => unitText(text, u, []));
  const moduleHead = [...initComments(header, docstring.length + futures.length > 0), ...docstring, ...futures];
  const lastGroup = destination.get(units[units.length - 1]);
  const folder = isTest ? path.dirname(request.file) : packageDir;
  const files = new Map<string, string>();
  for (const group of groups) {
    const siblings = broken.filter((e) => e.from === group.name && e.strong).map((e) => fromSibling(e.to, e.names));
    const body = layOut(units.filter((u) => destination.get(u) === group.name), (u) => movedText(u, unitEdits.get(u) ?? []));
    if (isTest && trailing && group.name === lastGroup) body.push({ text: trailing, gap: 1 });
    const original = importLines((name) => namesUsedBy.get(group.name)?.has(name) ?? false);
    const imports = original.length > 0 && siblings.length > 0 ? [...original, '', ...siblings] : [...original, ...siblings];
    // A test module's parts are test modules of their own: each keeps its head and docstring.
    files.set(path.join(folder, `${moduleOf(group.name)}.py`), assemble(isTest ? moduleHead : futures, imports, body));
  }
  const parts = [...files.keys()].map((f) => path.basename(f)).join(', ');
  if (isTest) {
    const starred = starImportEdits(outside, groups.map((g) => moduleOf(g.name)));
    const edit = { createFiles: [...files.keys()], edits: joinEdits(insertions(files), starred, retargeted), deleteFiles: [request.file] };
    const also = starred.size > 0 ? `, star-imported where ${stem}.py was` : '';
    return { title, result: { safe: true, edit, summary: `replaces ${stem}.py with ${parts} beside it, test modules its test runners still collect${also}${retargetSummary(retargeted)}` } };
  }

  // __init__.py: the head, the old imports something still needs, the re-exports and __all__,
  // then the old __all__ and the statements that use no definition.
  const init = planInit({
    units,
    groups: groups.map((g) => g.name),
    definedIn,
    imported: [...new Set(statements.flatMap((s) => s.entries.map((e) => e.boundName)))],
    initUses: namesUsedBy.get(INIT) ?? new Set(),
    importingGroup: new Map(groups.flatMap((g) => [...(namesUsedBy.get(g.name) ?? [])].filter((name) => !definedIn.has(name)).map((name) => [name, g.name] as const)).reverse()),
    outside,
    oldAll,
    keepImports: request.keepReexports ?? isDistributed(snapshot, request.file),
  });
  const kept = importLines((name) => init.imports.has(name));
  const { reexports, opening } = initSections(init, initOrder, moduleOf, lineLimit);
  const tail = layOut(units.filter((u) => destination.get(u) === INIT || u.symbol?.name === '__all__'), (u) => movedText(u, []));
  if (opening) tail.splice(0, 1, { text: opening, gap: 0 }, ...tail.slice(0, 1).map((t) => ({ ...t, gap: Math.max(1, t.gap) })));
  if (trailing) tail.push({ text: trailing, gap: 1 });
  const initFile = path.join(packageDir, '__init__.py');
  const created = [initFile, ...files.keys()];
  files.set(initFile, assemble(moduleHead, kept.length > 0 ? [...kept, '', ...reexports] : reexports, tail));
  return {
    title,
    result: {
      safe: true,
      edit: { createFiles: created, edits: joinEdits(insertions(files), retargeted), deleteFiles: [request.file] },
      summary: `replaces ${stem}.py with the package ${stem}/: ${parts} and an __init__.py re-exporting every name it defined${retargetSummary(retargeted)}`,
    },
  };
}

/**
 * Each new module's name for a group: for a test module, sibling test modules its runners
 * collect; otherwise the feature module pattern. A string says why there is none.
 */
function moduleNaming(request: SplitRequest, stem: string, runners: readonly TestRunner[] | undefined, groups: readonly FeatureGroup[], snapshot: WorkspaceSnapshot): ((group: string) => string) | string {
  if (runners) {
    const folder = path.dirname(request.file);
    const names = testPartNames(runners, request.file, groups.map((g) => g.name), (name) => snapshot.exists(path.join(folder, `${name}.py`)) || snapshot.exists(path.join(folder, name)));
    if (typeof names === 'string') return `${stem}.py is a test module and ${names}`;
    return (group) => names.get(group)!;
  }
  const pattern = request.featureModule ?? DEFAULT_SETTINGS.refactor.featureModule;
  if (pattern.includes('/')) return 'the feature module pattern must be a file name inside the new package';
  const moduleOf = (group: string) => pattern.replaceAll('{feature}', group).replaceAll('{module}', stem).replace(/\.py$/, '');
  const names = groups.map((g) => moduleOf(g.name));
  if (new Set(names).size < names.length || names.includes('__init__')) return `the groups' module names collide (${names.join(', ')})`;
  return moduleOf;
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

/** Each new file's whole text, inserted into the empty file. */
/** Edits of several parts of the split, by file; a test file may import and patch the module both. */
function joinEdits<K>(...parts: ReadonlyMap<K, readonly TextEdit[]>[]): Map<K, TextEdit[]> {
  const joined = new Map<K, TextEdit[]>();
  for (const part of parts) for (const [file, edits] of part) joined.set(file, [...(joined.get(file) ?? []), ...edits]);
  return joined;
}

function insertions(files: ReadonlyMap<string, string>): Map<string, TextEdit[]> {
  const start = { line: 0, character: 0 };
  return new Map([...files].map(([file, content]) => [file, [{ range: { start, end: start }, newText: content }]]));
}
