/**
 * Small random edits of real Python source, mostly breaking it: to check that whatever the
 * outline from tokens accepts, tree-sitter accepts too (and outlines the same way).
 */
import { lexPython } from '../../../server/src/core/python/pythonLexer';
import { hashText } from '../../../server/src/core/python/tokenStream';

/** Fragments to insert: brackets, keywords, operators, quotes, odd whitespace, newer syntax. */
const FRAGMENTS = [
  ':', '(', ')', '[', ']', '{', '}', ',', '.', '=', '==', '*', '**', '@', ';', '->', ':=', '\\', '\\\n', '\t', '\f', '\n', '\n    ',
  'def', 'class', 'if', 'else', 'elif', 'try', 'except', 'finally', 'for', 'in', 'with', 'as', 'lambda', 'return', 'yield',
  'import', 'from', 'not', 'is', 'and', 'async', 'await', 'pass', 'del', 'global', '"', "'", '"""', 'f"{', 'f"{x!}"', 'f"{}"',
  '# comment', '`', '$', '?', 'match x:', 'case _:', 'except* E:', 'type X = int', 'print "x"', '1__0', '0x', '1.e', 'u"', 'ub""',
];

/** Deterministic draws in [0, 1) (hashes of the seed and the draw's number), so a failure can be replayed. */
export function randomGenerator(seed: number): () => number {
  let draws = 0;
  return () => {
    const key = `${seed}:${draws++}`;
    return (hashText(key, 0, key.length) >>> 0) / 2 ** 32;
  };
}

/**
 * `text` with one random edit: a token deleted or doubled, a fragment inserted, a line
 * re-indented, lines joined or swapped; and one time in five, Windows line ends.
 */
export function mutate(source: string, random: () => number): string {
  const text = random() < 0.2 ? source.replace(/\n/g, '\r\n') : source;
  const pick = (n: number) => Math.floor(random() * n);
  const tokens = lexPython(text);
  const token = tokens[pick(tokens.length)] ?? { start: 0, end: 0 };
  const lines = text.split('\n');
  const row = pick(lines.length);
  switch (pick(6)) {
    case 0:
      return text.slice(0, token.start) + text.slice(token.end);
    case 1:
      return text.slice(0, token.end) + ' ' + text.slice(token.start, token.end) + text.slice(token.end);
    case 2: {
      const at = random() < 0.5 ? token.start : token.end;
      return text.slice(0, at) + FRAGMENTS[pick(FRAGMENTS.length)] + text.slice(at);
    }
    case 3:
      lines[row] = random() < 0.5 ? lines[row].replace(/^ {1,2}/, '') : ' '.repeat(1 + pick(4)) + lines[row];
      return lines.join('\n');
    case 4:
      if (row + 1 < lines.length) lines.splice(row, 2, `${lines[row]} ${lines[row + 1].trimStart()}`);
      return lines.join('\n');
    default:
      if (row + 1 < lines.length) [lines[row], lines[row + 1]] = [lines[row + 1], lines[row]];
      return lines.join('\n');
  }
}
