/**
 * Near-copies working on `self` (they call its methods, assign through it, or read it after a
 * call) are a method in disguise: a function in utils would have to take `self`. When every copy
 * is in a method of one class, or of classes of one module sharing a base class there, they
 * become one private method of that class (the base), every copy calling it through its own
 * `self`; the differences are parameters as for a function (cloneDifferences.ts). Copies in class
 * methods become one class method, called through each copy's `cls`; copies in a class method
 * and an instance method are not offered (the helper would take the class in one, the instance in
 * the other), nor are copies in a static method, whose first parameter is no receiver.
 *
 *     class ModelAdmin:                          class ModelAdmin:
 *         def response_add(self, request, obj):      def response_add(self, request, obj):
 *             opts = self.opts                           msg = self._message_for(request, obj, "added")
 *             msg = self.message(obj, "added")       def response_change(self, request, obj):
 *             self.log(request, msg)                     msg = self._message_for(request, obj, "changed")
 *         def response_change(self, request, obj):   def _message_for(self, request, obj, action):
 *             opts = self.opts                           opts = self.opts
 *             msg = self.message(obj, "changed")         msg = self.message(obj, action)
 *             self.log(request, msg)                     self.log(request, msg)
 *                                                        return msg
 *
 * `self._name` must reach the new method from every copy's class. Its name is used by no Python
 * file of the workspace, so no class between a copy's class and the base, no subclass and no
 * instance attribute defines it; a class before the base in a copy's MRO that is not defined in
 * the module (`RequestFactory` imported from elsewhere) might, so that is refused, as is a class
 * that overrides `__getattribute__`. The statements stay in the module, so every global name
 * they read resolves as before.
 */
import * as path from 'path';
import type { Node, Tree } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import { extractToModule, passedValues, stringContinuationRows, type ExtractPlan, type ValueParameter } from '../extract/extractToModule';
import { wrappedCall } from '../extract/codeStyle';
import { lineLengthLimit } from '../../core/config/lineLength';
import { checkedEdit } from '../editCheck';
import { applyTextEdits, refuse, type WorkspaceSnapshot } from '../domainEdit';
import { functionNameFor } from './extractedNames';
import { sharedWords } from './valueNames';
import { where, type ClonePlaceLines } from './cloneDifferences';
import type { DuplicateExtraction } from './extractDuplicate';

export interface MethodCopies {
  /** The copies, narrowed to the same statements, in file order. */
  readonly places: readonly ClonePlaceLines[];
  /** What each copy passes for each difference (cloneDifferences.ts), by place. */
  readonly values: readonly (readonly ValueParameter[])[];
  /** The first copy with its differences written as the parameters: what names the method. */
  readonly block: string;
}

const UNTITLED = 'Extract duplicated block into a method';
const PROBE_NAME = 'untangle_extracted_method';

/** One method for the copies, in their class or the base class they share, or why not (`noise` when they are not methods of related classes of one module). */
export function extractIntoMethod(parser: PythonParser, snapshot: WorkspaceSnapshot, copies: MethodCopies, maxParameters: number): DuplicateExtraction {
  const notOffered = (reason: string): DuplicateExtraction => ({ title: UNTITLED, result: refuse(reason), noise: reason });
  const file = copies.places[0].file;
  const elsewhere = copies.places.find((place) => place.file !== file);
  if (elsewhere) return notOffered(`the copies are in ${path.basename(file)} and ${path.relative(path.dirname(file), elsewhere.file)}; one method is shared within one module only`);
  const text = snapshot.read(file) ?? '';
  const tree = parser.parse(text);
  try {
    const methods = copies.places.map((place) => methodAt(tree, text, place));
    const odd = methods.find((method) => typeof method === 'string');
    if (typeof odd === 'string') return notOffered(odd);
    const found = methods as CopyMethod[];
    // `cls` in one copy and `self` in another: a class method would not see the instance, an instance method cannot be called on the class.
    const mixed = found.findIndex((method) => method.classMethod !== found[0].classMethod);
    if (mixed >= 0) {
      const [byClass, byInstance] = found[0].classMethod ? [found[0], found[mixed]] : [found[mixed], found[0]];
      return notOffered(`${where(copies.places[mixed])}: \`${byClass.name}\` is a class method and \`${byInstance.name}\` an instance method; one method cannot take the class in one and the instance in the other`);
    }
    const target = targetClass(tree, found);
    if (typeof target === 'string') return notOffered(`${where(copies.places[0])}: ${target}`);
    return planMethod(parser, snapshot, copies, found, target, maxParameters);
  } finally {
    tree.delete();
  }
}

