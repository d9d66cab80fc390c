import { strict as assert } from 'node:assert';
import { FIXTURE_ROOT, indexOf } from '../../helpers/workspace/workspaceIndexFixture';
import { duplicates, files } from '../../helpers/refactor/duplicateFindings';

/** `admin.site.register(ModelN, ModelNAdmin)` for N from `from`, one a line: one short shape repeated. */
const registrations = (from: number, count: number) =>
  Array.from({ length: count }, (_, k) => `admin.site.register(Model${from + k}, Model${from + k}Admin)`).join('\n');
const admin = (text: string) => `from django.contrib import admin\n${text}\n`;
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
const views = (...names: string[]) => names.map(view).join('\n\n');
/** A data module's table: `0x8861: 0,` rows, a 4-token shape repeated. */
const table = (count: number) => `CODES = {\n${Array.from({ length: count }, (_, k) => `    0x${(0x8861 + k).toString(16)}: ${k},`).join('\n')}\n}\n`;

/** A code page's decoding table, one string a row: rows `shared` (a range) come from `sharedWith`'s numbering, the others are the file's own. */
const codePage = (file: number, shared?: { rows: [number, number]; with: number }) => {
  const row = (k: number) => {
    const owner = shared && k >= shared.rows[0] && k < shared.rows[1] ? shared.with : file;
    return `    '\\u${((owner * 7919 + k * 104729) % 0xffff).toString(16).padStart(4, '0')}'`;
  };
  return `decoding_table = (\n${Array.from({ length: 256 }, (_, k) => row(k)).join('\n')}\n)\n`;
};
/** A table of `rows` rows of ten zeros: one window's text, back to back. */
const zeros = (rows: number) => `ZEROS = [\n${'    0, 0, 0, 0, 0, 0, 0, 0, 0, 0,\n'.repeat(rows)}]\n`;

/** Analyses `entries` and returns the duplicate findings with how long it took. */
async function timed(entries: Record<string, string>) {
  const started = performance.now();
  const index = await indexOf(files(entries));
  const found = duplicates(index);
  return { found, seconds: (performance.now() - started) / 1000 };
}

