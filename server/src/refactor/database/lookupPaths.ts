/**
 * Lookup paths through the project's models (`order__customer__email`): which model each part
 * is on, following forward relations and reverse ones by their query name (`related_name`, else
 * the model's name in lower case), so a rename can tell its field from another model's field of
 * the same name. Related managers (`self.payments`) lead on the same way, by their accessor.
 */
import type { DjangoModelClass } from '../../core/django/models';
import { isUnknown } from '../../core/django/values';

export class LookupPaths {
  private readonly byLabel = new Map<string, DjangoModelClass>();
  /** Class names that name one model only. */
  private readonly byName = new Map<string, string | undefined>();
  /** `label\npart` → the label a reverse relation leads to, for lookups and for managers. */
  private readonly reverseQuery = new Map<string, string>();
  private readonly reverseAccessor = new Map<string, string>();

  constructor(models: readonly DjangoModelClass[]) {
    const name = (className: string, label: string) => this.byName.set(className, this.byName.has(className) && this.byName.get(className) !== label ? undefined : label);
    for (const model of models) {
      this.byLabel.set(model.label, model);
      name(model.name, model.label);
    }
    // A QuerySet or Manager class used by one model (`objects = OrderQuerySet.as_manager()`): its `self` is that model's rows.
    for (const model of models) {
      for (const manager of model.managers) {
        for (const match of manager.written.matchAll(/\b([A-Z]\w*)\b/g)) if (!this.byLabel.has(`${model.appLabel}.${match[1]}`)) name(match[1], model.label);
      }
    }
    for (const model of models) {
      for (const field of model.fields) {
        const to = field.relation?.to;
        if (!to || isUnknown(to) || field.implicit) continue;
        const related = field.relation?.relatedName;
        const named = related !== undefined && !isUnknown(related) ? related : undefined;
        if (named?.endsWith('+')) continue;
        const lower = model.name.toLowerCase();
        this.reverseQuery.set(`${to}\n${named ?? lower}`, model.label);
        this.reverseAccessor.set(`${to}\n${named ?? (field.relation?.kind === 'OneToOneField' ? lower : `${lower}_set`)}`, model.label);
      }
    }
  }

  /** The label of the one model with this class name, or whose QuerySet or Manager class it is. */
  labelOfClass(name: string): string | undefined {
    return this.byName.get(name);
  }

  /** The model a lookup part leads to from `label`, when it is a relation (forward or reverse). */
  next(label: string, part: string): string | undefined {
    const to = this.byLabel.get(label)?.fields.find((field) => field.name === part)?.relation?.to;
    if (to !== undefined) return isUnknown(to) ? undefined : to;
    return this.reverseQuery.get(`${label}\n${part}`);
  }

  /** The model `instance.attribute` holds or manages, for an instance of `label`. */
  attribute(label: string, attribute: string): string | undefined {
    const to = this.byLabel.get(label)?.fields.find((field) => field.name === attribute)?.relation?.to;
    if (to !== undefined) return isUnknown(to) ? undefined : to;
    return this.reverseAccessor.get(`${label}\n${attribute}`);
  }

  /** Whether the model has a field (or a reverse relation) by that name. */
  has(label: string, part: string): boolean {
    return this.byLabel.get(label)?.fields.some((field) => field.name === part) === true || this.reverseQuery.has(`${label}\n${part}`);
  }
}
