/**
 * Which duplicates get an "Extract duplicated block" action (issue 11: 94 % of those offered were
 * refused on real projects): code that cannot become a function is not offered, with the reason;
 * statements tied to their function are left out of the run instead of sinking the whole clone.
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { extractDuplicate, type ClonePlaceLines } from '../../../server/src/refactor/duplicates/extractDuplicate';
import { applyEdit, memoryWorkspace, ROOT, runPythonOn, snapshotOf } from '../../helpers/refactor/refactorFixture';

const PROVIDERS = `${ROOT}/accounts/providers.py`;

/** The places starting at each line holding `marker`, `length` lines long. */
function placesOf(files: Map<string, string>, file: string, marker: string, length: number): ClonePlaceLines[] {
  const places: ClonePlaceLines[] = [];
  files.get(file)!.split('\n').forEach((line, i) => {
    if (line.includes(marker)) places.push({ file, startLine: i, endLine: i + length - 1 });
  });
  return places;
}

describe('duplicate-block offers a function only for code that can become one', () => {
  it('a clone of class bodies (attributes and methods) is not offered, the reason kept', async () => {
    const provider = (name: string) => [
      `class ${name}Provider(Base):`,
      `    id = "${name.toLowerCase()}"`,
      `    name = "${name}"`,
      '',
      '    def get_default_scope(self):',
      '        return ["profile"]',
      '',
      '    def extract_uid(self, data):',
      '        uid = str(data["user_id"])',
      '        return uid',
    ];
    const fixture = `#- accounts/__init__.py\n#- accounts/providers.py\nclass Base:\n    pass\n\n\n${[...provider('Amazon'), '', '', ...provider('Asana')].join('\n')}\n`;
    const files = memoryWorkspace(fixture);
    const extraction = extractDuplicate(await loadPythonParser(), snapshotOf(files), placesOf(files, PROVIDERS, 'Provider(Base)', 10));
    assert.equal(extraction.result.safe, false);
    assert.match(extraction.noise ?? '', /the copies share no run of 2 or more whole statements/);
  });

  it('two one-line statements are not worth a function: no `compute_to_process_and_model_strings()` (simple-history’s commands)', async () => {
    const handle = (name: string) => [`def ${name}(*args, **options):`, '    to_process = set()', '    model_strings = options.get("models", []) or args', '    for model in model_strings:', `        to_process.add((model, "${name}"))`, '    return to_process'];
    const files = memoryWorkspace(`#- accounts/__init__.py\n#- accounts/providers.py\n${[...handle('clean'), '', '', ...handle('populate')].join('\n')}\n`);
    const extraction = extractDuplicate(await loadPythonParser(), snapshotOf(files), placesOf(files, PROVIDERS, 'to_process = set()', 2));
    assert.equal(extraction.result.safe, false);
    assert.match(extraction.noise ?? '', /the copies share no run of 2 or more whole statements \(fresh initialisations aside\)/);
  });

  it('copies that differ in module variables a function rebinds (`global`) are refused', async () => {
    const block = (helper: string) => ['    total = 0', '    for row in rows:', `        total += ${helper} * row`, '    total = total * 2', '    return total'];
    const fixture = `#- accounts/__init__.py\n#- accounts/providers.py\n${[
      'size = 1', 'weight = 2',
      'def grow():', '    global size', '    size += 1',
      'def a(rows):', ...block('size'), 'def b(rows):', ...block('weight'),
    ].join('\n')}\n`;
    const files = memoryWorkspace(fixture);
    const extraction = extractDuplicate(await loadPythonParser(), snapshotOf(files), placesOf(files, PROVIDERS, 'total = 0', 4));
    assert.equal(extraction.result.safe, false);
    assert.match(extraction.result.safe ? '' : extraction.result.reason, /`size` is rebound through `global size`/);
  });

  it('copies that differ in module variables bound once and never rebound pass them (GEOS’s io.py setters call `wkt_writer_set_outdim = GEOSFuncFactory(…)`)', async () => {
    const setter = (cls: string, fn: string) => [`class ${cls}(IOBase):`, '    def set_outdim(self, new_dim):', '        if new_dim not in (2, 3):', `            raise ValueError("${cls} output dimension must be 2 or 3")`, `        ${fn}(self.ptr, new_dim)`, ''];
    const fixture = `#- accounts/__init__.py\n#- accounts/providers.py\n${[
      'def factory(kind):', '    return lambda ptr, dim: print(kind, ptr, dim)', '',
      'wkt_writer_set_outdim = factory("wkt")', 'wkb_writer_set_outdim = factory("wkb")', '',
      'class IOBase:', '    ptr = 7', '',
      ...setter('WKTWriter', 'wkt_writer_set_outdim'), ...setter('WKBWriter', 'wkb_writer_set_outdim'),
    ].join('\n')}\n`;
    const files = memoryWorkspace(fixture);
    const { result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), placesOf(files, PROVIDERS, 'if new_dim not in', 3));
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(PROVIDERS)!, /self\._\w+\(\s*new_dim,\s*"WKTWriter output dimension must be 2 or 3",\s*wkt_writer_set_outdim,?\s*\)/);
    const script = 'from accounts.providers import WKTWriter, WKBWriter\nWKTWriter().set_outdim(3)\nWKBWriter().set_outdim(2)\ntry:\n    WKBWriter().set_outdim(4)\nexcept ValueError as e:\n    print(e)';
    assert.equal(runPythonOn(after, script), runPythonOn(files, script));
  });

  it('a statement that breaks out of the loop around the copies is left out of the function, the rest extracted', async () => {
    const body = ['    for row in rows:', '        total = row * 2', '        total += 1', '        print(total)', '        if total > 10:', '            break', '    return 0'];
    const fixture = `#- accounts/__init__.py\n#- accounts/models.py\n#- accounts/providers.py\n${['def a(rows):', ...body, '', '', 'def b(rows):', ...body].join('\n')}\n`;
    const files = memoryWorkspace(fixture);
    const places = placesOf(files, PROVIDERS, 'total = row * 2', 5);
    assert.equal(places.length, 2);
    const { result, noise } = extractDuplicate(await loadPythonParser(), snapshotOf(files), places);
    assert.equal(noise, undefined);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.equal(after.get(PROVIDERS)!.match(/^ {8}total = \w+\(row\)$/gm)?.length, 2, 'both copies call the function');
    assert.equal(after.get(PROVIDERS)!.match(/^ {12}break$/gm)?.length, 2, 'the breaks stay in the loops');
    const check = 'from accounts.providers import a, b\nprint(a([1, 2, 9]), b([3]))';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  it('a script outside any package gets utils.py beside it, imported as the top-level module the script is itself', async () => {
    const block = ['    total = 0', '    for row in rows:', '        total += row', '    total = total * 2'];
    const fixture = `#- scripts/tool.py\n${['def a(rows):', ...block, '    return total', '', '', 'def b(rows):', ...block, '    return -total'].join('\n')}\n`;
    const files = memoryWorkspace(fixture);
    const tool = `${ROOT}/scripts/tool.py`;
    const { title, result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), [
      { file: tool, startLine: 1, endLine: 4 },
      { file: tool, startLine: 9, endLine: 12 },
    ]);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.equal(title, 'Extract duplicated block into `compute_total()` in `utils.py`');
    const after = applyEdit(files, result.edit);
    assert.deepEqual(result.edit.createFiles, [`${ROOT}/scripts/utils.py`]);
    assert.match(after.get(tool)!, /^from utils import compute_total\n/);
    const check = 'import sys\nsys.path.insert(0, "scripts")\nimport tool\nprint(tool.a([1, 2]), tool.b([3]))';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  describe('a block in a method reading attributes of self', () => {
    const client = (name: string, body: string[]) => [
      `class ${name}Client:`,
      '    def __init__(self, key, scope):',
      '        self.consumer_key = key',
      '        self.scope = scope',
      '        self.state = None',
      '',
      '    def get_redirect_url(self, url, extra):',
      ...body.map((line) => `        ${line}`),
      '        return params',
    ];
    const body = ['params = {', '    "client_id": self.consumer_key,', '    "redirect_uri": url,', '    "scope": self.scope,', '}', 'if self.state:', '    params["state"] = self.state', 'params.update(extra)'];
    const fixture = (lines: string[]) => `#- accounts/__init__.py\n#- accounts/models.py\n#- accounts/providers.py\n${[...client('Feishu', lines), '', '', ...client('Weixin', lines)].join('\n')}\n`;
    const extract = async (lines: string[]) => {
      const files = memoryWorkspace(fixture(lines));
      return { files, extraction: extractDuplicate(await loadPythonParser(), snapshotOf(files), placesOf(files, PROVIDERS, lines[0], lines.length)) };
    };

    it('takes each attribute as a parameter, the method passing self.x', async () => {
      const { files, extraction } = await extract(body);
      const { result } = extraction;
      assert.ok(result.safe, result.safe ? '' : result.reason);
      assert.match(result.summary, /calls to `build_params\(url, extra, consumer_key, scope, state\)`/);
      const after = applyEdit(files, result.edit);
      assert.equal(after.get(PROVIDERS)!.match(/build_params\(\s*url, extra, self\.consumer_key, self\.scope, self\.state\s*\)/g)?.length, 2);
      assert.match(after.get(result.edit.createFiles.find((file) => !file.endsWith('__init__.py'))!)!, /^def build_params\(url, extra, consumer_key, scope, state\):\n {4}params = \{\n {8}"client_id": consumer_key,/);
      const check = 'from accounts.providers import FeishuClient, WeixinClient\nc = FeishuClient("k", "s")\nc.state = "x"\nprint(c.get_redirect_url("u", {"a": 1}), WeixinClient("k", "s").get_redirect_url("v", {}))';
      assert.equal(runPythonOn(after, check), runPythonOn(files, check));
    });

    it('takes a class constant of self in lower case, `self_url` when the block has its own `url` (healthchecks’ transports took `URL`)', async () => {
      const { files, extraction } = await extract(body.map((line) => line.replace('"redirect_uri": url,', '"redirect_uri": self.URL % url,')));
      const { result } = extraction;
      assert.ok(result.safe, result.safe ? '' : result.reason);
      assert.match(result.summary, /calls to `build_params\(url, extra, consumer_key, self_url, scope, state\)`/);
      const check = 'from accounts.providers import FeishuClient, WeixinClient\nFeishuClient.URL = WeixinClient.URL = "https://x/%s"\nprint(FeishuClient("k", "s").get_redirect_url("u", {}))';
      assert.equal(runPythonOn(applyEdit(files, result.edit), check), runPythonOn(files, check));
    });

    it('is not offered when the block calls a method of self, assigns through it, or reads it after a call', async () => {
      const variants: [string[], RegExp][] = [
        [[...body.slice(0, -1), 'self.log(params)'], /calls `self\.log\(\)`/],
        [[...body.slice(0, -1), 'self.last = params'], /assigns through `self`/],
        [['params = dict(url=url)', 'params.update(extra)', 'params["scope"] = self.scope'], /reads `self\.scope` after a call/],
        [['params = dict()', 'if extra:', '    params["scope"] = self.scope', 'params.update(extra)'], /reads `self\.scope` after a call|first where it may not run/],
      ];
      for (const [lines, reason] of variants) {
        const { extraction } = await extract(lines);
        assert.match(extraction.noise ?? '', reason, lines.join('; '));
        assert.match(extraction.noise ?? '', /a function in utils taking `self` would be a method in disguise/);
      }
    });
  });
});

