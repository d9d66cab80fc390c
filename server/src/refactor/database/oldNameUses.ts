/**
 * Where the code still names a field that is moving to a new name, and what keeps each working:
 * attribute reads and writes (`order.old`, `Model(old=…)`) go through the `@property` left under
 * the old name; what a property cannot serve — query lookups (`filter(old=…)`, `order_by("old")`,
 * `update(old=…)`, `F("old")`, `save(update_fields=["old"])`), the last `values("old")` — is
 * rewritten to the new name; forms and admin form fields, which need a model field, refuse the
 * move. Without types, a lookup is only ours when no other model has a field of that name.
 */
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import { rangeFromPoints, type SourceRange } from '../../core/model/sourceRange';
import { moduleImports } from '../../core/python/moduleOutline';
import type { TextEdit, WorkspaceSnapshot } from '../domainEdit';
import { stringValue } from '../analysis/dottedStrings';
import type { LookupPaths } from './lookupPaths';

/** A place in the code, for messages and related information. */
export interface NamePlace {
  readonly file: string;
  readonly range: SourceRange;
  /** The line as written, trimmed. */
  readonly code: string;
}

export interface OldNameScan {
  readonly edits: Map<string, TextEdit[]>;
  /** Lookups rewritten to the new name. */
  readonly rewritten: NamePlace[];
  /** Attribute reads and writes the property keeps working: what must change before the old column goes. */
  readonly readers: NamePlace[];
  /** Why the move cannot keep a place working. */
  readonly refusals: string[];
}

export interface OldNameRequest {
  readonly oldName: string;
  readonly newName: string;
  /** The model's label: a query on `Model.objects`, or a path leading to it, names its fields. */
  readonly model: string;
  readonly paths: LookupPaths;
  /** Another model has a field of the old name: a lookup whose model is not known cannot be told ours. */
  readonly ambiguous: boolean;
  /** Classes whose `fields` the move handles itself (the model's serializers). */
  readonly handledClasses: ReadonlySet<string>;
  /**
   * The new name is a path through a relation (`profile__phone`), the field having moved to
   * another model: what names fields of one table (an UPDATE, `only()`) cannot take it, and a
   * write through the property changes the related row, which saving this one does not save.
   */
  readonly acrossRelation?: boolean;
}

/** Methods and expressions whose keyword names are lookups (`filter(old__gte=1)`) or, for `update`, fields. */
const KEYWORD_LOOKUPS = new Set(['filter', 'exclude', 'get', 'get_or_create', 'update_or_create', 'update', 'Q']);
/** Methods and expressions whose string arguments name fields or lookups. */
const STRING_LOOKUPS = new Set(['order_by', 'values_list', 'only', 'defer', 'latest', 'earliest', 'distinct', 'dates', 'datetimes', 'F', 'Count', 'Sum', 'Avg', 'Min', 'Max']);
/** Keyword arguments listing field names: `save(update_fields=…)`, `refresh_from_db(fields=…)`, `bulk_update(…, fields=…)`. */
const FIELD_LIST_KEYWORDS = new Map([['save', 'update_fields'], ['refresh_from_db', 'fields'], ['bulk_update', 'fields']]);
/** Calls whose field names cannot cross a relation: an UPDATE does not join, `get_or_create` would create without them, `only()` needs `select_related`. */
const ONE_TABLE = new Set(['update', 'update_or_create', 'get_or_create', 'bulk_update', 'save', 'refresh_from_db', 'only', 'defer', 'dates', 'datetimes']);
/** Managers and QuerySet methods a receiver chain passes through without changing its model. */
const QUERY_STEPS = new Set(['objects', '_default_manager', '_base_manager', 'all', 'filter', 'exclude', 'select_related', 'prefetch_related', 'order_by', 'distinct', 'using', 'select_for_update', 'annotate', 'alias', 'defer', 'only']);
/** Admin options that are query lookups (a property cannot serve them, the new name can). */
const ADMIN_LOOKUP_LISTS = new Set(['search_fields', 'list_filter', 'ordering', 'date_hierarchy']);
/** Class options that need a model field: a form's, an admin form's. */
const FORM_FIELD_LISTS = new Set(['fields', 'exclude', 'list_editable', 'raw_id_fields', 'autocomplete_fields', 'prepopulated_fields']);

