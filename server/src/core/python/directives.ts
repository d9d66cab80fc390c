/**
 * Silencing comments: `# untangle: ignore duplicate-block` on a statement (on the line before it,
 * or at the end of its first line) silences that rule for the statement and its body;
 * `# untangle: ignore-file duplicate-block` anywhere silences it for the whole file. Several
 * rules may be listed (`ignore long-file, duplicate-block`); none means every rule.
 */

export interface IgnoreDirective {
  /** The rules silenced; empty for every rule. */
  readonly rules: readonly string[];
  readonly scope: 'statement' | 'file';
  /** The lines silenced (the file's whole range for `ignore-file`). */
  readonly firstLine: number;
  readonly lastLine: number;
}

const DIRECTIVE = /#\s*untangle:\s*(ignore-file|ignore)\b\s*([a-z][\w-]*(?:\s*,\s*[a-z][\w-]*)*)?/;

/** Parses a comment; undefined when it is not an Untangle directive. */
export function parseDirective(comment: string): { scope: 'statement' | 'file'; rules: string[] } | undefined {
  const match = DIRECTIVE.exec(comment);
  if (!match) return undefined;
  return {
    scope: match[1] === 'ignore-file' ? 'file' : 'statement',
    rules: match[2] ? match[2].split(',').map((rule) => rule.trim()) : [],
  };
}

/** Whether `directives` silence `rule` at `line`. */
export function isSilenced(directives: readonly IgnoreDirective[], rule: string, line: number): boolean {
  return directives.some(
    (d) => (d.rules.length === 0 || d.rules.includes(rule)) && line >= d.firstLine && line <= d.lastLine,
  );
}
