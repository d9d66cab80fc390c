import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { extractToModule } from '../../../server/src/refactor/extract/extractToModule';
import { applyEdit, memoryWorkspace, ROOT, snapshotOf } from '../../helpers/refactor/refactorFixture';

const VIEWS = `${ROOT}/shop/views.py`;

const SHOP = (extra: string) => `
  #- shop/__init__.py
  #- shop/views.py
  import json
  from decimal import Decimal, ROUND_UP
  from django.core.mail import send_mail


  def checkout(request):
      total = Decimal(request)
      send_mail(json.dumps(total))
      return total


  def other():
      return ROUND_UP
  ${extra}
`;

async function extractCheckout(fixture: string) {
  const files = memoryWorkspace(fixture);
  const lines = files.get(VIEWS)!.split('\n');
  const request = {
    file: VIEWS,
    startLine: lines.findIndex((l) => l.includes('total = Decimal')),
    endLine: lines.findIndex((l) => l.includes('send_mail(json')),
    targetFile: `${ROOT}/shop/controllers/order_controllers.py`,
    functionName: 'place_order',
  };
  const result = extractToModule(await loadPythonParser(), snapshotOf(files), request);
  assert.ok(result.safe, result.safe ? '' : result.reason);
  return applyEdit(files, result.edit).get(VIEWS)!;
}

describe('imports a move leaves unused', () => {
  it('are removed from the old module; the names it still uses stay', async () => {
    const views = await extractCheckout(SHOP(''));
    assert.match(views, /^from decimal import ROUND_UP\nfrom \.controllers|^from decimal import ROUND_UP$/m);
    assert.doesNotMatch(views, /import json|send_mail/);
  });

  it('stay when another module imports them from it, or a test patches them there', async () => {
    const views = await extractCheckout(
      SHOP(`#- shop/api.py
  from .views import send_mail
  #- shop/tests.py
  PATCH = "shop.views.json"`),
    );
    assert.match(views, /^import json$/m);
    assert.match(views, /^from django\.core\.mail import send_mail$/m);
    assert.match(views, /^from decimal import ROUND_UP$/m);
  });

  it('leave a wrapped import wrapped, its other names and comments in place', async () => {
    const views = await extractCheckout(
      SHOP('').replace(
        'from decimal import Decimal, ROUND_UP',
        'from decimal import (\n      Decimal,  # money\n      ROUND_UP,  # rounding for display\n  )',
      ),
    );
    assert.match(views, /^from decimal import \(\n    ROUND_UP,  # rounding for display\n\)$/m);
  });
});
