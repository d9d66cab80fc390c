/**
 * Names for a function extracted from duplicated code, taken from the code as a reviewer would:
 * what the block computes (`compute_total`), what it does to which object (`save_order`,
 * `update_order_status`), the functions it calls. Never a name a builtin has (`help`, `id`,
 * `type`), never a number stuck on (`compute_total_2`) while the code offers a better one. The
 * parameters' names are valueNames.ts's.
 */
import { lexPython } from '../../core/python/pythonLexer';
import { PYTHON_BUILTINS } from '../analysis/pythonBuiltins';
import type { ExtractPlan } from '../extract/extractToModule';
import { bare, isUsableName, nameWords, sharedWords, snake } from './valueNames';

/** Receivers too vague to name a function after (`t.save()` → not `save_t`). */
const VAGUE = new Set(['self', 'cls', 'obj', 'instance', 'item', 'value', 'data', 'args', 'kwargs', 'request', 'result', 'res', 'tmp', 'it', 'inst', 'row', 'elem', 'x', 'y', 'objects', 'settings', 'logger', 'log', 'messages', 'json', 'os', 'sys', 're', 'super']);
/** Methods that say what is done to their receiver. */
const ACTION_VERBS = new Set(['save', 'delete', 'create', 'update', 'send', 'add', 'remove', 'clean', 'validate', 'refresh', 'notify', 'process', 'build', 'render', 'load', 'fetch', 'sync', 'apply', 'mark', 'reset', 'cancel', 'close', 'open', 'write', 'publish', 'register', 'approve', 'reject', 'archive', 'activate', 'deactivate', 'clear', 'set', 'invalidate', 'schedule', 'submit', 'check']);
/** Calls that say nothing about what a block is for. */
const NOISE_CALLS = new Set(['print', 'debug', 'info', 'warning', 'error', 'exception', 'log', 'append', 'extend', 'get', 'items', 'keys', 'values', 'format', 'join', 'strip', 'lower', 'upper', 'replace', 'split', 'pop', 'setdefault']);

/** What the copies tell of the function beyond its block. */
export interface CopiesNames {
  /**
   * The names each copy gives what the block returns (the first copy's are `plan.returns`): a name
   * the copies disagree on names the function by the part they share, else by what the code makes.
   */
  readonly returnedByCopy?: readonly (readonly string[])[];
  /** The parameters standing for what the copies differ in: a call of one names the function only by what it does. */
  readonly passed?: readonly string[];
}

/**
 * The function's name, from the strongest evidence the block gives: the names it returns, what
 * it does to a named object, the call it ends with, the names it assigns, the functions it calls;
 * `feature` names the rest. The first candidate `isFree` accepts wins.
 */
export function functionNameFor(block: string, plan: ExtractPlan, feature: string, isFree: (name: string) => boolean, copies: CopiesNames = {}): string {
  const candidates = [...candidateNames(block, plan, feature, copies.returnedByCopy ?? [plan.returns], copies.passed ?? [])].map(snake).filter(isUsableName);
  const free = candidates.find(isFree);
  if (free) return free;
  const base = candidates[0] ?? `update_${feature}`;
  const specific = `${base}_for_${feature}`;
  if (isUsableName(specific) && isFree(specific)) return specific;
  let n = 2;
  while (!isFree(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}

function* candidateNames(block: string, plan: ExtractPlan, feature: string, returnedByCopy: readonly (readonly string[])[], passed: readonly string[]): Generator<string> {
  const returned = plan.returns.map((name, i) => telling(block, name, returnedByCopy.map((names) => (names.includes(name) ? name : (names[i] ?? name)))));
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
  const ending = plan.returns.length === 0 ? endingCall(block, [...plan.parameters, ...passed]) : undefined;
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
 * vague one if a copy says that little (`clone`, `obj`: the value is no more than an object). Else
 * what the code makes of it: what the call producing it makes (`parser.compile_filter(…)` →
 * `filter`, for `viewname` / `message_string`), a flag (`use_l10n` / `use_tz` → `use_flag`); the
 * first copy's name only when the code says nothing either.
 */
function telling(block: string, first: string, names: readonly string[]): string {
  const distinct = [...new Set(names.map(bare))];
  const shared = distinct.length > 1 ? sharedWords(distinct).join('_') : '';
  if (shared.replace(/_/g, '').length >= 4) return shared;
  const vague = distinct.find((name) => VAGUE.has(name));
  if (vague || distinct.length === 1) return vague ?? first;
  const producer = callProducing(block, first);
  if (producer) {
    const words = nameWords(producer);
    return words.length > 1 && (ACTION_VERBS.has(words[0]) || PRODUCING_VERBS.has(words[0])) ? words.slice(1).join('_') : producer;
  }
  if (isFlag(block, first)) return shared ? `${shared}_flag` : 'flag';
  return first;
}

/** Whether every value the block assigns to `name` is a truth value: `True`, a comparison, a negation. */
function isFlag(block: string, name: string): boolean {
  const values = [...block.matchAll(new RegExp(`^[ \\t]*${name}\\s*=(?!=)(.*)$`, 'gm'))].map((match) => match[1].trim());
  const truth = (value: string) => /^(True|False)$/.test(value) || (/==|!=|<=|>=|[<>]|^not\b|\b(in|is)\b/.test(value) && !/\b(if|lambda|for)\b/.test(value));
  return values.length > 0 && values.every(truth);
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
 * A call of one of the function's own `parameters` is named by what it does from its verb on
 * (`writer_set_outdim(self.ptr, new_dim)` → set_outdim), never after the parameter.
 */
function endingCall(block: string, parameters: readonly string[]): string[] | undefined {
  const lines = block.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  const indent = Math.min(...lines.map((line) => /^\s*/.exec(line)![0].length));
  const start = lines.map((line) => /^\s*/.exec(line)![0].length === indent && !/^\s*[)\]}]/.test(line)).lastIndexOf(true);
  const statement = lines.slice(start).join('\n').trim();
  const call = /^(?:[A-Za-z_]\w*\s*\.\s*)*([A-Za-z_]\w*)\s*\(([^]*)\)$/.exec(statement);
  if (!call || PYTHON_BUILTINS.has(call[1]) || NOISE_CALLS.has(call[1])) return undefined;
  let method = snake(bare(call[1]));
  if (parameters.includes(call[1])) {
    const words = nameWords(method);
    const verb = words.findIndex((word) => ACTION_VERBS.has(word));
    if (verb < 0) return undefined;
    method = words.slice(verb).join('_');
  }
  const constant = /\b[A-Za-z_]\w*\.([A-Z][A-Z0-9_]*[A-Z0-9])\b/.exec(call[2])?.[1];
  return constant ? [`${method}_${constant.toLowerCase()}`, method] : [method];
}

/** Verbs of calls whose result a block returns, which then name the block: `doc = render_doc(…)` → `render_doc`. */
const PRODUCING_VERBS = new Set(['get', 'compile', 'fetch', 'load', 'render', 'build', 'make', 'create', 'parse', 'read', 'find', 'format', 'serialize', 'collect', 'count', 'generate', 'resolve', 'decode', 'encode']);

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
