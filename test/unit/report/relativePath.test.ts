import { strict as assert } from 'node:assert';
import * as path from 'path';
import { relativePosixPath } from '../../../server/src/report/relativePath';

describe('relativePosixPath', () => {
  it('answers as path.relative does, below the folder or not, whatever the paths hold', () => {
    const cwd = '/work/project';
    for (const file of ['/work/project/shop/views.py', '/work/project/a/../b.py', '/work/project/./c.py', '/work/project//d.py', '/work/project/e/', '/work/project', '/work/projects/f.py', '/work/other/g.py', '/work/project/...py', '/work/project/.github/h.py']) {
      for (const from of [cwd, `${cwd}/`, '/work/x/../project']) {
        assert.equal(relativePosixPath(from, file), path.relative(from, file), `${file} from ${from}`);
      }
    }
  });
});
