/**
 * The project's model admins as the n-plus-one rule reads them: the model each is registered for
 * (`@admin.register(Order)`, `admin.site.register(Order, OrderAdmin)`), its `list_display` and its
 * `list_select_related`.
 */
import type { SourceRange } from '../model/sourceRange';
import { calleeName, nameOf, sourceOf, stringsOf, type Expr } from '../django/expr';
import type { ClassFacts, DjangoModuleFacts } from '../django/moduleFacts';
import type { ProjectNames } from '../django/names';
import type { ModelGraph } from './modelGraph';

export interface AdminClass {
  readonly path: string;
  /** '' for `admin.site.register(Model)` without an admin class. */
  readonly name: string;
  readonly range: SourceRange;
  /** The registered model's label. */
  readonly model: string;
  /** As written, or Django's default `("__str__",)` (then `written` is false and the range is the class's or the registration's). */
  readonly listDisplay?: { readonly names: readonly string[]; readonly range: SourceRange; readonly written: boolean };
  /** `True`, `False`, a list of lookups, or undefined when not set (Django's default, `False`). */
  readonly listSelectRelated?: boolean | readonly string[];
}

const ADMIN_BASE = /(^|\.)ModelAdmin$/;

/** Every admin class registered for a workspace model. */
export function adminClassesOf(modules: ReadonlyMap<string, { readonly django: DjangoModuleFacts }>, names: ProjectNames, graph: ModelGraph): AdminClass[] {
  const admins: AdminClass[] = [];
  for (const [path, { django }] of modules) {
    const registered = new Map<string, string>();
    const modelOf = (model: Expr | undefined) => {
      const name = nameOf(model);
      const ref = name ? names.resolve(path, name) : undefined;
      return ref?.kind === 'workspace' ? graph.modelByQualifiedName(ref.qualifiedName) : undefined;
    };
    const register = (model: Expr | undefined, admin: string | undefined) => {
      const found = modelOf(model);
      if (found && admin) registered.set(admin, found.label);
    };
    for (const statement of django.statements) {
      if (statement.kind !== 'call' || !/(^|\.)register$/.test(calleeName(statement.call) ?? '')) continue;
      const [model, admin] = statement.call.args;
      const found = admin === undefined && statement.call.keywords.length === 0 ? modelOf(model) : undefined;
      if (found) admins.push({ path, name: '', range: statement.range, model: found.label, listDisplay: { names: ['__str__'], range: statement.range, written: false } });
      else register(model, nameOf(admin));
    }
    for (const cls of django.classes) {
      for (const decorator of cls.decorators) {
        if (decorator.kind === 'call' && /(^|\.)register$/.test(calleeName(decorator) ?? '')) decorator.args.forEach((model) => register(model, cls.name));
      }
    }
    for (const cls of django.classes) {
      const model = registered.get(cls.name);
      if (model && isAdmin(cls, django)) admins.push(adminOf(path, cls, model));
    }
  }
  return admins;
}

/** A `ModelAdmin`, directly or through another admin class of the module. */
function isAdmin(cls: ClassFacts, module: DjangoModuleFacts, seen = new Set<string>()): boolean {
  seen.add(cls.name);
  return cls.bases.some((base) => {
    const written = sourceOf(base);
    if (ADMIN_BASE.test(written)) return true;
    const local = module.classes.find((other) => other.name === written && !seen.has(other.name));
    return !!local && isAdmin(local, module, seen);
  });
}

function adminOf(path: string, cls: ClassFacts, model: string): AdminClass {
  const attribute = (name: string) => cls.attributes.find((candidate) => candidate.name === name);
  const display = attribute('list_display');
  const displayNames = display && stringsOf(display.value);
  const selectRelated = attribute('list_select_related')?.value;
  const listSelectRelated =
    selectRelated?.kind === 'literal' && typeof selectRelated.value === 'boolean' ? selectRelated.value : selectRelated ? stringsOf(selectRelated) ?? true : undefined;
  return {
    path,
    name: cls.name,
    range: cls.range,
    model,
    listDisplay: display ? (displayNames && { names: displayNames, range: display.range, written: true }) : { names: ['__str__'], range: cls.range, written: false },
    listSelectRelated,
  };
}
