/**
 * "Silence `<rule>` here": the quick fix that writes the directive the analysis honours (see
 * core/python/directives.ts). For a statement, `# untangle: ignore <rule>` on the line before it
 * (before its decorators), or before the class around it for a class repeating members; for a
 * long file, `# untangle: ignore-file long-file` at its end, where it cannot displace a shebang or
 * an encoding declaration. In a template or static file, whose clones jscpd finds, jscpd's own
 * markers around the block: `{# jscpd:ignore-start #}` … `{# jscpd:ignore-end #}` (in block
 * comments in JavaScript and CSS).
 */
import * as path from 'path';
import { refuse, type RefactorResult, type WorkspaceSnapshot } from './domainEdit';
import { WEB_LANGUAGES, webLanguageOf, type WebLanguage } from '../core/webClones/webLanguages';

export interface SilenceRequest {
  readonly file: string;
  readonly rule: string;
  /** Zero-based line the finding starts on. */
  readonly line: number;
  /** Zero-based line it ends on. */
  readonly endLine: number;
  /** Silence the whole file (rules about the file, like long-file). */
  readonly wholeFile: boolean;
  /** Silence the top-level class around the line (a class repeating members: all of them). */
  readonly wholeClass?: boolean;
}

export function silenceFinding(snapshot: WorkspaceSnapshot, request: SilenceRequest): { title: string; result: RefactorResult } {
  const text = snapshot.read(request.file);
  const title = request.wholeFile ? `Silence \`${request.rule}\` for ${path.basename(request.file)}` : `Silence \`${request.rule}\` here`;
  if (text === undefined) return { title, result: refuse(`${path.basename(request.file)} cannot be read`) };
  const lines = text.split('\n');
  const web = webLanguageOf(request.file);
  if (web) return { title, result: jscpdMarkers(request, lines, web) };
  if (request.wholeFile) {
    const last = lines.length - 1;
    const at = { line: last, character: lines[last].length };
    const newText = `${lines[last] === '' ? '' : '\n'}# untangle: ignore-file ${request.rule}\n`;
    return { title, result: { safe: true, edit: { createFiles: [], edits: new Map([[request.file, [{ range: { start: at, end: at }, newText }]]]) }, summary: `adds # untangle: ignore-file ${request.rule}` } };
  }
  let line = request.line;
  if (request.wholeClass) while (line > 0 && !/^class\s/.test(lines[line])) line--;
  const indent = /^\s*/.exec(lines[line] ?? '')![0];
  while (line > 0 && lines[line - 1].startsWith(`${indent}@`)) line--;
  const at = { line, character: 0 };
  const newText = `${indent}# untangle: ignore ${request.rule}\n`;
  return { title, result: { safe: true, edit: { createFiles: [], edits: new Map([[request.file, [{ range: { start: at, end: at }, newText }]]]) }, summary: `adds # untangle: ignore ${request.rule}` } };
}

/** jscpd leaves out every line from the one holding `jscpd:ignore-start` to the one holding `jscpd:ignore-end`. */
function jscpdMarkers(request: SilenceRequest, lines: readonly string[], language: WebLanguage): RefactorResult {
  const [open, close] = WEB_LANGUAGES[language].comment;
  const indent = /^\s*/.exec(lines[request.line] ?? '')![0];
  const marker = (which: string) => `${indent}${open} jscpd:ignore-${which} ${close}`;
  const start = { line: request.line, character: 0 };
  const afterLast = request.endLine + 1 < lines.length ? { line: request.endLine + 1, character: 0 } : undefined;
  const end = afterLast ?? { line: request.endLine, character: lines[request.endLine]?.length ?? 0 };
  const edits = [
    { range: { start, end: start }, newText: `${marker('start')}\n` },
    { range: { start: end, end }, newText: afterLast ? `${marker('end')}\n` : `\n${marker('end')}` },
  ];
  return { safe: true, edit: { createFiles: [], edits: new Map([[request.file, edits]]) }, summary: `wraps the block in jscpd:ignore-start / jscpd:ignore-end comments` };
}
