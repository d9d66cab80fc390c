/**
 * Splitting a test module. A package with `__init__.py` re-exports would hide its parts from
 * pytest (`login_test_views.py` matches no `python_files` pattern) or, when they do match, make
 * Django's unittest discovery run every re-exported test case twice. So a test module is split
 * into sibling test modules that keep the project's discovery pattern (`tests/test_views.py` →
 * `tests/test_views_login.py`, `tests/test_views_logout.py`, shared helpers in
 * `tests/views_common.py`), and only when nothing depends on the module being one:
 *
 * - no other module imports it (its names would be gone);
 * - nothing applies to the whole module (`pytestmark`, `setUpModule`, an autouse fixture) and no
 *   statement runs at import time outside the test groups;
 * - a fixture is used by one group only (a part would not see another part's fixtures);
 * - no part imports a class or function holding tests from another (they would run twice);
 * - no string names the module by its dotted path (`override_settings(X="shop.tests.test_views.x")`).
 *
 * What the runners collect (a `test*` function, a `Test*` class, any `unittest.TestCase` subclass
 * with tests of its own or inherited) never goes to the shared helpers' module, which no runner
 * collects: shared tests go to a part of their own.
 */
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import { runnersCollecting, globMatches, type TestRunner } from '../../core/config/testDiscovery';
import type { FeatureGroup } from '../../core/features/featureGrouping';
import type { GroupEdge } from './siblingImports';
import type { Unit } from './splitUnits';

/** The group the feature grouping gives what several features share. */
const COMMON = '_common';
/** Names that apply to every test of a module. */
const MODULE_WIDE = new Set(['pytestmark', 'setUpModule', 'tearDownModule', 'load_tests', '__all__']);

/** The runners that collect the module: empty for a module that is not a test module. */
export function collectingRunners(runners: readonly TestRunner[], file: string): TestRunner[] {
  return runnersCollecting(runners, path.basename(file));
}

/** Why the test module cannot be split into sibling test modules, or undefined. */
export function testSplitProblem(stem: string, units: readonly Unit[], destination: ReadonlyMap<Unit, string>, loose: readonly Unit[], importers: readonly string[]): string | undefined {
  const why = (reason: string) => `${stem}.py is a test module and ${reason}`;
  if (importers.length > 0) return why(`${path.basename(importers[0])} imports it: split into sibling test modules, it would be gone`);
  const moduleWide = units.flatMap((u) => u.symbol?.names ?? []).find((name) => MODULE_WIDE.has(name));
  if (moduleWide) return why(`\`${moduleWide}\` applies to all of it: split it by hand`);
  if (loose.length > 0) return why(`line ${loose[0].statement.startPosition.row + 1} runs when it is imported, for no test group: split it by hand`);
  for (const unit of units.filter(isFixture)) {
    const name = unit.symbol!.name;
    if (/\bautouse\s*=\s*True\b/.test(unit.statement.text)) return why(`its fixture \`${name}\` is autouse, for every test of the module: move it to conftest.py first`);
    const word = new RegExp(`\\b${name}\\b`);
    const user = units.find((u) => u !== unit && destination.get(u) !== destination.get(unit) && word.test(u.statement.text));
    if (user) return why(`its fixture \`${name}\` is used by \`${user.symbol?.name ?? 'code'}\` of another group: move it to conftest.py first`);
  }
  return undefined;
}

/** Why the parts would need a test class or function of another part, or undefined. */
export function sharedTestProblem(stem: string, edges: readonly GroupEdge[], units: readonly Unit[]): string | undefined {
  const running = testRunningNames(units);
  for (const edge of edges) {
    const shared = edge.names.find((name) => running.has(name));
    if (shared) return `${stem}.py is a test module and \`${shared}\` holds tests that ${edge.from} uses: importing it into another test module would run its tests twice`;
  }
  return undefined;
}

/** Names the test groups may take for the tests the grouping found shared, tried in order. */
const SHARED_TEST_GROUPS = ['general', 'shared', 'other'];

/**
 * The groups with every test a runner would run moved out of `_common` (no runner collects its
 * module: they would silently stop running) into a group of their own, which names a collected part.
 */
export function withoutSharedTests(groups: readonly FeatureGroup[], units: readonly Unit[]): FeatureGroup[] | string {
  const running = testRunningNames(units);
  const common = groups.find((g) => g.name === COMMON);
  const tests = common?.symbols.filter((name) => running.has(name)) ?? [];
  if (tests.length === 0) return [...groups];
  const name = SHARED_TEST_GROUPS.find((candidate) => !groups.some((g) => g.name === candidate));
  if (!name) return `its shared tests (\`${tests[0]}\`) need a part of their own and every name for one is a group's`;
  const rest = common!.symbols.filter((symbol) => !running.has(symbol));
  const moved = groups.map((g) => (g === common ? { ...g, symbols: rest } : g)).filter((g) => g.symbols.length > 0);
  return [...moved, { name, symbols: tests, codeLines: 0 }];
}

/** Base classes whose subclasses unittest collects: `unittest.TestCase`, Django's and DRF's `…TestCase`s. */
const TEST_CASE_BASE = /(^|\.)\w*TestCase$/;

/**
 * The module's definitions a runner would run tests of: `test*` functions (pytest), and classes
 * that are collected (a `TestCase` subclass, or named as pytest's `python_classes` may collect) and
 * hold tests of their own or through a base. A base from elsewhere that is no `TestCase` may
 * bring tests (a mixin of test methods), so it counts as holding some.
 */
