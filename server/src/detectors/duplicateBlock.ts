/**
 * Rule `duplicate-block`: the same block of code (or the same shape with other names and
 * values) in several places of the workspace. Every place gets a diagnostic that links to all
 * the others, since the fix (one function in utils/) touches them all. Exact copies are the soft
 * stage's (moved as they are); near-copies and classes repeating whole members (methods, fields,
 * options) are the hard stage's: one general function taking the differences, or the members
 * pulled up into one mixin or base class.
 */
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import type { CloneClass } from '../core/clones/cloneClasses';
import type { MemberCloneGroup } from '../core/clones/memberClones';
import { FAMILY_PLURALS } from '../core/clones/classFamilies';

const numbers = new Intl.NumberFormat('en-US');

/** Members named in a message before "and N more". */
const NAMED_MEMBERS = 4;

/**
 * The page of a near-copy finding (docs/rules/near-duplicate.md): it also tells the hard stage's
 * two kinds of duplicate-block findings apart, near-copies (generalised into one function) from
 * classes repeating members (pulled up).
 */
export const NEAR_COPY_PAGE = 'near-duplicate';

/** Whether a finding is a near-copy, whose fix is one function taking the differences. */
export function isNearCopy(finding: Pick<Finding, 'rule' | 'page'>): boolean {
  return finding.rule === 'duplicate-block' && finding.page === NEAR_COPY_PAGE;
}

/** Whether a finding is a class repeating members of others, whose fix pulls them up (its places are classes, not blocks). */
export function isRepeatedMembers(finding: Pick<Finding, 'rule' | 'stage' | 'page'>): boolean {
  return finding.rule === 'duplicate-block' && finding.stage === 'hard' && !isNearCopy(finding);
}

/** One finding per place of every clone class. */
export function detectDuplicateBlocks(classes: readonly CloneClass[], settings: Settings): Finding[] {
  const findings: Finding[] = [];
  for (const clone of classes) {
    const places = clone.places.length;
    const kind = clone.exact ? '' : ' (same code with other names or values)';
    for (const place of clone.places) {
      findings.push({
        rule: 'duplicate-block',
        ...(clone.exact ? {} : { stage: 'hard', page: NEAR_COPY_PAGE }),
        severity: settings.duplicateBlock.severity,
        path: place.file,
        range: place.range,
        message: `${numbers.format(place.lines)} lines duplicated in ${places} places${kind}`,
        related: clone.places
          .filter((other) => other !== place)
          .map((other) => ({
            path: other.file,
            range: other.range,
            message: `the same block (lines ${other.range.start.line + 1}–${other.range.end.line + 1})`,
          })),
      });
    }
  }
  return findings;
}

/** One hard-stage finding per class of every group repeating members, spanning its shared members. */
export function detectDuplicateMembers(groups: readonly MemberCloneGroup[], settings: Settings): Finding[] {
  return groups.flatMap((group) => {
    const shown = group.members.slice(0, NAMED_MEMBERS).map((name) => `\`${name}\``);
    const more = group.members.length > NAMED_MEMBERS ? ` and ${group.members.length - NAMED_MEMBERS} more` : '';
    const message = `${shown.join(', ')}${more} repeated in ${group.places.length} ${FAMILY_PLURALS[group.family]} (${numbers.format(group.lines)} lines each)`;
    return group.places.map((place): Finding => ({
      rule: 'duplicate-block',
      stage: 'hard',
      severity: settings.duplicateBlock.severity,
      path: place.file,
      range: place.range,
      message,
      related: group.places
        .filter((other) => other !== place)
        .map((other) => ({ path: other.file, range: other.range, message: `the same members in \`${other.className}\`` })),
    }));
  });
}
