/**
 * The Health view's near-duplicate figure: the duplicated code lines one general function per
 * class of near-copies could remove (all copies but one), and those the hard stage removes from
 * classes repeating members; exact copies count as duplicated only.
 */
import { strict as assert } from 'node:assert';
import { indexOf } from '../../helpers/workspace/workspaceIndexFixture';
import { files, TOTALS } from '../../helpers/refactor/duplicateFindings';
import { figuresOf } from '../../../server/src/analysis/figures';

/** Two views repeating the same two methods (8 code lines each). */
const VIEW = (name: string) => `class ${name}(ListView):
    def get_queryset(self):
        queryset = Order.objects.filter(owner=self.request.user)
        queryset = queryset.select_related("customer")
        return queryset.order_by("-created_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["count"] = self.get_queryset().count()
        return context
`;

describe('the near-duplicate figure', () => {
  it('counts nothing for exact copies: moving them to utils is the soft stage', async () => {
    const index = await indexOf(files({ 'a.py': `def one(order):${TOTALS}\n`, 'b.py': `def two(order):${TOTALS}\n` }));
    assert.equal(index.duplication().nearDuplicateLines, 0);
    assert.equal(figuresOf(index, (file) => file).nearDuplicateLines, 0);
  });

  it('counts all copies but one of near-copies, which one function taking the differences would replace', async () => {
    const other = TOTALS.replaceAll('subtotal', 'amount').replace('/ 100', '/ 1000');
    const index = await indexOf(files({ 'a.py': `def one(order):${TOTALS}\n`, 'b.py': `def two(order):${other}\n` }));
    const { duplicatedLines, nearDuplicateLines } = index.duplication();
    assert.deepEqual({ duplicatedLines, nearDuplicateLines }, { duplicatedLines: 26, nearDuplicateLines: 13 }, 'one of the two 13-line copies (the def line with them)');
  });

  it('counts the members the hard stage pulls up from every class of a group but the first', async () => {
    const index = await indexOf(files({ 'views.py': `from django.views.generic import ListView\nfrom .models import Order\n\n\n${VIEW('OrderList')}\n\n${VIEW('OpenOrderList')}` }));
    const hard = index.findings().filter((finding) => finding.rule === 'duplicate-block' && finding.stage === 'hard');
    assert.equal(hard.length, 2, hard.map((finding) => finding.message).join('\n'));
    const figures = figuresOf(index, (file) => file);
    assert.equal(figures.nearDuplicateLines - index.duplication().nearDuplicateLines, 8);
  });
});
