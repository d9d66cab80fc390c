/**
 * Names of a function made from near-copies come from what the copies have in common, else from
 * what the code does: never from one copy alone, nor from the function's own parameter. Each
 * fixture is cut down from Debian's Django source (bench/hardStage.mjs shows the groups).
 */
import { strict as assert } from 'node:assert';
import { extractedBetween as extracted } from '../../helpers/refactor/duplicateFindings';
import { newPyflakesMessages, ROOT, runPythonOn } from '../../helpers/refactor/refactorFixture';

/** Django's template parser and token, cut down to what the tags below call. */
const BASE = `
#- app/__init__.py
#- app/base.py
class TemplateSyntaxError(Exception):
    pass


class Token:
    def __init__(self, contents):
        self.contents = contents

    def split_contents(self):
        return self.contents.split()


class Parser:
    def __init__(self, tokens):
        self.tokens = list(tokens)

    def parse(self, until):
        nodes = []
        while self.tokens[0] not in until:
            nodes.append(self.tokens.pop(0))
        return nodes

    def delete_first_token(self):
        del self.tokens[0]

    def compile_filter(self, bit):
        return "filter:" + bit
`;

/** `{% localize on %}` and `{% localtime on %}`: the same on/off switch, its flag named `use_l10n` in one, `use_tz` in the other. */
const SWITCHES = `${BASE}#- app/l10n.py
from app.base import TemplateSyntaxError


def localize_tag(parser, bits):
    use_l10n = None
    if len(bits) == 1:
        use_l10n = True
    elif len(bits) > 2 or bits[1] not in ('on', 'off'):
        raise TemplateSyntaxError("%r argument should be 'on' or 'off'" % bits[0])
    else:
        use_l10n = bits[1] == 'on'
    nodelist = parser.parse(('endlocalize',))
    parser.delete_first_token()
    return nodelist, use_l10n
#- app/tz.py
from app.base import TemplateSyntaxError


def localtime_tag(parser, bits):
    if len(bits) == 1:
        use_tz = True
    elif len(bits) > 2 or bits[1] not in ('on', 'off'):
        raise TemplateSyntaxError("%r argument should be 'on' or 'off'" %
                                  bits[0])
    else:
        use_tz = bits[1] == 'on'
    nodelist = parser.parse(('endlocaltime',))
    parser.delete_first_token()
    return nodelist, use_tz
`;

/** `{% url %}` and `{% translate %}`: the first argument compiled, under `viewname` in one and `message_string` in the other. */
const FIRST_ARGUMENT = `${BASE}#- app/defaulttags.py
from app.base import TemplateSyntaxError


def url(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise TemplateSyntaxError("'%s' takes at least one argument, a URL pattern name." % bits[0])
    viewname = parser.compile_filter(bits[1])
    return viewname, bits[2:]
#- app/i18n.py
from app.base import TemplateSyntaxError


def do_translate(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise TemplateSyntaxError("'%s' takes at least one argument" % bits[0])
    message_string = parser.compile_filter(bits[1])
    remaining = bits[2:]
    return message_string, remaining
`;

/** GEOS's io.py writers: each `outdim` setter checks the dimension and sets it through its own module function. */
const WRITERS = `
#- geos/__init__.py
#- geos/io.py
def factory(kind):
    return lambda ptr, dim: print(kind, ptr, dim)


wkt_writer_set_outdim = factory("wkt")
wkb_writer_set_outdim = factory("wkb")


class IOBase:
    ptr = 7


class WKTWriter(IOBase):
    @property
    def outdim(self):
        return 2

    @outdim.setter
    def outdim(self, new_dim):
        if new_dim not in (2, 3):
            raise ValueError('WKT output dimension must be 2 or 3')
        wkt_writer_set_outdim(self.ptr, new_dim)


class WKBWriter(IOBase):
    @property
    def outdim(self):
        return 3

    @outdim.setter
    def outdim(self, new_dim):
        if new_dim not in (2, 3):
            raise ValueError('WKB output dimension must be 2 or 3')
        wkb_writer_set_outdim(self.ptr, new_dim)
`;

describe('names of a function made from near-copies: what the copies share, else what the code does', () => {
  it('names a flag the copies call `use_l10n` and `use_tz` by what they share, and says it is a flag (was `compute_use_l10n_and_nodelist`)', async () => {
    const { files, after, title } = await extracted(SWITCHES, /^ {4}if len\(bits\) == 1:/, /delete_first_token/);
    assert.match(title, /^Extract duplicated block into `compute_use_flag_and_nodelist\(\)`/);
    assert.match(after.get(`${ROOT}/app/tz.py`)!, /use_tz, nodelist = compute_use_flag_and_nodelist\(/, 'each copy keeps its own name for what comes back');
    const script = [
      'from app.base import Parser, TemplateSyntaxError',
      'from app.l10n import localize_tag',
      'from app.tz import localtime_tag',
      'print(localize_tag(Parser(["a", "endlocalize"]), ["localize", "off"]), localtime_tag(Parser(["b", "endlocaltime"]), ["localtime"]))',
      'try:\n    localtime_tag(Parser([]), ["localtime", "maybe"])\nexcept TemplateSyntaxError as e:\n    print(e)',
    ].join('\n');
    assert.equal(runPythonOn(after, script), runPythonOn(files, script));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('names a value the copies call `viewname` and `message_string` after the call producing it (was `compute_bits_and_viewname`)', async () => {
    const { files, after, title } = await extracted(FIRST_ARGUMENT, /^ {4}bits = token\.split_contents\(\)/, /= parser\.compile_filter/);
    assert.match(title, /^Extract duplicated block into `compute_bits_and_filter\(\)`/);
    assert.match(after.get(`${ROOT}/app/i18n.py`)!, /bits, message_string = compute_bits_and_filter\(/);
    const script = [
      'from app.base import Parser, Token, TemplateSyntaxError',
      'from app.defaulttags import url',
      'from app.i18n import do_translate',
      'print(url(Parser([]), Token("url home 1")), do_translate(Parser([]), Token("trans hello x")))',
      'try:\n    do_translate(Parser([]), Token("trans"))\nexcept TemplateSyntaxError as e:\n    print(e)',
    ].join('\n');
    assert.equal(runPythonOn(after, script), runPythonOn(files, script));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('names a method ending in a call of its own parameter after what that call does, not after the parameter (was `_writer_set_outdim`)', async () => {
    const { files, after, title } = await extracted(WRITERS, /^ {8}if new_dim not in/, /_writer_set_outdim\(self\.ptr/);
    assert.equal(title, 'Extract duplicated block into method `_set_outdim()` of `IOBase`');
    assert.match(after.get(`${ROOT}/geos/io.py`)!, /^ {4}def _set_outdim\(self, new_dim, message, writer_set_outdim\):$/m);
    const script = [
      'from geos.io import WKTWriter, WKBWriter',
      'w, b = WKTWriter(), WKBWriter()',
      'w.outdim = 3\nb.outdim = 2',
      'try:\n    b.outdim = 4\nexcept ValueError as e:\n    print(e)',
    ].join('\n');
    assert.equal(runPythonOn(after, script), runPythonOn(files, script));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });
});
