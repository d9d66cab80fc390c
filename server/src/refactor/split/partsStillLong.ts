/**
 * A split whose part is still over the long-file limit says so: the split helps, but the part is
 * one feature the grouping cannot divide (healthchecks' 30 `add_*` integration views, 708 code
 * lines), and the user should know the finding will stay on it before applying.
 */
import * as path from 'path';
import { codeLinesOf } from '../../core/python/classMembers';
import { lexPython } from '../../core/python/pythonLexer';
import { applyTextEdits } from '../domainEdit';
import type { SplitPlan } from './splitModule';

export function withPartsStillLong(split: SplitPlan, maxCodeLines: number): SplitPlan {
  const { result } = split;
  if (!result.safe) return split;
  const long = result.edit.createFiles.flatMap((file) => {
    const text = applyTextEdits('', result.edit.edits.get(file) ?? []);
    const lines = codeLinesOf(text, lexPython(text), 0, text.length);
    return lines > maxCodeLines ? [`${path.basename(file)} (${lines.toLocaleString('en-US')} code lines)`] : [];
  });
  if (long.length === 0) return split;
  const note = `; ${long.join(', ')} ${long.length === 1 ? 'stays' : 'stay'} over the limit of ${maxCodeLines}: one feature the split cannot divide, left to you`;
  return { ...split, result: { ...result, summary: `${result.summary}${note}` } };
}
