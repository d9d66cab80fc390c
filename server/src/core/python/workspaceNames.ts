/**
 * Where a name a module uses comes from, across the workspace: a class imported under an alias
 * (`ModelViewSet as MVS`), an attribute of a module imported whole (`vs.ModelViewSet`,
 * `views.checkout`), a package passing on what one of its modules defines. The logic-heavy-view
 * detector resolves class bases and urls.py routes with it, so a view is found by what Python
 * binds, not by the name it is written under.
 */
import * as path from 'path';
import { absoluteModule, moduleNameOf, packageOf } from './moduleNames';
import type { ImportBinding, TopLevelSymbol } from './moduleOutline';

/** A workspace module as the resolver needs it: the names it binds and its imports. */
export interface OutlinedFile {
  readonly path: string;
  readonly outline: {
    readonly symbols: readonly Pick<TopLevelSymbol, 'names'>[];
    readonly imports: readonly Pick<ImportBinding, 'localName' | 'module' | 'importedName'>[];
  };
}

/** What a name resolves to. */
export type Resolution =
  /** A top-level definition of a workspace module. */
  | { readonly kind: 'workspace'; readonly path: string; readonly name: string }
  /** A name from outside the workspace, absolute: `rest_framework.viewsets.ModelViewSet`. */
  | { readonly kind: 'external'; readonly qualifiedName: string }
  /** A name the module does not bind itself (a star import, a builtin): only the name is known. */
  | { readonly kind: 'unbound'; readonly name: string };

/** Imports followed from module to module before giving up: a cycle of re-exports ends there. */
const MAX_HOPS = 8;

/** Resolves names over the workspace's modules, named as Python would import them. */
export class WorkspaceNames {
  private readonly files = new Map<string, OutlinedFile | undefined>();
  private readonly moduleNames = new Map<string, string>();

  constructor(files: readonly OutlinedFile[]) {
    const paths = new Set(files.map((file) => file.path));
    const tree = { exists: (file: string) => paths.has(file) };
    for (const file of files) {
      const name = moduleNameOf(file.path, tree);
      this.moduleNames.set(file.path, name);
      // Two files under one module name (scripts outside any package): neither can be told apart.
      this.files.set(name, this.files.has(name) ? undefined : file);
    }
  }

  /** The module name of a workspace file (`shop.views`). */
  moduleName(file: string): string {
    return this.moduleNames.get(file) ?? '';
  }

  /** The workspace file of a module name (`shop.urls`), if exactly one file has it. */
  moduleFile(moduleName: string): string | undefined {
    return this.files.get(moduleName)?.path;
  }

  /**
   * The absolute dotted name `expression` stands for in `file` when its head is imported
   * (`urls` of `from shop import urls` → `shop.urls`), without following re-exports.
   */
  qualify(file: OutlinedFile, expression: string): string | undefined {
    const [head, ...rest] = expression.split('.');
    const binding = file.outline.imports.filter((candidate) => candidate.localName === head).pop();
    return binding ? [this.importedAs(file, binding), ...rest].join('.') : undefined;
  }

  /** What `expression` (`MVS`, `vs.ModelViewSet`, `Base[Order]`) means in `file`. */
  resolve(file: OutlinedFile, expression: string, hops = 0): Resolution {
    const parts = expression.replace(/\[.*$/s, '').replace(/\s+/g, '').split('.');
    const [head, ...rest] = parts;
    const unbound: Resolution = { kind: 'unbound', name: parts[parts.length - 1] };
    if (hops > MAX_HOPS) return unbound;
    if (file.outline.symbols.some((symbol) => symbol.names.includes(head))) {
      // An attribute of the module's own class or variable is not followed.
      return rest.length === 0 ? { kind: 'workspace', path: file.path, name: head } : unbound;
    }
    const binding = file.outline.imports.filter((candidate) => candidate.localName === head).pop();
    return binding ? this.resolveQualified([this.importedAs(file, binding), ...rest].join('.'), hops + 1) : unbound;
  }

  /** What an absolute dotted name (`shop.views.checkout`) is: looked up in the workspace first. */
  resolveQualified(qualifiedName: string, hops = 0): Resolution {
    const parts = qualifiedName.split('.');
    for (let i = parts.length - 1; i > 0; i--) {
      const file = this.files.get(parts.slice(0, i).join('.'));
      if (file) return this.resolve(file, parts.slice(i).join('.'), hops);
    }
    return { kind: 'external', qualifiedName };
  }

  /** The absolute name a binding stands for: `from . import views` in `shop` → `shop.views`. */
  private importedAs(file: OutlinedFile, binding: OutlinedFile['outline']['imports'][number]): string {
    if (binding.importedName === undefined) {
      // `import a.b` binds `a`; `import a.b as c` binds `a.b`.
      return binding.localName === binding.module.split('.')[0] ? binding.localName : binding.module;
    }
    const fromPackage = packageOf(this.moduleName(file.path), path.basename(file.path) === '__init__.py');
    const module = absoluteModule(binding.module, fromPackage);
    return module ? `${module}.${binding.importedName}` : binding.importedName;
  }
}

/** The last part of a dotted name. */
export function lastPart(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}
