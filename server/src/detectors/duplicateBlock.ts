/**
 * Rule `duplicate-block`: the same block of code (or the same shape with other names and
 * values) in several places of the workspace. Every place gets a diagnostic that links to all
 * the others, since the fix (one function in utils/) touches them all.
 */
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import type { CloneClass } from '../core/clones/cloneClasses';

const numbers = new Intl.NumberFormat('en-US');

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
