import { strict as assert } from 'node:assert';
import { lexPython } from '../../server/src/core/python/pythonLexer';

/** Each token as `kind:text`. */
function lex(text: string): string[] {
  return lexPython(text).map((token) => `${token.kind}:${text.slice(token.start, token.end)}`);
}

describe('pythonLexer', () => {
  it('reads prefixed and triple-quoted strings as one token, a prefix-like name as a name', () => {
    assert.deepEqual(lex(`rb"x" f'{a}' bar'q' """a\n'b'"""`), ['string:rb"x"', "string:f'{a}'", 'name:bar', "string:'q'", `string:"""a\n'b'"""`]);
    assert.deepEqual(lex('"""open\n'), ['string:"""open\n']);
    assert.deepEqual(lex("'a\\\nb'"), ["string:'a\\\nb'"]);
  });

  it('reads numbers, keywords and names, Unicode ones included', () => {
    assert.deepEqual(lex('0x1F 1.e5 .5 1_000j 0x'), ['number:0x1F', 'number:1.e5', 'number:.5', 'number:1_000j', 'number:0', 'name:x']);
    assert.deepEqual(lex('if naïve is None: über'), ['keyword:if', 'name:naïve', 'keyword:is', 'keyword:None', 'op::', 'name:über']);
    assert.deepEqual(lex('𝔘 = iff'), ['name:𝔘', 'op:=', 'name:iff']);
  });

  it('keeps line ends and comments, skips blanks and backslash continuations', () => {
    assert.deepEqual(lex('a \\\r\n+ b  # c\r\nd\re'), ['name:a', 'op:+', 'name:b', 'comment:# c', 'newline:\r\n', 'name:d', 'newline:\r', 'name:e']);
    assert.deepEqual(lex('x ...= **= //= -> :='), ['name:x', 'op:...', 'op:=', 'op:**=', 'op://=', 'op:->', 'op::=']);
  });

  it('makes any other character an operator of its own', () => {
    assert.deepEqual(lex('a\\ b `c` $ \ufeff'), ['name:a', 'op:\\', 'name:b', 'op:`', 'name:c', 'op:`', 'op:$', 'op:\ufeff']);
  });
});
