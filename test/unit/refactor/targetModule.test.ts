import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { applyTextEdits } from '../../../server/src/refactor/domainEdit';
import { insertImport, outlineOf } from '../../../server/src/refactor/targetModule';

const NEW_IMPORT = 'from shop.pricing import total';

async function withImport(text: string): Promise<string> {
  return applyTextEdits(text, [insertImport(text, outlineOf(await loadPythonParser(), text).outline, NEW_IMPORT)]);
}

/** [what, module before, module after]; the new import is `from shop.pricing import total`. */
const CASES: readonly [string, string, string][] = [
  [
    'after the last import when it is a plain `import x`',
    'from decimal import Decimal\nimport json\n\n\nTAX = 2\n',
    'from decimal import Decimal\nimport json\nfrom shop.pricing import total\n\n\nTAX = 2\n',
  ],
  [
    'after the closing parenthesis of a multi-line import',
    'import json\nfrom shop.models import (\n    Cart,\n    Order,\n)\n\n\nTAX = 2\n',
    'import json\nfrom shop.models import (\n    Cart,\n    Order,\n)\nfrom shop.pricing import total\n\n\nTAX = 2\n',
  ],
  [
    'with the module’s own imports, in its isort section, not inside a later `if TYPE_CHECKING:` block (it is needed at run time)',
    'from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from shop.models import Order\n    from shop.carts import Cart\n\n\nTAX = 2\n',
    'from typing import TYPE_CHECKING\n\nfrom shop.pricing import total\n\nif TYPE_CHECKING:\n    from shop.models import Order\n    from shop.carts import Cart\n\n\nTAX = 2\n',
  ],
  [
    'before a `try:` block of fallback imports, which stays whole',
    'import os\n\ntry:\n    import ujson as json\nexcept ImportError:\n    import json\n',
    'import os\n\nfrom shop.pricing import total\n\ntry:\n    import ujson as json\nexcept ImportError:\n    import json\n',
  ],
  [
    'after the docstring when the only imports are in a block',
    '"""Prices."""\ntry:\n    import ujson as json\nexcept ImportError:\n    import json\n',
    '"""Prices."""\nfrom shop.pricing import total\n\n\ntry:\n    import ujson as json\nexcept ImportError:\n    import json\n',
  ],
  [
    'after a multi-line docstring and `from __future__` imports, which must come first',
    '"""Prices,\n\nwith tax.\n"""\nfrom __future__ import annotations\n\n\nTAX = 2\n',
    '"""Prices,\n\nwith tax.\n"""\nfrom __future__ import annotations\nfrom shop.pricing import total\n\n\nTAX = 2\n',
  ],
  ['on a line of its own when the last import ends the file without a newline', 'import json', 'import json\nfrom shop.pricing import total\n'],
  ['at the top of a module without imports, two blank lines before its code', 'TAX = 2\n', 'from shop.pricing import total\n\n\nTAX = 2\n'],
  ['below a shebang, which works on the first line only', '#!/usr/bin/env python\nTAX = 2\n', '#!/usr/bin/env python\nfrom shop.pricing import total\n\n\nTAX = 2\n'],
  [
    'below an encoding declaration, which works on the first two lines only',
    '# -*- coding: latin-1 -*-\nTAX = 2\n',
    '# -*- coding: latin-1 -*-\nfrom shop.pricing import total\n\n\nTAX = 2\n',
  ],
  [
    'below a shebang and an encoding declaration',
    '#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nTAX = 2\n',
    '#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nfrom shop.pricing import total\n\n\nTAX = 2\n',
  ],
  [
    'below an encoding declaration on the second line, under a comment that is otherwise the code’s',
    '# Prices.\n# vim: set fileencoding=latin-1 :\nTAX = 2\n',
    '# Prices.\n# vim: set fileencoding=latin-1 :\nfrom shop.pricing import total\n\n\nTAX = 2\n',
  ],
  [
    'after a shebang, a docstring and `from __future__` imports',
    '#!/usr/bin/env python\n"""Prices."""\nfrom __future__ import annotations\n\nTAX = 2\n',
    '#!/usr/bin/env python\n"""Prices."""\nfrom __future__ import annotations\nfrom shop.pricing import total\n\nTAX = 2\n',
  ],
  [
    'below a licence comment block, as isort and ruff keep it, and above the comment on the first statement',
    '# Copyright 2024 Shop Ltd.\n# SPDX-License-Identifier: MIT\n\n# The tax rate.\nTAX = 2\n',
    '# Copyright 2024 Shop Ltd.\n# SPDX-License-Identifier: MIT\n\nfrom shop.pricing import total\n\n\n# The tax rate.\nTAX = 2\n',
  ],
  ['above a comment directly on the first statement, which is that statement’s', '# The tax rate.\nTAX = 2\n', 'from shop.pricing import total\n\n\n# The tax rate.\nTAX = 2\n'],
  ['below the comments of a module that holds nothing else', '# Copyright 2024 Shop Ltd.\n', '# Copyright 2024 Shop Ltd.\nfrom shop.pricing import total\n'],
];

describe('inserting an import into a module', () => {
  for (const [what, before, after] of CASES) {
    it(what, async () => assert.equal(await withImport(before), after));
  }
});
