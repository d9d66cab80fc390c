/**
 * Reads a Python file from disk into text, or says clearly why it was skipped: too large, binary
 * (NUL bytes), not decodable, unreadable. Honours a PEP 263 coding line (`# -*- coding: latin-1 -*-`)
 * since Python itself does.
 */
import * as fs from 'fs';
import { TextDecoder } from 'util';
import { CODING_LINE } from '../core/python/moduleHead';
import { normalizeLineEnds } from '../core/parse/lineEnds';

export type SourceRead =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'skipped'; readonly reason: string };

/** The file system calls the reader needs; tests substitute failing ones. */
export interface ReadFileSystem {
  stat(path: string): Promise<{ size: number; isFile(): boolean }>;
  readFile(path: string): Promise<Uint8Array>;
}

const nodeFileSystem: ReadFileSystem = {
  stat: (file) => fs.promises.stat(file),
  readFile: (file) => fs.promises.readFile(file),
};

/**
 * Blocking reads, for worker threads: they have nothing else to do meanwhile, and skipping the
 * libuv thread pool's round trips makes reading a third faster there.
 */
export const blockingFileSystem: ReadFileSystem = {
  stat: async (file) => fs.statSync(file),
  readFile: async (file) => fs.readFileSync(file),
};

/** Reads `file` as Python source if it is a text file of at most `maxBytes`. */
export async function readPythonSource(file: string, maxBytes: number, fileSystem = nodeFileSystem): Promise<SourceRead> {
  let bytes: Uint8Array;
  try {
    const stat = await fileSystem.stat(file);
    if (!stat.isFile()) return skipped('not a regular file');
    if (stat.size > maxBytes) return skipped(overLimit(stat.size, maxBytes));
    bytes = await fileSystem.readFile(file);
  } catch (error) {
    return skipped(`unreadable: ${describeError(error)}`);
  }
  if (bytes.length > maxBytes) return skipped(overLimit(bytes.length, maxBytes));
  return decodePythonSource(bytes);
}

/** An editor's unsaved text as a read source: the size limit applies to it as to the file on disk. */
export function readEditorText(text: string, maxBytes: number): SourceRead {
  const size = Buffer.byteLength(text, 'utf8');
  return size > maxBytes ? skipped(overLimit(size, maxBytes)) : { kind: 'text', text: normalizeLineEnds(text) };
}

function overLimit(size: number, maxBytes: number): string {
  return `${formatSize(size)} is over the ${formatSize(maxBytes)} limit (setting maxFileSizeKb)`;
}

/** Decodes bytes as Python would: UTF-8 unless a coding line says otherwise; NUL means binary. */
export function decodePythonSource(bytes: Uint8Array): SourceRead {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return skipped(`binary file (NUL byte at offset ${nul})`);
  const encoding = declaredEncoding(bytes) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  } catch {
    return skipped(`unknown encoding "${encoding}" in its coding declaration`);
  }
  try {
    return { kind: 'text', text: normalizeLineEnds(decoder.decode(bytes)) };
  } catch {
    return skipped(`not valid ${encoding}${encoding === 'utf-8' ? ` (first bad byte at offset ${firstInvalidUtf8(bytes)})` : ''}`);
  }
}

/**
 * A file's text as Python reads it (a PEP 263 coding line honoured) and that encoding, read
 * blocking, for refactorings that read files on demand; undefined when it cannot be read as text.
 */
export function readPythonTextSync(file: string): { text: string; encoding: string } | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const read = decodePythonSource(bytes);
  return read.kind === 'text' ? { text: read.text, encoding: declaredEncoding(bytes) ?? 'utf-8' } : undefined;
}

/** Python codec names that the WHATWG encoding labels spell differently. */
const PYTHON_CODEC_LABELS: Record<string, string> = {
  'latin-1': 'latin1',
  'utf-8-sig': 'utf-8',
  utf8: 'utf-8',
  'iso8859-1': 'iso-8859-1',
  'iso8859-15': 'iso-8859-15',
};

/** PEP 263: a coding declaration on the first or second line, as a WHATWG encoding label. */
export function declaredEncoding(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512)).split(/\r?\n/, 2);
  for (const line of head) {
    const match = CODING_LINE.exec(line);
    if (match) {
      const name = match[1].toLowerCase().replace(/_/g, '-');
      return PYTHON_CODEC_LABELS[name] ?? name;
    }
  }
  return undefined;
}

/** Where the first byte that cannot start or continue a UTF-8 sequence is. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    const continuation = lead < 0x80 ? 0 : lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
    if (continuation < 0) return i;
    for (let k = 1; k <= continuation; k++) {
      if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    }
    i += continuation + 1;
  }
  return bytes.length;
}

function skipped(reason: string): SourceRead {
  return { kind: 'skipped', reason };
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${code} (${message.replace(/^\w+: /, '')})` : message;
}
