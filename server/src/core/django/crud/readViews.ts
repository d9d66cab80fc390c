/**
 * The module facts of plain Django function views that only read: one listing a model's
 * queryset into a template (paginated or not), one showing an object it looks up, in the shapes
 * of Django's tutorial and its pagination docs:
 *
 *     def supplier_list(request):                        def supplier_detail(request, supplier_id):
 *         suppliers = Supplier.objects.order_by("name")      supplier = get_object_or_404(Supplier, pk=supplier_id)
 *         paginator = Paginator(suppliers, 20)               return render(request, "shop/supplier.html",
 *         page_number = request.GET.get("page")                            {"supplier": supplier})
 *         page_obj = paginator.get_page(page_number)
 *         return render(request, "shop/supplier_list.html", {"page_obj": page_obj})
 *
 * which `ListView` / `DetailView` do in class attributes. Once that skeleton is there, what the
 * generic view could not say the same way (extra context, the page under another name, another
 * way of finding the page) is kept as the candidate's refusal. Whether the function is a view,
 * and the template reads nothing the generic view adds, is the project's to say.
 */
import type { SyntaxNode } from '../../parse/syntaxNode';
import type { SourceRange } from '../../model/sourceRange';
import { assignedValue, querysetCode } from './crudOperations';
import { docstringOf, localsOf, rangeOf, urlArgumentsOf } from './crudHandlers';
import { lookupOf } from './lookups';
import { movedCode, type MovedCode, type Renames } from './movedCode';
import { argumentsOf, calleeText, expressionOf, positional, renderOf, statementsOf, topLevelFunctions } from './syntax';

export interface ReadViewCandidate {
  readonly name: string;
  /** The definition, decorators included. */
  readonly range: SourceRange;
  readonly docstring?: string;
  readonly kind: 'list' | 'detail';
  /** The template name, as written (a string literal). */
  readonly template: string;
  /** The context keys the function passes (the generic view must add no other the template reads). */
  readonly keys: readonly string[];
  /** A list's queryset, rewritten for the class (`get_queryset` when `perRequest`), and its model's class name. */
  readonly queryset?: MovedCode;
  readonly model?: string;
  /** A detail's lookup: `get_object_or_404(Model, field=kwarg)`. */
  readonly lookup?: { readonly model: string; readonly field: string; readonly urlKwarg: string };
  /** The context key of the list or of the object (a paginated list's is the page's, `page_obj`). */
  readonly objectKey: string;
  /** A list's pagination: objects per page (as written) and the query parameter of the page number. */
  readonly pagination?: { readonly perPage: string; readonly pageParameter: string };
  /** What the generic view could not say the same way. */
  readonly refusal?: string;
}

/** The function views of the module parsed as `root` that list a queryset or show one object into a template. */
export function readViewCandidates(root: SyntaxNode): ReadViewCandidate[] {
  return root.text.includes('render') ? topLevelFunctions(root, functionCandidate) : [];
}

/** What the statements before the `render` say; a paginated list's `paginator` variable too (a `ListView` passes it as `paginator`). */
type Skeleton = Omit<ReadViewCandidate, 'name' | 'range' | 'docstring' | 'template' | 'keys'> & { readonly paginator?: string };

