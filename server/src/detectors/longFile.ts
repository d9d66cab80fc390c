/**
 * Rule `long-file`: a module with more code lines than `longFile.maxCodeLines`. The message names
 * the feature groups the module holds, because the fix is to split it along those groups.
 */
import * as path from 'path';
import type { Finding } from '../core/model/finding';
import { firstLineRange } from '../core/model/sourceRange';
import { groupFeatures } from '../core/features/featureGrouping';
import type { FileDetector } from './fileDetector';

const numbers = new Intl.NumberFormat('en-US');

export const detectLongFile: FileDetector = (module, settings) => {
  const rule = settings.longFile;
  if (!rule.enabled || module.outline.codeLines <= rule.maxCodeLines) return [];
  const groups = groupFeatures(module.outline);
  const names = groups.map((group) => group.name);
  const plural = groups.length === 1 ? 'group' : 'groups';
  const holding = groups.length > 0 ? ` in ${groups.length} feature ${plural}: ${names.join(', ')}` : '';
  const finding: Finding = {
    rule: 'long-file',
    severity: rule.severity,
    path: module.path,
    range: firstLineRange(module.firstLineLength),
    message:
      `${path.basename(module.path)} has ${numbers.format(module.outline.codeLines)} code lines${holding} ` +
      `(limit ${numbers.format(rule.maxCodeLines)})`,
    related: [],
  };
  return [finding];
};
