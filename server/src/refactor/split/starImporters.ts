/**
 * A tests package's `__init__.py` that star-imports its test modules (`from .test_models import *`,
 * for runners that load the package): when one of them is split, each such statement becomes a
 * star import of every part, so the package still holds the same tests. An importer that uses
 * the module any other way keeps the split refused.
 */
import * as path from 'path';
import type { PythonParser } from '../../core/parse/pythonParser';
import { absoluteModule, moduleNameOf, packageOf } from '../../core/python/moduleNames';
import type { TextEdit, WorkspaceSnapshot } from '../domainEdit';
import { rangeOfNode } from '../analysis/nameUses';

export interface StarImporters {
  /** The importers whose only use of the module is star imports of it. */
  readonly files: ReadonlySet<string>;
  /** The edits that make them star-import the parts instead (module names, in order). */
  edits(parts: readonly string[]): Map<string, TextEdit[]>;
}

/** Which of `importers` (of the module of `file`) only star-import it, and how to rewrite them. */
export function starImporters(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string, importers: readonly string[]): StarImporters {
  const module = moduleNameOf(file, snapshot);
  const leaf = new RegExp(`\\b${module.split('.').at(-1)}\\b`);
  const statements = new Map<string, { range: TextEdit['range']; written: string; indent: number }[]>();
  for (const importer of importers) {
    const text = snapshot.read(importer);
    if (text === undefined) continue;
    const tree = parser.parse(text);
    try {
      const fromPackage = packageOf(moduleNameOf(importer, snapshot), path.basename(importer) === '__init__.py');
      const stars = tree.rootNode.descendantsOfType('import_from_statement').filter((statement) => {
        const written = statement.childForFieldName('module_name')?.text ?? '';
        return statement.namedChildren.some((c) => c.type === 'wildcard_import') && absoluteModule(written, fromPackage) === module;
      });
      let rest = text;
      for (const star of [...stars].reverse()) rest = rest.slice(0, star.startIndex) + rest.slice(star.endIndex);
      if (stars.length === 0 || leaf.test(rest)) continue;
      statements.set(importer, stars.map((star) => ({ range: rangeOfNode(star), written: star.childForFieldName('module_name')!.text, indent: star.startPosition.column })));
    } finally {
      tree.delete();
    }
  }
  return {
    files: new Set(statements.keys()),
    edits: (parts) =>
      new Map(
        [...statements].map(([importer, stars]) => [
          importer,
          stars.map(({ range, written, indent }) => ({
            range,
            newText: parts.map((part) => `from ${written.replace(/[^.]+$/, part)} import *`).join(`\n${' '.repeat(indent)}`),
          })),
        ]),
      ),
  };
}
