import * as path from 'path';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { missingIndex } from '../../../server/src/detectors/missingIndex';
import { nPlusOne } from '../../../server/src/detectors/nPlusOne';
import { EXAMPLES } from '../../helpers/djangoProject';
import { sourcesOfFolder } from '../../helpers/querySources';

describe('scratch', () => {
  it('runs', async () => {
    const dir = process.env.SCRATCH_DIR ?? path.join(EXAMPLES, 'shop');
    const sources = await sourcesOfFolder(dir);
    const settings = { ...DEFAULT_SETTINGS, missingIndex: { ...DEFAULT_SETTINGS.missingIndex, minCallSites: Number(process.env.MIN ?? 2) } };
    for (const f of [...missingIndex(sources, settings), ...nPlusOne(sources, settings)]) {
      console.log(`${f.rule} ${path.relative(dir, f.path)}:${f.range.start.line + 1} ${f.message}`);
      for (const r of f.related.slice(0, 6)) console.log(`    ${path.relative(dir, r.path)}:${r.range.start.line + 1} ${r.message}`);
    }
  });
});
