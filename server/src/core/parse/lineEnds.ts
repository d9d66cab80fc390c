/**
 * Line ends as the analysis counts them. Python and editors end a line at `\n`, `\r\n` or a lone
 * `\r` (old Mac files); tree-sitter and every `split('\n')` only at `\n`. A lone `\r` becomes `\n`
 * where text enters, which keeps every offset and column (one character for one), so positions
 * stay valid in the editor's own text.
 */
export function normalizeLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}
