/**
 * Names for the parameters of a function made from near-copies, from what the code says each
 * differing value is (`status="paid"` → status, `reverse("…")` → viewname), and the word helpers
 * the function's own name shares (`sharedWords`, `snake`). Never a builtin's name (`type` → kind).
 */
import { lexPython, type LexToken } from '../../core/python/pythonLexer';
import { PYTHON_BUILTINS } from '../analysis/pythonBuiltins';

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

/** `_name` → name. */
export function bare(name: string): string {
  return name.replace(/^_+/, '');
}

/** The words of a snake_case name. */
export function nameWords(name: string): string[] {
  return name.split('_').filter(Boolean);
}

/** `EmailAddress` → email_address. */
export function snake(name: string): string {
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
