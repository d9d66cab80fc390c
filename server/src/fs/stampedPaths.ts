/**
 * The paths a result was made from, each with what was there when it was made: what lets the
 * result be shown again without making it anew, as long as every path is as it was. The CLI's run
 * records (cli/runRecord.ts) and the language server's record of what it showed
 * (lsp/shownRecord.ts) both keep them. Zod-free and small: dist/replay.js bundles it.
 */
import * as path from 'path';
import { pathStamp, sameStamp, type PathStamp } from './fileStamp';
import type { Check } from '../analysis/cache/valueChecks';

/** A path and what was there: nothing, or a file or folder with its size, inode, mtime and ctime. */
export type StampedPath = readonly [string, 'absent'] | readonly [string, 'file' | 'folder', number, number, number, number];

/** The analyser's files besides the entry bundle, beside it in dist/: a new build must not show an old build's results. */
const ANALYSER_FILES = ['analysisWorker.js', 'jscpdTokenizer.js', 'tree-sitter-python.wasm', 'web-tree-sitter.wasm'];

export const isStampedPath: Check<StampedPath> = (value): value is StampedPath => {
  if (!Array.isArray(value) || typeof value[0] !== 'string') return false;
  if (value.length === 2) return value[1] === 'absent';
  return value.length === 6 && (value[1] === 'file' || value[1] === 'folder') && value.slice(2).every((n) => typeof n === 'number');
};

/** The build's files, as paths: the entry bundles named (this bundle's and its siblings') and the analyser's, beside this bundle. */
export function buildFiles(entries: readonly string[]): string[] {
  return [...entries, ...ANALYSER_FILES].map((name) => path.join(__dirname, name));
}

/** The record's form of a path's stamp. */
export function stamped(file: string, stamp: PathStamp): StampedPath {
  return stamp.kind === 'absent' ? [file, 'absent'] : [file, stamp.kind, ...stamp.key];
}

/**
 * The stamps of the build's files and then of `inputs`, read at a result made from `start` on;
 * undefined when one cannot vouch for the result: a build file missing (the test build in out/
 * has no bundles), or an input that is no file or folder or changed too recently for its stamp to
 * tell a later change (RACY_MS in fileStamp.ts). `skip`: inputs left out.
 */
export function stampAll(build: readonly string[], inputs: Iterable<string>, start: number, skip: (file: string) => boolean = () => false): StampedPath[] | undefined {
  const stampedPaths: StampedPath[] = [];
  for (const [i, file] of [...build, ...[...inputs].sort()].entries()) {
    if (i >= build.length && skip(file)) continue;
    const stamp = pathStamp(file, start);
    if (!stamp || (stamp.kind === 'absent' ? i < build.length : !stamp.settled)) return undefined;
    stampedPaths.push(stamped(file, stamp));
  }
  return stampedPaths;
}

/** Whether every path is as stamped. */
export function allUnchanged(inputs: readonly StampedPath[]): boolean {
  return inputs.every(unchanged);
}

function unchanged(input: StampedPath): boolean {
  const now = pathStamp(input[0]);
  if (now === undefined || now.kind !== input[1]) return false;
  return now.kind === 'absent' || sameStamp(now.key, [input[2]!, input[3]!, input[4]!, input[5]!]);
}
