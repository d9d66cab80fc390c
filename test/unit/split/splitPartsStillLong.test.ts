import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { refactoringForFinding } from '../../../server/src/refactor/findingRefactoring';
import { memoryWorkspace, ROOT, snapshotOf } from '../../helpers/refactor/refactorFixture';

const VIEWS = `${ROOT}/front/views.py`;
const integration = (name: string) => `def add_${name}(request):\n    channel = Channel(kind="${name}")\n    channel.save()\n    return channel\n`;

describe('a split whose part stays over the long-file limit', () => {
  it('says which part stays long, and by how much, instead of leaving the finding for the user to discover (healthchecks’ 708-line project_views.py)', async () => {
    const files = memoryWorkspace(`
      #- front/__init__.py
      #- front/models.py
      class Channel:
          def __init__(self, kind):
              self.kind = kind

          def save(self):
              pass


      class Check:
          pass
      #- front/views.py
      from .models import Channel, Check


      def list_checks(request):
          return list(Check.objects)


      ${['slack', 'email', 'sms', 'discord'].map(integration).join('\n\n').replaceAll('\n', '\n      ')}
    `);
    const settings = { ...DEFAULT_SETTINGS, longFile: { ...DEFAULT_SETTINGS.longFile, maxCodeLines: 10 } };
    const finding = { rule: 'long-file' as const, path: VIEWS, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, related: [] };
    const { result } = refactoringForFinding(await loadPythonParser(), snapshotOf(files), finding, settings);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.match(result.summary, /; channel_views\.py \(16 code lines\) stays over the limit of 10: one feature the split cannot divide, left to you$/);
    const roomy = refactoringForFinding(await loadPythonParser(), snapshotOf(files), finding, DEFAULT_SETTINGS).result;
    assert.doesNotMatch(roomy.safe ? roomy.summary : '', /over the limit/);
  });
});
