/**
 * The names a module reads as model fields: queryset lookups (`filter(total__gt=…)`,
 * `values("total")`, `order_by("-total")`, `F("total")`, `Q(total=…)`), attribute reads and
 * writes on `self` or on a variable (`order.total`), and the field lists of serializers, forms
 * and admin classes (`fields`, `list_display`…). The unsafe-migration rule matches them against
 * a renamed or removed field to list the code that still reads the old name: what no SQL linter
 * can see. Each read keeps the model it is sure of (`Order.objects…`, `self` in `class Order`,
 * `model = Order`), so a name shared by two models is only matched where the model is known.
 *
 * A pure function of one module's tree, returning plain data (a `ModuleFacts` field).
 */
import * as nodePath from 'path';
import type { SyntaxNode } from '../parse/syntaxNode';
import { rangeFromPoints, type SourceRange } from '../model/sourceRange';

export interface FieldRead {
  /** The field name (the first part of a `__` lookup). */
  readonly name: string;
  readonly kind: 'lookup' | 'attribute' | 'option';
  /** The model class name the read is sure of. */
  readonly model?: string;
  /** For attribute reads on a variable: its name (`order` of `order.total`). */
  readonly receiver?: string;
  readonly range: SourceRange;
}

/** Queryset and manager methods whose keyword arguments are field lookups. */
const KEYWORD_METHODS = new Set(['filter', 'exclude', 'get', 'get_or_create', 'update_or_create', 'create', 'update', 'Q']);
/** Methods (and expressions) whose string arguments are field names. */
const STRING_METHODS = new Set(['values', 'values_list', 'order_by', 'only', 'defer', 'select_related', 'prefetch_related', 'F', 'distinct']);
/** Class attributes (or `Meta` options) listing field names. */
const OPTION_LISTS = new Set([
  'fields',
  'exclude',
  'read_only_fields',
  'list_display',
  'list_display_links',
  'list_filter',
  'list_editable',
  'search_fields',
  'readonly_fields',
  'ordering',
  'raw_id_fields',
  'autocomplete_fields',
  'list_select_related',
  'filterset_fields',
  'ordering_fields',
]);

/** What the database stage keeps of a module. */
export interface DatabaseModuleFacts {
  readonly fieldReads: readonly FieldRead[];
  /**
   * In a migration: the imports of a project's models module (`from shop.models import Order`, at
   * any depth). A data migration must use `apps.get_model`: the imported class is today's model,
   * not the one the migration's state has, and breaks once the model changes.
   */
  readonly modelImports: readonly { readonly module: string; readonly range: SourceRange }[];
}

export function databaseModuleFacts(path: string, root: SyntaxNode): DatabaseModuleFacts {
  const migration = nodePath.basename(nodePath.dirname(path)) === 'migrations';
  return { fieldReads: fieldReadsOf(root), modelImports: migration ? modelImportsOf(root) : [] };
}

function modelImportsOf(root: SyntaxNode): DatabaseModuleFacts['modelImports'] {
  const imports: { module: string; range: SourceRange }[] = [];
  for (const statement of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    const moduleName = statement.type === 'import_from_statement' ? statement.childForFieldName('module_name') : null;
    const from = moduleName?.text;
    const names = statement.namedChildren.filter((child) => child.id !== moduleName?.id).map((child) => child.text.split(/\s+as\s+/)[0]);
    const modules = from === undefined ? names : [from, ...names.map((name) => `${from}.${name}`)];
    const module = modules.find((candidate) => /(^|\.)models$/.test(candidate) && !candidate.startsWith('django.'));
    if (module) imports.push({ module, range: rangeOf(statement) });
  }
  return imports;
}

function fieldReadsOf(root: SyntaxNode): FieldRead[] {
  const reads: FieldRead[] = [];
  for (const call of root.descendantsOfType('call')) reads.push(...callReads(call));
  for (const attribute of root.descendantsOfType('attribute')) {
    const read = attributeRead(attribute);
    if (read) reads.push(read);
  }
  for (const cls of root.descendantsOfType('class_definition')) reads.push(...optionReads(cls));
  return reads;
}

function callReads(call: SyntaxNode): FieldRead[] {
  const callee = call.childForFieldName('function');
  const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.type === 'identifier' ? callee.text : undefined;
  const args = call.childForFieldName('arguments');
  if (!method || args?.type !== 'argument_list') return [];
  const model = callee?.type === 'attribute' ? managerModel(callee) : undefined;
  const reads: FieldRead[] = [];
  const add = (name: string, node: SyntaxNode) => {
    const field = name.replace(/^-/, '').split('__')[0];
    if (/^[A-Za-z_]\w*$/.test(field) && field !== 'pk') reads.push({ name: field, kind: 'lookup', model, range: rangeOf(node) });
  };
  for (const argument of args.namedChildren) {
    if (argument.type === 'keyword_argument' && KEYWORD_METHODS.has(method)) {
      const name = argument.childForFieldName('name');
      if (name && name.text !== 'defaults') add(name.text, name);
    } else if (argument.type === 'string' && STRING_METHODS.has(method)) {
      const text = stringText(argument);
      if (text !== undefined) add(text, argument);
    }
  }
  return reads;
}