export function scanOldName(parser: PythonParser, snapshot: WorkspaceSnapshot, files: readonly string[], request: OldNameRequest): OldNameScan {
  const scan: OldNameScan = { edits: new Map(), rewritten: [], readers: [], refusals: [] };
  for (const file of files) {
    const text = snapshot.read(file);
    if (text === undefined || /[\\/]migrations[\\/]/.test(file) || !text.includes(request.oldName)) continue;
    const tree = parser.parse(text);
    try {
      new FileScan(file, text, tree.rootNode, request, scan).run();
    } finally {
      tree.delete();
    }
  }
  return scan;
}

class FileScan {
  private readonly lines: string[];
  private fImported = false;

  constructor(
    private readonly file: string,
    text: string,
    private readonly root: Node,
    private readonly request: OldNameRequest,
    private readonly scan: OldNameScan,
  ) {
    this.lines = text.split('\n');
  }

  run(): void {
    for (const call of this.root.descendantsOfType('call')) this.visitCall(call);
    for (const attribute of this.root.descendantsOfType('attribute')) {
      if (attribute.childForFieldName('attribute')?.text !== this.request.oldName) continue;
      const assigned = /assignment$/.test(attribute.parent?.type ?? '') && attribute.parent?.childForFieldName('left')?.id === attribute.id;
      if (assigned && this.request.acrossRelation) this.refuseWrite(attribute);
      else this.scan.readers.push(this.place(attribute));
    }
    for (const cls of this.root.descendantsOfType('class_definition')) this.visitClass(cls);
  }

