/**
 * Reads a template or static file (or takes the editor's text for it) and tokenizes it for the
 * duplicate-block rule: in a worker thread on a first scan, on the main thread for an edit.
 */
import type { Settings } from '../core/config/settings';
import { WEB_MAX_FILE_BYTES, type WebLanguage } from '../core/webClones/webLanguages';
import { tokenizeWebSource, type WebSource } from '../core/webClones/webTokens';
import { readEditorText, readUtf8Source, type BytesReader } from '../fs/sourceReader';
import { describeError, overLimit } from '../fs/regularFile';
import { contentHash } from './cache/cacheKeys';

/** `hash`: of the text tokenized, the analysis cache's key; `cached`: the tokens came from it. */
export type WebRead = { readonly kind: 'web'; readonly source: WebSource; readonly hash: string; readonly cached?: true } | { readonly kind: 'skipped'; readonly reason: string };

/**
 * `text`: the editor's unsaved text, which wins over the file on disk; `cachedFor`: the tokens
 * the analysis cache holds for a text hash, taken instead of tokenizing.
 */
export async function readWebFile(
  file: string,
  language: WebLanguage,
  settings: Settings,
  text?: string,
  reader?: BytesReader,
  cachedFor?: (hash: string) => WebSource | undefined,
): Promise<WebRead> {
  const maxBytes = settings.maxFileSizeKb * 1024;
  const read = text !== undefined ? readEditorText(text, maxBytes) : await readUtf8Source(file, maxBytes, reader);
  if (read.kind === 'skipped') return read;
  const size = Buffer.byteLength(read.text, 'utf8');
  if (size > WEB_MAX_FILE_BYTES) return { kind: 'skipped', reason: overLimit(size, WEB_MAX_FILE_BYTES, "jscpd's maxSize, for templates and static files") };
  const hash = contentHash(read.text);
  const cached = cachedFor?.(hash);
  if (cached) return { kind: 'web', source: cached, hash, cached: true };
  try {
    return { kind: 'web', source: tokenizeWebSource(read.text, language, settings.duplicateBlock.minTokens), hash };
  } catch (error) {
    return { kind: 'skipped', reason: `jscpd's tokenizer failed: ${describeError(error)}` };
  }
}
