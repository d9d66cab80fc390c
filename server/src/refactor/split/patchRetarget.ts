/**
 * Tests that patch a name the split module's code looks up (`patch("django_filters.filters.now")`)
 * would, after the split, patch the package's re-export while the code reads its own feature
 * module's global. Where exactly one feature module reads the name, the patch follows it there
 * (`patch("django_filters.filters.date_filters.now")`), which is what the refusal used to ask the
 * user to do by hand; where several do, or the target is not a plain string, the split is refused.
 */
import type { TextEdit } from '../domainEdit';
import { ANY, type PatchTarget } from '../analysis/patchTargets';
import { pointedAt, type DottedString } from '../analysis/dottedStrings';
import type { Unit } from './splitUnits';

export interface RetargetContext {
  /** The module being split, as the patches name it. */
  readonly module: string;
  /** The file being split: a patch inside it moves with the code and cannot be rewritten apart. */
  readonly file: string;
  /** Per destination (a group, or `init`), the names its code reads. */
  readonly namesUsedBy: ReadonlyMap<string, ReadonlySet<string>>;
  /** The group each of the module's own names is defined in. */
  readonly definedIn: ReadonlyMap<string, string>;
  /** The package's own module (`__init__`), which keeps what no group reads. */
  readonly init: string;
  /** A group's module, as a dotted path. */
  readonly moduleOf: (group: string) => string;
}

/** The edits of the test files that retarget each patch, or why one cannot follow the code. */
export function retargetPatches(patches: readonly PatchTarget[], context: RetargetContext): Map<string, TextEdit[]> | string {
  const edits = new Map<string, TextEdit[]>();
  for (const patch of patches) {
    const readers = new Set([...context.namesUsedBy].filter(([, names]) => names.has(patch.name)).map(([where]) => where));
    const home = context.definedIn.get(patch.name);
    if (home) readers.add(home);
    // Nothing in the package reads it: the patch of the name `__init__.py` keeps reaches what it did.
    if (readers.size === 0 && patch.name !== ANY) continue;
    const [reader] = readers;
    if (patch.name === ANY || !patch.literal || patch.file === context.file || readers.size > 1 || reader === context.init) {
      const where = readers.size > 1 ? ` (read in ${[...readers].map((r) => (r === context.init ? '__init__.py' : `${context.moduleOf(r).split('.').at(-1)}.py`)).join(', ')})` : '';
      const what = home ? 'its code calls' : 'it imports';
      return `${patch.description}, which ${what}${where}; after the split the feature modules would not see the patch (patch it where it is used)`;
    }
    edits.set(patch.file, [...(edits.get(patch.file) ?? []), pointedAt(patch.literal, context.module, patch.name, context.moduleOf(reader))]);
  }
  return edits;
}

/** For the summary: what the retargeted patches change, if any. */
export function retargetSummary(edits: ReadonlyMap<string, readonly TextEdit[]>): string {
  const count = [...edits.values()].reduce((sum, list) => sum + list.length, 0);
  return count === 0 ? '' : `; ${count} ${count === 1 ? 'patch follows its name' : 'patches follow their names'} to the feature module that reads it`;
}

/**
 * A test module split into sibling modules is gone from its path: its own strings naming a name
 * in it (`override_settings(ACCOUNT_USERNAME_VALIDATORS="allauth.account.tests.test_username_validators")`)
 * follow the name to its part, as edits of the units holding them (`unitAt`). A string naming the
 * module itself or a name it does not define, or one in another file (which the importer check
 * already refuses), refuses the split.
 */
export function retargetDottedStrings(strings: readonly DottedString[], context: Pick<RetargetContext, 'module' | 'file' | 'definedIn' | 'moduleOf'>, unitAt: (row: number) => Unit | undefined): Map<Unit, TextEdit[]> | string {
  const units = new Map<Unit, TextEdit[]>();
  for (const named of strings) {
    const name = named.value.slice(context.module.length + 1).split('.')[0];
    const group = name ? context.definedIn.get(name) : undefined;
    const unit = named.file === context.file ? unitAt(named.literal.range.start.line) : undefined;
    if (!group || !unit) return `${named.description}: split, it would be gone`;
    units.set(unit, [...(units.get(unit) ?? []), pointedAt(named.literal, context.module, name, context.moduleOf(group))]);
  }
  return units;
}
