/**
 * Names across the project's modules, as the Django concepts need them: what a dotted name in a
 * module is (a workspace class or variable, a workspace module, something outside the
 * workspace), over the shared resolver of the detectors (workspaceNames.ts).
 */
import * as nodePath from 'path';
import { absoluteModule, packageOf } from '../python/moduleNames';
import { lastPart, WorkspaceNames, type OutlinedFile } from '../python/workspaceNames';
import type { DjangoModuleFacts } from './moduleFacts';

/** What a name written in a module refers to. */
export type NameRef =
  /** A top-level definition of a workspace module. */
  | { readonly kind: 'workspace'; readonly path: string; readonly name: string; readonly qualifiedName: string }
  /** A workspace module (`from shop import urls`). */
  | { readonly kind: 'module'; readonly path: string; readonly qualifiedName: string }
  /** Outside the workspace, absolute: `rest_framework.viewsets.ModelViewSet`. */
  | { readonly kind: 'external'; readonly qualifiedName: string }
  /** Not bound by the module (a star import, a builtin): only the last name is known. */
  | { readonly kind: 'unbound'; readonly name: string };

export class ProjectNames {
  private readonly resolver: WorkspaceNames;
  private readonly outlined = new Map<string, OutlinedFile>();
  /** Every concept resolves the same few names (`models.Model`, `serializers.ModelSerializer`) again and again. */
  private readonly resolved = new Map<string, NameRef>();

  constructor(readonly modules: ReadonlyMap<string, DjangoModuleFacts>) {
    for (const facts of modules.values()) {
      this.outlined.set(facts.path, { path: facts.path, outline: { symbols: [{ names: facts.names }], imports: facts.imports } });
    }
    this.resolver = new WorkspaceNames([...this.outlined.values()]);
  }

  /** The module name of a workspace file (`shop.views`). */
  moduleName(path: string): string {
    return this.resolver.moduleName(path);
  }

  /** The file of a workspace module, by its dotted name. */
  moduleFile(moduleName: string): string | undefined {
    return this.resolver.moduleFile(moduleName);
  }

  /** The workspace file of a module as an import in the module at `path` writes it (`.base`, `shop.settings`). */
  importedModule(path: string, written: string): string | undefined {
    const fromPackage = packageOf(this.moduleName(path), nodePath.basename(path) === '__init__.py');
    return this.moduleFile(absoluteModule(written, fromPackage));
  }

  /** What the dotted `name` written in the module at `path` refers to. */
  resolve(path: string, name: string): NameRef {
    const key = `${path}\n${name}`;
    let ref = this.resolved.get(key);
    if (!ref) {
      ref = this.resolveUncached(path, name);
      this.resolved.set(key, ref);
    }
    return ref;
  }

  private resolveUncached(path: string, name: string): NameRef {
    const file = this.outlined.get(path);
    if (!file) return { kind: 'unbound', name: lastPart(name) };
    const qualified = this.resolver.qualify(file, name);
    const module = qualified !== undefined ? this.moduleFile(qualified) : undefined;
    if (module) return { kind: 'module', path: module, qualifiedName: qualified! };
    return this.fromResolution(this.resolver.resolve(file, name), qualified);
  }

  /** What an absolute dotted name (`shop.views.checkout`, `shop.urls`) is. */
  resolveQualified(qualifiedName: string): NameRef {
    const module = this.moduleFile(qualifiedName);
    if (module) return { kind: 'module', path: module, qualifiedName };
    return this.fromResolution(this.resolver.resolveQualified(qualifiedName), qualifiedName);
  }

  /**
   * An imported name the workspace does not define is outside it, under the name it is imported
   * by: `django.core.serializers.json.Serializer` even when the workspace holds `django/__init__.py`.
   */
  private fromResolution(resolution: ReturnType<WorkspaceNames['resolve']>, qualified: string | undefined): NameRef {
    if (resolution.kind === 'unbound' && qualified !== undefined) return { kind: 'external', qualifiedName: qualified };
    if (resolution.kind !== 'workspace') return resolution;
    return { ...resolution, qualifiedName: `${this.moduleName(resolution.path)}.${resolution.name}` };
  }
}

/** The name a reference ends with, whatever it resolved to. */
export function refName(ref: NameRef): string {
  return ref.kind === 'unbound' ? ref.name : lastPart(ref.kind === 'workspace' ? ref.name : ref.qualifiedName);
}

/** The qualified name of a reference, or its bare name when unbound. */
export function refQualifiedName(ref: NameRef): string {
  return ref.kind === 'unbound' ? ref.name : ref.qualifiedName;
}
