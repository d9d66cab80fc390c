/**
 * Whether a module belongs to a distributed package (a library others install), whose public
 * names code outside the workspace may import from any of its modules, or to an application (a
 * Django project run with `manage.py`), whose modules only the workspace imports.
 */
import * as path from 'path';
import { moduleNameOf } from '../../core/python/moduleNames';
import type { WorkspaceSnapshot } from '../domainEdit';

/** Packaging metadata in a `pyproject.toml` or `setup.cfg`. */
const METADATA = /^\[(project|tool\.poetry|tool\.flit\.metadata|metadata)\]/m;

export function isDistributed(snapshot: WorkspaceSnapshot, file: string): boolean {
  const depth = moduleNameOf(file, snapshot).split('.').length - (path.basename(file) === '__init__.py' ? 0 : 1);
  const root = path.resolve(path.dirname(file), ...Array<string>(depth).fill('..'));
  // A `src/` layout keeps the metadata one folder up.
  return [root, path.dirname(root)].some(
    (folder) => snapshot.exists(path.join(folder, 'setup.py')) || ['pyproject.toml', 'setup.cfg'].some((name) => METADATA.test(snapshot.read(path.join(folder, name)) ?? '')),
  );
}
