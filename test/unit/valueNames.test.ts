import { strict as assert } from 'node:assert';
import { lexPython } from '../../server/src/core/python/pythonLexer';
import { valueNameCandidates } from '../../server/src/refactor/duplicates/extractedNames';

/** The names proposed for the literal `literal` where it stands in `code`. */
function namesFor(code: string, literal: string): string[] {
  const tokens = lexPython(code);
  const i = tokens.findIndex((t) => code.slice(t.start, t.end) === literal);
  return valueNameCandidates(code, tokens, i);
}

describe('names of a parameter for a literal that differs between copies', () => {
  it('says what the code says the value is, and key for a key of something unnamed (never `text` then)', () => {
    assert.deepEqual(namesFor('order.save(status="paid")', '"paid"'), ['status']);
    assert.deepEqual(namesFor('qty = line["qty"]', '"qty"'), ['line_key']);
    assert.deepEqual(namesFor('extra_data = response.json()["users"][0]', '"users"'), ['key']);
    assert.deepEqual(namesFor('params = {"app_id": self.consumer_key, "scope": scope}', '"app_id"'), ['key']);
    assert.deepEqual(namesFor('return prefix + "done"', '"done"'), ['text']);
  });

  it('names a value compared with an attribute after it, and one compared with an attribute of self `expected_…` (self.kind may be the `kind` parameter)', () => {
    assert.deepEqual(namesFor('if order.state == "open":', '"open"'), ['state']);
    assert.deepEqual(namesFor('assert self.kind == "sms"', '"sms"'), ['expected_kind']);
    assert.deepEqual(namesFor('if "sms" != self.kind:', '"sms"'), ['expected_kind']);
  });
});
