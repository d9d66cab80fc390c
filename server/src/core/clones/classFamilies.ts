/**
 * Which kind of Django class each top-level class of a module is, as far as sharing members goes:
 * models share fields through an abstract model, serializers and admin classes through a base
 * class of their own kind, everything else (views, forms, plain classes) shares methods through
 * a mixin. Read from the outline: a base from another module is judged by its name.
 */
import type { ModuleOutline } from '../python/moduleOutline';
import { baseName, djangoClassesOf, grow } from '../features/djangoClasses';

export type ClassFamily = 'model' | 'serializer' | 'admin' | 'form' | 'view' | 'class';

/** The families whose repeated members go to a new base class of their kind (not a mixin). */
export const BASE_CLASS_FAMILIES: ReadonlySet<ClassFamily> = new Set(['model', 'serializer', 'admin']);

const SERIALIZER_BASE = /Serializer$/;
const ADMIN_BASE = /(ModelAdmin|Inline)$/;
const FORM_BASE = /Form$/;

/** The family of every top-level class of the module, by name. */
export function classFamiliesOf(outline: Pick<ModuleOutline, 'symbols' | 'imports'>): Map<string, ClassFamily> {
  const classes = outline.symbols.filter((symbol) => symbol.kind === 'class');
  const django = djangoClassesOf(outline);
  const byBase = (pattern: RegExp) => grow(classes, (base) => pattern.test(baseName(base)));
  const serializers = byBase(SERIALIZER_BASE);
  const admins = byBase(ADMIN_BASE);
  const forms = byBase(FORM_BASE);
  const families = new Map<string, ClassFamily>();
  for (const { name } of classes) {
    if (django.models.has(name)) families.set(name, 'model');
    else if (serializers.has(name)) families.set(name, 'serializer');
    else if (admins.has(name)) families.set(name, 'admin');
    else if (forms.has(name)) families.set(name, 'form');
    else if (django.views.has(name)) families.set(name, 'view');
    else families.set(name, 'class');
  }
  return families;
}

/** How the plan and the messages name several classes of a family. */
export const FAMILY_PLURALS: Readonly<Record<ClassFamily, string>> = {
  model: 'models',
  serializer: 'serializers',
  admin: 'admin classes',
  form: 'forms',
  view: 'views',
  class: 'classes',
};
