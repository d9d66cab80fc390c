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
  readonly name: string;
  readonly range: SourceRange;
  /** The registered model's label. */
  readonly model: string;
  readonly listDisplay?: { readonly names: readonly string[]; readonly range: SourceRange };
  /** `True`, `False`, a list of lookups, or undefined when not set (Django's default, `False`). */
  readonly listSelectRelated?: boolean | readonly string[];
}

const ADMIN_BASE = /(^|\.)ModelAdmin$/;

/** Every admin class registered for a workspace model. */
export function adminClassesOf(modules: ReadonlyMap<string, { readonly django: DjangoModuleFacts }>, names: ProjectNames, graph: ModelGraph): AdminClass[] {
  const admins: AdminClass[] = [];
  for (const [path, { django }] of modules) {
    const registered = new Map<string, string>();
    const register = (model: Expr | undefined, admin: string | undefined) => {
      const name = nameOf(model);
      const ref = name ? names.resolve(path, name) : undefined;
      const found = ref?.kind === 'workspace' ? graph.modelByQualifiedName(ref.qualifiedName) : undefined;
      if (found && admin) registered.set(admin, found.label);
    };
    for (const statement of django.statements) {
      if (statement.kind === 'call' && /(^|\.)register$/.test(calleeName(statement.call) ?? '')) register(statement.call.args[0], nameOf(statement.call.args[1]));
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
    listDisplay: display && displayNames ? { names: displayNames, range: display.range } : undefined,
    listSelectRelated,
  };
}
