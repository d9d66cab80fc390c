import { indexOf } from '../helpers/workspaceIndexFixture';
import { duplicates, files } from '../helpers/duplicateFindings';

const registrations = (from: number, count: number) =>
  Array.from({ length: count }, (_, k) => `admin.site.register(Model${from + k}, Model${from + k}Admin)`).join('\n');
const view = (name: string) => `def ${name}(request, order):
    subtotal = 0
    for item in order.items.all():
        if item.quantity <= 0:
            continue
        subtotal += item.unit_price * item.quantity
    order.total = subtotal
    order.save(update_fields=["total"])
    return order
`;
const table = (count: number) => `CODES = {\n${Array.from({ length: count }, (_, k) => `    0x${(0x8861 + k).toString(16)}: ${k},`).join('\n')}\n}\n`;

describe('probe', () => {
  it('prints', async () => {
    const cases: Record<string, Record<string, string>> = {
      alone: { 'shop/admin.py': `from django.contrib import admin\n${registrations(0, 40)}\n` },
      two: { 'shop/admin.py': `from django.contrib import admin\n${registrations(0, 40)}\n`, 'blog/admin.py': `from django.contrib import admin\nx = 1\n${registrations(100, 30)}\n` },
      views3: { 'views.py': [view('one'), view('two'), view('three')].join('\n\n') },
      views4: { 'views.py': [view('one'), view('two'), view('three'), view('four')].join('\n\n') },
      views4other: { 'views.py': [view('one'), view('two'), view('three'), view('four')].join('\n\n'), 'api.py': `x = 1\n${view('five')}` },
      tables: { 'a.py': table(60), 'b.py': table(50) },
      mixed: { 'a.py': `${registrations(0, 20)}\n${view('one')}\n${registrations(30, 20)}\n`, 'b.py': `${view('two')}\n${registrations(60, 12)}\n` },
    };
    for (const [name, entries] of Object.entries(cases)) console.log(name, JSON.stringify(duplicates(await indexOf(files(entries)))));
  });
});
