import { strict as assert } from 'node:assert';
import { importSections } from '../../../server/src/core/python/importSections';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { outlineModule } from '../../../server/src/core/python/moduleOutline';
import { insertImport, insertImports } from '../../../server/src/refactor/targetModule';
import { applyTextEdits } from '../../../server/src/refactor/domainEdit';
import { dedent } from '../../helpers/workspace/workspaceFixture';

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

describe('imports added to an existing module', () => {
  /** The module's text with `statements` inserted where placeImports puts them (undefined: it leaves them to the caller). */
  const added = async (module: string, statements: string[], insert = insertImports) => {
    const parser = await loadPythonParser();
    const text = dedent(module);
    const tree = parser.parse(text);
    const outline = outlineModule(tree, text).outline;
    tree.delete();
    return applyTextEdits(text, insert(text, outline, statements));
  };

  it('puts each import in its section, in sort order, as isort would', async () => {
    const module = `
      """Orders."""
      import logging
      from decimal import Decimal

      from django.db import models
      from shop.models import Order

      from .forms import OrderForm


      def f():
          pass
    `;
    assert.equal(
      await added(module, ['from datetime import date', 'from django.http import Http404', 'from .utils import slug', 'import os', 'from __future__ import annotations']),
      dedent(`
        """Orders."""
        from __future__ import annotations

        import logging
        import os
        from datetime import date
        from decimal import Decimal

        from django.db import models
        from django.http import Http404
        from shop.models import Order

        from .forms import OrderForm
        from .utils import slug


        def f():
            pass
      `),
    );
  });

  it('opens a section the module lacks, a blank line apart', async () => {
    const module = `
      from decimal import Decimal

      from ..models import Order


      def total():
          return Decimal(0)
    `;
    assert.equal(
      await added(module, ['from django.conf import settings', 'from rest_framework import status']),
      dedent(`
        from decimal import Decimal

        from django.conf import settings
        from rest_framework import status

        from ..models import Order


        def total():
            return Decimal(0)
      `),
    );
  });

  it('appends after the last import of a module whose imports are not sorted, and joins an import of the same module', async () => {
    const module = `
      from shop.models import Order
      import os


      def f():
          pass
    `;
    assert.equal(
      await added(module, ['import sys', 'from shop.models import Coupon']),
      dedent(`
        from shop.models import Order, Coupon
        import os
        import sys


        def f():
            pass
      `),
    );
  });

  it('puts an import beside the closest module’s import in a module whose imports are not sorted (healthchecks’ views got its controllers after `import requests`)', async () => {
    const module = `
      from hc.api.models import Check
      from hc.front.schemas import telegram_callback
      from hc.lib import jsonschema
      import pytz
      import requests


      def f():
          pass
    `;
    assert.equal(
      await added(module, ['from hc.front.controllers.check_controllers import handle_my_checks', 'from hc.lib.badges import get_badge_url', 'import sys']),
      dedent(`
        from hc.api.models import Check
        from hc.front.schemas import telegram_callback
        from hc.front.controllers.check_controllers import handle_my_checks
        from hc.lib import jsonschema
        from hc.lib.badges import get_badge_url
        import pytz
        import requests
        import sys


        def f():
            pass
      `),
    );
  });

  it('puts one import (a controller’s, a util’s) beside the closest module’s import too', async () => {
    const module = 'from hc.front.schemas import telegram_callback\nfrom hc.lib import jsonschema\nimport requests\n';
    const one = (text: string, outline: Parameters<typeof insertImports>[1], statements: readonly string[]) => [insertImport(text, outline, statements[0])];
    assert.equal(await added(module, ['from hc.front.controllers.check_controllers import handle_my_checks'], one), module.replace('from hc.lib', 'from hc.front.controllers.check_controllers import handle_my_checks\nfrom hc.lib'));
  });

  it('keeps a module’s own sections, isort’s first-party one among them (allauth’s openid utils got django imports after its relative import)', async () => {
    const module = `
      import base64
      import pickle

      from openid.association import Association
      from openid.store.interface import OpenIDStore as OIDStore

      from allauth.utils import valid_email_or_none

      from .models import OpenIDNonce


      def f():
          pass
    `;
    assert.equal(
      await added(module, ['from django.urls import reverse', 'from django.utils.http import urlencode', 'import json', 'from allauth.account import app_settings', 'from .forms import LoginForm']),
      dedent(`
        import base64
        import json
        import pickle

        from django.urls import reverse
        from django.utils.http import urlencode
        from openid.association import Association
        from openid.store.interface import OpenIDStore as OIDStore

        from allauth.account import app_settings
        from allauth.utils import valid_email_or_none

        from .forms import LoginForm
        from .models import OpenIDNonce


        def f():
            pass
      `),
    );
  });
});
