/**
 * A run record: what one `untangle check` printed and exited with, with every path its result
 * depended on and what was there (a file's or folder's stamp, or nothing). Run again with the
 * same arguments in the same folder, on the same build and node, while every one of those paths
 * is as recorded, the command prints the same: bin/untangle.js then replays the record
 * (replay.ts) without loading the analyser, the fixed cost of a warm run (issue 13).
 * The paths are the build's files, each file the analysis read or took, each folder it listed
 * (a file added or removed changes the folder's stamp), and each file it looked for and did not
 * find (a pyproject.toml above the project): recordRun.ts collects them. Zod-free and small, as
 * it is bundled into dist/replay.js.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgv } from './argv';
import { groupByProject } from './projectRoots';
import { projectCache, sharedCache, type CacheLocation } from '../analysis/cache/cacheLocation';
import { pathStamp, sameStamp, type PathStamp } from '../fs/fileStamp';
import { arrayOf, isCount, isString, object, type Check } from '../analysis/cache/valueChecks';

/** The layout of a record: bumped whenever it changes. */
const RECORD_FORMAT = 1;

/** The analyser: the bundles and grammars beside this one (dist/), whichever of cli.js and replay.js this is. */
const BUILD_FILES = ['cli.js', 'replay.js', 'analysisWorker.js', 'jscpdTokenizer.js', 'tree-sitter-python.wasm', 'web-tree-sitter.wasm'];

/** A path and what was there: nothing, or a file or folder with its size, inode, mtime and ctime. */
export type StampedPath = readonly [string, 'absent'] | readonly [string, 'file' | 'folder', number, number, number, number];

export interface RunRecord {
  readonly format: number;
  /** The node that ran the analysis (`process.version`). */
  readonly node: string;
  readonly argv: string[];
  readonly cwd: string;
  /** The build's files first, then the run's inputs. */
  readonly inputs: StampedPath[];
  readonly stdout: string;
  readonly exitCode: number;
}

const isStampedPath: Check<StampedPath> = (value): value is StampedPath => {
  if (!Array.isArray(value) || typeof value[0] !== 'string') return false;
  if (value.length === 2) return value[1] === 'absent';
  return value.length === 6 && (value[1] === 'file' || value[1] === 'folder') && value.slice(2).every((n) => typeof n === 'number');
};

const isRunRecord: Check<RunRecord> = object({ format: isCount, node: isString, argv: arrayOf(isString), cwd: isString, inputs: arrayOf(isStampedPath), stdout: isString, exitCode: isCount });

/**
 * Where the record of `untangle <argv>` run in `cwd` lives: beside the analysis cache of the
 * project of the first path (--cache-dir, or its `.untangle/cache/`), one file per argv and cwd.
 * Undefined for a command that is not recorded: anything but `check`, a check that writes files
 * (--output, --write-baseline) or runs without the cache (--no-cache), and a command line that
 * does not parse or names a path that does not exist (the full run says why).
 */
export function recordLocation(argv: readonly string[], cwd: string): { readonly cache: CacheLocation; readonly file: string } | undefined {
  let parsed: ReturnType<typeof parseArgv>;
  try {
    parsed = parseArgv(argv);
  } catch {
    return undefined;
  }
  const { values, positionals } = parsed;
  if (positionals[0] !== 'check' || values.help || values.version || values['no-cache'] || values.output !== undefined || values['write-baseline'] !== undefined) return undefined;
  const given = (positionals.length > 1 ? positionals.slice(1) : ['.']).map((name) => path.resolve(cwd, name));
  const stats = given.map((target) => fs.statSync(target, { throwIfNoEntry: false }));
  if (stats.some((stat) => stat === undefined)) return undefined;
  const paths = given.map((target, i) => ({ target, folder: stats[i]!.isDirectory() ? target : path.dirname(target) }));
  const [{ root }] = groupByProject(paths, values.config === undefined ? undefined : path.resolve(cwd, values.config));
  const cache = values['cache-dir'] === undefined ? projectCache(root) : sharedCache(path.resolve(cwd, values['cache-dir']), root);
  const key = crypto.hash('sha1', JSON.stringify([argv, cwd])).slice(0, 16);
  return { cache, file: path.join(cache.folder, `run-${key}.json`) };
}

/** The build's files, as paths: beside this bundle. */
export function buildFiles(): string[] {
  return BUILD_FILES.map((name) => path.join(__dirname, name));
}

/** The record's form of a path's stamp. */
export function stamped(file: string, stamp: Exclude<PathStamp, undefined>): StampedPath {
  return stamp.kind === 'absent' ? [file, 'absent'] : [file, stamp.kind, ...stamp.key];
}

/** A new record of this run. */
export function runRecord(argv: readonly string[], cwd: string, inputs: StampedPath[], stdout: string, exitCode: number): RunRecord {
  return { format: RECORD_FORMAT, node: process.version, argv: [...argv], cwd, inputs, stdout, exitCode };
}

/**
 * The record `raw` (parsed JSON) if it is one of this format, for exactly `argv` in `cwd` on this
 * node, and every path it names is as recorded; else undefined (a corrupt, foreign or stale record).
 */
export function stillValid(raw: unknown, argv: readonly string[], cwd: string): RunRecord | undefined {
  if (!isRunRecord(raw) || raw.format !== RECORD_FORMAT || raw.node !== process.version || raw.cwd !== cwd) return undefined;
  if (raw.argv.length !== argv.length || raw.argv.some((arg, i) => arg !== argv[i])) return undefined;
  return raw.inputs.every(unchanged) ? raw : undefined;
}

function unchanged(input: StampedPath): boolean {
  const now = pathStamp(input[0]);
  if (now === undefined || now.kind !== input[1]) return false;
  return now.kind === 'absent' || sameStamp(now.key, [input[2]!, input[3]!, input[4]!, input[5]!]);
}
