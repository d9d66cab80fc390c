/** Fixture and result helpers shared by the duplicate-block tests. */
import { strict as assert } from 'node:assert';
import type { WorkspaceIndex } from '../../../server/src/analysis/workspaceIndex';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { extractDuplicate, type ClonePlaceLines } from '../../../server/src/refactor/duplicates/extractDuplicate';
import { applyEdit, memoryWorkspace, snapshotOf } from './refactorFixture';
import { FIXTURE_ROOT } from '../workspace/workspaceIndexFixture';

/** A realistic block of view logic, 12 lines and well over 50 tokens (indented as a function body). */
export const TOTALS = `
    subtotal = 0
    for item in order.items.all():
        if item.quantity <= 0:
            continue
        subtotal += item.unit_price * item.quantity
    discount = 0
    if order.coupon and order.coupon.active:
        discount = subtotal * order.coupon.percent / 100
    tax = (subtotal - discount) * TAX_RATE
    total = subtotal - discount + tax
    order.total = total
    order.save(update_fields=["total"])`;

/** A fixture in the `#- path` format from files whose text is already at column 0. */
export const files = (entries: Record<string, string>) =>
  Object.entries(entries)
    .map(([file, text]) => `#- ${file}\n${text}`)
    .join('\n');

/** The duplicate-block findings of `index`, with paths relative to the fixture root and 1-based lines. */
export function duplicates(index: WorkspaceIndex) {
  return index
    .findings()
    .filter((f) => f.rule === 'duplicate-block')
    .map((f) => ({
      file: f.path.slice(FIXTURE_ROOT.length + 1),
      lines: [f.range.start.line + 1, f.range.end.line + 1],
      message: f.message,
      related: f.related.map((r) => `${r.path.slice(FIXTURE_ROOT.length + 1)}:${r.range.start.line + 1}`),
    }));
}

/** The copies of `fixture` from each line matching `start` to the next matching `end`, extracted (which must be safe). */
export async function extractedBetween(fixture: string, start: RegExp, end: RegExp) {
  const files = memoryWorkspace(fixture);
  const places: ClonePlaceLines[] = [];
  for (const [file, text] of files) {
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (start.test(line)) places.push({ file, startLine: i, endLine: lines.findIndex((other, k) => k >= i && end.test(other)) });
    });
  }
  const extraction = extractDuplicate(await loadPythonParser(), snapshotOf(files), places);
  assert.ok(extraction.result.safe, extraction.result.safe ? '' : extraction.result.reason);
  return { files, after: applyEdit(files, extraction.result.edit), title: extraction.title, summary: extraction.result.summary };
}
