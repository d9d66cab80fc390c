/**
 * Entry `timestamps` (a hint): a model declaring its own creation and modification times
 * (`created = DateTimeField(auto_now_add=True)`, `modified = DateTimeField(auto_now=True)`),
 * which django-model-utils' `TimeStampedModel` provides. Only a hint: adopting it renames the
 * fields to `created`/`modified` (a migration, and every query naming them), or keeps yours and
 * gains nothing. Read from the Django facts: the class's fields are there already.
 */
import type { ClassFacts } from '../django/moduleFacts';
import { booleanOf, calleeName, keywordOf } from '../django/expr';
import type { SourceRange } from '../model/sourceRange';

export interface TimestampFields {
  readonly created: string;
  readonly modified: string;
  /** The class name's range. */
  readonly range: SourceRange;
}

/** The created/modified pair of a model class, if it declares both. */
export function timestampFields(cls: ClassFacts): TimestampFields | undefined {
  const flagged = (flag: string, named: RegExp) =>
    cls.attributes.find(({ name, value }) => named.test(name) && value.kind === 'call' && /(^|\.)DateTimeField$/.test(calleeName(value) ?? '') && booleanOf(keywordOf(value, flag)) === true)?.name;
  // Named for what TimeStampedModel means: `last_login = …(auto_now=True)` is a login time, not a modification time.
  const created = flagged('auto_now_add', /creat|added/i);
  const modified = flagged('auto_now', /modif|updat|chang|edit/i);
  return created && modified ? { created, modified, range: cls.range } : undefined;
}
