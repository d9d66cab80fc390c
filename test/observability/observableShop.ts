/** A copy of the example shop, and the observability action applied to it on disk. */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadPythonParser } from '../../server/src/core/parse/pythonParser';
import { makeObservable, OBSERVABILITY_CHOICES } from '../../server/src/refactor/observability/makeObservable';
import { applyTextEdits } from '../../server/src/refactor/domainEdit';
import { copyExample } from '../helpers/django/djangoProject';
import { pythonFiles } from '../helpers/django/djangoModel';

/** A copy of the shop declaring its dependencies, python-json-logger among them (Debian's python3-pythonjsonlogger), so its logs are JSON lines. */
export function shopCopy(): string {
  const shop = copyExample('shop');
  fs.writeFileSync(path.join(shop, 'requirements.txt'), 'Django>=3.2\ndjangorestframework\ndjango-prometheus\npython-json-logger\n');
  return shop;
}

/** Applies "Make the project observable" (every part) to the project at `root` on disk. */
export async function makeObservableOnDisk(root: string, settingsFile: string): Promise<void> {
  const files = pythonFiles(root);
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
  const snapshot = { read, exists: (file: string) => fs.existsSync(file), pythonFiles: () => files };
  const { result } = makeObservable(await loadPythonParser(), snapshot, { settingsFile: path.join(root, settingsFile), choices: OBSERVABILITY_CHOICES });
  assert.ok(result.safe, result.safe ? '' : result.reason);
  for (const file of result.edit.createFiles) fs.mkdirSync(path.dirname(file), { recursive: true });
  for (const [file, edits] of result.edit.edits) fs.writeFileSync(file, applyTextEdits(read(file) ?? '', edits));
}