describe('duplicate-block on repetitive code', () => {
  // Budgets far above the time taken (well under a second) and far below the old one, so a busy machine does not flake.
  it('analyses 3,000 lines of admin.site.register calls in under 5 s (took 3 min 20 s)', async () => {
    const { found, seconds } = await timed({ 'shop/admin.py': admin(registrations(0, 3000)) });
    assert.deepEqual(found, [], 'one repeated stretch of one file is one place, not a clone');
    assert.ok(seconds < 5, `took ${seconds.toFixed(1)} s`);
  });

  it('analyses a 2,400-row data table in under 2 s (chardet/johabfreq.py took 7 s)', async () => {
    const { found, seconds } = await timed({ 'codes.py': table(2400) });
    assert.deepEqual(found, []);
    assert.ok(seconds < 2, `took ${seconds.toFixed(1)} s`);
  });

  it('finds rows two code pages share past the places of their shape compared (32), by their text', async () => {
    // Every table's rows have one shape: the 40th file meets it in 32 places of the first files before the 39th.
    const pages = Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`encodings/cp${String(k).padStart(2, '0')}.py`, codePage(k)]));
    pages['encodings/cp39.py'] = codePage(39, { rows: [100, 160], with: 38 });
    const { found } = await timed(pages);
    const exact = (lines: number) => `${lines} lines duplicated in 2 places`;
    assert.deepEqual(found, [
      { file: 'encodings/cp38.py', lines: [102, 161], message: exact(60), related: ['encodings/cp39.py:102'] },
      { file: 'encodings/cp39.py', lines: [102, 161], message: exact(60), related: ['encodings/cp38.py:102'] },
    ]);
  });

  it('analyses tables of zeros in time linear in their length, across files (quadratic when every zero was looked up by its text)', async () => {
    const seconds = async (rows: number) => {
      const { found, seconds } = await timed(Object.fromEntries(Array.from({ length: 3 }, (_, k) => [`tables/zeros${k}.py`, zeros(rows)])));
      assert.equal(found.length, 3, 'the tables are one class');
      return seconds;
    };
    await seconds(100);
    const short = await seconds(400);
    const long = await seconds(1600);
    // 4 times the rows: about 4 times the time (16 times, quadratic); a busy machine slows both alike.
    assert.ok(long / short < 9, `${(long / short).toFixed(1)} times the time for 4 times the rows (${short.toFixed(1)} s, ${long.toFixed(1)} s)`);
  });

  it('reports rows cloned in another file, at any length, as before: one place per file', async () => {
    assert.deepEqual((await timed({ 'shop/admin.py': admin(registrations(0, 40)) })).found, []);
    const renamed = (lines: number) => `${lines} lines duplicated in 2 places (same code with other names or values)`;
    assert.deepEqual((await timed({ 'shop/admin.py': admin(registrations(0, 40)), 'blog/admin.py': admin(registrations(100, 30)) })).found, [
      { file: 'blog/admin.py', lines: [2, 31], message: renamed(30), related: ['shop/admin.py:2'] },
      { file: 'shop/admin.py', lines: [2, 41], message: renamed(40), related: ['blog/admin.py:2'] },
    ]);
    // 3,300 and 2,200 tokens: deeper than the repetition analysed in full.
    assert.deepEqual((await timed({ 'shop/admin.py': admin(registrations(0, 300)), 'blog/admin.py': admin(registrations(1000, 200)) })).found, [
      { file: 'blog/admin.py', lines: [2, 201], message: renamed(200), related: ['shop/admin.py:2'] },
      { file: 'shop/admin.py', lines: [2, 301], message: renamed(300), related: ['blog/admin.py:2'] },
    ]);
  });

  it('reports every copy of a function repeated back to back, 30 times and cloned elsewhere, as one class', async () => {
    // 30 copies of 60 tokens: the later ones are deeper than the repetition analysed in full.
    const names = Array.from({ length: 30 }, (_, k) => `view${k}`);
    const { found } = await timed({ 'views.py': views(...names), 'api.py': `x = 1\n${view('other')}` });
    const places = ['api.py:3', ...names.map((_, k) => `views.py:${2 + 11 * k}`)];
    assert.deepEqual(
      found,
      places.map((place, k) => ({
        file: place.split(':')[0],
        lines: k === 0 ? [3, 10] : [2 + 11 * (k - 1), 9 + 11 * (k - 1)],
        message: '8 lines duplicated in 31 places',
        related: places.filter((other) => other !== place),
      })),
    );
  });

  it('reports every one of 300 identical files, and keeps them through edits and removals of the first ones', async () => {
    const paths = Array.from({ length: 300 }, (_, k) => `app${String(k).padStart(3, '0')}/views.py`);
    const index = await indexOf(files(Object.fromEntries(paths.map((path) => [path, view('checkout')]))));
    const summary = () => {
      const found = duplicates(index);
      return { places: found.length, messages: [...new Set(found.map((f) => `${f.message}, ${f.related.length} related`))] };
    };
    assert.deepEqual(summary(), { places: 300, messages: ['9 lines duplicated in 300 places, 299 related'] });
    // Each copy was compared with the first ones indexed: edit them (indexed again, last) and remove them.
    for (const path of paths.slice(0, 40)) index.update(`${FIXTURE_ROOT}/${path}`, `${view('checkout')}\n`);
    assert.deepEqual(summary(), { places: 300, messages: ['9 lines duplicated in 300 places, 299 related'] });
    for (const path of paths.slice(0, 40)) index.remove(`${FIXTURE_ROOT}/${path}`);
    assert.deepEqual(summary(), { places: 260, messages: ['9 lines duplicated in 260 places, 259 related'] });
  });
});
