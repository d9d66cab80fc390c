/**
 * The lexer dispatches on each token's first character for speed; its specification is the regular grammar below
 * (alternatives tried in order at each position, `space` skipped, `other` lexed as an operator).
 * Both must give the same tokens on real code (Debian's Django and the standard library) and on
 * random text built from the characters where lexers go wrong.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { lexPython, type LexKind, type LexToken } from '../../../server/src/core/python/pythonLexer';

const GRAMMAR = new RegExp(
  [
    /(?<space>[ \t\f]+|\\\r?\n)/,
    /(?<newline>\r?\n|\r)/,
    /(?<comment>#[^\r\n]*)/,
    /(?<string>(?:[rRbBuUfF]{1,2})?(?:'''[\s\S]*?(?:'''|$(?![\s\S]))|"""[\s\S]*?(?:"""|$(?![\s\S]))|'(?:[^'\\\r\n]|\\[\s\S])*'?|"(?:[^"\\\r\n]|\\[\s\S])*"?))/,
    /(?<number>0[xX][\da-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/,
    /(?<name>[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)/u,
    /(?<op>\.\.\.|\*\*=|\/\/=|>>=|<<=|->|:=|\*\*|\/\/|<<|>>|<=|>=|==|!=|[-+*/%@&|^<>]=|[-+*/%@&|^~<>()[\]{}:;,.=!])/,
    /(?<other>[\s\S])/,
  ]
    .map((part) => part.source)
    .join('|'),
  'yu',
);
const KEYWORDS = /^(False|None|True|and|as|assert|async|await|break|class|continue|def|del|elif|else|except|finally|for|from|global|if|import|in|is|lambda|nonlocal|not|or|pass|raise|return|try|while|with|yield)$/;

function byGrammar(text: string): LexToken[] {
  const tokens: LexToken[] = [];
  GRAMMAR.lastIndex = 0;
  for (let match = GRAMMAR.exec(text); match; match = GRAMMAR.exec(text)) {
    const groups = match.groups!;
    const kind = (Object.keys(groups) as string[]).find((k) => groups[k] !== undefined)!;
    if (kind !== 'space') {
      const tokenKind: LexKind = kind === 'other' ? 'op' : kind === 'name' && KEYWORDS.test(groups.name) ? 'keyword' : (kind as LexKind);
      tokens.push({ kind: tokenKind, start: match.index, end: match.index + match[0].length });
    }
    if (GRAMMAR.lastIndex >= text.length) break;
  }
  return tokens;
}

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.isSymbolicLink()) pythonFiles(full, out);
    else if (entry.isFile() && entry.name.endsWith('.py')) out.push(full);
  }
  return out;
}

describe('Python lexer', () => {
  it('lexes the cases where lexers go wrong as its grammar says', () => {
    const cases = [
      "x = rb'a\\'b' + f\"\"\"t\n{y}\"\"\" + u'' + Rb\"q\" + rbc'k' + xf'z'",
      "'unterminated\nnext = '''never closed",
      "n = 0x1F_ff + 0b1012 + 0o78 + 0x + 1_000.5e-3j + .5 + 1. + 1e + 1.e5 + 3J",
      "a **= b //= c >>= d <<= e -> f := g ... h .. i != j == k <= l >= m ~ n ! o ; p @= q",
      'line \\\ncontinued\r\nwindows\rmac \\\r\nboth \\ $ ? `',
      "café = naïve + 変数 + _x + x_é1 + \u00a0 + \v + 😀 + 𝑥 + '\\😀'",
      "s = 'ends with backslash\\",
      '# comment only\r# another',
    ];
    for (const text of cases) assert.deepEqual(lexPython(text), byGrammar(text), JSON.stringify(text));
  });

  it('gives the same tokens as its grammar on random text of tricky characters', () => {
    const alphabet = [..."'\"\\\n\r \t#rRbBfFuxX0b1o.9eEjJ_=<>*/-!:@~aé😀\u00a0"];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      assert.deepEqual(lexPython(text), byGrammar(text), JSON.stringify(text));
    }
  });

  it('gives the same tokens as its grammar on every module of Debian’s Django and the standard library', function () {
    this.timeout(120_000);
    const roots = ['/usr/lib/python3/dist-packages/django', '/usr/lib/python3.11'].filter((root) => fs.existsSync(root));
    assert.ok(roots.length > 0, 'Debian’s Python sources are installed (.ci/run installs python3-django)');
    let files = 0;
    for (const file of roots.flatMap((root) => pythonFiles(root))) {
      const text = fs.readFileSync(file, 'utf8');
      const fast = lexPython(text);
      const spec = byGrammar(text);
      if (fast.length !== spec.length || fast.some((t, i) => t.kind !== spec[i].kind || t.start !== spec[i].start || t.end !== spec[i].end)) {
        assert.deepEqual(fast, spec, file);
      }
      files++;
    }
    assert.ok(files > 1000, `${files} files`);
  });
});

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
