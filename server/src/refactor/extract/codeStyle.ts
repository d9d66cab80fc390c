/**
 * New code laid out to fit the project's line length (core/config/lineLength.ts), the way black
 * wraps it: a call or signature too long for one line puts its arguments on one indented line,
 * or one a line with a trailing comma when even that is too long. A reviewer's linter then has
 * nothing to say about what a refactoring wrote.
 */

/**
 * `head(args)tail` at `indent`: one line when it fits `limit`, else the arguments wrapped. `head`
 * ends where the parenthesis opens (`total = compute_total`, `def compute_total`).
 */
export function wrappedCall(indent: string, head: string, args: readonly string[], tail: string, limit: number): string {
  const line = `${indent}${head}(${args.join(', ')})${tail}`;
  if (line.length <= limit || args.length === 0) return line;
  const inner = `${indent}    `;
  const joined = `${inner}${args.join(', ')}`;
  if (joined.length <= limit) return `${indent}${head}(\n${joined}\n${indent})${tail}`;
  return `${indent}${head}(\n${args.map((arg) => `${inner}${arg},`).join('\n')}\n${indent})${tail}`;
}
