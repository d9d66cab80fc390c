// @ts-check
/**
 * The benchmark's flags, parsed with node's parseArgs and validated with zod like every other
 * boundary input of the repo. A bad flag is a BenchUsageError, which run.mjs prints with USAGE.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

export class BenchUsageError extends Error {}

export const USAGE = `Usage: npm run bench -- [--runs N] [--corpus NAME[,NAME…]] [--skip-jscpd4]

  --runs N          cold runs per tool and corpus; the table shows medians (default 5)
  --corpus NAMES    django (Debian's /usr/lib/python3/dist-packages/django), stdlib
                    (Debian's /usr/lib/python3.11), dist-packages (all of
                    /usr/lib/python3/dist-packages: the scale targets, with django) or all
                    (default: django and stdlib); several with commas
  --skip-jscpd4     leave out jscpd 4 (the Node engine: slow, ~7 s a run on Django)
  -h, --help        show this help`;

const optionsSchema = z.strictObject({
  runs: z.coerce.number().int().min(1).max(100),
  corpus: z
    .string()
    .transform((list) => list.split(','))
    .pipe(z.array(z.enum(['django', 'stdlib', 'dist-packages', 'all'])).nonempty()),
  skipJscpd4: z.boolean(),
});

/** @typedef {z.infer<typeof optionsSchema>} BenchOptions */

/**
 * Parses argv (without node and the script); undefined means --help was asked for.
 * @param {readonly string[]} argv
 * @returns {BenchOptions | undefined}
 */
export function parseBenchOptions(argv) {
  /** @type {ReturnType<typeof parseRaw>} */
  let parsed;
  try {
    parsed = parseRaw(argv);
  } catch (error) {
    throw new BenchUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) return undefined;
  const result = optionsSchema.safeParse({
    runs: values.runs ?? '5',
    corpus: values.corpus ?? 'all',
    skipJscpd4: values['skip-jscpd4'] ?? false,
  });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new BenchUsageError(`--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`);
  }
  return result.data;
}

/** @param {readonly string[]} argv */
function parseRaw(argv) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      runs: { type: 'string' },
      corpus: { type: 'string' },
      'skip-jscpd4': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
