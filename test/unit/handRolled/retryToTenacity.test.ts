import { strict as assert } from 'node:assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { loadPythonParser, type PythonParser } from '../../../server/src/core/parse/pythonParser';
import { retryToTenacity } from '../../../server/src/refactor/handRolled/retryToTenacity';
import { applyEdit, memoryWorkspace, ROOT, snapshotOf, writeMemoryWorkspace } from '../../helpers/refactor/refactorFixture';
import { dedent } from '../../helpers/workspace/workspaceFixture';

const GATEWAY = `
  #- requirements.txt
  tenacity>=8
  #- gateway.py
  """Talks to the payment provider."""
  import time
  from time import sleep


  def transport(payload):
      raise NotImplementedError


  def charge(payload):
      """Charges, retrying on connection problems."""
      for attempt in range(3):
          try:
              response = transport(payload)
              return response
          except (ConnectionError, TimeoutError):
              if attempt == 2:
                  raise
              time.sleep(2)


  class Client:
      @staticmethod
      def fetch(url):
          for attempt in range(4):
              # one attempt
              try:
                  return transport(url)
              except OSError as error:
                  if attempt + 1 >= 4:
                      raise
                  sleep(0.5)
`;

/** Each scenario: how many calls fail (and with what) before one succeeds; what the caller sees, the calls made and the sleeps. */
const HARNESS = `
  import json, time
  import gateway

  def run(call, failures):
      calls, sleeps = [], []
      time.sleep = sleeps.append
      gateway.sleep = sleeps.append
      def transport(payload):
          calls.append(payload)
          if len(calls) <= len(failures):
              raise failures[len(calls) - 1](f"attempt {len(calls)}")
          return f"ok after {len(calls)}"
      gateway.transport = transport
      try:
          outcome = ["returned", call("p")]
      except Exception as error:
          outcome = ["raised", type(error).__name__, str(error)]
      return {"outcome": outcome, "calls": len(calls), "sleeps": sleeps}

  C, T, O = ConnectionError, TimeoutError, OSError
  print(json.dumps({
      "first try": run(gateway.charge, []),
      "one failure": run(gateway.charge, [C]),
      "always failing": run(gateway.charge, [C, T, C, C]),
      "not retried": run(gateway.charge, [ValueError]),
      "retried then not": run(gateway.charge, [T, KeyError]),
      "method, always failing": run(gateway.Client.fetch, [O] * 5),
      "method, third time lucky": run(gateway.Client().fetch, [O, C]),
  }, indent=1))
`;

/** The Python that has tenacity (Debian's python3-tenacity): the one the conversion is proved with. */
function pythonWithTenacity(): string {
  for (const python of [process.env.UNTANGLE_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p)) {
    if (spawnSync(python, ['-c', 'import tenacity'], { encoding: 'utf8' }).status === 0) return python;
  }
  throw new Error('No Python with tenacity: apt-get install -y python3-tenacity');
}