export function testRunningNames(units: readonly Unit[]): Set<string> {
  const classes = new Map<string, Node>();
  for (const unit of units) {
    const definition = definitionOf(unit.statement);
    if (definition?.type === 'class_definition') classes.set(definition.childForFieldName('name')!.text, definition);
  }
  const basesOf = (definition: Node) => (definition.childForFieldName('superclasses')?.namedChildren ?? []).filter((b) => b.type !== 'keyword_argument' && b.type !== 'comment').map((b) => b.text);
  const memo = new Map<string, { collected: boolean; tests: boolean }>();
  const classify = (name: string): { collected: boolean; tests: boolean } => {
    const definition = classes.get(name)!;
    const known = memo.get(name);
    if (known) return known;
    memo.set(name, { collected: false, tests: false }); // a cycle of bases is no Python class
    let collected = TEST_CLASS_NAME.test(name);
    let tests = holdsTests(definition);
    for (const base of basesOf(definition)) {
      if (classes.has(base) && base !== name) {
        const of = classify(base);
        collected ||= of.collected;
        tests ||= of.tests;
      } else if (TEST_CASE_BASE.test(base)) collected = true;
      else if (base !== 'object') tests = true;
    }
    memo.set(name, { collected, tests });
    return { collected, tests };
  };
  const running = new Set<string>();
  for (const unit of units) {
    const definition = definitionOf(unit.statement);
    const name = definition?.childForFieldName('name')?.text;
    if (!name) continue;
    if (definition!.type === 'function_definition' ? name.startsWith('test') : classify(name).collected && classify(name).tests) running.add(name);
  }
  return running;
}

function definitionOf(statement: Node): Node | null {
  return statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
}

/** `@pytest.fixture`, `@pytest.fixture(scope=…)`, `@fixture`. */
function isFixture(unit: Unit): boolean {
  const statement = unit.statement;
  return statement.type === 'decorated_definition' && statement.namedChildren.some((d) => d.type === 'decorator' && /^@\s*(\w+\.)*fixture\b/.test(d.text));
}

/** A test function, or a class with test methods of its own: what a runner runs where it is defined or imported. */
function holdsTests(statement: Node): boolean {
  const definition = definitionOf(statement);
  if (definition?.type === 'function_definition') return definition.childForFieldName('name')!.text.startsWith('test');
  if (definition?.type !== 'class_definition') return false;
  return (definition.childForFieldName('body')?.namedChildren ?? []).some((member) => member.type !== 'class_definition' && holdsTests(member));
}

/** A class named as test classes are (`TestOrders`, `OrderTests`, `OrderTestCase`). */
const TEST_CLASS_NAME = /^Test|Tests?$|TestCase$/;

/** Tests, or a class named as test classes are, whose tests may be inherited. */
export function isTestDefinition(statement: Node): boolean {
  const definition = definitionOf(statement);
  return holdsTests(statement) || (definition?.type === 'class_definition' && TEST_CLASS_NAME.test(definition.childForFieldName('name')!.text));
}

/**
 * The parts' module names: the first naming that every runner collecting the old module also
 * collects (`test_views_login`, `test_login`, `views_login_test`) and that names no existing
 * file; shared helpers go to `<subject>_common`, which no runner need collect. A string says why
 * there is none.
 */
export function testPartNames(runners: readonly TestRunner[], file: string, groups: readonly string[], taken: (name: string) => boolean): Map<string, string> | string {
  const stem = path.basename(file, '.py');
  const collecting = collectingRunners(runners, file);
  const subject = subjectOf(stem, collecting);
  const prefix = subject ? `${subject}_` : '';
  const testFirst = [(f: string) => `test_${prefix}${f}`];
  const testLast = [(f: string) => `${prefix}${f}_test`, (f: string) => `${prefix}${f}_tests`];
  // The author's style first: `test_views.py` → `test_views_login.py`, `views_test.py` → `views_login_test.py`.
  const schemes = [(f: string) => `${stem}_${f}`, ...(/_tests?$/.test(stem) ? [...testLast, ...testFirst] : [...testFirst, ...testLast])];
  const common = `${subject || stem}${COMMON}`;
  for (const scheme of schemes) {
    const names = new Map(groups.map((g) => [g, g === COMMON ? common : scheme(g)]));
    const parts = [...names.values()];
    const collected = [...names].every(([g, name]) => g === COMMON || collecting.every((runner) => runner.patterns.some((p) => globMatches(p, `${name}.py`))));
    if (collected && new Set(parts).size === parts.length && !parts.some(taken)) return names;
  }
  return `no names for its parts keep the test discovery pattern (${collecting.flatMap((r) => r.patterns).join(', ')}) without clashing with existing modules`;
}

/** What a test module tests: what its pattern's `*` stands for (`views` in `test_views`, `check_views`), else its name without `test`. */
function subjectOf(stem: string, collecting: readonly TestRunner[]): string {
  for (const pattern of collecting.flatMap((r) => r.patterns).filter((p) => p.split('*').length === 2 && /^[\w*]+\.py$/.test(p))) {
    const [before, after] = pattern.replace(/\.py$/, '').split('*');
    if (!stem.startsWith(before) || !stem.endsWith(after) || stem.length < before.length + after.length) continue;
    const subject = stem.slice(before.length, stem.length - after.length).replace(/^_+|_+$/g, '');
    if (subject.length > 1) return subject;
  }
  return stem.replace(/^tests?_?/, '').replace(/_?tests?$/, '');
}
