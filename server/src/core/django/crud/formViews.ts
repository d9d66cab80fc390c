/**
 * The module facts of plain Django function views that create or update one object through a
 * model form, in the shape of Django's tutorial and of most projects:
 *
 *     def supplier_edit(request, pk):
 *         supplier = get_object_or_404(Supplier, pk=pk)        ← update only
 *         if request.method == "POST":
 *             form = SupplierForm(request.POST, instance=supplier)
 *             if form.is_valid():
 *                 form.save()
 *                 return redirect("backoffice:supplier-list")
 *         else:
 *             form = SupplierForm(instance=supplier)
 *         return render(request, "shop/supplier_form.html", {"form": form})
 *
 * which `CreateView` / `UpdateView` do in class attributes. Once that skeleton is there, what
 * the generic view could not say the same way (other form arguments, extra context, a redirect
 * with arguments) is kept as the candidate's refusal. Whether the function is a view, the form
 * a model form, and the template reads nothing the generic view adds, is the project's to say.
 */
import type { SyntaxNode } from '../../parse/syntaxNode';
import type { SourceRange } from '../../model/sourceRange';
import { docstringOf, localsOf, methodsTested, rangeOf, urlArgumentsOf } from './crudHandlers';
import { lookupOf } from './lookups';
import type { Renames } from './movedCode';
import { formSuccess, redirectTarget, type FormSuccess, type RedirectTarget } from './successUrl';
import { argumentsOf, calleeText, expressionOf, keyword, positional, renderOf, statementsOf, topLevelFunctions } from './syntax';

export interface FormViewCandidate {
  readonly name: string;
  /** The definition, decorators included. */
  readonly range: SourceRange;
  readonly docstring?: string;
  readonly operation: 'create' | 'update';
  /** The form class, as written. */
  readonly form: string;
  /** The bound form is given `request.FILES`. */
  readonly files: boolean;
  /** An update's lookup: `get_object_or_404(Model, field=kwarg)`. */
  readonly lookup?: { readonly model: string; readonly field: string; readonly urlKwarg: string };
  /** A redirect to a URL name or path (the string literal, as written), a URL name reversed with arguments, or to the saved object's `get_absolute_url()`. */
  readonly success: FormSuccess;
  /** The template name, as written (a string literal). */
  readonly template: string;
  /** The context key an update passes the object as. */
  readonly objectKey?: string;
  /** The `messages.success` literal after the save (its `%` doubled), for `SuccessMessageMixin`. */
  readonly successMessage?: string;
  /** Another level's message after the save (`messages.info(self.request, "…")`), for a `form_valid` override. */
  readonly validMessage?: string;
  /** The message on invalid data, before the form page is answered again, for a `form_invalid` override. */
  readonly invalidMessage?: string;
  /**
   * One flow for every method, the form bound to `request.POST or None`: a request without data
   * gets the blank form, unbound, where a generic view would bind an empty POST and show its errors.
   */
  readonly orNone?: boolean;
  /** A class on `View` with `get` and `post`, not a function. */
  readonly classBased?: boolean;
  /** What the generic view could not say the same way. */
  readonly refusal?: string;
}

/** The function views of the module parsed as `root` that edit one object through a form. */
export function formViewCandidates(root: SyntaxNode): FormViewCandidate[] {
  if (!root.text.includes('is_valid')) return [];
  const classes = root.namedChildren.filter((statement) => statement.type === 'class_definition').map(classCandidate);
  return [...topLevelFunctions(root, functionCandidate), ...classes.filter((candidate): candidate is FormViewCandidate => candidate !== undefined)];
}

type Skeleton = Omit<FormViewCandidate, 'name' | 'range' | 'docstring'>;

function functionCandidate(statement: SyntaxNode, definition: SyntaxNode): FormViewCandidate | undefined {
  const [request, ...urlArguments] = urlArgumentsOf(definition);
  if (!request) return undefined;
  const body = definition.childForFieldName('body');
  const statements = statementsOf(body);
  const skeleton = skeletonOf(statements, request, urlArguments, localsOf(definition)) ?? singleFlowOf(statements, { request, urlArguments, locals: localsOf(definition) });
  if (!skeleton) return undefined;
  return { name: definition.childForFieldName('name')!.text, range: rangeOf(statement), docstring: docstringOf(body), ...skeleton };
}

