/**
 * New pyflakes messages of a refactored copy. The oracle (test/helpers/python/pythonOracle.ts) compares
 * messages by text; a move or split also rewrites module paths and line numbers that appear
 * inside the text (`'..exceptions.Error' imported but unused` becomes `'..errors.Error' …`,
 * `redefinition of unused 'x' from line 6`), so those parts are blanked first: a message that
 * was already there under another path is not new, one more of the same kind still is.
 */
import { newMessages, pyflakes, type PyflakesMessage } from '../helpers/python/pythonOracle';

/** The message with the imported module path reduced to the bound name and line numbers blanked. */
export function withoutPaths(text: string): string {
  return text
    .replace(/^'[\w.]+ as (\w+)' imported but unused$/, "'$1' imported but unused")
    .replace(/^'[\w.]*?\.?(\w+)' imported but unused$/, "'$1' imported but unused")
    .replace(/\bline \d+\b/g, 'line N');
}

function pathFree(messages: readonly PyflakesMessage[]): PyflakesMessage[] {
  return messages.map((message) => ({ ...message, text: withoutPaths(message.text) }));
}

/** Pyflakes messages under `dir`, path-free, for comparing with `newPyflakes`. */
export function pyflakesReading(dir: string): PyflakesMessage[] {
  return pathFree(pyflakes(dir));
}

/** Messages pyflakes reports under `dir` beyond those of `before` (a `pyflakesReading`). */
export function newPyflakes(before: readonly PyflakesMessage[], dir: string): PyflakesMessage[] {
  const after = pyflakes(dir);
  const fresh = newMessages(before, pathFree(after));
  // Report each with pyflakes' own wording.
  return fresh.map((message) => after.find((m) => m.file === message.file && m.line === message.line && withoutPaths(m.text) === message.text) ?? message);
}
