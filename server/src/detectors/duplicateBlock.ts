/**
 * Rule `duplicate-block`: the same block of code (or the same shape with other names and
 * values) in several places of the workspace. Every place gets a diagnostic that links to all
 * the others, since the fix (one function in utils/) touches them all. Classes repeating whole
 * members (methods, fields, options) are the rule's hard-stage findings: their fix pulls the
 * members up into one mixin or base class.
 */
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import type { CloneClass } from '../core/clones/cloneClasses';
import type { MemberCloneGroup } from '../core/clones/memberClones';
import { FAMILY_PLURALS } from '../core/clones/classFamilies';

const numbers = new Intl.NumberFormat('en-US');

/** Members named in a message before "and N more". */
const NAMED_MEMBERS = 4;

/** One finding per place of every clone class. */
export function detectDuplicateBlocks(classes: readonly CloneClass[], settings: Settings): Finding[] {
  const findings: Finding[] = [];
  for (const clone of classes) {
    const places = clone.places.length;
    const kind = clone.exact ? '' : ' (same code with other names or values)';
    for (const place of clone.places) {
      findings.push({
        rule: 'duplicate-block',
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
