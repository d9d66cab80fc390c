/**
 * Extraction refuses what would change meaning in another function (issue 11 fuzz breaks, issue
 * 12 point 5): a `break` of a loop's `else:` arm, names the function declares `global` or
 * `nonlocal`, a module name rebound through `global`, a target the source cannot import by its
 * name, and code nested too deep to walk.
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { extractToModule } from '../../../server/src/refactor/extract/extractToModule';
import { extractDuplicate } from '../../../server/src/refactor/duplicates/extractDuplicate';
import { nameFlow, nestingProblem } from '../../../server/src/refactor/analysis/dataFlow';
import { memoryWorkspace, ROOT, snapshotOf } from '../../helpers/refactor/refactorFixture';

const VIEWS = `${ROOT}/shop/views.py`;

async function refusal(fixture: string, from: string, to: string): Promise<string> {
  const files = memoryWorkspace(fixture);
  const lines = files.get(VIEWS)!.split('\n');
  const line = (needle: string) => lines.findIndex((l) => l.includes(needle));
  const result = extractToModule(await loadPythonParser(), snapshotOf(files), {
    file: VIEWS,
    startLine: line(from),
    endLine: line(to),
    targetFile: `${ROOT}/shop/utils.py`,
    functionName: 'shared',
  });
  assert.equal(result.safe, false, 'refused');
  return result.safe ? '' : result.reason;
}

/** shop/views.py holding `header` lines, then `def checkout(request):` with `body` lines. */
const view = (body: string[], header: string[] = []) =>
  `#- shop/__init__.py\n#- shop/views.py\n${[...header, 'def checkout(request):', ...body.map((line) => `    ${line}`)].join('\n')}\n`;

describe('extraction refuses what changes meaning in another function', () => {
  it('a break in the else arm of a loop inside the statements: it leaves the loop around them', async () => {
    for (const loop of ['for item in group:', 'while group:']) {
      const body = ['for group in request:', `    ${loop}`, '        x = 1', '        group = None', '    else:', '        break', 'return 0'];
      assert.match(await refusal(view(body), loop, '        break'), /`break` leaves the statements \(line 7\)/, loop);
    }
  });

  it('a name the function declares global or nonlocal outside the statements (a write would be lost)', async () => {
    const globalBody = ['global COUNTER', 'COUNTER += 1', 'label = str(COUNTER)', 'return label'];
    assert.match(await refusal(view(globalBody, ['COUNTER = 0']), 'COUNTER += 1', 'label ='), /`checkout` declares `global COUNTER` \(line 3\): in another function `COUNTER` would be a local/);
    const nested = ['count = 0', 'def bump():', '    nonlocal count', '    count += 1', '    seen = count', '    return seen', 'return bump()'];
    const fixture = view(nested);
    const files = memoryWorkspace(fixture);
    assert.ok(files.get(VIEWS)!.includes('nonlocal count'));
    assert.match(await refusal(fixture, '        count += 1', 'seen = count'), /`bump` declares `nonlocal count`/);
  });

  it('a name of the module that a function rebinds through global: an import inside the new function is a copy', async () => {
    const header = ['COUNTER = 0', 'def bump():', '    global COUNTER', '    COUNTER += 1'];
    assert.match(await refusal(view(['bump()', 'label = str(COUNTER)', 'return label'], header), '    bump()', 'label ='), /`COUNTER` is rebound through `global COUNTER` \(line 3\)/);
  });

  it('a target the source cannot import by its module name (a script beside a utils/ folder without __init__.py)', async () => {
    const files = memoryWorkspace('#- scripts/tool.py\ndef main(rows):\n    total = sum(rows)\n    total = total * 2\n    return total\n');
    const result = extractToModule(await loadPythonParser(), snapshotOf(files), {
      file: `${ROOT}/scripts/tool.py`,
      startLine: 1,
      endLine: 2,
      targetFile: `${ROOT}/scripts/utils/tool.py`,
      functionName: 'shared',
    });
    assert.equal(result.safe ? '' : result.reason, 'tool.py is not in a package, and utils/tool.py would be imported as `tool`, which Python finds only from another folder on its path; put the function beside tool.py or make its folder a package');
  });

  describe('a 3,000-paren expression: a reason, not a stack overflow', () => {
    const deep = `${'('.repeat(3000)}x${')'.repeat(3000)}`;

    it('in the data flow guard and in extraction', async () => {
      const parser = await loadPythonParser();
      const tree = parser.parse(`y = ${deep}\n`);
      try {
        assert.match(nestingProblem([tree.rootNode]) ?? '', /line 1 nests more than 400 levels deep/);
        assert.equal(nestingProblem(tree.rootNode.namedChildren[0].namedChildren[0].namedChildren.slice(0, 1)), undefined, 'the target alone is shallow');
        assert.deepEqual(nameFlow(parser.parse('y = ((x))\n').rootNode.namedChildren).readsBeforeWrite, ['x']);
      } finally {
        tree.delete();
      }
      assert.match(await refusal(view(['x = 1', `y = ${deep}`, 'return y']), 'x = 1', 'y = ('), /views\.py: the code at line 3 nests more than 400 levels deep/);
    });

    it('in duplicate-block, even when the deep code is outside the copies', async () => {
      const block = ['total = 0', 'for line in request:', '    total += line', 'total = total * 2', 'return total'];
      const fixture = `#- shop/__init__.py\n#- shop/views.py\n${[
        'def checkout(request):', ...block.map((l) => `    ${l}`),
        'def refund(request):', ...block.map((l) => `    ${l}`),
        'def odd(x):', `    return ${deep}`,
      ].join('\n')}\n`;
      const files = memoryWorkspace(fixture);
      const { result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), [
        { file: VIEWS, startLine: 1, endLine: 4 },
        { file: VIEWS, startLine: 7, endLine: 10 },
      ]);
      assert.equal(result.safe, false);
      assert.match(result.safe ? '' : result.reason, /nests more than 400 levels deep/);
    });
  });
});
