/**
 * A class shared by classes of several modules lives in a module of their package: a mixin in
 * `mixins.py`, an abstract model (base serializer, base admin) in `base.py`, `common.py` or
 * `base_models.py` (sharedClassFile). It is made in the first class's module as for one module,
 * every other module imports it from there, then Move Symbol takes it to the shared module: the
 * imports it needs go with it, and the importers follow.
 *
 *     # shop/support.py                       # shop/mixins.py
 *     class TicketViewSet(ModelViewSet):      class QuerysetCreateMixin:
 *         def get_queryset(self): …               def get_queryset(self): …
 *     # shop/views.py                         # shop/support.py, shop/views.py
 *     class OrderViewSet(ModelViewSet):       class TicketViewSet(QuerysetCreateMixin, ModelViewSet):
 *         def get_queryset(self): …           from .mixins import QuerysetCreateMixin
 */
import * as path from 'path';
import type { PythonParser } from '../../core/parse/pythonParser';
import { absoluteModule, moduleNameOf, packageOf } from '../../core/python/moduleNames';
import { applyTextEdits, EditChain, refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { moveSymbol } from '../move/moveSymbol';
import { relativeModule } from '../pythonModules';
import { insertImport, outlineOf } from '../targetModule';
import { unusedImportEdits } from '../unusedImports';
import { BASE_CLASS_FAMILIES, type ClassFamily } from '../../core/clones/classFamilies';
import type { ClassGroup } from './groupClasses';
import { statementOf } from './classRewrite';

/** The module a base class of each family goes to when the package has no `base.py` or `common.py`. */
const BASE_MODULES: Partial<Record<ClassFamily, string>> = { model: 'models', serializer: 'serializers', admin: 'admin' };

/**
 * The module a class shared by classes of several modules goes to, or why there is none: a mixin
 * to `mixins.py` of the package holding them all; a base class (abstract model, base serializer,
 * base admin) to the package's `base.py` or `common.py` when it has one, else to `base.py` of a
 * `models/` (`serializers/`, `admin/`) package, else to a new `base_models.py` (`base_serializers.py`,
 * `base_admin.py`). Modules of several packages (apps, or each provider its own package) sharing a
 * class is a design the team chooses, not a clean-up.
 */
export function sharedClassFile(snapshot: WorkspaceSnapshot, group: ClassGroup): string | { problem: string } {
  const folders = [...new Set(group.classes.map((c) => path.dirname(c.file)))];
  // Every module of `management/commands/` is a command Django lists: the mixin goes to `management/`.
  const folder = path.basename(folders[0]) === 'commands' && path.basename(path.dirname(folders[0])) === 'management' ? path.dirname(folders[0]) : folders[0];
  const family = group.classes[0].family;
  const kind = BASE_MODULES[family];
  if (folders.length === 1 && snapshot.exists(path.join(folder, '__init__.py'))) {
    if (kind === undefined) return path.join(folder, 'mixins.py');
    const existing = ['base.py', 'common.py'].map((name) => path.join(folder, name)).find((file) => snapshot.exists(file) && !group.classes.some((c) => c.file === file));
    return existing ?? path.join(folder, path.basename(folder) === kind ? 'base.py' : `base_${kind}.py`);
  }
  const shown = group.classes.slice(0, 3).map((c) => `\`${c.name}\` (${path.basename(path.dirname(c.file))}/${path.basename(c.file)})`);
  const where = group.classes.length > 3 ? `${shown.join(', ')} and ${group.classes.length - 3} more` : shown.join(', ');
  const apart = folders.length > 1 ? 'in modules of different packages' : 'in modules of no package';
  const goes = kind === undefined ? 'a mixin goes to `mixins.py`' : 'a shared base class goes to a module';
  return { problem: `${where} are ${apart}: ${goes} of the one package holding them; move them into one package first` };
}

/**
 * Why the shared members, in one shared class, could mean other things than in some module: a
 * name they (or the bases a base class takes over) read that the modules bind differently (each
 * its own `logger`, `Order` imported from two places, a name one module binds and another leaves
 * to the builtins). Undefined when each name is the same import, or no module's, everywhere.
 */
export function moduleNamesProblem(parser: PythonParser, snapshot: WorkspaceSnapshot, group: ClassGroup): string | undefined {
  const files = [...new Set(group.classes.map((c) => c.file))];
  const origins = new Map(files.map((file) => [file, originsOf(parser, snapshot, file)]));
  // Each class's own name becomes `type(self)` in the mixin (methodFacts.ts).
  const ownNames = new Set(group.classes.map((c) => c.name));
  for (const { what, names } of sharedReads(group)) {
    for (const name of names.filter((read) => !ownNames.has(read))) {
      const seen = files.map((file) => origins.get(file)!.get(name) ?? 'nothing');
      if (seen.every((origin) => origin === seen[0] && !origin.startsWith('own '))) continue;
      const where = files.map((file, i) => `${path.basename(file)} ${describe(seen[i])}`).join(', ');
      return `${what} reads \`${name}\`, which the modules bind differently (${where}): one shared class would read one of them`;
    }
  }
  return undefined;
}

/** The names the shared class reads, by what reads them: each moved method and declaration, and a base class's bases. */
function sharedReads(group: ClassGroup): { what: string; names: readonly string[] }[] {
  const first = group.classes[0];
  const members = group.shared.map((member) => ({ what: `\`${member.name}\``, names: first.methods.get(member.name)?.readNames ?? statementOf(first, member.name)?.reads ?? [] }));
  if (!BASE_CLASS_FAMILIES.has(first.family)) return members;
  return [...members, { what: `\`${first.bases.join(', ')}\``, names: first.bases.map((base) => base.split('.')[0]) }];
}

/** How a module binds each top-level name: `import shop.models.Order`, or `own` for its own definitions. */
function originsOf(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string): Map<string, string> {
  const { outline, boundNames } = outlineOf(parser, snapshot.read(file) ?? '');
  const origins = new Map([...boundNames].map((name) => [name, `own ${file}`]));
  const fromPackage = packageOf(moduleNameOf(file, snapshot), file.endsWith('__init__.py'));
  for (const binding of outline.imports) {
    if (binding.placement !== 'module') continue;
    origins.set(binding.localName, `import ${absoluteModule(binding.module, fromPackage)}${binding.importedName === undefined ? '' : `.${binding.importedName}`}`);
  }
  return origins;
}

function describe(origin: string): string {
  if (origin === 'nothing') return 'binds nothing of that name';
  return origin.startsWith('own ') ? 'defines its own' : `imports ${origin.slice('import '.length)}`;
}

/**
 * The pull-up planned module by module (`edits` of each file, the new class inserted in the
 * first), then the new class moved to `target`: one edit of the original workspace.
 */
export function pullUpIntoSharedModule(
  parser: PythonParser,
  snapshot: WorkspaceSnapshot,
  group: ClassGroup,
  name: string,
  edits: ReadonlyMap<string, readonly TextEdit[]>,
  target: string,
): RefactorResult {
  const first = group.classes[0].file;
  const firstModule = moduleNameOf(first, snapshot);
  const chain = new EditChain(snapshot);
  const byFile = new Map<string, TextEdit[]>();
  const read = sharedReads(group).flatMap((reads) => reads.names);
  for (const [file, fileEdits] of edits) {
    const text = snapshot.read(file)!;
    if (file === first) {
      byFile.set(file, [...fileEdits]);
      continue;
    }
    // Until the move, the other modules import the class from the first one; the imports only the moved methods used go.
    const importing = insertImport(text, outlineOf(parser, text).outline, `from ${relativeModule(firstModule, packageOf(moduleNameOf(file, snapshot), file.endsWith('__init__.py')))} import ${name}`);
    byFile.set(file, [...fileEdits, importing, ...unusedImportEdits(parser, snapshot, file, text, fileEdits, read)]);
  }
  chain.add({ createFiles: [], edits: new Map([...byFile].map(([file, fileEdits]) => [file, [wholeText(snapshot.read(file)!, fileEdits)]])) });
  const moved = moveSymbol(parser, chain.snapshot, { file: first, name, targetFile: target, keepReexport: false });
  if (!moved.result.safe) return refuse(`\`${name}\` would go to ${path.basename(path.dirname(target))}/${path.basename(target)}, shared by the modules, but cannot move there: ${moved.result.reason}`);
  chain.add(moved.result.edit);
  return { safe: true, edit: chain.edit(), summary: moved.result.summary };
}

/** The edits applied, as one edit replacing the whole text. */
export function wholeText(text: string, edits: readonly TextEdit[]): TextEdit {
  const lines = text.split('\n');
  return { range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, newText: applyTextEdits(text, edits) };
}
