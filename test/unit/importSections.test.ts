import { strict as assert } from 'node:assert';
import { importSections } from '../../server/src/core/python/importSections';

describe('import sections of a new module', () => {
  it('orders imports as isort does: __future__, standard library, others, relative; plain imports first, by module', () => {
    const lines = ['from .models import Order', 'from django.http import Http404', 'import datetime', 'from __future__ import annotations', 'from Decimal import x', 'from collections import (\n    OrderedDict,\n)', 'import requests', 'from ..utils import slug'];
    assert.equal(
      importSections(lines),
      [
        'from __future__ import annotations',
        '',
        'import datetime\nfrom collections import (\n    OrderedDict,\n)',
        '',
        'import requests\nfrom Decimal import x\nfrom django.http import Http404',
        '',
        'from ..utils import slug\nfrom .models import Order',
      ].join('\n'),
    );
    assert.equal(importSections([]), '');
  });
});
