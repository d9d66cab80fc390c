/**
 * Entry point of dist/replay.js, which bin/untangle.js asks first: when the run record of this
 * very command (runRecord.ts) is still valid, it prints what that run printed and sets its exit
 * code, and the analyser (dist/cli.js) is never loaded. A record that is missing, corrupt,
 * foreign or stale is no answer: the full run follows, and records itself again.
 */
import { recordLocation, validRecord } from './runRecord';
import { readRegularFileSync } from '../fs/regularFile';

/** A record holds one report: past this it is not one of ours. */
const MAX_RECORD_BYTES = 256 * 1024 * 1024;

/** Replays the record of `untangle <argv>` in `cwd` if it is still valid; returns whether it did. */
export function replay(argv: readonly string[], cwd: string): boolean {
  const location = recordLocation(argv, cwd);
  if (!location) return false;
  const read = readRegularFileSync(location.file, MAX_RECORD_BYTES);
  const record = read.kind === 'bytes' ? validRecord(read.bytes, argv, cwd) : undefined;
  if (!record) return false;
  process.stdout.write(record.stdout);
  process.exitCode = record.exitCode;
  return true;
}
