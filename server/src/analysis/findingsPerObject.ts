/**
 * Findings kept per object they are made from (a clone class, a group of classes repeating
 * members), while that object lives: the groupings keep the objects of what an edit left alone,
 * so after an edit only the new ones are turned into findings again, and the kept findings are
 * the very objects published before, which the refresh tells unchanged by identity alone.
 */
import type { Finding } from '../core/model/finding';

export class FindingsPerObject<K extends object> {
  private readonly kept = new WeakMap<K, readonly Finding[]>();

  /** `detect` over each of `objects`, in order, from the kept findings where the object is the same. */
  of(objects: readonly K[], detect: (objects: readonly K[]) => Finding[]): Finding[] {
    return objects.flatMap((object) => {
      const kept = this.kept.get(object);
      if (kept) return kept;
      const found = detect([object]);
      this.kept.set(object, found);
      return found;
    });
  }
}
