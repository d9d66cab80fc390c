/**
 * What `untangle fix` said, read as a user reads it: the `N applied, M refused, K not offered`
 * line and each `refused: <title> (<where>): <reason>` line. Reasons are grouped after the names in them are
 * blanked out, so the table can show which kinds of refusal are most common.
 */

export interface FixOutcome {
  readonly applied: number;
  readonly refused: number;
  /** Findings fix offered no change for (their code rules one out), apart from refusals. */
  readonly notOffered: number;
  /** Each refusal's reason, as printed. */
  readonly reasons: readonly string[];
  /** False when the summary line is missing (untangle crashed or rejected the command). */
  readonly completed: boolean;
}

/** Reads the text output of `untangle fix`. */
export function parseFixOutput(stdout: string): FixOutcome {
  const summary = /^(\d+) applied, (\d+) refused, (\d+) not offered/m.exec(stdout);
  const reasons = stdout
    .split('\n')
    .filter((line) => line.startsWith('refused: '))
    .map((line) => {
      const located = /^refused: .* \([^()]*\): (.*)$/.exec(line);
      return located ? located[1] : line.slice('refused: '.length);
    });
  return { applied: Number(summary?.[1] ?? 0), refused: Number(summary?.[2] ?? reasons.length), notOffered: Number(summary?.[3] ?? 0), reasons, completed: summary !== null };
}

/**
 * A reason with its particulars blanked: a leading `file.py:12: ` place goes, backticked names
 * become `…`, file names `<file>` and numbers `N`, so refusals of one kind count together.
 */
export function reasonKind(reason: string): string {
  return reason
    .replace(/^[\w./-]+\.py:\d+: /, '')
    .replace(/`[^`]*`/g, '`…`')
    .replace(/[\w./-]+\.py\b/g, '<file>')
    .replace(/\b\d+\b/g, 'N');
}

/** The most frequent reason kinds, most frequent first, as `count× kind`. */
export function topReasons(reasons: readonly string[], limit: number): { kind: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reasonKind(reason), (counts.get(reasonKind(reason)) ?? 0) + 1);
  return [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)).slice(0, limit);
}
