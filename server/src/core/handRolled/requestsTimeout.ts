/**
 * Entry `requests-timeout`: a `requests` call without `timeout=`. requests has no default
 * timeout, so a server that accepts the connection and never answers holds the worker until it
 * is killed. Reported only: adding a timeout changes behaviour (a slow answer becomes an
 * exception), so the value is the team's to choose.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import type { HandRolledOccurrence } from './facts';
import { rangeOf } from './syntax';

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];

/** Every call of requests' module functions without `timeout=` (and without `**kwargs`, which may carry it). */
export function findRequestsWithoutTimeout(root: SyntaxNode): HandRolledOccurrence[] {
  const callees = requestsCallees(root);
  if (callees.size === 0) return [];
  return root
    .descendantsOfType('call')
    .filter((call) => callees.has(call.childForFieldName('function')?.text ?? ''))
    .filter((call) => !(call.childForFieldName('arguments')?.namedChildren ?? []).some((arg) => arg.type === 'dictionary_splat' || (arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === 'timeout')))
    .map((call) => ({ entry: 'requests-timeout' as const, range: rangeOf(call.childForFieldName('function')!), detail: `\`${call.childForFieldName('function')!.text}(…)\`` }));
}

/** `requests.get` for `import requests` (or `import requests as r` → `r.get`), `get` for `from requests import get`. */
function requestsCallees(root: SyntaxNode): Set<string> {
  const callees = new Set<string>();
  for (const statement of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (statement.type === 'import_statement') {
      for (const name of statement.namedChildren) {
        const [module, alias] = name.type === 'aliased_import' ? [name.childForFieldName('name')?.text, name.childForFieldName('alias')?.text] : [name.text, name.text];
        if (module === 'requests' && alias) METHODS.forEach((method) => callees.add(`${alias}.${method}`));
      }
    } else if (statement.childForFieldName('module_name')?.text === 'requests') {
      for (const name of statement.namedChildren.slice(1)) {
        const [imported, alias] = name.type === 'aliased_import' ? [name.childForFieldName('name')?.text, name.childForFieldName('alias')?.text] : [name.text, name.text];
        if (imported && alias && METHODS.includes(imported)) callees.add(alias);
      }
    }
  }
  return callees;
}