/**
 * A class on Django's `View` with a `get` showing the blank form and a `post` saving the bound
 * one (a message on invalid data before the page is answered again, for `form_invalid`), the
 * lookup and the page answered the same in both:
 *
 *     class SupplierNew(View):
 *         def get(self, request):                       def post(self, request):
 *             form = SupplierForm()                         form = SupplierForm(request.POST)
 *             return render(request, "…", {"form": form})   if form.is_valid(): …
 *                                                           return render(request, "…", {"form": form})
 */
function classCandidate(definition: SyntaxNode): FormViewCandidate | undefined {
  const bases = definition.childForFieldName('superclasses')?.namedChildren ?? [];
  if (bases.length !== 1 || !/^(?:[\w.]*\.)?View$/.test(bases[0].text)) return undefined;
  const body = definition.childForFieldName('body');
  const members = statementsOf(body);
  const method = (name: string) => members.find((member) => member.type === 'function_definition' && member.childForFieldName('name')?.text === name);
  const get = method('get');
  const post = method('post');
  if (!get || !post || members.length !== 2) return undefined;
  const [, request, ...urlArguments] = urlArgumentsOf(post);
  if (!request || urlArgumentsOf(get).join() !== urlArgumentsOf(post).join()) return undefined;
  const shown = statementsOf(get.childForFieldName('body'));
  const posted = statementsOf(post.childForFieldName('body'));
  // A message on invalid data comes between the valid branch and the page answered again.
  const told = posted.length >= 4 ? messageOf(posted[posted.length - 2], request) : undefined;
  const saving = told ? [...posted.slice(0, -2), posted[posted.length - 1]] : posted;
  const looksUp = saving.length === 4;
  if ((saving.length !== 3 && !looksUp) || shown.length !== saving.length - 1) return undefined;
  if ((looksUp && shown[0].text !== saving[0].text) || shown[shown.length - 1].text !== saving[saving.length - 1].text) return undefined;
  const [bind, valid, answer] = saving.slice(-3);
  const parts = { lookup: looksUp ? saving[0] : undefined, bind, valid, blank: shown[shown.length - 2], answer };
  const skeleton = withInvalidMessage(formSkeleton(parts, { request, urlArguments, locals: localsOf(post) }), told);
  return skeleton && { name: definition.childForFieldName('name')!.text, range: rangeOf(definition), docstring: docstringOf(body), classBased: true, ...skeleton };
}

/** `[lookup] if request.method == "POST": … else: … return render(…)`. */
function skeletonOf(statements: readonly SyntaxNode[], request: string, urlArguments: readonly string[], locals: ReadonlySet<string>): Skeleton | undefined {
  if (statements.length !== 2 && statements.length !== 3) return undefined;
  const [chain, answer] = statements.slice(-2);
  const post = chain.type === 'if_statement' ? methodsTested(chain.childForFieldName('condition'), request) : undefined;
  const clauses = chain.namedChildren.filter((child) => child.type === 'elif_clause' || child.type === 'else_clause');
  if (post?.join() !== 'POST' || clauses.length !== 1 || clauses[0].type !== 'else_clause') return undefined;
  const [bind, valid, invalid, ...more] = statementsOf(chain.childForFieldName('consequence'));
  const [blank, ...moreBlank] = statementsOf(clauses[0].childForFieldName('body'));
  const told = invalid && messageOf(invalid, request);
  if (more.length > 0 || moreBlank.length > 0 || (invalid && !told)) return undefined;
  return withInvalidMessage(formSkeleton({ lookup: statements.length === 3 ? statements[0] : undefined, bind, valid, blank, answer }, { request, urlArguments, locals }), told);
}

/**
 * `[lookup] form = SomeForm(request.POST or None[, …]); if form.is_valid(): …; return render(…)`:
 * the bound form is the blank one when the request has no data.
 */
function singleFlowOf(statements: readonly SyntaxNode[], renames: Renames): Skeleton | undefined {
  if (statements.length !== 3 && statements.length !== 4) return undefined;
  const [bind, valid, answer] = statements.slice(-3);
  const skeleton = formSkeleton({ lookup: statements.length === 4 ? statements[0] : undefined, bind, valid, answer, orNone: true }, renames);
  return skeleton && { ...skeleton, orNone: true };
}

/** The skeleton with the message told on invalid data, for `form_invalid`, or why it cannot be said so. */
function withInvalidMessage(skeleton: Skeleton | undefined, told: ReturnType<typeof messageOf>): Skeleton | undefined {
  if (!skeleton || !told) return skeleton;
  return { ...skeleton, invalidMessage: 'call' in told ? told.call : undefined, refusal: skeleton.refusal ?? ('refusal' in told ? told.refusal : undefined) };
}

