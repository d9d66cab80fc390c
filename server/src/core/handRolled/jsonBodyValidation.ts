/**
 * Entry `json-body-validation`: a view that parses the request body itself (`json.loads(
 * request.body)`, or reads DRF's `request.data`) and checks its fields by hand, answering 400 on
 * a missing one: what a DRF serializer (or a Django form) declares, with every field's error
 * reported at once instead of the first.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import type { HandRolledOccurrence } from './facts';
import { literalString, ownNodes, rangeOf } from './syntax';

/** `fn`'s hand validation of its JSON body, reported on its name. */
export function findJsonBodyValidation(fn: SyntaxNode): HandRolledOccurrence[] {
  const bodies = bodyNames(fn);
  if (bodies.size === 0 || !answersBadRequest(fn)) return [];
  const fields = new Set<string>();
  for (const node of ownNodes(fn, new Set(['comparison_operator', 'call', 'not_operator']))) {
    const field = checkedField(node, bodies);
    if (field !== undefined) fields.add(field);
  }
  const name = fn.childForFieldName('name');
  if (fields.size === 0 || !name) return [];
  return [{ entry: 'json-body-validation', range: rangeOf(name), detail: `\`${name.text}\` checks ${[...fields].map((f) => `\`${f}\``).join(', ')} by hand` }];
}

/** Names bound to the parsed body (`data = json.loads(request.body)`), and `request.data` itself. */
function bodyNames(fn: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const assignment of ownNodes(fn, new Set(['assignment']))) {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type === 'identifier' && right && isParsedBody(right)) names.add(left.text);
  }
  if (ownNodes(fn, new Set(['attribute'])).some((a) => /^(self\.)?request\.data$/.test(a.text))) names.add('request.data');
  return names;
}

/** `json.loads(request.body)`, `json.loads(request.body.decode("utf-8"))`, `request.data`. */
function isParsedBody(node: SyntaxNode): boolean {
  if (/^(self\.)?request\.data$/.test(node.text)) return true;
  if (node.type !== 'call' || !/^(json\.)?loads$/.test(node.childForFieldName('function')?.text ?? '')) return false;
  return /^(self\.)?request\.body\b/.test(node.childForFieldName('arguments')?.namedChildren[0]?.text ?? '');
}

/** A 400 answer: `status=400`, `status.HTTP_400_BAD_REQUEST`, `HttpResponseBadRequest`. */
function answersBadRequest(fn: SyntaxNode): boolean {
  return ownNodes(fn, new Set(['call'])).some((call) => {
    if (/(^|\.)HttpResponseBadRequest$/.test(call.childForFieldName('function')?.text ?? '')) return true;
    return (call.childForFieldName('arguments')?.namedChildren ?? []).some((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === 'status' && /^(400|(status\.)?HTTP_400_BAD_REQUEST)$/.test(arg.childForFieldName('value')?.text ?? ''));
  });
}

/** The field a check reads: `"x" not in data`, `not data.get("x")`, `data.get("x") is None`. */
function checkedField(node: SyntaxNode, bodies: ReadonlySet<string>): string | undefined {
  if (node.type === 'comparison_operator') {
    const [left, right] = node.namedChildren;
    const operators = node.children.filter((c) => !c.isNamed).map((c) => c.text).join(' ');
    if (/\bnot in\b|\bin\b/.test(operators) && right && bodies.has(right.text)) return literalString(left);
    if (/\bis\b/.test(operators) && left?.type === 'call') return fieldOfGet(left, bodies);
    return undefined;
  }
  if (node.type === 'not_operator') {
    const argument = node.childForFieldName('argument');
    return argument?.type === 'call' ? fieldOfGet(argument, bodies) : undefined;
  }
  return undefined;
}

function fieldOfGet(call: SyntaxNode, bodies: ReadonlySet<string>): string | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'get') return undefined;
  if (!bodies.has(callee.childForFieldName('object')?.text ?? '')) return undefined;
  return literalString(call.childForFieldName('arguments')?.namedChildren[0]);
}
