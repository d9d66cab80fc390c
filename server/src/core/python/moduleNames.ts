/**
 * Python module names for files, and relative imports made absolute: what both the refactorings
 * (writing imports) and the detectors (resolving them) need.
 */
import * as path from 'path';

/** `shop/views.py` in a package tree → `shop.views`; a package's `__init__.py` → the package. */
export function moduleNameOf(file: string, files: { exists(file: string): boolean }): string {
  const parts: string[] = [];
  const stem = path.basename(file, '.py');
  if (stem !== '__init__') parts.push(stem);
  for (let dir = path.dirname(file); files.exists(path.join(dir, '__init__.py')); dir = path.dirname(dir)) {
    parts.unshift(path.basename(dir));
    if (path.dirname(dir) === dir) break;
  }
  return parts.join('.');
}

/** The package a module's relative imports start from. */
export function packageOf(moduleName: string, isPackageInit: boolean): string {
  if (isPackageInit) return moduleName;
  const dot = moduleName.lastIndexOf('.');
  return dot < 0 ? '' : moduleName.slice(0, dot);
}

/** `..models` written in package `shop.api` → `shop.models`. */
export function absoluteModule(written: string, fromPackage: string): string {
  const dots = /^\.*/.exec(written)![0].length;
  if (dots === 0) return written;
  const base = fromPackage.split('.').filter(Boolean);
  const kept = base.slice(0, Math.max(0, base.length - (dots - 1)));
  const rest = written.slice(dots);
  return [...kept, ...(rest ? [rest] : [])].join('.');
}
