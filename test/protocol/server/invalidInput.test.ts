import { strict as assert } from 'node:assert';
import { spawn } from 'child_process';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';

const SERVER = path.join(__dirname, '../../../../dist/server.js');

/** Starts the server over stdio, writes `bytes` raw and says how it exits (or `alive` after 10 s). */
function exitAfter(bytes: string): Promise<{ code: number | null | 'alive'; stderr: string }> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill();
      resolve({ code: 'alive', stderr });
    }, 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
    child.stdin.write(bytes);
  });
}

describe('the server facing malformed input', function () {
  this.timeout(30_000);

  it('exits (so the client restarts it) on a frame it cannot read, rather than staying deaf', async () => {
    const frames = ['Content-Length: abc\r\n\r\n{}', 'Content-Type: application/json\r\n\r\n{}', 'Content-Length: 2\r\n\r\n{]'];
    for (const frame of frames) {
      const { code, stderr } = await exitAfter(frame);
      assert.equal(code, 1, `${JSON.stringify(frame)}: ${stderr}`);
      assert.match(stderr, /unreadable message from the client/);
    }
  });

  describe('requests with invalid params', () => {
    let root: string;
    let client: TestLspClient;
    before(async () => {
      root = writeWorkspace(`
        #- shop/__init__.py
        #- shop/views.py
        from .models import Order


        def checkout(request):
            order = Order.objects.create(customer=request.user)
            order.refresh_from_db()
            order.save()
            Order.objects.filter(pk=order.pk).update(total=1)
            return order
        #- shop/models.py
        class Order:
            objects = None
      `);
      client = await TestLspClient.start(root);
    });
    after(async () => {
      await client.stop();
      removeWorkspace(root);
    });

    /** The error code the request is answered with. */
    async function errorCodeOf(method: string, params: unknown): Promise<number | undefined> {
      try {
        await client.connection.sendRequest(method, params);
        return undefined;
      } catch (error) {
        return (error as { code?: number }).code;
      }
    }

    it('answers InvalidParams (-32602) to a code action request without context, or with forged resolve data', async () => {
      const views = path.join(root, 'shop/views.py');
      const uri = URI.file(views).toString();
      const [diagnostic] = await client.waitForDiagnostics(views, (d) => d.some((x) => x.code === 'logic-heavy-view'));
      const range = diagnostic.range;
      assert.equal(await errorCodeOf('textDocument/codeAction', { textDocument: { uri }, range }), -32602, 'no context');
      assert.equal(await errorCodeOf('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [{ source: 'untangle', code: 'logic-heavy-view' }] } }), -32602, 'a diagnostic without range');
      const [action] = await client.connection.sendRequest<{ title: string; data: Record<string, unknown> }[]>('textDocument/codeAction', {
        textDocument: { uri },
        range,
        context: { diagnostics: [diagnostic as Diagnostic], only: ['refactor'] },
      });
      const forged = [
        { ...action, data: { ...action.data, version: 'x' } },
        { ...action, data: { ...action.data, provider: 'nothing' } },
        { ...action, data: { ...action.data, places: [{ uri: 5 }] } },
        { ...action, data: { ...action.data, provider: 'extractDuplicate', places: undefined } },
        { ...action, data: { ...action.data, provider: 'extractDuplicate', places: [] } },
        { ...action, data: { ...action.data, uri: 'not a uri' } },
        { ...action, data: undefined },
        { title: 'no data' },
      ];
      for (const resolve of forged) assert.equal(await errorCodeOf('codeAction/resolve', resolve), -32602, JSON.stringify(resolve));
    });
  });
});