function functionCandidate(statement: SyntaxNode, definition: SyntaxNode): ReadViewCandidate | undefined {
  const [request, ...urlArguments] = urlArgumentsOf(definition);
  if (!request) return undefined;
  const body = definition.childForFieldName('body');
  const statements = statementsOf(body);
  const rendered = renderOf(statements[statements.length - 1], request);
  if (!rendered || statements.length < 2) return undefined;
  const renames: Renames = { request, urlArguments, locals: localsOf(definition) };
  const before = statements.slice(0, -1);
  const skeleton = detailOf(before, renames) ?? listOf(before, renames);
  if (!skeleton) return undefined;
  const keys = rendered.keys.map(([key]) => key);
  const passed = rendered.keys.filter(([, value]) => value === skeleton.objectKey).map(([key]) => key);
  const extra = rendered.keys.filter(([key, value]) => value !== skeleton.objectKey && !(key === 'paginator' && value === skeleton.paginator)).map(([key]) => `\`${key}\``);
  const refusals = [...(skeleton.refusal ? [skeleton.refusal] : []), ...rendered.refusals];
  if (passed.length !== 1) refusals.push(passed.length === 0 ? 'it does not pass what it reads to the template' : `it passes it to the template twice (${passed.map((key) => `\`${key}\``).join(', ')})`);
  if (extra.length > 0) refusals.push(`it passes ${extra.join(', ')} to the template besides the ${skeleton.kind === 'list' ? (skeleton.pagination ? 'page' : 'list') : 'object'}`);
  if (skeleton.pagination && passed.length === 1 && passed[0] !== 'page_obj') refusals.push(`it passes the page as \`${passed[0]}\`; a \`ListView\` passes it as \`page_obj\``);
  const { paginator: _paginator, ...facts } = skeleton;
  return {
    name: definition.childForFieldName('name')!.text,
    range: rangeOf(statement),
    docstring: docstringOf(body),
    ...facts,
    objectKey: passed[0] ?? skeleton.objectKey,
    template: rendered.template,
    keys,
    refusal: refusals[0],
  };
}

/** `obj = get_object_or_404(Model, field=kwarg)` (or the try/except form): the object's variable is the context value. */
function detailOf(before: readonly SyntaxNode[], renames: Renames): Skeleton | undefined {
  if (before.length !== 1) return undefined;
  const found = lookupOf(before[0], renames);
  if (typeof found !== 'object') return undefined;
  const { lookup, variable } = found;
  const refusals: string[] = [];
  if (lookup.modelName === undefined) refusals.push(`the object is looked up in \`${lookup.source.text}\`, not a model`);
  // A DetailView reads a `pk` URL argument as the primary key, whatever field it looks up.
  if (lookup.field !== 'pk' && lookup.urlKwarg === 'pk') refusals.push(`the object is looked up by \`${lookup.field}\` from the URL's \`pk\``);
  if (lookup.missing !== 'http404') refusals.push('a missing object is answered otherwise than by raising Http404');
  return {
    kind: 'detail',
    lookup: { model: lookup.modelName ?? lookup.source.text, field: lookup.field, urlKwarg: lookup.urlKwarg },
    objectKey: variable,
    refusal: refusals[0],
  };
}

/**
 * `[objects = ]<Model>.objects…`, then optionally `paginator = Paginator(objects, n)`,
 * `[number = request.GET.get("page")]`, `page = paginator.get_page(number)`: the list's (or the
 * page's) variable is the context value.
 */
function listOf(before: readonly SyntaxNode[], renames: Renames): Skeleton | undefined {
  const paginatorAt = before.findIndex((statement) => /^Paginator$|\.Paginator$/.test(callOf(statement)?.callee ?? ''));
  const listStatements = paginatorAt < 0 ? before : before.slice(0, paginatorAt);
  if (listStatements.length > 1) return undefined;
  const listVariable = listStatements[0] && assignedName(listStatements[0]);
  const listValue = listVariable ? assignedValue(listStatements[0], listVariable) : undefined;
  if (listStatements.length === 1 && !listValue) return undefined;
  if (paginatorAt < 0) return listValue && listVariable ? listSkeleton(listValue, listVariable, renames) : undefined;
  const paginator = callOf(before[paginatorAt])!;
  const [objects, perPage, ...moreArgs] = positional(paginator.call);
  const value = listStatements.length === 0 ? objects : objects?.text === listVariable ? listValue : undefined;
  if (!value || !perPage || !paginator.variable) return undefined;
  const page = pageOf(before.slice(paginatorAt + 1), paginator.variable, renames.request);
  if (!page) return undefined;
  const list = listSkeleton(value, page.variable, renames);
  if (!list) return undefined;
  const refusals = [list.refusal, page.refusal].filter((refusal): refusal is string => refusal !== undefined);
  const others = argumentsOf(paginator.call).length - 2;
  if (moreArgs.length > 0 || others > 0) refusals.push(`the paginator is built with \`${paginator.call.text}\`, not with the list and the page size only`);
  if (perPage.type !== 'integer') refusals.push(`the page size \`${perPage.text}\` is computed`);
  return { ...list, pagination: { perPage: perPage.text, pageParameter: page.parameter }, paginator: paginator.variable, refusal: refusals[0] };
}