/** The statements of a form view: the lookup, the bound form and its valid branch, the blank form, the page answered. */
interface FormParts {
  readonly lookup?: SyntaxNode;
  readonly bind?: SyntaxNode;
  readonly valid?: SyntaxNode;
  readonly blank?: SyntaxNode;
  readonly answer: SyntaxNode;
  /** The bound form is the blank one too, bound to `request.POST or None`. */
  readonly orNone?: boolean;
}

function formSkeleton({ lookup: lookupStatement, bind, valid, blank, answer, orNone = false }: FormParts, renames: Renames): Skeleton | undefined {
  const { request } = renames;
  const bound = formAssignment(bind);
  const unbound = orNone ? bound : formAssignment(blank);
  const saved = validBranch(valid, bound?.variable, request);
  const rendered = renderOf(answer, request);
  if (!bound || !unbound || !saved || !rendered || !rendered.keys.some(([key, value]) => key === 'form' && value === bound.variable) || unbound.variable !== bound.variable) return undefined;
  let lookup: FormViewCandidate['lookup'];
  let object: string | undefined;
  const refusals: string[] = [];
  if (lookupStatement) {
    const found = lookupOf(lookupStatement, renames);
    if (typeof found !== 'object') return undefined;
    if (found.lookup.modelName === undefined) refusals.push(`the object is looked up in \`${found.lookup.source.text}\`, not a model`);
    // An UpdateView reads a `pk` URL argument as the primary key, whatever field it looks up.
    if (found.lookup.field !== 'pk' && found.lookup.urlKwarg === 'pk') refusals.push(`the object is looked up by \`${found.lookup.field}\` from the URL's \`pk\``);
    lookup = { model: found.lookup.modelName ?? found.lookup.source.text, field: found.lookup.field, urlKwarg: found.lookup.urlKwarg };
    object = found.variable;
  }
  const form = bound.call.childForFieldName('function')!.text;
  if (unbound.call.childForFieldName('function')!.text !== form) return undefined;
  refusals.push(...formArgumentRefusals(bound.call, unbound.call, request, object, orNone), ...saved.refusals, ...rendered.refusals);
  const objectKeys = rendered.keys.filter(([, value]) => value === object).map(([key]) => key);
  const extra = rendered.keys.filter(([key, value]) => key !== 'form' && value !== object).map(([key]) => `\`${key}\``);
  if (extra.length > 0) refusals.push(`it passes ${extra.join(', ')} to the template besides the form`);
  if (objectKeys.length > 1) refusals.push(`it passes the object to the template twice (${objectKeys.map((key) => `\`${key}\``).join(', ')})`);
  // A refusal of the redirect's own comes first.
  const success = saved.refusals.length > 0 && saved.target === undefined ? 'object' : formSuccess(saved.target, renames, [saved.variable, object]);
  if (typeof success === 'object' && 'refusal' in success) refusals.push(success.refusal);
  return {
    operation: object === undefined ? 'create' : 'update',
    form,
    files: bound.files,
    lookup,
    success: typeof success === 'object' && 'refusal' in success ? 'object' : success,
    template: rendered.template,
    objectKey: objectKeys[0],
    successMessage: saved.message,
    validMessage: saved.otherMessage,
    refusal: refusals[0],
  };
}

/** `form = SomeForm(…)`. */
function formAssignment(statement: SyntaxNode | undefined): { variable: string; call: SyntaxNode; files: boolean } | undefined {
  const assignment = statement && expressionOf(statement);
  const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
  const call = assignment?.childForFieldName('right');
  if (left?.type !== 'identifier' || call?.type !== 'call') return undefined;
  return { variable: left.text, call, files: argumentsOf(call).some((arg) => /\.FILES(?: or None)?$/.test(arg.type === 'keyword_argument' ? (arg.childForFieldName('value')?.text ?? '') : arg.text)) };
}

/**
 * The bound form gets `request.POST` (and `request.FILES`), the blank one nothing; an update's
 * both get `instance=` the object: exactly what `get_form_kwargs()` passes (in one flow, each
 * `… or None`, which a `get_form_kwargs` override passes alike).
 */
function formArgumentRefusals(bound: SyntaxNode, unbound: SyntaxNode, request: string, object: string | undefined, orNone: boolean): string[] {
  const instance = (call: SyntaxNode) => keyword(call, 'instance')?.text;
  const expected = [`${request}.POST`, `${request}.FILES`].map((data) => (orNone ? `${data} or None` : data));
  const boundArgs = positional(bound).map((arg) => arg.text);
  const boundKeywords = argumentsOf(bound).filter((arg) => arg.type === 'keyword_argument').map((arg) => [arg.childForFieldName('name')!.text, arg.childForFieldName('value')!.text]);
  const given = [...boundArgs, ...boundKeywords.filter(([name]) => name === 'data' || name === 'files').map(([, value]) => value)];
  const others = boundKeywords.filter(([name]) => !['data', 'files', 'instance'].includes(name));
  const positionalOk = boundArgs.every((arg, at) => arg === expected[at]);
  const keywordsOk = boundKeywords.every(([name, value]) => (name === 'data' ? value === expected[0] : name === 'files' ? value === expected[1] : true));
  if (!given.includes(expected[0]) || !positionalOk || !keywordsOk || others.length > 0) return [`the form is bound with \`${bound.text}\`, not with ${orNone ? `\`${expected[0]}\` (and \`${expected[1]}\`)` : 'the request\'s data'} only`];
  if (!orNone && argumentsOf(unbound).length !== (object === undefined ? 0 : 1)) return [`the blank form is built with \`${unbound.text}\``];
  if (instance(bound) !== object || instance(unbound) !== object) return ['the form is not given the looked-up object as its `instance`'];
  return [];
}

