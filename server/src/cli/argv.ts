/**
 * The CLI's flags as node's parseArgs reads them, before any validation: options.ts validates
 * them, and the warm path (replay.ts) reads them without loading the validators.
 */
import { parseArgs } from 'util';

/** The flags and positionals of a command line; throws on an unknown flag or a missing value. */
export function parseArgv(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      config: { type: 'string' },
      'fail-on': { type: 'string' },
      'max-code-lines': { type: 'string' },
      'min-tokens': { type: 'string' },
      'min-lines': { type: 'string' },
      exclude: { type: 'string', multiple: true },
      'no-cache': { type: 'boolean' },
      'cache-dir': { type: 'string' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'string' },
      rule: { type: 'string' },
      stage: { type: 'string' },
      move: { type: 'string' },
      'rename-field': { type: 'string' },
      'move-field': { type: 'string' },
      to: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

export type RawArguments = ReturnType<typeof parseArgv>;
