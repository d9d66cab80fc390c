/**
 * Names for a function extracted from duplicated code and for the values its copies pass, taken
 * from the code as a reviewer would: what the block computes (`compute_total`), what it does to
 * which object (`save_order`, `update_order_status`), the functions it calls. Never a name a
 * builtin has (`help`, `id`, `type`), never a number stuck on (`value_2`) while the code offers
 * a better one.
 */
import { lexPython, type LexToken } from '../../core/python/pythonLexer';
import { PYTHON_BUILTINS } from '../analysis/pythonBuiltins';
import type { ExtractPlan } from '../extract/extractToModule';

/** Receivers too vague to name a function after (`t.save()` → not `save_t`). */
const VAGUE = new Set(['self', 'cls', 'obj', 'instance', 'item', 'value', 'data', 'args', 'kwargs', 'request', 'result', 'res', 'tmp', 'it', 'inst', 'row', 'elem', 'x', 'y', 'objects', 'settings', 'logger', 'log', 'messages', 'json', 'os', 'sys', 're', 'super']);
/** Methods that say what is done to their receiver. */
const ACTION_VERBS = new Set(['save', 'delete', 'create', 'update', 'send', 'add', 'remove', 'clean', 'validate', 'refresh', 'notify', 'process', 'build', 'render', 'load', 'fetch', 'sync', 'apply', 'mark', 'reset', 'cancel', 'close', 'open', 'write', 'publish', 'register', 'approve', 'reject', 'archive', 'activate', 'deactivate', 'clear', 'set', 'invalidate', 'schedule', 'submit', 'check']);
/** Calls that say nothing about what a block is for. */
const NOISE_CALLS = new Set(['print', 'debug', 'info', 'warning', 'error', 'exception', 'log', 'append', 'extend', 'get', 'items', 'keys', 'values', 'format', 'join', 'strip', 'lower', 'upper', 'replace', 'split', 'pop', 'setdefault']);

/** What a builtin's name usually means as a parameter. */
const INSTEAD_OF_BUILTIN: Readonly<Record<string, string>> = { help: 'help_text', id: 'pk', type: 'kind', list: 'items', dict: 'mapping', filter: 'filters', format: 'fmt', input: 'input_value', max: 'maximum', min: 'minimum', len: 'length', hash: 'digest', object: 'target', property: 'prop', range: 'span', set: 'values', str: 'text', sum: 'total', next: 'following', iter: 'iterable', map: 'mapping', open: 'is_open', vars: 'variables', dir: 'directory', all: 'everything', any: 'some', bytes: 'data', int: 'number', float: 'number', bool: 'flag' };

/** A name a parameter or function may take: a valid identifier that no builtin or keyword owns. */
export function isUsableName(name: string): boolean {
  if (!/^[A-Za-z_]\w*$/.test(name) || PYTHON_BUILTINS.has(name)) return false;
  const tokens = lexPython(name);
  return tokens.length === 1 && tokens[0].kind === 'name';
}

/** `help` → `help_text`, `type` → `kind`; other names as they are. */
export function notShadowingBuiltins(name: string): string {
  return PYTHON_BUILTINS.has(name) ? (INSTEAD_OF_BUILTIN[name] ?? `${name}_value`) : name;
}

/**
 * The function's name, from the strongest evidence the block gives: the names it returns, what
 * it does to a named object, the call it ends with, the names it assigns, the functions it calls;
 * `feature` names the rest. `returnedByCopy` holds the names each copy gives what the block
 * returns (the first copy's are `plan.returns`): a name the copies disagree on names the function
 * only by the part they share. The first candidate `isFree` accepts wins.
 */
