/**
 * Rule `mixed-responsibilities` (hard stage, a hint): a class whose methods fall into unrelated
 * feature groups ("`OrderService` mixes payment, shipment and coupon"). The methods are grouped
 * by the same feature grouping that splits long modules (features/featureGrouping.ts), as if they
 * were a module's functions: names and the project's model classes they use give the features,
 * calls between methods the connections. Only groups about a model count (a group of
 * `get_srid`/`set_srid` is an aspect of the class, not a feature of the project). Groups that call each other are one responsibility;
 * the class's own word (`order` for `OrderService`) is its core, not a second responsibility.
 *
 * A rule of its own rather than a `hand-rolled` entry: no library replaces it, the fix (one class
 * per group) is the user's design, and it is a hint, not a suggestion to adopt a dependency.
 * Test classes are left out: a test case exercising several features is normal.
 */
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import type { ClassShape } from '../core/handRolled/classMethods';
import type { ImportBinding, TopLevelSymbol } from '../core/python/moduleOutline';
import { groupFeatures, type ProposedFeatureGroup } from '../core/features/featureGrouping';
import { nameTokens } from '../core/features/nameTokens';
import { isModelImport } from '../core/features/djangoClasses';
import type { ModuleFacts, ProjectSources } from './projectDetector';

/**
 * Each module's findings, kept while its facts are the same object: they depend on nothing else,
 * and grouping the methods of every class again on each change (600 ms over Django's 859 modules)
 * would make every refresh of the project rules that slow.
 */
const byModule = new WeakMap<ModuleFacts, { readonly config: Settings['mixedResponsibilities']; readonly findings: readonly Finding[] }>();

export function detectMixedResponsibilities(sources: ProjectSources, settings: Settings): Finding[] {
  const config = settings.mixedResponsibilities;
  if (!config.enabled) return [];
  const findings: Finding[] = [];
  for (const [path, facts] of sources.modules) {
    let kept = byModule.get(facts);
    if (kept?.config !== config) byModule.set(facts, (kept = { config, findings: moduleFindings(path, facts, config) }));
    findings.push(...kept.findings);
  }
  return findings;
}

function moduleFindings(path: string, facts: ModuleFacts, config: Settings['mixedResponsibilities']): Finding[] {
  const findings: Finding[] = [];
  // Each group holds minMethods methods of its own: a class with fewer than minGroups times that
  // cannot qualify, and most classes are that small (grouping them was most of the rule's time).
  const fewest = config.minGroups * config.minMethods;
  for (const cls of facts.handRolled.classes) {
    if (cls.methods.length < fewest || isTestClass(cls)) continue;
    const groups = responsibilities(cls, facts.django.imports).filter((group) => group.symbols.length >= config.minMethods);
    if (groups.length < config.minGroups) continue;
    const listed = groups.map((group) => `${group.name} (${group.symbols.map((s) => `\`${s}\``).join(', ')})`);
    findings.push({
      rule: 'mixed-responsibilities',
      stage: 'hard',
      severity: config.severity,
      path,
      range: cls.nameRange,
      message: `\`${cls.name}\` mixes ${joinWords(groups.map((g) => g.name))}: ${groups.length} groups of methods that do not call each other: ${listed.join('; ')}. One class per group keeps each change in one place.`,
      related: [],
    });
  }
  return findings;
}

/**
 * The class's unrelated feature groups: the grouping of its methods, groups calling each other
 * merged; only groups about one of the project's models, the class's own word left out.
 */
export function responsibilities(cls: ClassShape, imports: readonly ImportBinding[]): ProposedFeatureGroup[] {
  // A group is about a model only through a method named after or using a model the module imports (the grouping's
  // model classes are those, featureNaming.ts): without one, grouping the methods (most of the rule's time) finds none.
  const models = new Set(imports.filter(isModelImport).map((binding) => binding.localName));
  if (!cls.methods.some((method) => models.has(method.name) || method.references.some((name) => models.has(name)))) return [];
  const symbols: TopLevelSymbol[] = cls.methods.map((method) => ({
    name: method.name,
    names: [method.name],
    kind: 'function',
    range: method.range,
    nameRange: method.nameRange,
    references: method.references,
    bases: [],
    decorators: [],
    codeLines: method.codeLines,
    members: [],
  }));
  const own = new Set(nameTokens(cls.name));
  // Only groups named after a model of the project the methods use: words alone (`get_srid`,
  // `_set_byteorder`) name a class's aspects, not the features it should not mix.
  const groups = groupFeatures({ symbols, imports, functions: [] }).filter((group) => group.evidence === 'model' && !own.has(group.name));
  return mergeConnected(groups, cls);
}

/** Groups where a method of one uses a method of the other are one responsibility (the first's name, the larger first). */
function mergeConnected(groups: readonly ProposedFeatureGroup[], cls: ClassShape): ProposedFeatureGroup[] {
  const groupOf = new Map<string, number>();
  groups.forEach((group, i) => group.symbols.forEach((symbol) => groupOf.set(symbol, i)));
  const parent = groups.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (const method of cls.methods) {
    const from = groupOf.get(method.name);
    if (from === undefined) continue;
    for (const name of method.references) {
      const to = groupOf.get(name);
      if (to !== undefined) parent[Math.max(find(from), find(to))] = Math.min(find(from), find(to));
    }
  }
  const merged = new Map<number, ProposedFeatureGroup>();
  groups.forEach((group, i) => {
    const root = find(i);
    const into = merged.get(root);
    merged.set(root, into ? { ...into, symbols: [...into.symbols, ...group.symbols], codeLines: into.codeLines + group.codeLines } : group);
  });
  return [...merged.values()];
}

function isTestClass(cls: ClassShape): boolean {
  return /^Test|Tests?$|TestCase$/.test(cls.name) || cls.bases.some((base) => /(TestCase|TestBase|Tests?)$/.test(base));
}

/** "payment, shipment and coupon". */
function joinWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