interface CopyMethod {
  /** The method's definition (its decorators included) and the class holding it. */
  readonly definition: Node;
  readonly cls: Node;
  readonly name: string;
  /** The method's first parameter: the copy's `self`, or `cls` in a class method. */
  readonly receiver: string;
  readonly classMethod: boolean;
}

/** The plain method or class method holding the copy, or why the copy is not in one. */
function methodAt(tree: Tree, text: string, place: ClonePlaceLines): CopyMethod | string {
  const column = /^\s*/.exec(text.split('\n')[place.startLine] ?? '')![0].length;
  let fn: Node | null = tree.rootNode.namedDescendantForPosition({ row: place.startLine, column });
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  const definition = fn?.parent?.type === 'decorated_definition' ? fn.parent : fn;
  const cls = definition?.parent?.type === 'block' ? definition.parent.parent : null;
  if (!fn || !definition || cls?.type !== 'class_definition') return `${where(place)}: the copy is not directly in a method of a class`;
  const decorators = definition.namedChildren.filter((child) => child.type === 'decorator').map((d) => d.text);
  const classMethod = decorators.some((d) => /^@\s*classmethod\s*$/.test(d));
  // A static method's first parameter is no receiver: `self.x` there reads whatever the caller passed.
  const unbound = decorators.find((d) => /^@\s*staticmethod\b/.test(d));
  if (unbound) return `${where(place)}: the copy is in a method decorated with \`${unbound}\`, which has no \`self\` to call a method through`;
  const first = fn.childForFieldName('parameters')?.namedChildren[0];
  if (first?.type !== 'identifier') return `${where(place)}: the copy's method takes no plain \`${classMethod ? 'cls' : 'self'}\``;
  return { definition, cls, name: fn.childForFieldName('name')!.text, receiver: first.text, classMethod };
}

interface TargetClass {
  readonly node: Node;
  readonly name: string;
  /** The row after which the method goes: the last copy's method in the class, else the class's end. */
  readonly afterRow: number;
  /** The indent of the class's members. */
  readonly indent: string;
}

/** The class of all the copies, else the nearest base of the module they all derive from, or why there is none that is safe. */
function targetClass(tree: Tree, methods: readonly CopyMethod[]): TargetClass | string {
  const classes = new Map<string, Node>();
  for (const child of tree.rootNode.namedChildren) {
    const cls = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    if (cls?.type === 'class_definition') classes.set(cls.childForFieldName('name')!.text, cls);
  }
  const own = methods[0].cls;
  const body = own.childForFieldName('body')!;
  const indent = ' '.repeat(body.namedChildren[0]?.startPosition.column ?? own.startPosition.column + 4);
  if (methods.every((method) => method.cls.equals(own))) {
    return { node: own, name: nameOf(own), afterRow: Math.max(...methods.map((method) => method.definition.endPosition.row)), indent };
  }
  const outside = methods.find((method) => classes.get(nameOf(method.cls))?.equals(method.cls) !== true);
  if (outside) return `\`${nameOf(outside.cls)}\` is not a top-level class of the module`;
  const lineages = methods.map((method) => lineage(classes, nameOf(method.cls)));
  const base = lineages[0].find((name) => lineages.every((names) => names.includes(name)));
  const names = [...new Set(methods.map((method) => `\`${nameOf(method.cls)}\``))].join(', ');
  if (!base) return `${names} share no base class defined in the module`;
  for (const names of lineages) {
    // Classes before the base in a copy's MRO are among its ancestors that are not the base's own.
    const above = new Set(lineage(classes, base));
    for (const name of names.filter((n) => !above.has(n))) {
      const cls = classes.get(name)!;
      const unknown = basesOf(cls).find((b) => b !== 'object' && !classes.has(b));
      if (unknown) return `\`${name}\` derives from \`${unknown}\`, which is not defined in the module: whether it comes before \`${base}\` and defines the new method's name cannot be checked`;
      if (definesMember(cls, '__getattribute__')) return `\`${name}\` defines \`__getattribute__\`, which may answer \`self.<method>\` itself`;
    }
  }
  const node = classes.get(base)!;
  const baseBody = node.childForFieldName('body')!;
  return { node, name: base, afterRow: node.endPosition.row, indent: ' '.repeat(baseBody.namedChildren[0]?.startPosition.column ?? node.startPosition.column + 4) };
}

