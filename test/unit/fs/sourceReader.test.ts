import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { decodePythonSource, readPythonSource, readPythonTextSync } from '../../../server/src/fs/sourceReader';
import { readRegularFileSync } from '../../../server/src/fs/regularFile';

describe('reading Python sources', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-read-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('decodes UTF-8 text', () => {
    const read = decodePythonSource(Buffer.from('name = "Zoë 😀"\n'));
    assert.deepEqual(read, { kind: 'text', text: 'name = "Zoë 😀"\n' });
  });

  it('reads a file for a refactoring as Python does, with its encoding, or not at all', () => {
    const latin1 = path.join(dir, 'latin1.py');
    fs.writeFileSync(latin1, Buffer.from('# -*- coding: latin-1 -*-\nname = "café"\n', 'latin1'));
    assert.deepEqual(readPythonTextSync(latin1, 1000), { text: '# -*- coding: latin-1 -*-\nname = "café"\n', encoding: 'latin1' });
    const binary = path.join(dir, 'binary.py');
    fs.writeFileSync(binary, Buffer.from([0x61, 0x00]));
    assert.equal(readPythonTextSync(binary, 1000), undefined);
    assert.equal(readPythonTextSync(path.join(dir, 'missing.py'), 1000), undefined);
  });

  it('skips binary files with a NUL byte, saying where', () => {
    assert.deepEqual(decodePythonSource(Buffer.from([0x61, 0x3d, 0x00, 0x31])), {
      kind: 'skipped',
      reason: 'binary file (NUL byte at offset 2)',
    });
  });

  it('skips text that is not UTF-8, naming the first bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('x = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]);
    assert.deepEqual(decodePythonSource(bytes), { kind: 'skipped', reason: 'not valid utf-8 (first bad byte at offset 8)' });
  });

  it('honours a PEP 263 coding declaration', () => {
    const bytes = Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nx = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]);
    assert.deepEqual(decodePythonSource(bytes), { kind: 'text', text: '# -*- coding: latin-1 -*-\nx = "café"\n' });
  });

  it('skips files over the size limit', async () => {
    const file = path.join(dir, 'huge.py');
    fs.writeFileSync(file, 'x = 1\n'.repeat(50));
    assert.deepEqual(await readPythonSource(file, 100), { kind: 'skipped', reason: '300 bytes is over the 100 bytes limit (setting maxFileSizeKb)' });
    assert.equal(readPythonTextSync(file, 100), undefined);
  });

  it('never waits on a FIFO or reads a device named like a module, and says what it is', async function () {
    if (process.platform === 'win32') this.skip();
    const fifo = path.join(dir, 'fifo.py');
    execFileSync('mkfifo', [fifo]);
    const zero = path.join(dir, 'zero.py');
    fs.symlinkSync('/dev/zero', zero);
    assert.deepEqual(await readPythonSource(fifo, 1000), { kind: 'skipped', reason: 'not a regular file (a named pipe)' });
    assert.deepEqual(await readPythonSource(zero, 1000), { kind: 'skipped', reason: 'not a regular file (a character device)' });
    assert.deepEqual(readRegularFileSync(fifo, 1000), { kind: 'skipped', reason: 'not a regular file (a named pipe)' });
    assert.equal(readPythonTextSync(fifo, 1000), undefined);
    assert.equal(readPythonTextSync(zero, 1000), undefined);
  });

  it('reports a dangling link and a folder named like a module', async () => {
    fs.symlinkSync(path.join(dir, 'missing.py'), path.join(dir, 'dangling.py'));
    fs.mkdirSync(path.join(dir, 'package.py'));
    assert.match((await readPythonSource(path.join(dir, 'dangling.py'), 1000)).kind === 'skipped' ? 'skipped' : 'text', /skipped/);
    assert.deepEqual(await readPythonSource(path.join(dir, 'package.py'), 1000), { kind: 'skipped', reason: 'not a regular file (a folder)' });
  });
});
