/**
 * Entry `environ-settings`: settings that read environment variables and convert them by hand
 * (`DEBUG = os.environ.get("DEBUG") == "True"`, `int(os.getenv("PORT"))`,
 * `os.environ["HOSTS"].split(",")`), which django-environ does with typed readers (`env.bool`,
 * `env.int`, `env.list`, `env.db`) and one spelling of true. A plain `os.environ["SECRET_KEY"]`
 * is no conversion and not reported. The extractor finds them at module level in every module;
 * the detector keeps those of the settings modules.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import type { HandRolledOccurrence } from './facts';
import { literalString, rangeOf } from './syntax';

/** The module-level environment reads converted by hand: one finding, on the first, listing them. */
export function findEnvironmentParsing(root: SyntaxNode): HandRolledOccurrence[] {
  const converted: { read: SyntaxNode; variable: string; as: string }[] = [];
  for (const read of root.descendantsOfType(['call', 'subscript'])) {
    const variable = environmentVariable(read);
    if (variable === undefined || insideFunction(read)) continue;
    const as = conversionOf(read);
    if (as) converted.push({ read, variable, as });
  }
  if (converted.length === 0) return [];
  const detail = converted.map(({ variable, as }) => `\`${variable}\` as ${as}`).join(', ');
  return [{ entry: 'environ-settings', range: rangeOf(converted[0].read), detail }];
}

/** The variable `os.environ.get("X")`, `os.getenv("X")`, `os.environ["X"]` (or `environ`/`getenv` imported) reads. */
function environmentVariable(node: SyntaxNode): string | undefined {
  if (node.type === 'call' && /^((os\.)?environ\.get|(os\.)?getenv)$/.test(node.childForFieldName('function')?.text ?? '')) {
    return literalString(node.childForFieldName('arguments')?.namedChildren[0]) ?? '…';
  }
  if (node.type === 'subscript' && /^(os\.)?environ$/.test(node.childForFieldName('value')?.text ?? '')) {
    return literalString(node.childForFieldName('subscript')) ?? '…';
  }
  return undefined;
}

/** What the read is converted to by the expression around it, if anything. */
function conversionOf(read: SyntaxNode): string | undefined {
  let node = read;
  for (let up = read.parent; up && up.type !== 'expression_statement' && up.type !== 'assignment'; node = up, up = up.parent) {
    if (up.type === 'comparison_operator') return 'a boolean';
    if (up.type === 'attribute' && up.childForFieldName('object')?.id === node.id) {
      const method = up.childForFieldName('attribute')?.text ?? '';
      if (method === 'split') return 'a list';
      if (/^(lower|upper|strip|title|capitalize)$/.test(method)) continue;
    }
    if (up.type === 'call' && up.childForFieldName('arguments')?.id === node.id) {
      const callee = up.childForFieldName('function')?.text ?? '';
      if (/^(int|float)$/.test(callee)) return `a number (\`${callee}\`)`;
      if (callee === 'bool') return 'a boolean';
      if (/^(json\.loads|ast\.literal_eval)$/.test(callee)) return 'data';
      if (/^(dj_database_url\.\w+)$/.test(callee)) return undefined;
    }
  }
  return undefined;
}

function insideFunction(node: SyntaxNode): boolean {
  for (let up = node.parent; up; up = up.parent) if (up.type === 'function_definition' || up.type === 'lambda') return true;
  return false;
}