function runHarness(files: ReadonlyMap<string, string>): unknown {
  const dir = writeMemoryWorkspace(files);
  try {
    const run = spawnSync(pythonWithTenacity(), ['-c', dedent(HARNESS)], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('hand-rolled: retry loop → tenacity @retry', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  const convert = (files: Map<string, string>, file: string, loopLine: string) => {
    const line = files.get(file)!.split('\n').findIndex((text) => text.includes(loopLine));
    return retryToTenacity(parser, snapshotOf(files), { file, line });
  };

  it('rewrites both loops to one attempt each under @retry (the imports only their sleeps used go), and they behave the same when run', () => {
    let files = memoryWorkspace(GATEWAY);
    for (const loop of ['for attempt in range(3)', 'for attempt in range(4)']) {
      const { result } = convert(files, `${ROOT}/gateway.py`, loop);
      assert.ok(result.safe, result.safe ? '' : result.reason);
      files = applyEdit(files, result.edit);
    }
    assert.equal(
      files.get(`${ROOT}/gateway.py`),
      dedent(`
        """Talks to the payment provider."""

        from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_fixed


        def transport(payload):
            raise NotImplementedError


        @retry(stop=stop_after_attempt(3), wait=wait_fixed(2), retry=retry_if_exception_type((ConnectionError, TimeoutError)), reraise=True)
        def charge(payload):
            """Charges, retrying on connection problems."""
            response = transport(payload)
            return response


        class Client:
            @staticmethod
            @retry(stop=stop_after_attempt(4), wait=wait_fixed(0.5), retry=retry_if_exception_type(OSError), reraise=True)
            def fetch(url):
                return transport(url)
      `).replace(/^\n/, ''),
    );
    const before = runHarness(memoryWorkspace(GATEWAY));
    assert.deepEqual(runHarness(files), before);
    // What "the same" is, spelled out: 3 attempts, 2 s apart, the last attempt's exception.
    assert.deepEqual((before as Record<string, unknown>)['always failing'], { outcome: ['raised', 'ConnectionError', 'attempt 3'], calls: 3, sleeps: [2, 2] });
    assert.deepEqual((before as Record<string, unknown>)['retried then not'], { outcome: ['raised', 'KeyError', "'attempt 2'"], calls: 2, sleeps: [2] });
    assert.deepEqual((before as Record<string, unknown>)['method, always failing'], { outcome: ['raised', 'OSError', 'attempt 4'], calls: 4, sleeps: [0.5, 0.5, 0.5] });
  });

  it('keeps a CRLF module CRLF and a tab-indented one tab-indented', () => {
    const crlf = new Map([...memoryWorkspace(GATEWAY)].map(([file, text]) => [file, text.replace(/\n/g, '\r\n')]));
    const { result } = convert(crlf, `${ROOT}/gateway.py`, 'for attempt in range(3)');
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(crlf, result.edit).get(`${ROOT}/gateway.py`)!;
    assert.equal(after.replace(/\r\n/g, '').includes('\n'), false, JSON.stringify(after));
    const tabs = memoryWorkspace(dedent(GATEWAY).replace(/^((?:    )+)/gm, (indent) => '\t'.repeat(indent.length / 4)));
    const tabbed = convert(tabs, `${ROOT}/gateway.py`, 'for attempt in range(4)').result;
    assert.ok(tabbed.safe, tabbed.safe ? '' : tabbed.reason);
    assert.match(applyEdit(tabs, tabbed.edit).get(`${ROOT}/gateway.py`)!, /\n\t@staticmethod\n\t@retry\(stop=stop_after_attempt\(4\)[^\n]*\n\tdef fetch\(url\):\n\t\treturn transport\(url\)\n$/);
  });

  const refusals: [string, string, RegExp][] = [
    ['a statement before the loop', '    payload = dict(payload)\n', /does more than the loop/],
    ['a sleep before the last-attempt check', 'SWAP', /does more than re-raise on the last attempt, then sleep/],
    ['a bare except', 'BARE', /a bare `except`/],
  ];
  for (const [what, change, reason] of refusals) {
    it(`refuses ${what}`, () => {
      let text = dedent(GATEWAY);
      if (change === 'SWAP') text = text.replace('            if attempt == 2:\n                raise\n            time.sleep(2)', '            time.sleep(2)\n            if attempt == 2:\n                raise');
      else if (change === 'BARE') text = text.replace('except (ConnectionError, TimeoutError):', 'except:');
      else text = text.replace('    """Charges, retrying on connection problems."""\n', `    """Charges, retrying on connection problems."""\n${change}`);
      const { result } = convert(memoryWorkspace(text), `${ROOT}/gateway.py`, 'for attempt in range(3)');
      assert.equal(result.safe, false);
      assert.match(result.safe ? '' : result.reason, reason);
    });
  }

  it('refuses without tenacity in the dependencies, and when `retry` means something else in the module', () => {
    const without = dedent(GATEWAY).replace('tenacity>=8', 'Django');
    const noDependency = convert(memoryWorkspace(without), `${ROOT}/gateway.py`, 'for attempt in range(3)').result;
    assert.match(noDependency.safe ? '' : noDependency.reason, /tenacity is not a dependency/);
    const clashing = dedent(GATEWAY).replace('from time import sleep', 'from time import sleep\nfrom myutils import retry');
    const clash = convert(memoryWorkspace(clashing), `${ROOT}/gateway.py`, 'for attempt in range(3)').result;
    assert.match(clash.safe ? '' : clash.reason, /`retry` is already bound in the module/);
  });

  it('offers nothing on the other entries (a requests call is on no loop)', () => {
    const files = memoryWorkspace('#- views.py\nimport requests\n\ndef view(request):\n    return requests.get("https://x")\n');
    assert.match(convert(files, `${ROOT}/views.py`, 'requests.get').notOffered ?? '', /only a retry loop converts/);
  });
});
