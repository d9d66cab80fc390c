/**
 * Code reading the frames above it (`warnings.warn(…, stacklevel=2)`, `sys._getframe(1)`) sees
 * another frame once a refactoring puts it into a new function called from where it was: a block
 * extracted into utils, a controller or a shared method, a copy turned into a thin wrapper. Django's
 * deprecation warnings would then blame the line calling the new function instead of the user's.
 * Moving a whole function unchanged adds no frame, so only the extractions ask.
 *
 *     def __setstate__(self, state):            def __setstate__(self, state):
 *         warnings.warn("…", stacklevel=2)          _warn_pickled(state)   # the warning now names this line
 */
import { lexPython } from '../../core/python/pythonLexer';

/** What reads the call stack: a frame (`_getframe`, `currentframe`, `inspect.stack`), a stack trace, or a level counted up from the caller. */
const STACK_READS = /\bstacklevel\b|\b_getframe\w*|\bcurrentframe\b|\binspect \. stack\b|\b(extract|format|print|walk)_stack\b|\bstack_info\b/;

/**
 * The first read of the call stack in `code` (as written, `inspect.stack`), if any. Comments and
 * plain strings are not code; an f-string's fields are, so f-strings are read whole.
 */
export function stackReadIn(code: string): string | undefined {
  const words = lexPython(code)
    .filter((token) => token.kind !== 'comment' && token.kind !== 'newline' && !(token.kind === 'string' && !/^[a-z]*f/i.test(code.slice(token.start, token.end))))
    .map((token) => code.slice(token.start, token.end));
  return STACK_READS.exec(words.join(' '))?.[0].replace(/ \. /g, '.');
}

/**
 * Why `code`, run from a new function, would behave differently, if it would: `reads` is the
 * subject and its verb (`the statements read`), `frame` the function adding the frame.
 */
export function addedFrameProblem(code: string, reads: string, frame: string): string | undefined {
  const read = stackReadIn(code);
  return read && `${reads} the call stack (\`${read}\`), which ${frame}'s frame would shift (a warning with \`stacklevel=2\` would blame the line calling ${frame} instead of the caller's)`;
}
