/**
 * What the rest of the workspace takes from the module being split, read once for all its
 * names: which files import it, and which of its names they import, read through it or name in
 * a dotted string (the module's own strings too). The package's `__init__.py` keeps what they need, and a test module other
 * modules import is not split at all.
 */
import * as path from 'path';
import type { PythonParser } from '../../core/parse/pythonParser';
import { absoluteModule, moduleNameOf, packageOf } from '../../core/python/moduleNames';
import type { WorkspaceSnapshot } from '../domainEdit';
import { moduleReferences, readsAnyName } from '../move/moduleReferences';
import { stringsNaming } from '../analysis/dottedStrings';
import { rangeOfNode } from '../analysis/nameUses';
import type { SourceRange } from '../../core/model/sourceRange';

export interface OutsideUses {
  /** Files that import the module, read names through it or name them in strings. */
  readonly importers: readonly string[];
  /** The module's names those files use. */
  readonly names: ReadonlySet<string>;
  /** Whether some file star-imports it (and so takes its `__all__`, or else every public name). */
  readonly starImported: boolean;
  /** Whether some file may read any of its names: it passes the module around as a value. */
  readonly anyName: boolean;
  /** The importers whose only use of the module is star imports of it, with those statements. */
  readonly starOnly: ReadonlyMap<string, readonly StarImport[]>;
}

/** A `from <module> import *` statement: where it is, the module as written, its indentation. */
export interface StarImport {
  readonly range: SourceRange;
  readonly written: string;
  readonly indent: number;
}

/** What the workspace's other files take from the module of `file`. */
export function outsideUses(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string): OutsideUses {
  const module = moduleNameOf(file, snapshot);
  const leaf = new RegExp(`\\b${module.split('.').at(-1)}\\b`);
  const dotted = new RegExp(`\\b${module.replace(/\./g, '\\.')}\\.(\\w+)`, 'g');
  const importers: string[] = [];
  const names = new Set<string>();
  let starImported = false;
  let anyName = false;
  const starOnly = new Map<string, StarImport[]>();
  for (const other of snapshot.pythonFiles()) {
    const text = other === file ? undefined : snapshot.read(other);
    if (!text || !leaf.test(text)) continue;
    let imports = false;
    /** A use of the module other than a star import of it. */
    let named = false;
    let stars: StarImport[] = [];
    for (const match of text.matchAll(dotted)) {
      names.add(match[1]);
      imports = named = true;
    }
    if (text.includes(module) || /^\s*from\s+\./m.test(text)) {
      const tree = parser.parse(text);
      try {
        const fromPackage = packageOf(moduleNameOf(other, snapshot), path.basename(other) === '__init__.py');
        for (const statement of tree.rootNode.descendantsOfType('import_from_statement')) {
          if (absoluteModule(statement.childForFieldName('module_name')?.text ?? '', fromPackage) !== module) continue;
          imports = true;
          if (statement.namedChildren.some((c) => c.type === 'wildcard_import')) starImported = true;
          for (const entry of statement.childrenForFieldName('name')) {
            names.add(entry.type === 'aliased_import' ? entry.childForFieldName('name')!.text : entry.text);
            named = true;
          }
        }
        const references = moduleReferences(tree, fromPackage, module);
        if (references.starImports.length > 0) starImported = true;
        stars = references.starImports.map((star) => ({ range: rangeOfNode(star), written: star.childForFieldName('module_name')!.text, indent: star.startPosition.column }));
        for (const binding of references.bindings) {
          if (binding.module === module) imports = named = true;
          for (const read of binding.reads) {
            if (read.kind === 'other') continue;
            imports = named = true;
            if (read.kind === 'object') anyName ||= readsAnyName(read);
            else names.add(read.name);
          }
        }
      } finally {
        tree.delete();
      }
    }
    if (imports) importers.push(other);
    if (stars.length > 0 && !named) starOnly.set(other, stars);
  }
  // The module's own strings naming its names by its path (`import_string("shop.models.dumps")`) look them up in the package.
  const own = snapshot.read(file);
  if (own?.includes(module)) {
    const tree = parser.parse(own);
    try {
      for (const { value } of stringsNaming(tree, module)) if (value !== module) names.add(value.slice(module.length + 1).split('.')[0]);
    } finally {
      tree.delete();
    }
  }
  return { importers, names, starImported, anyName, starOnly };
}

/**
 * A name other modules take from the module that it never binds: something makes it at run time
 * (django-simple-history registers `HistoricalPoll` in the module of `Poll`; a `setattr` on the
 * module). Split, it would be made in the part that runs that code, not in the package.
 */
export function madeAtRunTime(outside: OutsideUses, bound: ReadonlySet<string>, stem: string): string | undefined {
  const name = [...outside.names].find((n) => !bound.has(n) && !/^__\w+__$/.test(n));
  return name && `other modules import \`${name}\` from ${stem}.py, which never defines it: something makes it at run time (a library registering classes in the module, a \`setattr\`), and split, it would be made in a part`;
}
