/**
 * The project's classes with their bases resolved across modules, and their method resolution
 * order: what tells a model from a view (a class is a model when `django.db.models.Model` is in
 * its MRO, through any number of the project's own abstract bases) and where an inherited
 * attribute (`serializer_class` on a base view, a field on an abstract model) comes from.
 */
import { sourceOf } from './expr';
import type { ClassFacts } from './moduleFacts';
import { refQualifiedName, type NameRef, type ProjectNames } from './names';

/** A class of the project. */
export interface ProjectClass {
  readonly key: string;
  readonly path: string;
  readonly name: string;
  readonly qualifiedName: string;
  readonly facts: ClassFacts;
  readonly bases: readonly NameRef[];
}

/** An entry of an MRO: a class of the project, or a class outside it (known by name only). */
export type MroEntry = { readonly kind: 'class'; readonly cls: ProjectClass } | { readonly kind: 'outside'; readonly name: string };

/** The key of a project class. */
export function classKey(path: string, name: string): string {
  return `${path}\n${name}`;
}

export class ClassIndex {
  private readonly classes = new Map<string, ProjectClass>();
  private readonly mros = new Map<string, readonly MroEntry[]>();
  private readonly outside = new Map<string, readonly string[]>();

  constructor(readonly names: ProjectNames) {
    for (const facts of names.modules.values()) {
      const moduleName = names.moduleName(facts.path);
      for (const cls of facts.classes) {
        const key = classKey(facts.path, cls.name);
        this.classes.set(key, {
          key,
          path: facts.path,
          name: cls.name,
          qualifiedName: `${moduleName}.${cls.name}`,
          facts: cls,
          bases: cls.bases.map((base) => (base.kind === 'name' ? names.resolve(facts.path, base.name) : { kind: 'unbound', name: sourceOf(base) })),
        });
      }
    }
  }

  all(): IterableIterator<ProjectClass> {
    return this.classes.values();
  }

  get(key: string): ProjectClass | undefined {
    return this.classes.get(key);
  }

  /** The project class a reference names, if it names one. */
  classOf(ref: NameRef): ProjectClass | undefined {
    return ref.kind === 'workspace' ? this.classes.get(classKey(ref.path, ref.name)) : undefined;
  }

  /** The class `name` written in the module at `path` refers to. */
  resolveClass(path: string, name: string): ProjectClass | undefined {
    return this.classOf(this.names.resolve(path, name));
  }

  /**
   * The C3 linearisation of `cls` (Python's MRO), itself first. Classes outside the project end
   * a branch; a hierarchy Python would reject falls back to depth-first order.
   */
  mro(cls: ProjectClass, visiting = new Set<string>()): readonly MroEntry[] {
    const done = this.mros.get(cls.key);
    if (done) return done;
    if (visiting.has(cls.key)) return [{ kind: 'class', cls }];
    visiting.add(cls.key);
    const baseEntries = cls.bases.map((base): MroEntry => {
      const baseClass = this.classOf(base);
      return baseClass ? { kind: 'class', cls: baseClass } : { kind: 'outside', name: refQualifiedName(base) };
    });
    const baseMros = baseEntries.map((entry) => (entry.kind === 'class' ? this.mro(entry.cls, visiting) : [entry]));
    visiting.delete(cls.key);
    const mro = [{ kind: 'class', cls } as MroEntry, ...(merge([...baseMros, baseEntries]) ?? depthFirst(baseMros))];
    this.mros.set(cls.key, mro);
    return mro;
  }

  /** The project classes of the MRO, `cls` first. */
  lineage(cls: ProjectClass): ProjectClass[] {
    return this.mro(cls).flatMap((entry) => (entry.kind === 'class' ? [entry.cls] : []));
  }

  /** The names of the classes outside the project in the MRO (`rest_framework.viewsets.ModelViewSet`). */
  outsideBases(cls: ProjectClass): readonly string[] {
    let names = this.outside.get(cls.key);
    if (!names) {
      names = this.mro(cls).flatMap((entry) => (entry.kind === 'outside' ? [entry.name] : []));
      this.outside.set(cls.key, names);
    }
    return names;
  }

  /** A nested class (`Meta`) as Python finds it: on the class, else on the first class of its MRO that has one. */
  nested(cls: ProjectClass, name: string): { readonly owner: ProjectClass; readonly facts: ClassFacts } | undefined {
    for (const owner of this.lineage(cls)) {
      const facts = owner.facts.classes.find((inner) => inner.name === name);
      if (facts) return { owner, facts };
    }
    return undefined;
  }
}

const entryId = (entry: MroEntry) => (entry.kind === 'class' ? entry.cls.key : `outside:${entry.name}`);

function merge(sequences: readonly (readonly MroEntry[])[]): MroEntry[] | undefined {
  const lists = sequences.map((sequence) => [...sequence]).filter((list) => list.length > 0);
  const result: MroEntry[] = [];
  while (lists.length > 0) {
    const head = lists
      .map((list) => list[0])
      .find((candidate) => !lists.some((list) => list.slice(1).some((entry) => entryId(entry) === entryId(candidate))));
    if (!head) return undefined;
    result.push(head);
    for (const list of lists) if (entryId(list[0]) === entryId(head)) list.shift();
    for (let i = lists.length - 1; i >= 0; i--) if (lists[i].length === 0) lists.splice(i, 1);
  }
  return result;
}

function depthFirst(sequences: readonly (readonly MroEntry[])[]): MroEntry[] {
  const seen = new Set<string>();
  return sequences.flat().filter((entry) => !seen.has(entryId(entry)) && !!seen.add(entryId(entry)));
}
