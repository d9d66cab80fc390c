import { strict as assert } from 'node:assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { applyWorkspaceEdit } from '../../helpers/workspace/applyWorkspaceEdit';
import { writeCopies } from '../../helpers/python/discountBlock';
import { MAX_LISTED_COPIES } from '../../../server/src/report/listedRelated';

/** Past the copies a diagnostic lists (report/listedRelated.ts). */
const COPIES = 13;

describe('a block copied into many places, in the editor (protocol)', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestLspClient;
  let files: string[];

  beforeEach(async () => {
    root = writeWorkspace('#- shop/__init__.py\n');
    files = writeCopies(root, COPIES);
    client = await TestLspClient.start(root);
  });

  afterEach(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('each diagnostic lists the first copies and counts the rest; extracting the block replaces every copy', async () => {
    const first = path.join(root, files[0]);
    const [diagnostic] = await client.waitForDiagnostics(first, (d) => d.some((x) => x.code === 'duplicate-block'));
    assert.match(String(diagnostic.message), new RegExp(`duplicated in ${COPIES} places`));
    assert.equal(diagnostic.relatedInformation?.length, MAX_LISTED_COPIES);
    assert.deepEqual(diagnostic.data, { moreRelated: COPIES - 1 - MAX_LISTED_COPIES });
    const uri = URI.file(first).toString();
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic as Diagnostic], only: ['refactor.extract'] },
    });
    const extract = actions.find((action) => action.title.startsWith('Extract duplicated block'));
    assert.ok(extract, actions.map((action) => action.title).join('\n'));
    assert.equal((extract.data as { places: unknown[] }).places.length, COPIES);
    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', extract);
    applyWorkspaceEdit(resolved.edit!);
    for (const file of files) assert.doesNotMatch(fs.readFileSync(path.join(root, file), 'utf8'), /for item in order\.items\.all\(\)/, file);
    const compiled = spawnSync('python3', ['-m', 'compileall', '-q', 'shop'], { cwd: root, encoding: 'utf8' });
    assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);
  });
});