function listSkeleton(value: SyntaxNode, variable: string, renames: Renames): Skeleton | undefined {
  const model = querysetModel(value);
  if (!model) return undefined;
  const queryset = querysetCode(movedCode([value], renames));
  const refusal = queryset.strandedLocals.length > 0 ? `the list reads \`${queryset.strandedLocals[0]}\`, which the view computes before` : undefined;
  return { kind: 'list', queryset, model, objectKey: variable, refusal };
}

/** Methods of a manager or queryset returning a queryset (not a count, an object or a manager). */
const QUERYSET_METHODS = new Set(['all', 'filter', 'exclude', 'order_by', 'select_related', 'prefetch_related', 'annotate', 'alias', 'distinct', 'only', 'defer', 'reverse', 'none', 'using']);

/** The model class of `Model.objects.<queryset method>(…)…`, a chain building a queryset. */
function querysetModel(value: SyntaxNode): string | undefined {
  const callee = value.type === 'call' ? value.childForFieldName('function') : undefined;
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : undefined;
  if (!receiver || !QUERYSET_METHODS.has(callee!.childForFieldName('attribute')?.text ?? '')) return undefined;
  return /^([A-Z]\w*)\.objects$/.exec(receiver.text)?.[1] ?? querysetModel(receiver);
}

/** `[number = request.GET.get("page")]`, `page = paginator.get_page(number)`: the page's variable and the query parameter. */
function pageOf(statements: readonly SyntaxNode[], paginator: string, request: string): { variable: string; parameter: string; refusal?: string } | undefined {
  const last = statements[statements.length - 1];
  const call = last && callOf(last);
  if (!call?.variable || statements.length > 2 || !new RegExp(`^${paginator}\\.(get_page|page)$`).test(call.callee)) return undefined;
  const [argument, ...more] = argumentsOf(call.call);
  if (!argument || more.length > 0) return undefined;
  let number = argument;
  if (statements.length === 2) {
    const numberVariable = assignedName(statements[0]);
    const value = numberVariable === argument.text ? assignedValue(statements[0], numberVariable) : undefined;
    if (!value) return undefined;
    number = value;
  }
  const read = new RegExp(`^${request}\\.GET\\.get\\((['"])(\\w+)\\1\\)$`).exec(number.text);
  if (!read) return { variable: call.variable, parameter: 'page', refusal: `the page number is \`${number.text}\`, not a query parameter read with \`${request}.GET.get(…)\`` };
  const refusal = call.callee.endsWith('.page') ? `it asks for the page with \`${call.call.text}\`, which fails on a bad number where a \`ListView\` answers 404` : undefined;
  return { variable: call.variable, parameter: read[2], refusal };
}

/** `name = call(…)`. */
function callOf(statement: SyntaxNode): { variable?: string; call: SyntaxNode; callee: string } | undefined {
  const assignment = expressionOf(statement);
  const call = assignment?.type === 'assignment' ? assignment.childForFieldName('right') : undefined;
  if (call?.type !== 'call') return undefined;
  return { variable: assignedName(statement), call, callee: calleeText(call) };
}

function assignedName(statement: SyntaxNode): string | undefined {
  const assignment = expressionOf(statement);
  const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
  return left?.type === 'identifier' ? left.text : undefined;
}
