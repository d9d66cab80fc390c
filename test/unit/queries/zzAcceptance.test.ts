import * as path from 'path';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { missingIndex } from '../../../server/src/detectors/missingIndex';
import { nPlusOne } from '../../../server/src/detectors/nPlusOne';
import { sourcesOfFolder } from '../../helpers/querySources';

describe('acceptance (scratch)', () => {
  for (const dir of (process.env.SCRATCH_DIRS ?? '').split(',').filter(Boolean)) {
    it(dir, async () => {
      const started = Date.now();
      const sources = await sourcesOfFolder(dir);
      const built = Date.now();
      const findings = [...missingIndex(sources, DEFAULT_SETTINGS), ...nPlusOne(sources, DEFAULT_SETTINGS)];
      console.log(`== ${dir}: ${sources.modules.size} modules, ${sources.project.models.length} models; facts ${built - started} ms, rules ${Date.now() - built} ms; ${findings.length} findings`);
      for (const f of findings) {
        console.log(`${f.rule} ${path.relative(dir, f.path)}:${f.range.start.line + 1} ${f.message}`);
        for (const r of f.related.slice(0, 8)) console.log(`    ${path.relative(dir, r.path)}:${r.range.start.line + 1} ${r.message}`);
      }
    });
  }
});
