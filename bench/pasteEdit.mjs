// @ts-check
/**
 * The edit the latency scenario repeats: paste, at the end of the file, a copy of one of its own
 * functions (a new duplicate-block finding on the copy and on the original), then remove it
 * again (the finding goes). Every edit therefore changes the file's diagnostics, which the
 * server would publish for any change anyway (an edited file always counts as changed in
 * WorkspaceIndex.update), but this way the bench can also check each publish shows the edit.
 * A file without a suitable function (a data module such as pydoc_data/topics.py) gets a pair
 * of functions that differ only in their names instead.
 */

/**
 * @typedef {object} PasteEdit
 * @property {string} description what is pasted, for the report
 * @property {number} firstPastedLine 0-based line of the pasted code in the edited text
 * @property {{ range: LspRange, text: string }} insert incremental change: paste at the end
 * @property {{ range: LspRange, text: string }} remove incremental change: remove the paste
 */

/** @typedef {{ start: { line: number, character: number }, end: { line: number, character: number } }} LspRange */

/** Functions of 8 to 40 lines are what one copies and pastes. */
const MIN_FUNCTION_LINES = 8;
const MAX_FUNCTION_LINES = 40;

const SYNTHETIC = `def _bench_pasted_first(items, limit, weights):
    total = 0
    seen = []
    for index, item in enumerate(items):
        if index >= limit or item.name in seen:
            continue
        seen.append(item.name)
        total += weights.get(item.kind, 1) * item.count
    return {"total": total, "seen": len(seen), "limit": limit}


def _bench_pasted_second(rows, cap, factors):
    total = 0
    seen = []
    for index, item in enumerate(rows):
        if index >= cap or item.name in seen:
            continue
        seen.append(item.name)
        total += factors.get(item.kind, 1) * item.count
    return {"total": total, "seen": len(seen), "limit": cap}
`;

/**
 * The paste/remove pair for a document whose text is `text`.
 * @param {string} text
 * @returns {PasteEdit}
 */
export function designPasteEdit(text) {
  const lines = text.split('\n');
  const copied = longestFunction(lines);
  const snippet = copied ? copied.text : SYNTHETIC;
  const description = copied
    ? `paste/remove a copy of ${copied.name}() (lines ${copied.start + 1}–${copied.end + 1}, ${copied.end - copied.start + 1} lines) at the end`
    : 'paste/remove two functions that differ only in names (the file has no function to copy) at the end';
  const prefix = text.endsWith('\n') ? '\n\n' : '\n\n\n';
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const pasted = `${prefix}${snippet}`;
  const pastedLines = pasted.split('\n');
  const newEnd = { line: end.line + pastedLines.length - 1, character: pastedLines[pastedLines.length - 1].length };
  return {
    description,
    firstPastedLine: end.line + prefix.length,
    insert: { range: { start: end, end }, text: pasted },
    remove: { range: { start: end, end: newEnd }, text: '' },
  };
}

/**
 * The longest function (or method, dedented) of MIN..MAX lines whose extent indentation alone
 * tells reliably: a one-line `def …:` header and balanced triple quotes.
 * @param {readonly string[]} lines
 * @returns {{ name: string, start: number, end: number, text: string } | undefined}
 */
function longestFunction(lines) {
  /** @type {{ name: string, start: number, end: number, text: string } | undefined} */
  let best;
  for (let start = 0; start < lines.length; start++) {
    const header = /^(\s*)(?:async\s+)?def\s+(\w+)\s*\(.*\).*:\s*(#.*)?$/.exec(lines[start]);
    if (!header) continue;
    const indent = header[1];
    let end = start;
    for (let i = start + 1; i < lines.length; i++) {
      if (lines[i].trim() === '') continue;
      if (leadingWhitespace(lines[i]) <= indent.length) break;
      end = i;
    }
    const size = end - start + 1;
    if (size < MIN_FUNCTION_LINES || size > MAX_FUNCTION_LINES || (best && best.end - best.start + 1 >= size)) continue;
    const body = lines.slice(start, end + 1);
    const text = `${body.map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart())).join('\n')}\n`;
    if (count(text, '"""') % 2 !== 0 || count(text, "'''") % 2 !== 0) continue;
    best = { name: header[2], start, end, text };
  }
  return best;
}

/** @param {string} line */
function leadingWhitespace(line) {
  return line.length - line.trimStart().length;
}

/**
 * @param {string} text
 * @param {string} needle
 */
function count(text, needle) {
  return text.split(needle).length - 1;
}