export function functionNameFor(block: string, plan: ExtractPlan, feature: string, isFree: (name: string) => boolean, returnedByCopy: readonly (readonly string[])[] = [plan.returns]): string {
  const candidates = [...candidateNames(block, plan, feature, returnedByCopy)].map(snake).filter(isUsableName);
  const free = candidates.find(isFree);
  if (free) return free;
  const base = candidates[0] ?? `update_${feature}`;
  const specific = `${base}_for_${feature}`;
  if (isUsableName(specific) && isFree(specific)) return specific;
  let n = 2;
  while (!isFree(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}

function* candidateNames(block: string, plan: ExtractPlan, feature: string, returnedByCopy: readonly (readonly string[])[]): Generator<string> {
  const returned = plan.returns.map((name, i) => telling(name, returnedByCopy.map((names) => (names.includes(name) ? name : (names[i] ?? name)))));
  if (returned.length === 1) {
    const verb = producingVerb(block, plan.returns[0]);
    if (verb) yield `${verb}_${collectedNoun(block, plan.returns[0]) ?? returned[0]}`;
    const queryset = querysetName(block, plan.returns[0]);
    if (queryset) yield queryset;
  }
  // `data`, `obj` say nothing: the other names do (`data, signal_uid, exception_uid` → compute_signal_uid_and_exception_uid).
  const clear = returned.filter((name) => !VAGUE.has(name));
  if (clear.length > 0) yield `compute_${clear.slice(0, 2).join('_and_')}`;
  // `obj = self._chain()` says only which call makes the value: name it after the call.
  const producer = returned.length === 1 && clear.length === 0 ? callProducing(block, plan.returns[0]) : undefined;
  if (producer) yield raisesBefore(block, plan.returns[0]) ? `checked_${producer}` : producer;
  const calls = callsIn(block);
  const attributeWrite = /\b(\w+)\.(\w+)\s*(?:[-+*/]?=)(?!=)/.exec(block);
  if (attributeWrite) {
    const [, receiver, attribute] = attributeWrite;
    const object = meaningful(receiver) ? `${bare(receiver)}_` : '';
    yield `${calls.some((c) => c.method === 'save') ? 'update' : 'set'}_${object}${bare(attribute)}`;
  }
  for (const call of calls) {
    // `order.save()` → save_order; `parser.delete_first_token()` would give delete_first_token_parser.
    if (call.receiver && meaningful(call.receiver) && ACTION_VERBS.has(call.method)) yield `${bare(call.method)}_${snake(bare(call.receiver))}`;
  }
  // A block giving nothing back is for its effect, which its last call says (`self.message_user(…, messages.SUCCESS)`).
  const ending = plan.returns.length === 0 ? endingCall(block) : undefined;
  if (ending) yield* ending;
  if (plan.writes.length === 0 && /^\s*raise\b/m.test(block)) yield `validate_${feature}`;
  const written = plan.writes.map(bare).filter((name) => name && !VAGUE.has(name));
  // `compute_` promises a value: only for a block returning one.
  if (written.length > 0 && plan.returns.length > 0) yield `compute_${written[written.length - 1]}`;
  const called = [...new Set(calls.map((c) => c.method).filter((m) => !NOISE_CALLS.has(m) && !PYTHON_BUILTINS.has(m)))];
  if (called.length > 0) {
    const verb = nameWords(called[0])[0];
    yield ACTION_VERBS.has(verb) ? `${called[0]}_for_${feature}` : `apply_${called[0]}`;
  }
  yield `update_${feature}`;
}

/**
 * What the copies' names for one returned value say it is: the name when they all give the same,
 * else the words they share of four letters or more (`old_fields`, `new_fields` → `fields`), else a
 * vague one if a copy says that little (`clone`, `obj`: the value is no more than an object), else
 * the first copy's name (`first`).
 */
function telling(first: string, names: readonly string[]): string {
  const distinct = [...new Set(names.map(bare))];
  const shared = distinct.length > 1 ? sharedWords(distinct).join('_') : '';
  if (shared.replace(/_/g, '').length >= 4) return shared;
  return distinct.find((name) => VAGUE.has(name)) ?? first;
}

/** The function the block's last assignment of `name` calls (`obj = self._chain()` → chain), if it calls one. */
function callProducing(block: string, name: string): string | undefined {
  const value = lastValueOf(block, name);
  const callee = value === undefined ? undefined : /^(?:[A-Za-z_]\w*\s*\.\s*)*([A-Za-z_]\w*)\s*\(/.exec(value)?.[1];
  return callee && !PYTHON_BUILTINS.has(callee) ? snake(bare(callee)) : undefined;
}

/** Whether the block raises before its last assignment of `name`: the value comes checked. */
function raisesBefore(block: string, name: string): boolean {
  const value = lastValueOf(block, name);
  return value !== undefined && /^\s*raise\b/m.test(block.slice(0, block.length - value.length));
}

/**
 * Names from the call statement the block ends with: the method, qualified by a constant it passes
 * (`self.message_user(request, msg, messages.SUCCESS)` → message_user_success, then message_user).
 */
function endingCall(block: string): string[] | undefined {
  const lines = block.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  const indent = Math.min(...lines.map((line) => /^\s*/.exec(line)![0].length));
  const start = lines.map((line) => /^\s*/.exec(line)![0].length === indent && !/^\s*[)\]}]/.test(line)).lastIndexOf(true);
  const statement = lines.slice(start).join('\n').trim();
  const call = /^(?:[A-Za-z_]\w*\s*\.\s*)*([A-Za-z_]\w*)\s*\(([^]*)\)$/.exec(statement);
  if (!call || PYTHON_BUILTINS.has(call[1]) || NOISE_CALLS.has(call[1])) return undefined;
  const method = snake(bare(call[1]));
  const constant = /\b[A-Za-z_]\w*\.([A-Z][A-Z0-9_]*[A-Z0-9])\b/.exec(call[2])?.[1];
  return constant ? [`${method}_${constant.toLowerCase()}`, method] : [method];
}