/** `if form.is_valid(): [obj =] form.save(); [messages.<level>(request, "…")]; return redirect(target)`. */
function validBranch(statement: SyntaxNode | undefined, form: string | undefined, request: string): { variable?: string; target?: RedirectTarget; message?: string; otherMessage?: string; refusals: string[] } | undefined {
  if (statement?.type !== 'if_statement' || statement.childForFieldName('condition')?.text !== `${form}.is_valid()`) return undefined;
  if (statement.namedChildren.some((child) => child.type === 'elif_clause' || child.type === 'else_clause')) return undefined;
  const [save, ...rest] = statementsOf(statement.childForFieldName('consequence'));
  const told = rest.length === 2 ? messageOf(rest[0], request) : undefined;
  const [answer, ...more] = told ? rest.slice(1) : rest;
  const saving = save && expressionOf(save);
  const call = saving?.type === 'assignment' ? saving.childForFieldName('right') : saving;
  const variable = saving?.type === 'assignment' ? saving.childForFieldName('left')?.text : undefined;
  if (call?.type !== 'call' || call.childForFieldName('function')?.text !== `${form}.save` || more.length > 0) return undefined;
  const redirect = answer?.type === 'return_statement' ? answer.namedChildren[0] : undefined;
  if (redirect?.type !== 'call' || redirect.childForFieldName('function')?.text !== 'redirect') return undefined;
  const messages = told && 'call' in told ? (told.success ? { message: told.success } : { otherMessage: told.call }) : {};
  const refusals = [...(argumentsOf(call).length > 0 ? [`it saves with \`${call.text}\``] : []), ...(told && 'refusal' in told ? [told.refusal] : [])];
  const { target, refusal } = redirectTarget(redirect);
  return { variable, ...messages, target, refusals: [...refusals, ...(refusal ? [refusal] : [])] };
}

const MESSAGE_LEVELS = new Set(['debug', 'info', 'success', 'warning', 'error']);

/**
 * `messages.<level>(request, "Saved.")`: the call a `form_valid` or `form_invalid` override makes
 * the same through `self.request`, and for `success`, `SuccessMessageMixin`'s message (it adds
 * `success_message % cleaned_data` after the save: the same message when the literal has its `%`
 * doubled, none when it is empty); or why it cannot be said so.
 */
function messageOf(statement: SyntaxNode, request: string): { call: string; success?: string } | { refusal: string } | undefined {
  const call = expressionOf(statement);
  const level = call?.type === 'call' ? /^messages\.(\w+)$/.exec(calleeText(call) ?? '')?.[1] : undefined;
  if (!call || !level || !MESSAGE_LEVELS.has(level)) return undefined;
  const [given, message, ...more] = argumentsOf(call);
  if (given?.text !== request || message?.type !== 'string' || more.length > 0) return { refusal: `it tells the user with \`${call.text}\`, which a generic view's message cannot say` };
  if (/^[a-zA-Z]*f/.test(message.text)) return { refusal: 'its message is computed' };
  const same = `messages.${level}(self.request, ${message.text})`;
  if (level !== 'success') return { call: same };
  if (/^[a-zA-Z]*(['"]{1,3})\1$/.test(message.text)) return { refusal: 'its success message is empty, which `SuccessMessageMixin` does not add' };
  return { call: same, success: message.text.replace(/%/g, '%%') };
}
