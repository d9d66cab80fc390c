/**
 * The CLI's flags, parsed with node's parseArgs and validated with zod. A usage error becomes a
 * UsageError, which main.ts turns into exit code 2 and a message naming the flag.
 */
import { parseArgs } from 'util';
import { z } from 'zod';
import { SEVERITIES } from '../core/model/finding';

export class UsageError extends Error {}

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof FORMATS)[number];

const checkOptionsSchema = z.object({
  paths: z.array(z.string().min(1)).min(1),
  format: z.enum(FORMATS),
  config: z.string().min(1).optional(),
  failOn: z.enum([...SEVERITIES, 'never']),
  maxCodeLines: z.coerce.number().int().min(1).optional(),
  minTokens: z.coerce.number().int().min(10).optional(),
  minLines: z.coerce.number().int().min(1).optional(),
  exclude: z.array(z.string().min(1)).optional(),
  output: z.string().min(1).optional(),
});

export type CheckOptions = z.infer<typeof checkOptionsSchema>;

export type Command = { kind: 'help' } | { kind: 'version' } | { kind: 'check'; options: CheckOptions };

export const USAGE = `Usage: untangle check [paths...] [options]

Finds long files and duplicated blocks in Python/Django code. Paths default to the current folder.

Options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the report to FILE instead of standard output
  --config FILE              pyproject.toml to read [tool.untangle] from
                             (default: the nearest one at or above each path)
  --fail-on LEVEL            exit 1 when a finding is at least this severe:
                             error|warning|information|hint|never (default: error)
  --max-code-lines N         long-file limit (overrides the config)
  --min-tokens N             duplicate-block: smallest clone in tokens (default 50)
  --min-lines N              duplicate-block: smallest clone in lines (default 5)
  --exclude GLOB             exclude files matching GLOB (repeatable; adds to the config)
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no finding at or above --fail-on, 1 some, 2 usage or configuration error.`;

/** Parses argv (without node and the script). */
export function parseCommand(argv: readonly string[]): Command {
  let parsed: ReturnType<typeof parseRaw>;
  try {
    parsed = parseRaw(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) return { kind: 'help' };
  if (command !== 'check') throw new UsageError(`unknown command "${command}" (expected "check")`);
  const result = checkOptionsSchema.safeParse({
    paths: paths.length > 0 ? paths : ['.'],
    format: values.format ?? 'text',
    config: values.config,
    failOn: values['fail-on'] ?? 'error',
    maxCodeLines: values['max-code-lines'],
    minTokens: values['min-tokens'],
    minLines: values['min-lines'],
    exclude: values.exclude,
    output: values.output,
  });
  if (!result.success) {
    const issue = result.error.issues[0];
    const flag = FLAG_OF[String(issue.path[0])] ?? String(issue.path[0]);
    throw new UsageError(`${flag}: ${issue.message}`);
  }
  return { kind: 'check', options: result.data };
}

const FLAG_OF: Record<string, string> = {
  format: '--format',
  config: '--config',
  failOn: '--fail-on',
  maxCodeLines: '--max-code-lines',
  minTokens: '--min-tokens',
  minLines: '--min-lines',
  exclude: '--exclude',
  output: '--output',
  paths: 'paths',
};

function parseRaw(argv: readonly string[]) {
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
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}
