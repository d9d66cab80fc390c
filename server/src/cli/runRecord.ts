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
import * as path from 'path';
import { parseArgv } from './argv';
import { givenPath, groupByProject, type GivenPath } from './projectRoots';
import { projectCache, sharedCache, type CacheLocation } from '../analysis/cache/cacheLocation';
import { allUnchanged, isStampedPath, type StampedPath } from '../fs/stampedPaths';
import { arrayOf, isCount, isString, object, type Check } from '../analysis/cache/valueChecks';

/** The layout of a record: bumped whenever it changes. */
const RECORD_FORMAT = 1;

/** The CLI's entry bundles (dist/), whichever of them this is: with the analyser's files, the build a record was made by (stampedPaths.ts). */
export const CLI_BUNDLES = ['cli.js', 'replay.js'];

/** A record's first line, in JSON; the bytes the run printed follow it, as printed. */
interface RecordHeader {
  readonly format: number;
  /** The node that ran the analysis (`process.version`). */
  readonly node: string;
  readonly argv: string[];
  readonly cwd: string;
  /** The build's files first, then the run's inputs. */
  readonly inputs: StampedPath[];
  /** The SHA-1 of the bytes that follow the header's line: other bytes (truncated, corrupt) are not replayed. */
  readonly stdoutSha1: string;
  readonly exitCode: number;
}

const isRecordHeader: Check<RecordHeader> = object({ format: isCount, node: isString, argv: arrayOf(isString), cwd: isString, inputs: arrayOf(isStampedPath), stdoutSha1: isString, exitCode: isCount });

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
  const given = (positionals.length > 1 ? positionals.slice(1) : ['.']).map((name) => givenPath(cwd, name));
  const paths = given.filter((found): found is GivenPath => found !== undefined);
  if (paths.length < given.length) return undefined;
  const [{ root }] = groupByProject(paths, values.config === undefined ? undefined : path.resolve(cwd, values.config));
  const cache = values['cache-dir'] === undefined ? projectCache(root) : sharedCache(path.resolve(cwd, values['cache-dir']), root);
  const key = crypto.hash('sha1', JSON.stringify([argv, cwd])).slice(0, 16);
  return { cache, file: path.join(cache.folder, `run-${key}.record`) };
}

/** Whether a file name in a cache folder is a run record's (recordLocation). */
export function isRecordName(name: string): boolean {
  return /^run-[0-9a-f]{16}\.record$/.test(name);
}

/** The record of this run: a header line, then what it printed, byte for byte (no decoding or escaping when replayed). */
export function encodeRecord(argv: readonly string[], cwd: string, inputs: StampedPath[], stdout: string, exitCode: number): Buffer {
  const printed = Buffer.from(stdout);
  const header: RecordHeader = { format: RECORD_FORMAT, node: process.version, argv: [...argv], cwd, inputs, stdoutSha1: crypto.hash('sha1', printed), exitCode };
  // JSON.stringify escapes every newline inside strings: the header's line ends at the first.
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), printed]);
}

/**
 * What the run recorded in `bytes` printed and exited with, if `bytes` is a whole record of this
 * format, for exactly `argv` in `cwd` on this node, and every path it names is as recorded; else
 * undefined (a corrupt, truncated, foreign or stale record).
 */
export function validRecord(bytes: Buffer, argv: readonly string[], cwd: string): { readonly stdout: Buffer; readonly exitCode: number } | undefined {
  const end = bytes.indexOf(0x0a);
  if (end < 0) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(bytes.toString('utf8', 0, end));
  } catch {
    return undefined;
  }
  if (!isRecordHeader(header) || header.format !== RECORD_FORMAT || header.node !== process.version || header.cwd !== cwd) return undefined;
  if (header.argv.length !== argv.length || header.argv.some((arg, i) => arg !== argv[i])) return undefined;
  const stdout = bytes.subarray(end + 1);
  if (crypto.hash('sha1', stdout) !== header.stdoutSha1) return undefined;
  return allUnchanged(header.inputs) ? { stdout, exitCode: header.exitCode } : undefined;
}