/** Verbs of calls whose result a block returns, which then name the block: `doc = render_doc(…)` → `render_doc`. */
const PRODUCING_VERBS = new Set(['get', 'fetch', 'load', 'render', 'build', 'make', 'create', 'parse', 'read', 'find', 'format', 'serialize', 'collect', 'count', 'generate', 'resolve', 'decode', 'encode']);

/** Calls whose name is no verb but says what they do: `json.loads` parses. */
const CALL_VERBS: Readonly<Record<string, string>> = { loads: 'parse', json: 'parse', dumps: 'serialize', reverse: 'build' };

/**
 * How the block produces the one name it returns, from its last assignment: a call whose name
 * starts with a producing verb lends the verb (`order = get_object_or_404(…)` → `get`), a dict or
 * list literal is built (`build`), a value looked up by key is got (`request.META["HTTP_X_API_KEY"]`). Nothing when the name already starts with the verb
 * (`count = count_rows(…)` would give `count_count`).
 */
function producingVerb(block: string, name: string): string | undefined {
  // A conversion says nothing of where the value comes from: `str(request.json.get("api_key"))` gets it.
  const value = lastValueOf(block, name)?.replace(/^(?:str|int|float|bool)\s*\(\s*/, '');
  if (value === undefined) return undefined;
  const callee = /^(?:[A-Za-z_]\w*\s*\.\s*)*([A-Za-z_]\w*)\s*\(/.exec(value)?.[1];
  // A class instantiated (`HttpResponse(…)`) is built, as a literal is; a value looked up by key is got.
  const verb = callee ? (CALL_VERBS[callee] ?? (/^[A-Z][a-z]/.test(callee) ? 'build' : nameWords(snake(callee))[0])) : /^[{[]/.test(value) ? 'build' : /^[A-Za-z_][\w.]*\[[^\]]+\]\s*$/m.test(value.split('\n')[0]) ? 'get' : undefined;
  if (!verb || (callee && !PRODUCING_VERBS.has(verb)) || nameWords(name)[0] === verb) return undefined;
  return verb;
}

/** The block from the value of its last assignment of `name` on (`name = <value…>`), if it assigns it. */
function lastValueOf(block: string, name: string): string | undefined {
  const assignments = [...block.matchAll(new RegExp(`^[ \\t]*_*${name}\\s*=(?!=)\\s*(.)`, 'gm'))];
  const last = assignments[assignments.length - 1];
  return last ? block.slice(last.index! + last[0].length - 1) : undefined;
}

/** Names of a result that say nothing of what it holds. */
const VAGUE_RESULTS = new Set(['ret', 'rv', 'res', 'result', 'results', 'out', 'output', 'items', 'values']);

/**
 * What a list under a vague name collects, from the class of what is appended to it:
 * `ret.append(EmailAddress(…))` → email_addresses.
 */
function collectedNoun(block: string, name: string): string | undefined {
  if (!VAGUE_RESULTS.has(name)) return undefined;
  const appended = new RegExp(`\\b${name}\\.append\\(\\s*(?:\\w+\\.)*([A-Z]\\w*)\\(`).exec(block)?.[1];
  return appended ? plural(snake(appended)) : undefined;
}

/** `email_address` → email_addresses, `category` → categories, `order` → orders. */
function plural(noun: string): string {
  if (/(s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

/** Names that say no more than "a queryset": `q = model.objects`. */
const QUERYSET_VARIABLES = new Set(['q', 'qs', 'queryset', 'objects', 'objs', 'query']);

/**
 * `get_check_queryset` for a block building a queryset of `Check` under a name that says only
 * that it is one (`qs = Check.objects…`), `get_queryset` when the model is a parameter.
 */
function querysetName(block: string, name: string): string | undefined {
  if (!QUERYSET_VARIABLES.has(name)) return undefined;
  const manager = new RegExp(`^[ \\t]*${name}\\s*=\\s*(\\w+)\\s*\\.\\s*objects\\b`, 'm').exec(block);
  if (!manager) return undefined;
  return /^[A-Z]/.test(manager[1]) ? `get_${snake(manager[1])}_queryset` : 'get_queryset';
}

interface Call {
  readonly receiver?: string;
  readonly method: string;
}

/** The calls of the block in order: `order.save()` → {order, save}, `send_mail(…)` → {send_mail}. */
function callsIn(block: string): Call[] {
  const calls: Call[] = [];
  // `Notification.objects.create(…)` acts on the model, not on its manager.
  for (const match of block.matchAll(/(?:\b(\w+)\s*\.\s*(?:objects\s*\.\s*)?)?\b([A-Za-z_]\w*)\s*\(/g)) {
    if (lexPython(match[2])[0]?.kind !== 'name') continue;
    calls.push({ receiver: match[1], method: match[2] });
  }
  return calls;
}

/** A receiver that names what is acted on: `order`, `Notification`; not `t`, `self`, `settings`. */
function meaningful(receiver: string): boolean {
  return bare(receiver).length > 2 && !VAGUE.has(bare(receiver)) && !/^[A-Z0-9_]+$/.test(receiver);
}

function bare(name: string): string {
  return name.replace(/^_+/, '');
}

function nameWords(name: string): string[] {
  return name.split('_').filter(Boolean);
}

function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/__+/g, '_');
}

/**
 * A parameter name for a literal that differs between the copies, from what the code says the
 * value is: the keyword it is passed as (`status="paid"` → status), the attribute it is compared
 * with (`order.state == "open"` → state; `self.kind == "sms"` → expected_kind), the name it initialises (`total = 0` →
 * initial_total), the key it is stored under (`response["Content-Disposition"] = …` →
 * content_disposition), the mapping it indexes (`line["qty"]` → line_key; a dict key or an index of
 * an unnamed value → key), a multiplier (factor);
 * else its kind (text, number). Builtin names are avoided (`help=` → help_text).
 */
export function valueNameCandidates(text: string, tokens: readonly LexToken[], i: number, parametersOf?: (callee: string) => readonly string[] | undefined): string[] {
  const at = (k: number) => (k >= 0 && k < tokens.length ? text.slice(tokens[k].start, tokens[k].end) : '');
  const isName = (k: number) => tokens[k]?.kind === 'name';
  const startsLine = (k: number) => k >= 0 && text.slice(text.lastIndexOf('\n', tokens[k].start - 1) + 1, tokens[k].start).trim() === '';
  const found: string[] = [];
  if (at(i - 1) === '=' && isName(i - 2) && ['(', ','].includes(at(i - 3))) found.push(at(i - 2));
  // Compared with an attribute of `self`, which the function may take under the attribute's own name: `expected_kind`.
  const compared = (receiver: string, attribute: string) => (receiver === 'self' ? `expected_${attribute}` : attribute);
  if (['==', '!=', 'in', 'is'].includes(at(i - 1)) && isName(i - 2) && at(i - 3) === '.') found.push(compared(at(i - 4), at(i - 2)));
  if (['==', '!='].includes(at(i + 1)) && at(i + 3) === '.' && isName(i + 4)) found.push(compared(at(i + 2), at(i + 4)));
  if (at(i - 1) === '=' && isName(i - 2) && startsLine(i - 2)) found.push(`initial_${bare(at(i - 2))}`);
  // Stored under a key the code spells out: `response["Content-Disposition"] = …` → content_disposition.
  if (at(i - 1) === '=' && at(i - 2) === ']' && tokens[i - 3]?.kind === 'string' && at(i - 4) === '[') found.push(keyAsName(at(i - 3)));
  if (at(i - 1) === '[' && isName(i - 2) && at(i + 1) === ']') found.push(`${bare(at(i - 2))}_key`);
  // `response.json()["users"]`, `{"app_id": …}`: a key of something the code does not name.
  else if ((at(i - 1) === '[' && at(i + 1) === ']') || (['{', ','].includes(at(i - 1)) && at(i + 1) === ':')) found.push('key');
  if (tokens[i].kind === 'string' && at(i + 1) === '%') found.push('template');
  const calleeAt = calleeOfArgument(at, isName, i);
  const callee = calleeAt === undefined ? undefined : at(calleeAt);
  // Passed to a function of the module: its own name for the parameter (`self._not_support_combined_queries('defer')` → operation_name).
  const position = callee === undefined ? undefined : argumentPosition(at, calleeAt! + 1, i);
  const declared = callee && position !== undefined ? parametersOf?.(callee)?.[position] : undefined;
  if (declared) found.push(declared);
  else if (callee && ARGUMENT_NAMES[callee]) found.push(ARGUMENT_NAMES[callee]);
  // `"title": tmpl("pagertree_title.html")`: a template file, the template of what the call's value is.
  else if (tokens[i].kind === 'string' && TEMPLATE_FILE.test(at(i))) {
    const owner = ownerOfCall(at, isName, calleeAt!);
    found.push(owner === undefined ? 'template_name' : `${owner}_template`);
  }
  else if (callee && /(Error|Exception|Warning)$/.test(callee)) found.push('message');
  else if (callee && callee.length > 2 && !PYTHON_BUILTINS.has(callee)) found.push(callee.split('_').pop()!.toLowerCase());
  if (tokens[i].kind === 'number' && (['*', '/', '//'].includes(at(i - 1)) || at(i + 1) === '*')) found.push('factor');
  const evidence = [...new Set(found.map(bare).filter(Boolean).map(notShadowingBuiltins))].filter(isUsableName);
  return evidence.length > 0 ? evidence : [tokens[i].kind === 'string' ? 'text' : 'number'];
}

/** A string key as a Python name: `"Content-Disposition"` → content_disposition. */
function keyAsName(literal: string): string {
  return snake(literal.replace(/^[A-Za-z]*(['"])+|['"]+$/g, '').replace(/\W+/g, '_')).replace(/^_+|_+$/g, '');
}

/** What a literal passed by position to these is, as Django and Python name that parameter. */
const ARGUMENT_NAMES: Readonly<Record<string, string>> = {
  get: 'key', pop: 'key', getlist: 'key', setdefault: 'key',
  reverse: 'viewname', reverse_lazy: 'viewname', redirect: 'to',
  render: 'template_name', render_to_string: 'template_name', get_template: 'template_name',
  getattr: 'attribute', hasattr: 'attribute', setattr: 'attribute',
  gettext: 'message', gettext_lazy: 'message', _: 'message',
};

/** A file name templates have (`"sms_message.html"`). */
const TEMPLATE_FILE = /\.(html|txt|xml|md)['"]$/;

/** What a call's value is for: the dict key or keyword it is under (`"title": tmpl(…)`, `title=tmpl(…)`). */
function ownerOfCall(at: (k: number) => string, isName: (k: number) => boolean, calleeAt: number): string | undefined {
  const key = /^["'](\w+)["']$/.exec(at(calleeAt - 2));
  if (at(calleeAt - 1) === ':' && key && ['{', ','].includes(at(calleeAt - 3))) return key[1].toLowerCase();
  if (at(calleeAt - 1) === '=' && isName(calleeAt - 2) && ['(', ','].includes(at(calleeAt - 3))) return at(calleeAt - 2);
  return undefined;
}

/** Where the function a literal is passed to by position is (`add_argument("--all")` → add_argument), if it is. */
function calleeOfArgument(at: (k: number) => string, isName: (k: number) => boolean, i: number): number | undefined {
  if (!['(', ','].includes(at(i - 1)) || ![')', ','].includes(at(i + 1))) return undefined;
  let depth = 0;
  for (let k = i - 1; k >= 0; k--) {
    const token = at(k);
    if (token === ')' || token === ']' || token === '}') depth++;
    else if (token === '[' || token === '{' || (token === '(' && depth > 0)) depth--;
    else if (token === '(' && depth === 0) return isName(k - 1) ? k - 1 : undefined;
    if (depth < 0) return undefined;
  }
  return undefined;
}

/** Which positional argument of the call opening at `open` token `i` is; undefined after a `*`/`**` or a keyword argument. */
function argumentPosition(at: (k: number) => string, open: number, i: number): number | undefined {
  let [depth, position] = [0, 0];
  for (let k = open + 1; k < i; k++) {
    const token = at(k);
    if (['(', '[', '{'].includes(token)) depth++;
    else if ([')', ']', '}'].includes(token)) depth--;
    else if (depth === 0 && token === ',') position++;
    else if (depth === 0 && (token === '=' || ((token === '*' || token === '**') && [',', '('].includes(at(k - 1))))) return undefined;
  }
  return position;
}

/** The first candidate not taken, else the first with a word that orders it (`other_message`). */
export function pickParameter(candidates: readonly string[], taken: Set<string>): string {
  let name = candidates.find((candidate) => !taken.has(candidate));
  for (let n = 0; !name; n++) {
    const prefixed = `${['other', 'second', 'third', 'fourth'][n] ?? `extra${n}`}_${candidates[0]}`;
    if (!taken.has(prefixed)) name = prefixed;
  }
  taken.add(name);
  return name;
}

/** Parameter names for the attribute names the copies read, best first: what they share, else `field_name` (`method_name` for calls). */
export function attributeParameterCandidates(names: readonly string[], called: boolean): string[] {
  const shared = sharedWords(names);
  const suffix = called ? 'method' : 'field';
  return [...(shared.length > 0 ? [`${shared.join('_')}_${suffix}`] : []), `${suffix}_name`].filter(isUsableName);
}

/** The words of the first snake_case name that every other name has too (`response_add`, `response_change` → `response`). */
export function sharedWords(names: readonly string[]): string[] {
  const words = names.map((name) => name.toLowerCase().split('_').filter(Boolean));
  return words[0].filter((word) => words.every((other) => other.includes(word)));
}