/** The class and its ancestors defined in the module, nearest first (breadth first). */
function lineage(classes: ReadonlyMap<string, Node>, name: string): string[] {
  const found = [name];
  for (let i = 0; i < found.length; i++) {
    const cls = classes.get(found[i]);
    for (const base of cls ? basesOf(cls) : []) if (classes.has(base) && !found.includes(base)) found.push(base);
  }
  return found;
}

/** The bases as written (`models.Model`, `Generic[T]`), keywords (`metaclass=`) aside. */
function basesOf(cls: Node): string[] {
  return (cls.childForFieldName('superclasses')?.namedChildren ?? []).filter((base) => base.type !== 'keyword_argument' && base.type !== 'comment').map((base) => base.text);
}

function definesMember(cls: Node, member: string): boolean {
  return cls.childForFieldName('body')!.namedChildren.some((child) => {
    const fn = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    return fn?.type === 'function_definition' && fn.childForFieldName('name')!.text === member;
  });
}

function nameOf(cls: Node): string {
  return cls.childForFieldName('name')!.text;
}

/** The method and the calls replacing the copies, planned with the extraction engine on a probe module beside the copies. */
function planMethod(parser: PythonParser, snapshot: WorkspaceSnapshot, copies: MethodCopies, methods: readonly CopyMethod[], target: TargetClass, maxParameters: number): DuplicateExtraction {
  const file = copies.places[0].file;
  const text = snapshot.read(file)!;
  const probeFile = path.join(path.dirname(file), `${PROBE_NAME}.py`);
  const probes: { plan: ExtractPlan; passed: { name: string; text: string }[]; probeText: string }[] = [];
  for (const [k, place] of copies.places.entries()) {
    const probe = extractToModule(parser, snapshot, { ...place, targetFile: probeFile, functionName: PROBE_NAME, values: copies.values[k] });
    if (!probe.safe || !probe.plan) return { title: UNTITLED, result: refuse(`${where(place)}: ${probe.safe ? 'no plan' : probe.reason}`) };
    const receiver = methods[k].receiver;
    if (probe.plan.writes.includes(receiver)) return { title: UNTITLED, result: refuse(`${where(place)}: the block assigns \`${receiver}\` itself`) };
    probes.push({ plan: probe.plan, passed: passedValues(text, copies.values[k]), probeText: applyTextEdits('', probe.edit.edits.get(probeFile) ?? []) });
  }
  const [first] = probes;
  const at = first.plan.parameters.indexOf(methods[0].receiver);
  const shape = (k: number) => `${probes[k].plan.parameters.indexOf(methods[k].receiver)}/${probes[k].plan.parameters.length}/${probes[k].plan.returns.length}`;
  const unlike = probes.findIndex((_, k) => shape(k) !== shape(0));
  const inDifference = at < 0 ? first.passed.find((value) => new RegExp(`\\b${methods[0].receiver}\\b`).test(value.text)) : undefined;
  // GEOS's io.py setters differed in `wkt_writer_set_outdim(self.ptr, …)` / `wkb_…`, passed as callables: nothing of `self` was left for the method.
  if (inDifference) return { title: UNTITLED, result: refuse(`${where(copies.places[0])}: the block reads \`${methods[0].receiver}\` only inside what the copies differ in (\`${inDifference.text}\`), which each copy passes as a callable; make the copies alike there first`) };
  if (at < 0 || unlike >= 0) return { title: UNTITLED, result: refuse(`${where(copies.places[Math.max(unlike, 0)])}: the copies do not use \`${methods[0].receiver}\` and their names alike`) };
  const own = (k: number) => probes[k].plan.parameters.filter((_, i) => i !== at);
  const signature = [...own(0), ...first.passed.map((value) => value.name)];
  if (copies.values.some((values) => values.length > 0) && signature.length > maxParameters) {
    return { title: UNTITLED, result: refuse(`${where(copies.places[0])}: one method serving the copies would need ${signature.length} parameters besides \`${methods[0].receiver}\`; the limit is ${maxParameters} (\`duplicateBlock.maxParameters\`)`) };
  }
  const bare = functionNameFor(copies.block, first.plan, featureOf(methods), (name) => unusedInWorkspace(snapshot, `_${name}`), { returnedByCopy: probes.map((probe) => probe.plan.returns), passed: first.passed.map((value) => value.name) });
  const name = `_${bare}`;
  const lineLimit = lineLengthLimit(snapshot, file);
  const methodText = methodOf(parser, first.probeText, target.indent, { parameters: [methods[0].receiver, ...signature], name, lineLimit, importsOwnNames: first.plan.fromSource.length > 0, classMethod: methods[0].classMethod });
  if (!methodText) return { title: UNTITLED, result: refuse(`${where(copies.places[0])}: the planned method could not be read back`) };
  const lines = text.split('\n');
  const replacements = copies.places.map((place, k) => {
    const indent = /^\s*/.exec(lines[place.startLine])![0];
    const returns = probes[k].plan.returns;
    const callee = `${returns.length > 0 ? `${returns.join(', ')} = ` : ''}${methods[k].receiver}.${name}`;
    return { from: place.startLine, to: place.endLine + 1, lines: wrappedCall(indent, callee, [...own(k), ...probes[k].passed.map((value) => value.text)], '', lineLimit).split('\n') };
  });
  // Bottom-up, so each change leaves the rows of those above in place.
  const changes = [...replacements, { from: target.afterRow + 1, to: target.afterRow + 1, lines: ['', ...methodText.split('\n')] }].sort((a, b) => b.from - a.from);
  for (const change of changes) lines.splice(change.from, change.to - change.from, ...change.lines);
  const after = lines.join('\n');
  const end = text.split('\n');
  const edit = { range: { start: { line: 0, character: 0 }, end: { line: end.length - 1, character: end[end.length - 1].length } }, newText: after };
  const title = `Extract duplicated block into method \`${name}()\` of \`${target.name}\``;
  const summary = `replaces ${copies.places.length} copies with calls to \`self.${name}(${signature.join(', ')})\`, a method of \`${target.name}\` in ${path.basename(file)}`;
  return { title, result: checkedEdit(parser, snapshot, { safe: true, edit: { createFiles: [], edits: new Map([[file, [edit]]]) }, summary }) };
}

