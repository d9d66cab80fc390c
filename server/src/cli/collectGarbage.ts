/**
 * A full collection where the CLI knows a phase left much garbage. V8 sizes the heap to what was
 * live at its last full collection and grows it rather than collect early: at dist-packages' peak,
 * 80 MB of the analysis were garbage while the report was made, and unpacked facts while the
 * cache was encoded. bin/untangle.js exposes `gc`; run otherwise, the run goes on without it.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