  private visitCall(call: Node): void {
    const fn = call.childForFieldName('function');
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    if (!name) return;
    const modelClass = this.request.model.slice(this.request.model.indexOf('.') + 1);
    if (this.request.acrossRelation) {
      const keyword = (arg: Node) => (arg.type === 'keyword_argument' ? arg.childForFieldName('name')?.text : undefined);
      if (name === 'create' || name === modelClass) for (const arg of args) if (keyword(arg) === this.request.oldName) this.refuseWrite(arg);
      // `get_or_create(defaults={"old": …})` builds the row with them: the property's write, not saved.
      const defaults = args.filter((arg) => keyword(arg) === 'defaults' || keyword(arg) === 'create_defaults').map((arg) => arg.childForFieldName('value'));
      for (const pair of defaults.flatMap((value) => (value?.type === 'dictionary' ? value.namedChildren : []))) {
        const key = pair.childForFieldName('key');
        if (key && stringValue(key) === this.request.oldName) this.refuseWrite(pair);
      }
    }
    if (KEYWORD_LOOKUPS.has(name)) {
      for (const arg of args) {
        const keyword = arg.type === 'keyword_argument' ? arg.childForFieldName('name') : null;
        if (keyword && keyword.text !== 'defaults') this.rewriteLookup(keyword, keyword.text, (renamed) => renamed);
      }
    }
    if (STRING_LOOKUPS.has(name)) for (const arg of args) this.rewriteString(arg);
    if (name === 'values') this.visitValues(args);
    const listKeyword = FIELD_LIST_KEYWORDS.get(name);
    const list = args.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === listKeyword)?.childForFieldName('value')
      ?? (name === 'bulk_update' ? args.filter((arg) => arg.type !== 'keyword_argument')[1] : undefined);
    if (list && (list.type === 'list' || list.type === 'tuple')) for (const item of list.namedChildren) this.rewriteString(item);
  }

  /** `values("a", "old")` → `values("a", old=F("new"))`: the rows keep their key; only the last positional one can move to a keyword. */
  private visitValues(args: readonly Node[]): void {
    const positional = args.filter((arg) => arg.type !== 'keyword_argument');
    for (const arg of positional) {
      const value = stringValue(arg);
      if (value === undefined || this.oursAt(arg, this.segments(value)) === undefined) continue;
      const f = this.fExpression();
      if (value !== this.request.oldName || arg !== positional.at(-1) || !f) {
        this.scan.refusals.push(`${this.where(arg)}: \`values(${arg.text})\` gives rows the key "${value}"; rewrite it by hand (as \`${this.request.oldName}=F("${this.request.newName}")\`, last) first`);
        continue;
      }
      this.edit(arg, `${this.request.oldName}=${f}("${this.request.newName}")`);
    }
  }

  /** How the module can write `F`: its own import, through `models`, or added to its `from django.db.models import …`. */
  private fExpression(): string | undefined {
    const imports = moduleImports(this.root);
    if (imports.some((binding) => binding.localName === 'F' && binding.importedName === 'F')) return 'F';
    if (imports.some((binding) => binding.localName === 'models' && binding.module === 'django.db')) return 'models.F';
    const statement = this.root.namedChildren.find((node) => node.type === 'import_from_statement' && node.childForFieldName('module_name')?.text === 'django.db.models' && !node.text.includes('(') && !node.text.includes('*'));
    if (!statement) return undefined;
    if (!this.fImported) this.edit(statement, `${statement.text}, F`, false);
    this.fImported = true;
    return 'F';
  }

  private visitClass(cls: Node): void {
    const className = cls.childForFieldName('name')?.text ?? '';
    const outer = cls.parent?.parent?.type === 'class_definition' ? cls.parent.parent.childForFieldName('name')?.text : undefined;
    if (this.request.handledClasses.has(outer ?? className)) return;
    for (const statement of cls.childForFieldName('body')?.namedChildren ?? []) {
      const assignment = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
      const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left')?.text : undefined;
      const value = assignment?.childForFieldName('right');
      if (!target || !value) continue;
      const strings = [value, ...value.descendantsOfType('string')].filter((node) => stringValue(node) !== undefined);
      if (ADMIN_LOOKUP_LISTS.has(target)) strings.forEach((node) => this.rewriteString(node, /^[\^=@-]/));
      else if (FORM_FIELD_LISTS.has(target) && strings.some((node) => stringValue(node) === this.request.oldName) && this.classModel(cls) === this.request.model) {
        this.scan.refusals.push(`${this.where(value)}: \`${outer ? `${outer}.` : ''}${className}.${target}\` lists "${this.request.oldName}": a form field needs a model field, which a property is not; change it (and what posts it) to "${this.request.newName}" first`);
      }
    }
  }

  /** The model a form's, serializer's or admin's class is for (`Meta.model`, `@admin.register`); the moving field's when not known. */
  private classModel(cls: Node): string {
    const model = cls.childForFieldName('body')?.namedChildren
      .map((statement) => (statement.type === 'expression_statement' ? statement.namedChild(0) : null))
      .find((node) => node?.type === 'assignment' && node.childForFieldName('left')?.text === 'model')
      ?.childForFieldName('right')?.text;
    const label = model !== undefined ? this.request.paths.labelOfClass(model.slice(model.lastIndexOf('.') + 1)) : this.ownerOf(cls);
    return label ?? this.request.model;
  }

  /** A string naming a field or lookup path (`"-old"`, `"customer__old"`), rewritten to the new name. */
  private rewriteString(node: Node, prefix = /^-/): void {
    const value = stringValue(node);
    if (value === undefined) return;
    const lead = prefix.exec(value)?.[0] ?? '';
    this.rewriteLookup(node, value.slice(lead.length), (renamed) => node.text.replace(value, `${lead}${renamed}`));
  }

  private rewriteLookup(node: Node, lookup: string, written: (renamed: string) => string): void {
    const parts = this.segments(lookup);
    const ours = this.oursAt(node, parts);
    if (ours === undefined) return;
    const oneTable = this.request.acrossRelation ? this.argumentOf(node, ONE_TABLE) : undefined;
    if (oneTable) {
      this.scan.refusals.push(`${this.where(node)}: \`${oneTable}()\` names fields of one table, and "${this.request.oldName}" moves to another (\`${this.request.newName}\`); rewrite it by hand first`);
      return;
    }
    this.edit(node, written(parts.map((part, index) => (ours.has(index) ? this.request.newName : part)).join('__')));
  }

  /**
   * The parts of a lookup path that name the moving field; undefined for none. From a query whose
   * model is known the path is followed through relations; a part the walk does not reach (a
   * query on a variable, a name that is no field) is ours only when no other model has a field of
   * that name, and refused otherwise.
   */
  private oursAt(node: Node, parts: readonly string[]): Set<number> | undefined {
    const { oldName, model, paths } = this.request;
    const ours = new Set<number>();
    let current = this.ownerOf(node);
    let reached = 0;
    for (; current !== undefined && reached < parts.length; reached++) {
      if (parts[reached] === oldName && current === model) ours.add(reached);
      if (!paths.has(current, parts[reached])) break;
      current = paths.next(current, parts[reached]);
    }
    const unknown = parts.map((part, index) => (index >= reached && part === oldName ? index : -1)).filter((index) => index >= 0);
    if (unknown.length > 0 && this.request.ambiguous) {
      this.scan.refusals.push(`${this.where(node)}: \`${node.text}\` may be a lookup on another model with a field "${oldName}"; rename it by hand first`);
      return undefined;
    }
    unknown.forEach((index) => ours.add(index));
    return ours.size > 0 ? ours : undefined;
  }

  /**
   * The model a lookup is made on, when the code says it: the nearest enclosing query whose
   * receiver starts at a model class or a model's related manager (`Order.objects.filter(…)`,
   * `self.payments.filter(…)`, a `Q(…)` inside them), or the model an admin class is registered
   * for (`@admin.register(Order)`).
   */
  private ownerOf(node: Node): string | undefined {
    const { paths } = this.request;
    for (let current: Node | null = node; current; current = current.parent) {
      if (current.type === 'call' && current.childForFieldName('function')?.type === 'attribute') {
        const owner = this.receiverModel(current.childForFieldName('function')!.childForFieldName('object'));
        if (owner !== undefined) return owner;
      } else if (current.type === 'decorated_definition') {
        for (const decorator of current.namedChildren.filter((child) => child.type === 'decorator')) {
          const call = decorator.namedChild(0);
          const registered = call?.type === 'call' && /(^|\.)register$/.test(call.childForFieldName('function')?.text ?? '') ? call.childForFieldName('arguments')?.namedChildren[0]?.text : undefined;
          const label = registered === undefined ? undefined : paths.labelOfClass(registered);
          if (label !== undefined) return label;
        }
      }
    }
    return undefined;
  }

  /**
   * The model a query's receiver is about: `Order.objects…`, `self.filter(…)` in a model's
   * QuerySet, `self.letter.plans…` in a model's method (relations followed); undefined when any
   * step is something else.
   */
  private receiverModel(receiver: Node | null): string | undefined {
    const names: string[] = [];
    let root = receiver;
    while (root && (root.type === 'attribute' || root.type === 'call')) {
      if (root.type === 'attribute') names.unshift(root.childForFieldName('attribute')?.text ?? '');
      root = root.type === 'attribute' ? root.childForFieldName('object') : root.childForFieldName('function');
    }
    if (root?.type !== 'identifier') return undefined;
    const { paths } = this.request;
    const className = root.text === 'self' ? this.enclosingClass(root) : root.text;
    let current = className === undefined ? undefined : paths.labelOfClass(className);
    for (const name of names) {
      if (current === undefined || QUERY_STEPS.has(name)) continue;
      current = paths.attribute(current, name);
    }
    return current;
  }

  /** The name of a call among `names` whose arguments hold the node (not one it is chained on). */
  private argumentOf(node: Node, names: ReadonlySet<string>): string | undefined {
    for (let current: Node | null = node; current?.parent; current = current.parent) {
      if (current.type !== 'argument_list' || current.parent.type !== 'call') continue;
      const fn = current.parent.childForFieldName('function');
      const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
      if (name !== undefined && names.has(name)) return name;
    }
    return undefined;
  }

  private refuseWrite(node: Node): void {
    this.scan.refusals.push(`${this.where(node)}: \`${this.lines[node.startPosition.row]?.trim()}\` writes "${this.request.oldName}", which moves to a related row (\`${this.request.newName}\`) that saving this one does not save; write and save the related row by hand first`);
  }

  private enclosingClass(node: Node): string | undefined {
    for (let current: Node | null = node.parent; current; current = current.parent) {
      if (current.type === 'class_definition') return current.childForFieldName('name')?.text;
    }
    return undefined;
  }

  private segments(lookup: string): string[] {
    return /^\w+$/.test(lookup) ? lookup.split('__') : [];
  }

  private edit(node: Node, newText: string, lookup = true): void {
    const edits = this.scan.edits.get(this.file) ?? [];
    // `ordering = [F("old")]` is both a class option and a call: one edit.
    if (edits.some((edit) => edit.range.start.line === node.startPosition.row && edit.range.start.character === node.startPosition.column)) return;
    edits.push({ range: rangeFromPoints(node.startPosition, node.endPosition), newText });
    this.scan.edits.set(this.file, edits);
    if (lookup) this.scan.rewritten.push(this.place(node));
  }

  private place(node: Node): NamePlace {
    return { file: this.file, range: rangeFromPoints(node.startPosition, node.endPosition), code: this.lines[node.startPosition.row]?.trim() ?? '' };
  }

  private where(node: Node): string {
    return `${this.file}:${node.startPosition.row + 1}`;
  }
}