/** `Order` of `Order.objects.filter(…).exclude(…)`: the capitalised name a chain through `objects` starts from. */
function managerModel(callee: SyntaxNode): string | undefined {
  let node: SyntaxNode | null = callee;
  while (node && (node.type === 'attribute' || node.type === 'call')) {
    const inner: SyntaxNode | null = node.type === 'call' ? node.childForFieldName('function') : node.childForFieldName('object');
    if (node.type === 'attribute' && inner?.type === 'identifier') {
      return node.childForFieldName('attribute')?.text === 'objects' && /^[A-Z]/.test(inner.text) ? inner.text : undefined;
    }
    node = inner;
  }
  return undefined;
}

/** `order.total` (read or written), never `order.save()`: a method call reads no field. */
function attributeRead(attribute: SyntaxNode): FieldRead | undefined {
  const parent = attribute.parent;
  if (parent?.type === 'call' && parent.childForFieldName('function')?.id === attribute.id) return undefined;
  const object = attribute.childForFieldName('object');
  const name = attribute.childForFieldName('attribute');
  // Fields are lower case by convention: `serializers.ModelSerializer` reads a class, `self._cache` no field.
  if (object?.type !== 'identifier' || !name || !/^[a-z]/.test(name.text)) return undefined;
  if (object.text === 'self') {
    const model = enclosingClass(attribute);
    return model ? { name: name.text, kind: 'attribute', model, range: rangeOf(attribute) } : undefined;
  }
  return /^[a-z]\w*$/.test(object.text) ? { name: name.text, kind: 'attribute', receiver: object.text, range: rangeOf(attribute) } : undefined;
}

function enclosingClass(node: SyntaxNode): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'class_definition') return current.childForFieldName('name')?.text;
  }
  return undefined;
}

/** `fields = ["total", …]` in a class or its `Meta`, for the model the class names (`model = Order`, `@admin.register(Order)`). */
function optionReads(cls: SyntaxNode): FieldRead[] {
  const body = cls.childForFieldName('body');
  if (!body || cls.parent?.parent?.type === 'class_definition') return [];
  const assignments = [...body.namedChildren, ...nestedMetaBodies(body)].flatMap((statement) => {
    const inner = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
    return inner?.type === 'assignment' ? [inner] : [];
  });
  const modelAssignment = assignments.find((a) => a.childForFieldName('left')?.text === 'model');
  const model = lastName(modelAssignment?.childForFieldName('right')) ?? registeredModel(cls);
  const reads: FieldRead[] = [];
  for (const assignment of assignments) {
    const list = assignment.childForFieldName('right');
    if (!OPTION_LISTS.has(assignment.childForFieldName('left')?.text ?? '') || (list?.type !== 'list' && list?.type !== 'tuple')) continue;
    for (const item of list.namedChildren) {
      const field = item.type === 'string' ? stringText(item)?.replace(/^-/, '').split('__')[0] : undefined;
      if (field && /^[A-Za-z_]\w*$/.test(field)) reads.push({ name: field, kind: 'option', model, range: rangeOf(item) });
    }
  }
  return reads;
}

function nestedMetaBodies(body: SyntaxNode): SyntaxNode[] {
  return body.namedChildren
    .filter((member) => member.type === 'class_definition' && member.childForFieldName('name')?.text === 'Meta')
    .flatMap((meta) => meta.childForFieldName('body')?.namedChildren ?? []);
}

/** `Order` of `@admin.register(Order)`. */
function registeredModel(cls: SyntaxNode): string | undefined {
  const decorated = cls.parent?.type === 'decorated_definition' ? cls.parent : undefined;
  for (const decorator of decorated?.namedChildren.filter((child) => child.type === 'decorator') ?? []) {
    const call = decorator.namedChildren.find((child) => child.type === 'call');
    if (!/(^|\.)register$/.test(call?.childForFieldName('function')?.text ?? '')) continue;
    return lastName(call?.childForFieldName('arguments')?.namedChildren[0]);
  }
  return undefined;
}

function lastName(node: SyntaxNode | null | undefined): string | undefined {
  if (node?.type === 'identifier') return node.text;
  return node?.type === 'attribute' ? node.childForFieldName('attribute')?.text : undefined;
}

function stringText(node: SyntaxNode): string | undefined {
  return /^[rRuU]?(["'])([^"'\\]*)\1$/.exec(node.text)?.[2];
}

function rangeOf(node: SyntaxNode): SourceRange {
  return rangeFromPoints(node.startPosition, node.endPosition);
}