/**
 * The probe function as a method at `indent`: its body re-indented (multi-line strings kept), under
 * a new signature. The probe imports the module's own names it reads first thing; the method, in
 * the module, reads them where they are.
 */
function methodOf(parser: PythonParser, probeText: string, indent: string, header: { parameters: readonly string[]; name: string; lineLimit: number; importsOwnNames: boolean; classMethod: boolean }): string | undefined {
  const { parameters, name, lineLimit } = header;
  const tree = parser.parse(probeText);
  try {
    const fn = tree.rootNode.namedChildren.find((node) => node.type === 'function_definition' && node.childForFieldName('name')?.text === PROBE_NAME);
    const statements = fn?.childForFieldName('body')?.namedChildren.slice(header.importsOwnNames ? 1 : 0) ?? [];
    if (!fn || statements.length === 0) return undefined;
    const from = statements[0].startPosition.row;
    const keep = stringContinuationRows(statements);
    const rows = probeText.split('\n').slice(from, fn.endPosition.row + 1);
    const lines = rows.map((line, i) => (keep.has(from + i) || line.trim() === '' ? line : `${indent}${line}`));
    const decorator = header.classMethod ? `${indent}@classmethod\n` : '';
    return `${decorator}${wrappedCall(indent, `def ${name}`, parameters, ':', lineLimit)}\n${lines.join('\n')}`;
  } finally {
    tree.delete();
  }
}

/** What the copies' methods are about: the words their names share (`response_add`, `response_change` → `response`), else the first one's name. */
function featureOf(methods: readonly CopyMethod[]): string {
  const shared = sharedWords(methods.map((method) => method.name));
  return shared.length > 0 ? shared.join('_') : methods[0].name.replace(/^_+/, '') || 'method';
}

/** No Python file of the workspace uses the word: no class of any MRO there defines it, nor sets it on an instance. */
function unusedInWorkspace(snapshot: WorkspaceSnapshot, name: string): boolean {
  const word = new RegExp(`\\b${name}\\b`);
  return snapshot.pythonFiles().every((file) => !word.test(snapshot.read(file) ?? ''));
}
