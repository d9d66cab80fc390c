/**
 * The contract step of a field rename or move, which `untangle fix` prints for later (after its
 * summary, "<path> (not written):" then the migration): written where it says, to be applied.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';

/** Writes the contract migration printed in `fixOutput` into `project`; its name (`0005_remove_frequency`). */
export function writeContract(fixOutput: string, project: string): string {
  // The migration ends with its operations' closing bracket, before the fix's tally.
  const printed = /^(\S+\.py) \(not written\):\n([\s\S]*?\n {4}operations = \[[\s\S]*?\n {4}\]\n)/m.exec(fixOutput);
  assert.ok(printed, `no contract step printed:\n${fixOutput}`);
  fs.writeFileSync(path.join(project, printed[1]), printed[2]);
  return path.basename(printed[1], '.py');
}
