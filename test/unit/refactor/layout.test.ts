import { strict as assert } from 'node:assert';
import { applyTextEdits, type TextEdit } from '../../../server/src/refactor/domainEdit';
import { tidyRemovals } from '../../../server/src/refactor/layout';

/** The edit deleting `lines` (whole lines of `text`, found by their text). */
function removal(text: string, lines: string): TextEdit {
  const at = text.indexOf(lines);
  assert.ok(at >= 0 && (at === 0 || text[at - 1] === '\n') && lines.endsWith('\n'), `${lines} is not whole lines of the text`);
  const line = text.slice(0, at).split('\n').length - 1;
  return { range: { start: { line, character: 0 }, end: { line: line + lines.split('\n').length - 1, character: 0 } }, newText: '' };
}

function tidied(text: string, edits: TextEdit[]): string {
  return applyTextEdits(text, tidyRemovals(text, edits));
}

const MODULE = 'import json\nimport os\n\n\ndef a():\n    pass\n\n\ndef b():\n    pass\n\n\ndef c():\n    pass\n';

describe('blank lines around removed code', () => {
  it('a module that loses its last definition ends with one newline', () => {
    assert.equal(tidied(MODULE, [removal(MODULE, 'def c():\n    pass\n')]), 'import json\nimport os\n\n\ndef a():\n    pass\n\n\ndef b():\n    pass\n');
    assert.equal(tidied(MODULE, [removal(MODULE, 'def b():\n    pass\n'), removal(MODULE, 'def c():\n    pass\n')]), 'import json\nimport os\n\n\ndef a():\n    pass\n');
  });

  it('a module that loses its first imports starts with its code', () => {
    const edits = [removal(MODULE, 'import json\n'), removal(MODULE, 'import os\n')];
    assert.equal(tidied(MODULE, edits), 'def a():\n    pass\n\n\ndef b():\n    pass\n\n\ndef c():\n    pass\n');
  });

  it('between what is left stay the blank lines that were there', () => {
    assert.equal(tidied(MODULE, [removal(MODULE, 'def b():\n    pass\n')]), 'import json\nimport os\n\n\ndef a():\n    pass\n\n\ndef c():\n    pass\n');
    assert.equal(tidied(MODULE, [removal(MODULE, 'import os\n')]), 'import json\n\n\ndef a():\n    pass\n\n\ndef b():\n    pass\n\n\ndef c():\n    pass\n');
  });

  it('keeps inserted lines where they are, with the blank lines after them', () => {
    const text = 'import json\n\n\ndef a():\n    pass\n';
    const insert = { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'from shop.pricing import a\n' };
    assert.equal(tidied(text, [removal(text, 'import json\n'), insert, removal(text, 'def a():\n    pass\n')]), 'from shop.pricing import a\n');
    assert.equal(tidied(text, [removal(text, 'import json\n'), insert]), 'from shop.pricing import a\n\n\ndef a():\n    pass\n');
  });

  it('leaves an empty module empty, and edits that remove nothing as they are', () => {
    assert.equal(tidied('import json\n\n\n', [removal('import json\n\n\n', 'import json\n')]), '');
    const rename = { range: { start: { line: 4, character: 4 }, end: { line: 4, character: 5 } }, newText: 'b' };
    assert.deepEqual(tidyRemovals(MODULE, [rename]), [rename]);
  });
});
