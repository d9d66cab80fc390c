/**
 * Reads a Python file from disk into text, or says clearly why it was skipped: not a regular
 * file, too large, binary (NUL bytes), not decodable, unreadable. Honours a PEP 263 coding line
 * (`# -*- coding: latin-1 -*-`) since Python itself does. Templates and static files are read
 * the same way as UTF-8, which Django assumes (`FILE_CHARSET`) and browsers default to.
 */
import { TextDecoder } from 'util';
import { CODING_LINE } from '../core/python/moduleHead';
import { overLimit, readRegularFile, readRegularFileSync, type BytesRead } from './regularFile';
import { normalizeLineEnds } from '../core/parse/lineEnds';

export type SourceRead =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'skipped'; readonly reason: string };

/** Reads a file's bytes: a regular file up to a size cap, else why not; tests substitute others. */
export type BytesReader = (file: string, maxBytes: number) => Promise<BytesRead>;

/**
 * Blocking reads, for worker threads: they have nothing else to do meanwhile, and skipping the
 * libuv thread pool's round trips makes reading a third faster there.
 */
export const blockingReader: BytesReader = async (file, maxBytes) => readRegularFileSync(file, maxBytes);

/** Reads `file` as Python source if it is a regular text file of at most `maxBytes`. */
export async function readPythonSource(file: string, maxBytes: number, reader: BytesReader = readRegularFile): Promise<SourceRead> {
  const read = await reader(file, maxBytes);
  return read.kind === 'bytes' ? decodePythonSource(read.bytes) : read;
}

/** readPythonSource, blocking: for a module read again while findings are computed. */
export function readPythonSourceSync(file: string, maxBytes: number): SourceRead {
  const read = readRegularFileSync(file, maxBytes);
  return read.kind === 'bytes' ? decodePythonSource(read.bytes) : read;
}

/** Reads a template or static file as UTF-8 text if it is a regular text file of at most `maxBytes`. */
export async function readUtf8Source(file: string, maxBytes: number, reader: BytesReader = readRegularFile): Promise<SourceRead> {
  const read = await reader(file, maxBytes);
  return read.kind === 'bytes' ? decodeText(read.bytes, 'utf-8') : read;
}

/** An editor's unsaved text as a read source: the size limit applies to it as to the file on disk. */
export function readEditorText(text: string, maxBytes: number): SourceRead {
  const size = Buffer.byteLength(text, 'utf8');
  return size > maxBytes ? skipped(overLimit(size, maxBytes)) : { kind: 'text', text: normalizeLineEnds(text) };
}

/** Decodes bytes as Python would: UTF-8 unless a coding line says otherwise; NUL means binary. */
export function decodePythonSource(bytes: Uint8Array): SourceRead {
  return decodeText(bytes, declaredEncoding(bytes) ?? 'utf-8');
}

/**
 * Decoders by encoding, reused (a decode that does not stream starts afresh): making one per file
 * cost tens of milliseconds over Django's files.
 */
const decoders = new Map<string, TextDecoder>();
const LATIN1 = new TextDecoder('latin1');

function decodeText(bytes: Uint8Array, encoding: string): SourceRead {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return skipped(`binary file (NUL byte at offset ${nul})`);
  let decoder = decoders.get(encoding);
  try {
    decoder ??= new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  } catch {
    return skipped(`unknown encoding "${encoding}" in its coding declaration`);
  }
  try {
    const text = decoder.decode(bytes);
    decoders.set(encoding, decoder);
    return { kind: 'text', text: normalizeLineEnds(text) };
  } catch {
    // One that failed is not reused: its state after the error is the implementation's.
    decoders.delete(encoding);
    return skipped(`not valid ${encoding}${encoding === 'utf-8' ? ` (first bad byte at offset ${firstInvalidUtf8(bytes)})` : ''}`);
  }
}

/**
 * A file's text as Python reads it (a PEP 263 coding line honoured) and that encoding, read
 * blocking, for refactorings that read files on demand; undefined when it cannot be read as text.
 */
export function readPythonTextSync(file: string, maxBytes: number): { text: string; encoding: string } | undefined {
  const bytes = readRegularFileSync(file, maxBytes);
  if (bytes.kind !== 'bytes') return undefined;
  const read = decodePythonSource(bytes.bytes);
  return read.kind === 'text' ? { text: read.text, encoding: declaredEncoding(bytes.bytes) ?? 'utf-8' } : undefined;
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
  const head = LATIN1.decode(bytes.subarray(0, 512)).split(/\r?\n/, 2);
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
