/**
 * The name of the mixin or base class the hard refactor creates: after what the shared members
 * are about when they are a known theme (`created_at`/`updated_at` → `TimestampedModel`), else
 * after what the classes' names share (`CustomerOrdersView`, `CustomerCartView` →
 * `CustomerMixin`), else after the members (`get_queryset`, `perform_create` →
 * `QuerysetCreateMixin`; `list_per_page` → `ListPerPageAdmin`); suffixed by the family's kind of base, never clashing with a name of
 * the module.
 */
import type { ClassFamily } from '../../core/clones/classFamilies';

export interface NamedMember {
  readonly name: string;
  /** A field of a model or serializer (its name says what it holds), not an option or a method. */
  readonly isField: boolean;
  /** The member's code, whose words say what an option or method is about. */
  readonly text: string;
}

const THEMES: readonly { readonly word: string; readonly field: RegExp }[] = [
  { word: 'Timestamped', field: /^((created|updated|modified|changed)(_(at|on|date|time))?|date_(created|updated|modified))$/ },
  { word: 'SoftDeletable', field: /^(is_deleted|deleted|deleted_(at|on))$/ },
  { word: 'PostalAddress', field: /^(address(_line)?_?\d?|line_?\d|street|city|town|post_?code|postal_code|zip(_?code)?|country|region|state|province)$/ },
  { word: 'Activatable', field: /^(is_)?active$/ },
  { word: 'Sluggable', field: /^slug$/ },
];

const SUFFIX: Readonly<Record<ClassFamily, string>> = { model: 'Model', serializer: 'Serializer', admin: 'Admin', form: 'Mixin', view: 'Mixin', class: 'Mixin' };
/** Words of class names that say what kind of class it is, not what it is about. */
const KIND_WORDS = new Set(['View', 'Views', 'Set', 'API', 'Api', 'Serializer', 'Admin', 'Form', 'Model', 'Mixin', 'Base', 'Inline', 'Tabular', 'Stacked']);
/** Words of member names that say nothing of what they are about. */
const STOP_WORDS = new Set(['get', 'set', 'perform', 'is', 'has', 'do', 'the', 'a', 'an', 'to', 'of', 'for', 'meta', 'self']);

/** A free name for the class shared by `classNames` holding `members`. */
export function baseClassName(family: ClassFamily, classNames: readonly string[], members: readonly NamedMember[], isFree: (name: string) => boolean): string {
  const stem = themeOf(members) ?? commonWords(classNames) ?? memberWords(members);
  const suffix = SUFFIX[family];
  const name = stem.endsWith(suffix) ? stem : `${stem}${suffix}`;
  if (isFree(name)) return name;
  for (let n = 2; ; n++) if (isFree(`${name}${n}`)) return `${name}${n}`;
}

/**
 * The theme every field is about, or, without fields (admin options, methods), the one half the
 * members or more name in their strings (`readonly_fields = ["created_at"]`): a method's own
 * names (`self.state`) say nothing of a theme.
 */
function themeOf(members: readonly NamedMember[]): string | undefined {
  const fields = members.filter((m) => m.isField);
  return THEMES.find(({ field }) => {
    if (fields.length > 0) return fields.every((m) => field.test(m.name));
    const mentioning = members.filter((m) => quotedWords(m.text).some((word) => field.test(word)));
    return mentioning.length * 2 >= members.length;
  })?.word;
}

/** The words all the class names start or end with (kind words aside), joined; undefined when none. */
function commonWords(classNames: readonly string[]): string | undefined {
  const split = classNames.map((name) => {
    const words = name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [name];
    while (words.length > 1 && KIND_WORDS.has(words[words.length - 1])) words.pop();
    return words;
  });
  const prefix = commonRun(split);
  if (prefix.length > 0) return prefix.join('');
  const suffix = commonRun(split.map((words) => [...words].reverse())).reverse();
  return suffix.length > 0 ? suffix.join('') : undefined;
}

/** The longest run of words every list starts with, shorter than each list (a whole name says nothing shared). */
function commonRun(lists: readonly string[][]): string[] {
  const run: string[] = [];
  for (let i = 0; lists.every((words) => i < words.length - 1 && words[i] === lists[0][i]); i++) run.push(lists[0][i]);
  return run;
}

/** The first member's name in PascalCase (`get_`, `is_`… dropped), the second's added when the first is one word. */
function memberWords(members: readonly NamedMember[]): string {
  const named = members.map((m) => m.name.replace(/^Meta\./, '').split('_').filter((w) => w && !STOP_WORDS.has(w.toLowerCase()))).filter((words) => words.length > 0);
  if (named.length === 0) return 'Shared';
  const words = named[0].length === 1 && named.length > 1 ? [...named[0], ...named[1]] : named[0];
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** The words inside the string literals of `text`. */
function quotedWords(text: string): string[] {
  return (text.match(/"[^"\n]*"|'[^'\n]*'/g) ?? []).flatMap((literal) => literal.match(/[A-Za-z_]\w*/g) ?? []);
}
