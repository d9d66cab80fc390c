/**
 * A full collection where the CLI knows a phase left much garbage. V8 sizes the heap by what was
 * live at its last full collection and grows it rather than collect early: on dist-packages the
 * analysis was 200 MB of garbage while the report was made, and the facts the project rules had
 * unpacked were kept while the cache was encoded. Collected there, the cold peak fell from
 * 579 to 455–463 MiB, for 0.15 s of CPU (Django: 0.07 s, its peak 3–7 MB lower).
 * bin/untangle.js exposes `gc`; run otherwise, the run goes on without it.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
