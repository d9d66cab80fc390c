/**
 * Checks that parsed JSON has the shape a type says, answering only yes or no. The cache checks
 * every outline it reads before anything uses them (Django's hold 260,000 values): zod takes 60
 * to 120 ms for that in a fresh process, most of a warm run's budget, since it builds issues and
 * copies; these checks take a few. A no is all a cache needs: the whole file is then rebuilt.
 * Each check is a type guard, so a check assigned to `Check<T>` that misses a field of T fails to
 * compile.
 */

export type Check<T> = (value: unknown) => value is T;

export const isString: Check<string> = (value): value is string => typeof value === 'string';
export const isBoolean: Check<boolean> = (value): value is boolean => typeof value === 'boolean';
/** An integer of 0 or more. */
export const isCount: Check<number> = (value): value is number => Number.isInteger(value) && (value as number) >= 0;
export const isInteger: Check<number> = (value): value is number => Number.isInteger(value);

export function oneOf<const E extends string>(...values: E[]): Check<E> {
  const allowed = new Set<unknown>(values);
  return (value): value is E => allowed.has(value);
}

export function arrayOf<T>(item: Check<T>): Check<T[]> {
  return (value): value is T[] => {
    if (!Array.isArray(value)) return false;
    for (const element of value) if (!item(element)) return false;
    return true;
  };
}

export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (value): value is T | undefined => value === undefined || check(value);
}

/** An object with (at least) these fields; fields it does not name are let through. */
export function object<F extends Record<string, Check<unknown>>>(fields: F): Check<{ [K in keyof F]: F[K] extends Check<infer T> ? T : never }> {
  const checks = Object.entries(fields);
  return (value): value is { [K in keyof F]: F[K] extends Check<infer T> ? T : never } => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    for (const [field, check] of checks) if (!check((value as Record<string, unknown>)[field])) return false;
    return true;
  };
}

/** Parses JSON written with every non-ASCII character escaped (cacheFormat.ts), undefined if it is not JSON: latin1 is a plain copy. */
export function parseLatin1Json(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('latin1'));
  } catch {
    return undefined;
  }
}

/**
 * JSON with every non-ASCII character escaped (`\u00e9`), so that it reads back as latin1, a
 * plain copy (parseLatin1Json): decoding Django's 21 MB of cache JSON as UTF-8 cost four times
 * that, and its few thousand non-ASCII characters made the whole text a two-byte string.
 */
function asciiJsonText(value: unknown): string {
  const json = JSON.stringify(value);
  // Most values are ASCII already: counting their UTF-8 bytes is much cheaper than a scan by regular expression.
  return Buffer.byteLength(json, 'utf8') === json.length ? json : json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** asciiJsonText as bytes. */
export function asciiJson(value: unknown): Buffer {
  return Buffer.from(asciiJsonText(value), 'latin1');
}
