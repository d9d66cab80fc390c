/**
 * The SQL of a simple check (`models.Q(price__gte=0, stock__isnull=False)`, or as makemigrations
 * writes several lookups `models.Q(("price__gte", 0), ("stock__isnull", False))`: lookups on
 * literals, ANDed), which ADD CONSTRAINT … NOT VALID must spell out because Django only writes it when it
 * runs the migration. Anything else (`|`, `~`, F expressions, functions) is refused: a guessed
 * SQL condition would differ from what Django enforces.
 */
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../../core/parse/pythonParser';
import { quoted } from '../../../core/database/migrationNames';

const OPERATORS: Readonly<Record<string, string>> = { exact: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** The condition as SQL, or why it cannot be read. `columns` maps field names to columns where they differ. */
export function checkSqlOf(parser: PythonParser, check: string, columns: Readonly<Record<string, string>>): string | { reason: string } {
  const tree = parser.parse(check.trim());
  try {
    const expression = tree.rootNode.namedChildren.length === 1 ? tree.rootNode.namedChild(0)?.namedChild(0) : undefined;
    if (expression?.type !== 'call' || !/^(models\.)?Q$/.test(expression.childForFieldName('function')?.text ?? '')) {
      return { reason: 'only a single Q(…) of lookups is read' };
    }
    const parts: string[] = [];
    for (const argument of expression.childForFieldName('arguments')?.namedChildren ?? []) {
      const { lookup, value } = lookupOf(argument);
      // `_connector="OR"`, `_negated=True`: Q's options, not lookups.
      if (!lookup || !value || lookup.startsWith('_')) return { reason: `\`${argument.text}\` is no lookup on a literal` };
      const part = conditionOf(lookup, value, columns);
      if (typeof part !== 'string') return part;
      parts.push(part);
    }
    if (parts.length === 0) return { reason: 'the check has no lookup' };
    return parts.join(' AND ');
  } finally {
    tree.delete();
  }
}

/**
 * A lookup as a keyword (`total__gte=0`) or, as makemigrations writes a Q of several lookups, a
 * `("total__gte", 0)` pair.
 */
function lookupOf(argument: Node): { lookup?: string; value?: Node } {
  if (argument.type === 'keyword_argument') return { lookup: argument.childForFieldName('name')?.text, value: argument.childForFieldName('value') ?? undefined };
  const [name, value, ...rest] = argument.type === 'tuple' ? argument.namedChildren : [];
  const match = name?.type === 'string' && rest.length === 0 ? /^(['"])(\w+)\1$/.exec(name.text) : null;
  return match ? { lookup: match[2], value } : {};
}

function conditionOf(lookup: string, value: Node, columns: Readonly<Record<string, string>>): string | { reason: string } {
  const [field, operator = 'exact', ...rest] = lookup.split('__');
  if (rest.length > 0) return { reason: `\`${lookup}\` follows a relation or a transform` };
  const column = quoted(columns[field] ?? field);
  if (operator === 'isnull') {
    if (value.type !== 'true' && value.type !== 'false') return { reason: `\`${lookup}\` needs True or False` };
    return `${column} IS ${value.type === 'true' ? '' : 'NOT '}NULL`;
  }
  if (operator === 'in') {
    if (value.type !== 'list' && value.type !== 'tuple') return { reason: `\`${lookup}\` needs a list of literals` };
    const items = value.namedChildren.map(literalSql);
    if (items.some((item) => item === undefined)) return { reason: `\`${lookup}\` needs a list of literals` };
    return `${column} IN (${items.join(', ')})`;
  }
  const sqlOperator = OPERATORS[operator];
  if (!sqlOperator) return { reason: `the lookup \`${operator}\` is not read` };
  if (value.type === 'none' && operator === 'exact') return `${column} IS NULL`;
  const literal = literalSql(value);
  return literal === undefined ? { reason: `\`${value.text}\` is no literal` } : `${column} ${sqlOperator} ${literal}`;
}

function literalSql(node: Node): string | undefined {
  switch (node.type) {
    case 'integer':
    case 'float':
      return /^-?[\d.]+$/.test(node.text) ? node.text : undefined;
    case 'unary_operator':
      return /^-\s*[\d.]+$/.test(node.text) ? node.text.replace(/\s+/g, '') : undefined;
    case 'true':
      return 'true';
    case 'false':
      return 'false';
    case 'string': {
      const match = /^(['"])([^'"\\]*)\1$/.exec(node.text);
      return match ? `'${match[2].replace(/'/g, "''")}'` : undefined;
    }
    default:
      return undefined;
  }
}
