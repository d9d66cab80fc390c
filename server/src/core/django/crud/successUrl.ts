/**
 * Where a plain Django form view goes once the form is saved, said as the generic view says it:
 *
 *     return redirect("supplier-list")                → success_url = reverse_lazy("supplier-list")
 *     return redirect("/suppliers/")                  → success_url = "/suppliers/"
 *     return redirect(supplier)                       → nothing: the saved object's get_absolute_url()
 *     return redirect("supplier-page", supplier.pk)   → def get_success_url(self):
 *                                                           return reverse("supplier-page", args=[self.object.pk])
 *
 * A URL name with arguments is reversed in `get_success_url`, after the save as the function did,
 * its arguments rewritten for the class (the request `self.request`, a URL argument
 * `self.kwargs["pk"]`, the saved object `self.object`); arguments reading other locals, calling
 * anything (it would now run at another time) or unpacked are refused.
 */
import type { SyntaxNode } from '../../parse/syntaxNode';
import { movedCode, type Renames } from './movedCode';
import { argumentsOf } from './syntax';

/** A redirect's target, as the function wrote it. */
export type RedirectTarget =
  | { readonly kind: 'url'; readonly text: string }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'reverse'; readonly name: string; readonly args: readonly SyntaxNode[] };

/** Where the generic view goes: a `success_url` (a URL name or path literal), a `get_success_url` returning `reverse`, or the saved object. */
export type FormSuccess = { readonly url: string } | { readonly reverse: string } | 'object';

/** The target of `redirect(…)`, or why the generic view cannot go there. */
export function redirectTarget(redirect: SyntaxNode): { target?: RedirectTarget; refusal?: string } {
  const [target, ...rest] = argumentsOf(redirect);
  if (!target) return { refusal: `it redirects with \`${redirect.text}\`` };
  const literal = target.type === 'string' && !target.text.includes('{') && !/^[a-zA-Z]*f/.test(target.text);
  // `resolve_url` reverses a string, and takes it for a URL when that fails and it has a `/` or a `.`: only one of the two is kept.
  if (literal && target.text.includes('.') && !target.text.includes('/')) return { refusal: `it redirects to \`${target.text}\`, a URL name or a URL depending on what reverses` };
  if (rest.length > 0) {
    const unsaid = rest.find((arg) => arg.type === 'list_splat' || arg.type === 'dictionary_splat' || (arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === 'permanent'));
    if (!literal || target.text.includes('/') || unsaid) return { refusal: `it redirects with \`${redirect.text}\`, which \`get_success_url\` cannot say` };
    return { target: { kind: 'reverse', name: target.text, args: rest } };
  }
  if (literal) return { target: { kind: 'url', text: target.text } };
  return target.type === 'identifier' ? { target: { kind: 'name', name: target.text } } : {};
}

/** What the generic view says for `target`; `objects` are the function's names of the saved object. */
export function formSuccess(target: RedirectTarget | undefined, renames: Renames, objects: readonly (string | undefined)[]): FormSuccess | { refusal: string } {
  const refusal = 'it redirects to something else than a URL name, a path or the saved object';
  if (target === undefined) return { refusal };
  if (target.kind === 'url') return { url: target.text };
  if (target.kind === 'name') return objects.includes(target.name) ? 'object' : { refusal };
  const calls = target.args.flatMap((arg) => [arg, ...arg.descendantsOfType('call')]).find((node) => node.type === 'call');
  if (calls) return { refusal: `its redirect calls \`${calls.text}\`, which \`get_success_url\` would run at another time` };
  const object = objects.find((name): name is string => name !== undefined);
  const moved = (node: SyntaxNode) => movedCode([node], { ...renames, object: object === undefined ? undefined : { name: object, as: 'self.object' } });
  const positional = target.args.filter((arg) => arg.type !== 'keyword_argument').map(moved);
  const keywords = target.args.filter((arg) => arg.type === 'keyword_argument').map((arg) => [arg.childForFieldName('name')!.text, moved(arg.childForFieldName('value')!)] as const);
  const stranded = [...positional, ...keywords.map(([, value]) => value)].flatMap((code) => code.strandedLocals);
  if (stranded.length > 0) return { refusal: `its redirect reads \`${stranded[0]}\`, which \`get_success_url\` would not have` };
  const args = positional.length > 0 ? [`args=[${positional.map((code) => code.text).join(', ')}]`] : [];
  const kwargs = keywords.length > 0 ? [`kwargs={${keywords.map(([name, value]) => `${JSON.stringify(name)}: ${value.text}`).join(', ')}}`] : [];
  return { reverse: `reverse(${[target.name, ...args, ...kwargs].join(', ')})` };
}
